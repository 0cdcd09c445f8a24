import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as z from 'zod/mini';
import '../../shared/contracts/zod-locale.ts';

/**
 * The deployment environments, typed and validated. `cdk synth -c env=prod` picks one; a few
 * values may be overridden from the CLI context (see `resolveEnvironment`). Edit the values below
 * for your province before the first production deployment (OPERATIONS.md, "Before the first
 * deployment").
 */
export const ENVIRONMENT_NAMES = ['dev', 'staging', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/** API Gateway throttling of one route: steady requests per second and burst. */
const Throttle = z.object({ rate: z.number().check(z.positive()), burst: z.int().check(z.positive()) });
export type Throttle = z.infer<typeof Throttle>;

const RETENTION_DAYS = new Set<number>(Object.values(RetentionDays).filter((v) => typeof v === 'number'));

const Schema = z
  .object({
    name: z.enum(ENVIRONMENT_NAMES),
    /**
     * Serves the public: https only, out of the SES sandbox, data retained, and no placeholder
     * anywhere — synthesis fails on the placeholder certificate, a missing account, and a department
     * whose mailbox or agency code is not confirmed in data/departments.json (placeholders.ts).
     * Every rule follows this flag, never the environment's name: a new environment is config only.
     */
    production: z.boolean(),
    /** AWS account (12 digits); default: the CLI's (CDK_DEFAULT_ACCOUNT). Required in production. */
    account: z.optional(z.string().check(z.regex(/^\d{12}$/))),
    /** AWS region. ap-southeast-1 (Singapore) is the closest region to Vietnam with every service used. */
    region: z.string().check(z.minLength(1)),
    /** Custom domain of the web app on CloudFront, with an ACM certificate in us-east-1 (CloudFront's rule). */
    domain: z.optional(
      z.object({
        name: z.string().check(z.regex(/^[a-z0-9.-]+\.[a-z]{2,}$/)),
        certificateArn: z.string().check(z.startsWith('arn:aws:acm:us-east-1:')),
      }),
    ),
    /** The one origin allowed by CORS on the API and on the documents bucket (presigned POST). */
    webOrigin: z.string().check(z.minLength(1)),
    /** Base URL of the web app for the links in emails (PUBLIC_WEB_URL). */
    webUrl: z.url(),
    /**
     * Prefix of the Cognito hosted-UI domain where staff sign in (`https://<prefix>.auth.<region>.amazoncognito.com`).
     * Unique per region across all AWS accounts; Cognito refuses prefixes containing aws, amazon or cognito.
     */
    cognitoDomainPrefix: z.string().check(
      z.regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lower-case letters, digits and inner hyphens, 1–63'),
      z.refine((p) => !/aws|amazon|cognito/.test(p), 'Cognito reserves aws, amazon and cognito'),
    ),
    /** Sender of every email (MAIL_FROM); its domain becomes the SES identity. */
    mailFrom: z.email(),
    /**
     * The SES account is still in the sandbox (it sends only to verified addresses, and IAM checks
     * ses:SendEmail against each recipient identity): functions may then send from any identity of
     * the account. Leave the sandbox before production (OPERATIONS.md).
     */
    sesSandbox: z.boolean(),
    /** Operators' mailbox: every alarm is sent there (confirm the SNS subscription email once). */
    alarmEmail: z.email(),
    /** Production data: deletion protection on, data stores and logs retained when a stack is deleted. */
    retainData: z.boolean(),
    retention: z.object({
      /** CloudWatch log groups (functions, API access logs, state machine). */
      logDays: z
        .number()
        .check(z.refine((d) => RETENTION_DAYS.has(d), 'not a CloudWatch Logs retention value')),
      /** Documents move to S3 Standard-IA after this many days. */
      documentsInfrequentAccessAfterDays: z.int().check(z.gte(30)),
      /** …and to Glacier Instant Retrieval after this many days. */
      documentsArchiveAfterDays: z.int().check(z.gte(90)),
      /** Delete current documents after this many days; unset = keep (archival law decides). */
      documentsExpireAfterDays: z.optional(z.int().check(z.positive())),
      /** Overwritten or deleted document versions are kept this long (undo window). */
      noncurrentVersionsExpireAfterDays: z.int().check(z.positive()),
      /** S3 server access logs and CloudFront logs. */
      accessLogsExpireAfterDays: z.int().check(z.positive()),
    }),
    /**
     * AWS Backup of both tables and the documents bucket (a vault with a compliance lock): daily
     * recovery points kept `dailyDays`, monthly ones kept `monthlyDays` (cold storage after 90 days).
     * Unset: none (PITR and versioning only). OPERATIONS.md, "Backups and restore".
     */
    backup: z.optional(
      z.object({
        dailyDays: z.int().check(z.gte(7)),
        monthlyDays: z.int().check(z.gte(365)),
        /** Lock: nobody, root included, deletes a recovery point younger than this. */
        lockMinDays: z.int().check(z.gte(1)),
        /**
         * A second region: every recovery point is also copied to a locked vault there (same
         * retention), made by its own stack. Unset: one region. OPERATIONS.md, "Backups and restore".
         */
        copyRegion: z.optional(z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/))),
      }),
    ),
    /** API Gateway throttling per route class (account-wide per route, not per client). */
    throttling: z.object({
      default: Throttle,
      publicRead: Throttle,
      publicWrite: Throttle,
      /** Look-up and citizen actions guarded by the dossier code + secret: low, against guessing. */
      citizenSecret: Throttle,
      staff: Throttle,
    }),
    /**
     * Failed look-up secrets allowed per source address and window before 429 (per client, unlike
     * the throttling above). Raise it for a centre whose counters share one NAT address.
     */
    lookupRateLimit: z.object({
      maxFailures: z.int().check(z.gte(1)),
      windowSeconds: z.int().check(z.gte(60)),
    }),
    /**
     * The source addresses (CIDR ranges) of the ticket kiosks in the centre's hall: they issue
     * tickets for every visitor, so they have the kiosk's daily limit and the WAF's burst rule
     * leaves them out (shared/contracts/queue-limits.ts). Empty: every caller is one client.
     */
    queueKioskSources: z.optional(z.array(z.string().check(z.regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/)))),
    /**
     * Source addresses (CIDR ranges) the per-client rate limits at the edge never count: the centre's
     * own network behind one NAT address, an integrating agency's servers
     * (shared/contracts/rate-limits.ts). Empty: every caller is counted.
     */
    edgeExemptSources: z.optional(z.array(z.string().check(z.regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/)))),
    /**
     * The origin secret's generation (CloudFront → API, shared/http/edge.ts). CloudFormation reads a
     * secret only when the resource using it changes: after putting a new value in the secret, add
     * one here and deploy (OPERATIONS.md, "Rotating keys and credentials"). Unset: 1.
     */
    originSecretGeneration: z.optional(z.int().check(z.gte(1))),
    /**
     * false: the API's functions do not check the origin secret (CloudFront still sends it). Only
     * for the one deployment that puts an existing environment's API behind CloudFront, while the
     * web app already loaded still calls the API's own URL (OPERATIONS.md, "Upgrading"). Unset: on.
     */
    originCheck: z.optional(z.boolean()),
  })
  .check(
    z.superRefine((c, ctx) => {
      if (c.production) {
        if (!c.account) {
          ctx.addIssue({
            code: 'custom',
            path: ['account'],
            message: 'production needs its AWS account (12 digits) in the config or -c account=…',
          });
        }
        if (c.domain && isPlaceholderCertificate(c.domain.certificateArn)) {
          ctx.addIssue({
            code: 'custom',
            path: ['domain', 'certificateArn'],
            message:
              'the placeholder certificate: request one for the domain in ACM us-east-1 and set its ARN ' +
              '(or -c certificateArn=…)',
          });
        }
        if (!/^https:\/\/[^*\s/]+$/.test(c.webOrigin)) {
          ctx.addIssue({
            code: 'custom',
            path: ['webOrigin'],
            message: 'production needs one https origin, no "*"',
          });
        }
        if (!c.webUrl.startsWith('https://')) {
          ctx.addIssue({ code: 'custom', path: ['webUrl'], message: 'production links must be https' });
        }
        if (c.sesSandbox) {
          ctx.addIssue({
            code: 'custom',
            path: ['sesSandbox'],
            message: 'production sends to citizens: leave the SES sandbox',
          });
        }
        if (!c.backup) {
          ctx.addIssue({ code: 'custom', path: ['backup'], message: 'production needs its AWS Backup plan' });
        }
        if (c.backup?.copyRegion === c.region) {
          ctx.addIssue({
            code: 'custom',
            path: ['backup', 'copyRegion'],
            message: 'the copy goes to another region than the data',
          });
        }
        if (!c.retainData) {
          ctx.addIssue({ code: 'custom', path: ['retainData'], message: 'production must retain its data' });
        }
      } else if (c.webOrigin !== '*' && !URL.canParse(c.webOrigin)) {
        ctx.addIssue({ code: 'custom', path: ['webOrigin'], message: 'an origin URL or "*"' });
      }
      const r = c.retention;
      if (r.documentsArchiveAfterDays < r.documentsInfrequentAccessAfterDays + 30) {
        ctx.addIssue({
          code: 'custom',
          path: ['retention', 'documentsArchiveAfterDays'],
          message: 'S3 needs 30 days in Standard-IA before the next transition',
        });
      }
      if (
        r.documentsExpireAfterDays !== undefined &&
        r.documentsExpireAfterDays <= r.documentsArchiveAfterDays
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['retention', 'documentsExpireAfterDays'],
          message: 'must be after the archive transition',
        });
      }
    }),
  );

export type EnvironmentConfig = z.infer<typeof Schema>;

/**
 * The certificate ARN shipped as an example (account 111111111111, an all-zero id), or any ARN
 * with an all-zero certificate id.
 */
export function isPlaceholderCertificate(arn: string): boolean {
  return /:111111111111:/.test(arn) || /certificate\/0{8}-0{4}-0{4}-0{4}-0{12}$/.test(arn);
}

const THROTTLING: EnvironmentConfig['throttling'] = {
  default: { rate: 50, burst: 100 },
  publicRead: { rate: 50, burst: 100 },
  publicWrite: { rate: 10, burst: 20 },
  citizenSecret: { rate: 5, burst: 10 },
  staff: { rate: 20, burst: 40 },
};

const LOOKUP_RATE_LIMIT: EnvironmentConfig['lookupRateLimit'] = { maxFailures: 10, windowSeconds: 900 };

/** The values as checked in. Placeholders (domain, certificate, mailboxes) are for operators to set. */
export const ENVIRONMENTS: Record<EnvironmentName, EnvironmentConfig> = {
  dev: {
    name: 'dev',
    production: false,
    region: 'ap-southeast-1',
    // The CloudFront domain is known after the first deployment: set it here (or -c webOrigin=…).
    webOrigin: '*',
    webUrl: 'http://localhost:3004',
    cognitoDomainPrefix: 'motcua-thainguyen-dev',
    mailFrom: 'mot-cua@thainguyen.gov.vn',
    alarmEmail: 'ops-dev@thainguyen.gov.vn',
    sesSandbox: true,
    retainData: false,
    retention: {
      logDays: RetentionDays.TWO_WEEKS,
      documentsInfrequentAccessAfterDays: 30,
      documentsArchiveAfterDays: 90,
      documentsExpireAfterDays: 365,
      noncurrentVersionsExpireAfterDays: 7,
      accessLogsExpireAfterDays: 30,
    },
    throttling: THROTTLING,
    lookupRateLimit: LOOKUP_RATE_LIMIT,
  },
  // A rehearsal of prod in its own account: the same shape, its own domain, data not retained.
  staging: {
    name: 'staging',
    production: false,
    region: 'ap-southeast-1',
    webOrigin: '*',
    webUrl: 'https://staging.motcua.thainguyen.gov.vn',
    cognitoDomainPrefix: 'motcua-thainguyen-staging',
    mailFrom: 'mot-cua@thainguyen.gov.vn',
    alarmEmail: 'ops-staging@thainguyen.gov.vn',
    sesSandbox: true,
    retainData: false,
    retention: {
      logDays: RetentionDays.ONE_MONTH,
      documentsInfrequentAccessAfterDays: 30,
      documentsArchiveAfterDays: 90,
      documentsExpireAfterDays: 180,
      noncurrentVersionsExpireAfterDays: 7,
      accessLogsExpireAfterDays: 30,
    },
    throttling: THROTTLING,
    lookupRateLimit: LOOKUP_RATE_LIMIT,
  },
  prod: {
    name: 'prod',
    production: true,
    region: 'ap-southeast-1',
    domain: {
      name: 'motcua.thainguyen.gov.vn',
      certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000',
    },
    webOrigin: 'https://motcua.thainguyen.gov.vn',
    webUrl: 'https://motcua.thainguyen.gov.vn',
    cognitoDomainPrefix: 'motcua-thainguyen',
    mailFrom: 'mot-cua@thainguyen.gov.vn',
    alarmEmail: 'ops@thainguyen.gov.vn',
    sesSandbox: false,
    retainData: true,
    retention: {
      logDays: RetentionDays.ONE_YEAR,
      documentsInfrequentAccessAfterDays: 90,
      documentsArchiveAfterDays: 365,
      // No expiry: dossiers are archival records; their retention periods are set by archive law.
      noncurrentVersionsExpireAfterDays: 90,
      accessLogsExpireAfterDays: 365,
    },
    // Daily for 35 days; monthly for 10 years. Set monthlyDays to the retention the province's
    // records schedule gives these dossiers (records kept permanently go to the archive instead).
    backup: { dailyDays: 35, monthlyDays: 3650, lockMinDays: 35 },
    throttling: THROTTLING,
    lookupRateLimit: LOOKUP_RATE_LIMIT,
  },
};

/** Values that may be overridden with `-c key=value` (CI, a second dev account, a test). */
export const CONTEXT_OVERRIDES = [
  'account',
  'certificateArn',
  'region',
  'webOrigin',
  'webUrl',
  'cognitoDomainPrefix',
  'mailFrom',
  'alarmEmail',
] as const;
export type ContextOverrides = Partial<Record<(typeof CONTEXT_OVERRIDES)[number], string>>;

/** The validated configuration of `name`, with context overrides applied. Throws with every problem listed. */
export function resolveEnvironment(name: string, overrides: ContextOverrides = {}): EnvironmentConfig {
  if (!(ENVIRONMENT_NAMES as readonly string[]).includes(name)) {
    throw new Error(`Unknown environment "${name}": expected one of ${ENVIRONMENT_NAMES.join(', ')}`);
  }
  const base = ENVIRONMENTS[name as EnvironmentName];
  const defined = Object.fromEntries(
    Object.entries(overrides).filter(([, v]) => v !== undefined && v !== ''),
  );
  const { certificateArn, ...rest } = defined as Record<string, string>;
  const withDomain =
    certificateArn && base.domain ? { ...base, domain: { ...base.domain, certificateArn } } : base;
  const parsed = Schema.safeParse({ ...withDomain, ...rest });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration for env=${name}: ${issues}`);
  }
  return parsed.data;
}

/**
 * The web origins staff sign in from: the custom domain, the configured web origin (once the
 * CloudFront domain is known, or `-c webOrigin=…`) and the origin of `webUrl` (dev: localhost, which
 * Cognito accepts over http). The hosted UI redirects only to these origins' login page.
 */
export function staffSignInOrigins(c: EnvironmentConfig): string[] {
  const origins = [
    ...(c.domain ? [`https://${c.domain.name}`] : []),
    ...(c.webOrigin !== '*' && URL.canParse(c.webOrigin) ? [new URL(c.webOrigin).origin] : []),
    new URL(c.webUrl).origin,
  ];
  return [...new Set(origins)];
}

/** The staff login page of the web app: the hosted UI's callback and sign-out URL. */
export const STAFF_LOGIN_PATH = '/can-bo/dang-nhap';

/** The base URL of the Cognito hosted UI (managed login) of an environment. */
export const hostedUiBaseUrl = (c: EnvironmentConfig) =>
  `https://${c.cognitoDomainPrefix}.auth.${c.region}.amazoncognito.com`;

/** The domain part of an email address (the SES identity of MAIL_FROM). */
export const mailDomain = (address: string): string => address.slice(address.lastIndexOf('@') + 1);

/** `Motcua-<env>-<part>`: every stack's name. */
export const stackName = (env: EnvironmentName, part: string) => `Motcua-${env}-${part}`;
