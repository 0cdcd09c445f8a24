import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { setClock } from '../../shared/adapters/clock.ts';
import { resetConfig } from '../../shared/adapters/config.ts';
import { type MetricLine, setMetricSink } from '../../shared/adapters/metrics.ts';
import { putStaffProfile } from '../../shared/adapters/outbox.ts';
import { JOBS } from '../../shared/contracts/jobs.ts';
import { LOCAL_KIOSK_SOURCES } from '../../shared/contracts/queue-limits.ts';
import { LOCAL_EDGE_EXEMPT_SOURCES } from '../../shared/contracts/rate-limits.ts';
import type { RouteDef } from '../../shared/contracts/route-def.ts';
import { ROUTES, WORKFLOW_FUNCTIONS } from '../../shared/contracts/routes.ts';
import { resumeActiveWorkflows } from '../../shared/services/resume-workflows.ts';
import { buildOpenApi, type OpenApiDocument } from '../api/openapi.ts';
import { seedCalendar, seedCatalogue } from '../seed/seed-catalogue.ts';
import { renderDefinition } from '../workflow/definition.ts';
import {
  gatewayClaims,
  type LocalAuth,
  loadLocalUsers,
  localDoorRefusal,
  localLoginRedirect,
  startLocalAuth,
} from './auth.ts';
import { CallCounter } from './call-counter.ts';
import { LocalClock } from './clock.ts';
import { type DynamoDbEngine, type Engine, startDynamoDb, startS3, startSes } from './engines.ts';
import { type FaultKind, type FaultProxy, startFaultProxy } from './fault-proxy.ts';
import { type Gateway, startGateway } from './gateway.ts';
import { startKms } from './kms.ts';
import { startS3Front } from './s3-front.ts';
import { type StepFunctions, startStepFunctions } from './stepfunctions/server.ts';
import { ensureTables } from './tables.ts';
import { issueLocalCertificates, localSigningOwners } from './test-ca.ts';
import { type HandlerPool, startHandlerPool } from './threads/pool.ts';
import { createVnpaySandbox, SANDBOX_KEYS, type VnpaySandbox } from './vnpay-sandbox.ts';

/**
 * The embedded local AWS stack: DynamoDB, S3 and SES emulators, the API gateway in front of the
 * real handlers, tables and bucket created if missing, catalogue seeded. `npm start` runs one with
 * data on disk; every integration test file runs its own in memory on free ports.
 */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface LocalStackOptions {
  /** Folder for persisted data; undefined keeps DynamoDB in memory and S3 in a temporary folder. */
  dataDir?: string | undefined;
  host?: string;
  ports?: Partial<Record<'api' | 'dynamodb' | 's3' | 'ses' | 'sfn', number>>;
  seed?: boolean;
  /**
   * Virtual time at start (ms since the epoch). Default: real time plus the offset kept in
   * `dataDir` (clock.json) by the last run, or real time. Tests pin it for exact deadlines.
   */
  clockStartMs?: number;
  /** Start the clock frozen: time moves only when advanced (infra/local/clock.ts). */
  clockFrozen?: boolean;
  /** Retry wait in the workflow (ms) instead of the definition's backoff; tests make it short. */
  retryIntervalMs?: number;
  /** Resume the workflows of active dossiers (after a restart); default true. */
  resume?: boolean;
  /** Minutes of clock time between outbox sweeps (default: the job table's SweepOutbox rate). */
  outboxSweepMinutes?: number;
  /** Minutes of clock time between runs of other jobs, by job id (default: the job table's rate). */
  jobMinutes?: Partial<Record<string, number>>;
  /** Base URL of the web app, for links in emails. */
  publicWebUrl?: string;
  /** Test seam: runs before each workflow task invocation and may throw to simulate a failing Lambda. */
  beforeTask?: (payload: unknown) => void;
  onRequest?: Parameters<typeof startGateway>[0]['onRequest'];
  /**
   * Routes the handlers' DynamoDB client through a fault proxy (fault-proxy.ts) that answers a
   * fraction of requests with throttling, 500/503 or a lost reply. Faults start once the stack is
   * up (seeding runs without them); `stack.faults.setRate` changes the rate later.
   */
  faults?: {
    seed: number;
    rate?: number;
    kinds?: readonly FaultKind[];
    lostReplyOperations?: readonly string[];
  };
  /**
   * Runs the API handlers in this many worker threads (threads/pool.ts) instead of the main one;
   * default none. The bench uses it to see how throughput grows when the handlers and the engines
   * can use more than one core.
   */
  handlerThreads?: number;
}

export interface LocalStack {
  urls: { api: string; dynamodb: string; s3: string; ses: string; sfn: string };
  env: Record<string, string>;
  calls: CallCounter;
  clock: LocalClock;
  sfn: StepFunctions;
  stateMachineArn: string;
  /** The local issuer of staff tokens (Cognito's stand-in); `auth.tokenFor('stc.chuyenvien')`. */
  auth: LocalAuth;
  seeded: { departments: number; procedures: number; calendarYears: number } | undefined;
  /** The local test CA that certifies the signing keys (infra/local/test-ca.ts): what a verifier trusts. */
  signingCa: { caFile: string; caPem: string };
  resumed: number;
  /** The metric lines (EMF) the code emitted so far, oldest first: the local CloudWatch. */
  metrics(): readonly MetricLine[];
  /** Runs of each scheduled job so far (shared/contracts/jobs.ts), by job id. */
  jobRuns(): Record<string, number>;
  /** Runs one scheduled job now, as its schedule would (tests; `npm start` never needs it). */
  runJob(id: string): Promise<unknown>;
  /** Workflow task invocations so far (the Lambda invocations the state machine makes). */
  taskInvocations(): number;
  /** Requests the local API gateway has answered so far. */
  apiRequests(): number;
  /** The fault proxy in front of DynamoDB, when the stack was started with `faults`. */
  faults: FaultProxy | undefined;
  /** The payment gateway's local stand-in (docs/payments.md), served at `/_local/vnpay/`. */
  vnpay: VnpaySandbox;
  /**
   * Stops the DynamoDB engine like a restarted process (in-flight requests finish, new connections
   * are refused), keeps it down for `downMs` of real time, and starts it again on the same port
   * with the same data folder. Needs `dataDir`: an in-memory engine would come back empty.
   */
  restartDynamo(opts?: { downMs?: number }): Promise<void>;
  /**
   * Restarts only the Step Functions endpoint on the same port: running tasks finish first, the
   * executions (held in memory) end, and every dossier with an active workflow gets a fresh
   * execution that continues from the table, as after `npm start`. Returns how many resumed.
   */
  restartSfn(): Promise<number>;
  stop(): Promise<void>;
}

export const LOCAL_NAMES = {
  table: 'motcua-local-main',
  idempotencyTable: 'motcua-local-idempotency',
  bucket: 'motcua-local-documents',
  stateMachine: 'motcua-local-dossier',
} as const;

const REGION = 'ap-southeast-1';
export const localFunctionArn = (id: string) =>
  `arn:aws:lambda:${REGION}:000000000000:function:motcua-local-${id}`;

/** The clock's offset from real time, kept with the on-disk data so a restart keeps the demo's date. */
export const CLOCK_FILE = 'clock.json';
interface SavedClock {
  offsetMs: number;
  savedAt: string;
}

/** Virtual start time from the saved offset (real time + offset), or undefined without one. */
function restoredClockStart(file: string | undefined): number | undefined {
  if (!file || !existsSync(file)) return undefined;
  try {
    const { offsetMs } = JSON.parse(readFileSync(file, 'utf8')) as Partial<SavedClock>;
    return typeof offsetMs === 'number' && Number.isFinite(offsetMs) ? Date.now() + offsetMs : undefined;
  } catch {
    return undefined;
  }
}

type TaskHandler = (payload: unknown, context: Context) => Promise<unknown>;

/** The functions the state machine invokes, loaded in this process like the gateway's handlers. */
async function loadWorkflowFunctions(): Promise<Map<string, TaskHandler>> {
  const map = new Map<string, TaskHandler>();
  for (const def of WORKFLOW_FUNCTIONS) {
    const mod = (await import(pathToFileURL(path.join(REPO_ROOT, def.handler)).href)) as Record<
      string,
      unknown
    >;
    map.set(localFunctionArn(def.id), mod[def.exportName ?? 'handler'] as TaskHandler);
  }
  return map;
}

function taskContext(functionArn: string): Context {
  const deadline = Date.now() + 60_000;
  const name = functionArn.split(':').pop() ?? 'workflow';
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export async function startLocalStack(opts: LocalStackOptions = {}): Promise<LocalStack> {
  const host = opts.host ?? '127.0.0.1';
  const ports = { api: 0, dynamodb: 0, s3: 0, ses: 0, sfn: 0, ...opts.ports };
  const clockFile = opts.dataDir ? path.join(opts.dataDir, CLOCK_FILE) : undefined;
  const startMs = opts.clockStartMs ?? restoredClockStart(clockFile);
  const clock = new LocalClock({
    ...(startMs === undefined ? {} : { startMs }),
    ...(opts.clockFrozen ? { frozen: true } : {}),
  });
  setClock(clock);
  const saveClock = () => {
    if (!clockFile) return;
    mkdirSync(path.dirname(clockFile), { recursive: true });
    const saved: SavedClock = { offsetMs: clock.offset(), savedAt: new Date().toISOString() };
    writeFileSync(clockFile, `${JSON.stringify(saved, null, 2)}\n`);
  };
  const tmp = opts.dataDir ? undefined : mkdtempSync(path.join(tmpdir(), 'motcua-s3-'));
  const started: (Engine | Gateway | HandlerPool)[] = [];
  const calls = new CallCounter();
  const portOf = (url: string) => Number(new URL(url).port);
  try {
    let dynamodb: DynamoDbEngine = await startDynamoDb({
      host,
      port: ports.dynamodb,
      dir: opts.dataDir ? path.join(opts.dataDir, 'dynamodb') : undefined,
    });
    started.push(dynamodb);
    calls.attachDynamoDb(dynamodb.server);
    const faults = opts.faults
      ? await startFaultProxy({
          host,
          target: dynamodb.url,
          seed: opts.faults.seed,
          rate: 0,
          ...(opts.faults.kinds ? { kinds: opts.faults.kinds } : {}),
          ...(opts.faults.lostReplyOperations
            ? { lostReplyOperations: opts.faults.lostReplyOperations }
            : {}),
        })
      : undefined;
    if (faults) started.push(faults);
    const s3rver = await startS3({
      host,
      port: 0,
      dir: opts.dataDir ? path.join(opts.dataDir, 's3') : tmp!,
      bucket: LOCAL_NAMES.bucket,
    });
    started.push(s3rver);
    // Everyone reaches the local S3 through its front door (infra/local/s3-front.ts).
    const s3 = await startS3Front({
      host,
      port: ports.s3,
      target: s3rver.url,
      bucket: LOCAL_NAMES.bucket,
      region: REGION,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      now: () => clock.now(),
    });
    started.push(s3);
    calls.attachS3(s3.server);
    const ses = await startSes({ host, port: ports.ses });
    started.push(ses);
    const signingDir = opts.dataDir ? path.join(opts.dataDir, 'signing') : `${tmp!}-signing`;
    const kms = await startKms({ host, port: 0, dir: path.join(signingDir, 'kms') });
    started.push(kms);
    const workflowFunctions = await loadWorkflowFunctions();
    let invocations = 0;
    let gatewayUrlValue = '';
    const gatewayUrl = () => gatewayUrlValue;
    let apiRequests = 0;
    const sfnOptions = (port: number) => ({
      host,
      port,
      clock,
      region: REGION,
      ...(opts.retryIntervalMs === undefined ? {} : { retryIntervalMs: opts.retryIntervalMs }),
      invokeLambda: async (functionArn: string, payload: unknown) => {
        const fn = workflowFunctions.get(functionArn);
        if (!fn)
          throw Object.assign(new Error(`Function not found: ${functionArn}`), {
            name: 'ResourceNotFoundException',
          });
        invocations++;
        opts.beforeTask?.(payload);
        return fn(payload, taskContext(functionArn));
      },
    });
    let sfn = await startStepFunctions(sfnOptions(ports.sfn));
    started.push(sfn);
    const stateMachineArn = `arn:aws:states:${REGION}:000000000000:stateMachine:${LOCAL_NAMES.stateMachine}`;

    // The handlers run in this process and read their configuration from the environment,
    // exactly as a Lambda function reads what CDK set.
    const env: Record<string, string> = {
      AWS_REGION: REGION,
      // s3rver accepts only its own fixed key pair; dynalite accepts any.
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      TABLE_NAME: LOCAL_NAMES.table,
      IDEMPOTENCY_TABLE_NAME: LOCAL_NAMES.idempotencyTable,
      DOCUMENTS_BUCKET: LOCAL_NAMES.bucket,
      DYNAMODB_ENDPOINT: faults?.url ?? dynamodb.url,
      S3_ENDPOINT: s3.url,
      S3_FORCE_PATH_STYLE: 'true',
      SES_ENDPOINT: ses.url,
      SFN_ENDPOINT: sfn.url,
      KMS_ENDPOINT: kms.url,
      STATE_MACHINE_ARN: stateMachineArn,
      MAIL_FROM: 'mot-cua@thainguyen.gov.vn',
      PUBLIC_WEB_URL: opts.publicWebUrl ?? 'http://127.0.0.1:3004',
      // This machine stands at the hall's kiosk (the developer's browser, the tests): its own limits.
      QUEUE_KIOSK_SOURCES: LOCAL_KIOSK_SOURCES,
      // The payment gateway is the local sandbox (its URLs are set once the API listens).
      VNPAY_TMN_CODE: SANDBOX_KEYS.tmnCode,
      VNPAY_HASH_SECRET: SANDBOX_KEYS.hashSecret,
    };
    Object.assign(process.env, env);
    resetConfig();

    const admin = new DynamoDBClient({ region: env.AWS_REGION, endpoint: dynamodb.url });
    await ensureTables(admin, { main: LOCAL_NAMES.table, idempotency: LOCAL_NAMES.idempotencyTable });
    admin.destroy();
    // The same definition CDK deploys, with the local function's ARN substituted.
    const createStateMachine = async () => {
      const sfnAdmin = new SFNClient({ region: REGION, endpoint: sfn.url });
      await sfnAdmin.send(
        new CreateStateMachineCommand({
          name: LOCAL_NAMES.stateMachine,
          type: 'STANDARD',
          roleArn: 'arn:aws:iam::000000000000:role/motcua-local-workflow',
          definition: renderDefinition({ WorkflowTasksFunctionArn: localFunctionArn('WorkflowTasks') }),
        }),
      );
      sfnAdmin.destroy();
    };
    await createStateMachine();
    const seeded =
      opts.seed === false
        ? undefined
        : {
            ...(await seedCatalogue(path.join(REPO_ROOT, 'data'))),
            calendarYears: await seedCalendar(path.join(REPO_ROOT, 'data')),
          };
    // The signing certificates of the departments and the centre, from the local test CA.
    const signingCa = await issueLocalCertificates({
      kms,
      dir: signingDir,
      owners: localSigningOwners(path.join(REPO_ROOT, 'data')),
      now: new Date(clock.now()),
    });

    const auth = await startLocalAuth({
      issuer: 'https://motcua.local/auth',
      users: loadLocalUsers(REPO_ROOT),
      now: () => clock.now(),
    });
    let openapi: Promise<OpenApiDocument> | undefined;
    const vnpay = createVnpaySandbox({
      now: () => clock.now(),
      ipnUrl: () => `${gatewayUrl()}/payments/vnpay/ipn`,
    });
    let pool: HandlerPool | undefined;
    const gateway = await startGateway({
      ...(opts.handlerThreads
        ? {
            invoke: (def: RouteDef, event: APIGatewayProxyEventV2, requestId: string) =>
              pool!.invoke(def.id, event, requestId),
          }
        : {}),
      authorizer: async (token) => {
        const claims = await auth.verify(token);
        return claims ? gatewayClaims(claims) : undefined;
      },
      host,
      port: ports.api,
      routes: ROUTES,
      root: REPO_ROOT,
      openapi: () => (openapi ??= buildOpenApi(ROUTES, REPO_ROOT, { serverUrl: gatewayUrl() })),
      edgeLimits: {
        now: () => clock.now(),
        kioskSources: () => process.env.QUEUE_KIOSK_SOURCES ?? '',
        exemptSources: () => LOCAL_EDGE_EXEMPT_SOURCES,
      },
      control: async (method, url, body, req) => {
        if (url.pathname.startsWith('/_local/vnpay/')) {
          const answer = await vnpay.handle(method, url, body);
          if (answer) return answer;
        }
        // A staff token (any demo user, the administrator too) only for the developer at this machine.
        if (url.pathname === '/_local/auth/token' || url.pathname === '/_local/auth/users') {
          const refusal = localDoorRefusal(req, { json: method === 'POST' });
          if (refusal) return { status: 403, body: { message: `Refused: ${refusal}` } };
        }
        // The local clock, for demos: GET shows it, POST /_local/clock/advance?days=1&hours=2 moves it,
        // POST /_local/clock/freeze and /_local/clock/unfreeze stop and restart its running.
        const clockView = () => ({
          status: 200,
          body: { now: new Date(clock.now()).toISOString(), offsetMs: clock.offset(), frozen: clock.frozen },
        });
        if (url.pathname === '/_local/clock' && method === 'GET') return clockView();
        if (url.pathname === '/_local/clock/freeze' && method === 'POST') {
          clock.freeze();
          return clockView();
        }
        if (url.pathname === '/_local/clock/unfreeze' && method === 'POST') {
          clock.unfreeze();
          return clockView();
        }
        if (url.pathname === '/_local/clock/advance' && method === 'POST') {
          const q = (k: string) => Number(url.searchParams.get(k) ?? 0);
          const ms = ((q('days') * 24 + q('hours')) * 60 + q('minutes')) * 60_000;
          if (!Number.isFinite(ms) || ms <= 0 || ms > 400 * 86_400_000) {
            return { status: 400, body: { message: 'give days, hours or minutes (> 0, ≤ 400 days)' } };
          }
          await sfn.settle();
          await clock.advance(ms);
          await sfn.settle();
          saveClock();
          return clockView();
        }
        // One sign-in: the web app's staff sign-in page (it lists the demo accounts locally and keeps
        // the token where the web app reads it); a `next` staff path goes along.
        if (url.pathname === '/_local/login' && method === 'GET') {
          const location = localLoginRedirect(
            env.PUBLIC_WEB_URL ?? 'http://127.0.0.1:3004',
            url.searchParams.get('next'),
          );
          return {
            status: 302,
            headers: { location, 'cache-control': 'no-store' } as Record<string, string>,
            body: { message: `Sign in at ${location}` },
          };
        }
        // The accounts the web app's sign-in lists, current as an administrator adds or disables one.
        if (url.pathname === '/_local/auth/users' && method === 'GET')
          return {
            status: 200,
            headers: { 'cache-control': 'no-store' } as Record<string, string>,
            body: {
              items: auth.users.map((u) => ({
                username: u.username,
                name: u.name,
                role: u.role,
                ...(u.departmentId ? { departmentId: u.departmentId } : {}),
              })),
            },
          };
        if (url.pathname === '/_local/auth/jwks.json' && method === 'GET')
          return { status: 200, body: await auth.jwks() };
        if (url.pathname === '/_local/auth/token' && method === 'POST') {
          const username = (() => {
            try {
              return String((JSON.parse(body.toString('utf8')) as { username?: unknown }).username ?? '');
            } catch {
              return '';
            }
          })();
          if (!auth.users.some((u) => u.username === username))
            return { status: 404, body: { message: 'No such user' } };
          return { status: 200, body: { token: await auth.tokenFor(username), username } };
        }
        return { status: 404, body: { message: 'Not Found' } };
      },
      onRequest: (line) => {
        apiRequests++;
        opts.onRequest?.(line);
      },
    });
    started.push(gateway);
    gatewayUrlValue = gateway.url;
    env.VNPAY_PAY_URL = `${gateway.url}/_local/vnpay/paymentv2/vpcpay.html`;
    env.VNPAY_API_URL = `${gateway.url}/_local/vnpay/merchant_webapi/api/transaction`;
    Object.assign(process.env, env);
    resetConfig();
    // The staff directory the in-app notifications use (Cognito users in AWS).
    for (const u of auth.users) {
      await putStaffProfile({
        userId: `local-${u.username}`,
        username: u.username,
        name: u.name,
        email: u.email,
        role: u.role,
        unit: u.departmentId ?? 'CENTRE',
      });
    }
    // The scheduled jobs of the job table: an EventBridge Scheduler schedule each in AWS, a clock
    // timer each here, at the same rate, running the same handler module.
    const jobHandlers = new Map<string, TaskHandler>();
    for (const job of JOBS) {
      const mod = (await import(pathToFileURL(path.join(REPO_ROOT, job.handler)).href)) as Record<
        string,
        unknown
      >;
      jobHandlers.set(job.id, mod[job.exportName ?? 'handler'] as TaskHandler);
    }
    // Metrics stay in memory here (the last 10,000 lines); in Lambda they go to CloudWatch Logs.
    const metricLines: MetricLine[] = [];
    setMetricSink((line) => {
      metricLines.push(line);
      if (metricLines.length > 10_000) metricLines.splice(0, metricLines.length - 10_000);
    });
    if (opts.handlerThreads) {
      pool = await startHandlerPool({
        size: opts.handlerThreads,
        root: REPO_ROOT,
        now: () => clock.now(),
        onMetric: (line) => metricLines.push(line),
      });
      started.push(pool);
    }
    const jobRuns: Record<string, number> = Object.fromEntries(JOBS.map((j) => [j.id, 0]));
    const runJob = async (id: string) => {
      const fn = jobHandlers.get(id);
      if (!fn) throw new Error(`no job ${id}`);
      jobRuns[id] = (jobRuns[id] ?? 0) + 1;
      return fn({ source: 'local.scheduler', job: id }, taskContext(localFunctionArn(id)));
    };
    const running = new Set<Promise<unknown>>();
    for (const job of JOBS) {
      const minutes =
        (job.id === 'SweepOutbox' ? opts.outboxSweepMinutes : undefined) ??
        opts.jobMinutes?.[job.id] ??
        job.everyMinutes;
      // At a fixed rate like a `rate(...)` schedule: the next run is due one period after the last
      // was due, whatever the run took.
      const schedule = (atMs: number) => {
        clock.setTimer(atMs, () => {
          const run: Promise<unknown> = runJob(job.id)
            .catch(() => undefined)
            .finally(() => {
              running.delete(run);
              schedule(Math.max(atMs + minutes * 60_000, clock.now()));
            });
          running.add(run);
        });
      };
      schedule(clock.now() + minutes * 60_000);
    }
    // `clock.advance` waits for the job runs it started, like it waits for the workflow.
    clock.addSettler(async () => {
      await Promise.all([...running]);
    });
    const resumed = opts.resume === false ? 0 : await resumeActiveWorkflows(`resume-${clock.now()}`);
    calls.reset();
    faults?.setRate(opts.faults?.rate ?? 0);

    const stack: LocalStack = {
      urls: { api: gateway.url, dynamodb: dynamodb.url, s3: s3.url, ses: ses.url, sfn: sfn.url },
      env,
      calls,
      clock,
      sfn,
      stateMachineArn,
      auth,
      seeded,
      signingCa,
      resumed,
      faults,
      vnpay,
      metrics: () => [...metricLines],
      jobRuns: () => ({ ...jobRuns }),
      runJob,
      taskInvocations: () => invocations,
      apiRequests: () => apiRequests,
      restartDynamo: async (restart = {}) => {
        if (!opts.dataDir) throw new Error('restartDynamo needs a stack started with dataDir');
        const i = started.indexOf(dynamodb);
        await dynamodb.drain();
        if (restart.downMs) await new Promise((resolve) => setTimeout(resolve, restart.downMs));
        dynamodb = await startDynamoDb({
          host,
          port: portOf(dynamodb.url),
          dir: path.join(opts.dataDir, 'dynamodb'),
        });
        started[i] = dynamodb;
        calls.attachDynamoDb(dynamodb.server);
      },
      restartSfn: async () => {
        await sfn.settle();
        const i = started.indexOf(sfn);
        await sfn.close();
        sfn = await startStepFunctions(sfnOptions(portOf(sfn.url)));
        started[i] = sfn;
        stack.sfn = sfn;
        await createStateMachine();
        const n = await resumeActiveWorkflows(`resume-${clock.now()}`);
        await sfn.settle();
        return n;
      },
      stop: async () => {
        // Let running workflow tasks finish before their engines go away.
        await sfn.settle();
        for (const s of started.reverse()) await s.close();
        saveClock();
        clock.close();
        setClock(undefined);
        setMetricSink(undefined);
        if (tmp) for (const d of [tmp, `${tmp}-signing`]) rmSync(d, { recursive: true, force: true });
      },
    };
    return stack;
  } catch (err) {
    await Promise.all(started.map((s) => s.close().catch(() => undefined)));
    if (tmp) for (const d of [tmp, `${tmp}-signing`]) rmSync(d, { recursive: true, force: true });
    throw err;
  }
}
