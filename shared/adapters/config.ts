import * as z from 'zod/mini';
import { QUEUE_TICKET_LIMITS } from '../contracts/queue-limits.ts';
import '../contracts/zod-locale.ts';

/**
 * The handlers' whole configuration, read from the environment and validated once. In AWS the CDK
 * stack sets these; locally infra/local sets the same variables plus the engines' endpoints. The
 * code path is the same: only values differ (ARCHITECTURE.md invariant 1).
 */
const Bool = z.pipe(
  z.enum(['true', 'false']),
  z.transform((v) => v === 'true'),
);

export const ConfigSchema = z.object({
  AWS_REGION: z.string().check(z.minLength(1)),
  TABLE_NAME: z.string().check(z.minLength(3)),
  IDEMPOTENCY_TABLE_NAME: z.string().check(z.minLength(3)),
  DOCUMENTS_BUCKET: z.string().check(z.minLength(3)),
  /** Override endpoints (the local engines); absent in AWS. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  S3_ENDPOINT: z.optional(z.url()),
  S3_FORCE_PATH_STYLE: z._default(Bool, false),
  SFN_ENDPOINT: z.optional(z.url()),
  SES_ENDPOINT: z.optional(z.url()),
  /** AWS KMS (signing keys of the departments and the centre); locally infra/local/kms.ts. */
  KMS_ENDPOINT: z.optional(z.url()),
  /** The alias prefix of the signing keys: `<prefix><owner id>` (a department's id, the centre's). */
  SIGNING_KEY_ALIAS_PREFIX: z._default(z.string().check(z.startsWith('alias/')), 'alias/motcua-sign-'),
  /** The per-dossier state machine; absent where a function never starts one. */
  STATE_MACHINE_ARN: z.optional(z.string().check(z.startsWith('arn:'))),
  /** Sender of every email (a verified SES identity in AWS). */
  MAIL_FROM: z._default(z.email(), 'mot-cua@thainguyen.gov.vn'),
  /** Base URL of the web app, for links in emails. */
  PUBLIC_WEB_URL: z._default(z.url(), 'http://127.0.0.1:3004'),
  /** Lifetime of a presigned upload form. */
  UPLOAD_URL_TTL_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(60), z.lte(3600)), 900),
  /** How long a finished request's result is kept for replays with the same Idempotency-Key. */
  IDEMPOTENCY_TTL_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(60)), 86_400),
  /**
   * Days after its last change (creation or a new upload slot) an online draft that was never
   * submitted is deleted with its uploads by the ExpireDrafts job (OPERATIONS.md, retention).
   */
  DRAFT_EXPIRY_DAYS: z._default(z.coerce.number().check(z.int(), z.gte(1)), 30),
  /** Seconds a cached copy of the catalogue may be served by one warm function. */
  CATALOGUE_CACHE_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(0)), 60),
  /** Failed citizen look-ups one source may make per window before it is answered 429. */
  LOOKUP_RATE_LIMIT_MAX_FAILURES: z._default(z.coerce.number().check(z.int(), z.gte(1)), 10),
  /** Length of a look-up rate-limit window (default 15 minutes). */
  LOOKUP_RATE_LIMIT_WINDOW_SECONDS: z._default(
    z.coerce.number().check(z.int(), z.gte(1), z.lte(86_400)),
    900,
  ),
  /**
   * HMAC key for the source addresses in rate-limit keys (shared/adapters/rate-limit.ts). In AWS the
   * API stack sets it from a generated Secrets Manager secret (infra/stacks/api-stack.ts); unset,
   * a key derived from the table name is used (local runs and tests).
   */
  LOOKUP_RATE_LIMIT_KEY: z.optional(z.string().check(z.minLength(32))),
  /**
   * The origin secret CloudFront adds to every request it sends to the API (shared/http/edge.ts);
   * unset (the local stack): not checked. `…_PREVIOUS`: the value before a rotation, still accepted.
   */
  ORIGIN_VERIFY_SECRET: z.optional(z.string().check(z.minLength(32))),
  ORIGIN_VERIFY_SECRET_PREVIOUS: z.optional(z.string()),
  /** Queue tickets per client (IPv4 address, IPv6 /64) per day (shared/contracts/queue-limits.ts). */
  QUEUE_TICKETS_PER_CLIENT_PER_DAY: z._default(
    z.coerce.number().check(z.int(), z.gte(1), z.lte(999)),
    QUEUE_TICKET_LIMITS.perClientPerDay,
  ),
  /** Queue tickets per kiosk in the hall per day. */
  QUEUE_TICKETS_PER_KIOSK_PER_DAY: z._default(
    z.coerce.number().check(z.int(), z.gte(1)),
    QUEUE_TICKET_LIMITS.perKioskPerDay,
  ),
  /** The kiosks' source addresses, comma-separated CIDR ranges (`10.20.0.0/24,2001:db8::/64`). */
  QUEUE_KIOSK_SOURCES: z._default(z.string(), ''),
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
