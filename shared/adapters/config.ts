import * as z from 'zod';

/**
 * The handlers' whole configuration, read from the environment and validated once. In AWS the CDK
 * stack sets these; locally infra/local sets the same variables plus the engines' endpoints. The
 * code path is the same: only values differ (ARCHITECTURE.md invariant 1).
 */
const Bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ConfigSchema = z.object({
  AWS_REGION: z.string().min(1),
  TABLE_NAME: z.string().min(3),
  IDEMPOTENCY_TABLE_NAME: z.string().min(3),
  DOCUMENTS_BUCKET: z.string().min(3),
  /** Override endpoints (the local engines); absent in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  S3_ENDPOINT: z.url().optional(),
  S3_FORCE_PATH_STYLE: Bool.default(false),
  SFN_ENDPOINT: z.url().optional(),
  SES_ENDPOINT: z.url().optional(),
  /** The per-dossier state machine; absent where a function never starts one. */
  STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
  /** Sender of every email (a verified SES identity in AWS). */
  MAIL_FROM: z.email().default('mot-cua@thainguyen.gov.vn'),
  /** Base URL of the web app, for links in emails. */
  PUBLIC_WEB_URL: z.url().default('http://127.0.0.1:3004'),
  /** Lifetime of a presigned upload form. */
  UPLOAD_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
  /** How long a finished request's result is kept for replays with the same Idempotency-Key. */
  IDEMPOTENCY_TTL_SECONDS: z.coerce.number().int().min(60).default(86_400),
  /** Seconds a cached copy of the catalogue may be served by one warm function. */
  CATALOGUE_CACHE_SECONDS: z.coerce.number().int().min(0).default(60),
  /** Failed citizen look-ups one source may make per window before it is answered 429. */
  LOOKUP_RATE_LIMIT_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  /** Length of a look-up rate-limit window (default 15 minutes). */
  LOOKUP_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /**
   * HMAC key for the source addresses in rate-limit keys (shared/adapters/rate-limit.ts). In AWS the
   * API stack sets it from a generated Secrets Manager secret (infra/stacks/api-stack.ts); unset,
   * a key derived from the table name is used (local runs and tests).
   */
  LOOKUP_RATE_LIMIT_KEY: z.string().min(32).optional(),
});
export type Config = z.infer<typeof ConfigSchema>;

let cached: Config | undefined;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${fields}`);
  }
  return parsed.data;
}

export function config(): Config {
  cached ??= loadConfig();
  return cached;
}

/** For the local stack and tests that change the environment between runs in one process. */
export function resetConfig(): void {
  cached = undefined;
}
