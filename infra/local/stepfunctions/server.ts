// First: aws-local-stepfunctions needs Promise.withResolvers, which Node 20 lacks.
import './polyfill.ts';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalClock } from '../clock.ts';
import type { JsonObject } from './definition.ts';
import {
  assertPatched,
  type Execution,
  type ExecutionStatus,
  type InvokeLambda,
  SfnEngine,
  SfnError,
  type Transition,
} from './engine.ts';

/**
 * A local Step Functions endpoint: the AWS JSON 1.0 protocol (`X-Amz-Target:
 * AWSStepFunctions.<Op>`) that @aws-sdk/client-sfn speaks, so handlers use the SDK unchanged with
 * the endpoint URL from config. README.md in this folder lists what it emulates and what not.
 */
export type { InvokeLambda, Transition } from './engine.ts';

export interface StepFunctionsOptions {
  host: string;
  port: number;
  clock: LocalClock;
  /** Runs a handler in-process; a thrown Error's `name` is the Lambda errorType. */
  invokeLambda: InvokeLambda;
  /** Wait between retries (ms) instead of the Retry fields' intervals; default: as written, on the clock. */
  retryIntervalMs?: number;
  /** Called at every state transition (every state entered, inside Map/Parallel too). */
  onTransition?: (t: Transition) => void;
  /** Region in the ARNs; default ap-southeast-1. */
  region?: string;
}

export interface StepFunctions {
  url: string;
  server: Server;
  close(): Promise<void>;
  /** Resolves when every running execution waits only on task tokens or clock timers, and no handler runs. */
  settle(): Promise<void>;
  /** State transitions (every state entered, inside Map/Parallel too) and retries of one execution. */
  stats(executionArn: string): { stateTransitions: number; retries: number };
}

const ACCOUNT = '000000000000';
const ERROR_NAMESPACE = 'com.amazonaws.swf.service.v2.model';
const STATUSES: ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'ABORTED', 'TIMED_OUT'];

type Params = Record<string, unknown>;

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

function str(p: Params, key: string, required: true): string;
function str(p: Params, key: string, required?: false): string | undefined;
function str(p: Params, key: string, required = false): string | undefined {
  const v = p[key];
  if (v === undefined || v === null) {
    if (required)
      throw new SfnError('ValidationException', `1 validation error detected: '${key}' must not be null`);
    return undefined;
  }
  if (typeof v !== 'string') throw new SfnError('ValidationException', `'${key}' must be a string`);
  return v;
}

function page<T>(items: T[], p: Params, defaultMax: number): { items: T[]; nextToken?: string } {
  const max =
    typeof p.maxResults === 'number' && p.maxResults > 0 ? Math.min(p.maxResults, 1000) : defaultMax;
  let start = 0;
  if (typeof p.nextToken === 'string') {
    start = Number.parseInt(Buffer.from(p.nextToken, 'base64url').toString('utf8'), 10);
    if (!Number.isInteger(start) || start < 0) throw new SfnError('InvalidToken', 'Invalid Token: nextToken');
  }
  const slice = items.slice(start, start + max);
  const next =
    start + max < items.length ? Buffer.from(String(start + max)).toString('base64url') : undefined;
  return { items: slice, ...(next ? { nextToken: next } : {}) };
}

function listItem(e: Execution): JsonObject {
  return {
    executionArn: e.arn,
    stateMachineArn: e.machine.arn,
    name: e.name,
    status: e.status,
    startDate: seconds(e.startDate),
    ...(e.stopDate !== undefined ? { stopDate: seconds(e.stopDate) } : {}),
  };
}

const withoutData = (event: JsonObject): JsonObject =>
  Object.fromEntries(
    Object.entries(event).map(([k, v]) => {
      if (!k.endsWith('EventDetails') || typeof v !== 'object' || v === null) return [k, v];
      const { input: _i, output: _o, parameters: _p, ...rest } = v as JsonObject;
      return [k, rest];
    }),
  );

/** An alias routed wholly to one version (the only routing the project uses: weight 100). */
function aliasAnswer(engine: SfnEngine, p: Params): JsonObject {
  const routes = Array.isArray(p.routingConfiguration) ? (p.routingConfiguration as JsonObject[]) : [];
  const [route] = routes;
  if (routes.length !== 1 || route?.weight !== 100 || typeof route.stateMachineVersionArn !== 'string') {
    throw new SfnError(
      'ValidationException',
      'The local endpoint routes an alias to one version (weight 100)',
    );
  }
  const aliasArn = engine.setAlias(str(p, 'name', true)!, route.stateMachineVersionArn);
  return {
    stateMachineAliasArn: aliasArn,
    creationDate: seconds(Date.now()),
    updateDate: seconds(Date.now()),
  };
}

function operations(engine: SfnEngine): Record<string, (p: Params) => JsonObject> {
  return {
    CreateStateMachine: (p) => {
      const m = engine.createStateMachine({
        name: str(p, 'name', true),
        definition: str(p, 'definition', true),
        roleArn: str(p, 'roleArn'),
        type: str(p, 'type'),
      });
      return { stateMachineArn: m.arn, creationDate: seconds(m.creationDate) };
    },
    DescribeStateMachine: (p) => {
      const m = engine.getMachine(str(p, 'stateMachineArn', true));
      return {
        stateMachineArn: m.arn,
        name: m.name,
        status: 'ACTIVE',
        definition: m.definition,
        roleArn: m.roleArn,
        type: m.type,
        creationDate: seconds(m.creationDate),
        loggingConfiguration: { level: 'OFF', includeExecutionData: false },
        tracingConfiguration: { enabled: false },
      };
    },
    ListStateMachines: (p) => {
      const all = [...engine.machines.values()].map((m) => ({
        stateMachineArn: m.arn,
        name: m.name,
        type: m.type,
        creationDate: seconds(m.creationDate),
      }));
      const { items, nextToken } = page(all, p, 100);
      return { stateMachines: items, ...(nextToken ? { nextToken } : {}) };
    },
    UpdateStateMachine: (p) => {
      const m = engine.getMachine(str(p, 'stateMachineArn', true));
      const definition = str(p, 'definition');
      const { versionArn } = engine.updateStateMachine(m, {
        ...(definition !== undefined ? { definition } : {}),
        publish: p.publish === true,
      });
      return {
        updateDate: seconds(Date.now()),
        revisionId: String(m.versions.length),
        ...(versionArn ? { stateMachineVersionArn: versionArn } : {}),
      };
    },
    PublishStateMachineVersion: (p) => {
      const m = engine.getMachine(str(p, 'stateMachineArn', true));
      return { creationDate: seconds(Date.now()), stateMachineVersionArn: engine.publishVersion(m) };
    },
    CreateStateMachineAlias: (p) => aliasAnswer(engine, p),
    UpdateStateMachineAlias: (p) => {
      const arn = str(p, 'stateMachineAliasArn', true)!;
      return aliasAnswer(engine, { ...p, name: arn.slice(arn.lastIndexOf(':') + 1) });
    },
    StartExecution: (p) => {
      const m = engine.getTarget(str(p, 'stateMachineArn', true));
      const name = str(p, 'name');
      const input = str(p, 'input');
      const e = engine.startExecution(m, {
        ...(name ? { name } : {}),
        ...(input !== undefined ? { input } : {}),
      });
      return { executionArn: e.arn, startDate: seconds(e.startDate) };
    },
    DescribeExecution: (p) => {
      const e = engine.getExecution(str(p, 'executionArn', true));
      return {
        executionArn: e.arn,
        stateMachineArn: e.machine.arn,
        ...(e.versionArn ? { stateMachineVersionArn: e.versionArn } : {}),
        ...(e.aliasArn ? { stateMachineAliasArn: e.aliasArn } : {}),
        name: e.name,
        status: e.status,
        startDate: seconds(e.startDate),
        ...(e.stopDate !== undefined ? { stopDate: seconds(e.stopDate) } : {}),
        input: e.input,
        inputDetails: { included: true },
        ...(e.output !== undefined ? { output: e.output, outputDetails: { included: true } } : {}),
        ...(e.error !== undefined ? { error: e.error } : {}),
        ...(e.cause !== undefined ? { cause: e.cause } : {}),
        redriveCount: 0,
        redriveStatus: 'NOT_REDRIVABLE',
      };
    },
    StopExecution: (p) => {
      const e = engine.getExecution(str(p, 'executionArn', true));
      engine.stopExecution(e, { error: str(p, 'error'), cause: str(p, 'cause') });
      return { stopDate: seconds(e.stopDate) };
    },
    ListExecutions: (p) => {
      const m = engine.getMachine(str(p, 'stateMachineArn', true));
      const filter = str(p, 'statusFilter');
      if (filter !== undefined && !STATUSES.includes(filter as ExecutionStatus)) {
        throw new SfnError(
          'ValidationException',
          `Value '${filter}' at 'statusFilter' failed to satisfy constraint`,
        );
      }
      const all = m.executions
        .filter((e) => filter === undefined || e.status === filter)
        .slice()
        .reverse()
        .map(listItem);
      const { items, nextToken } = page(all, p, 100);
      return { executions: items, ...(nextToken ? { nextToken } : {}) };
    },
    GetExecutionHistory: (p) => {
      const e = engine.getExecution(str(p, 'executionArn', true));
      let events: JsonObject[] = engine.history(e);
      if (p.reverseOrder === true) events.reverse();
      if (p.includeExecutionData === false) events = events.map(withoutData);
      const { items, nextToken } = page(events, p, 100);
      return { events: items, ...(nextToken ? { nextToken } : {}) };
    },
    SendTaskSuccess: (p) => {
      engine.sendTaskSuccess(str(p, 'taskToken', true), str(p, 'output', true));
      return {};
    },
    SendTaskFailure: (p) => {
      engine.sendTaskFailure(str(p, 'taskToken', true), str(p, 'error'), str(p, 'cause'));
      return {};
    },
    SendTaskHeartbeat: (p) => {
      engine.sendTaskHeartbeat(str(p, 'taskToken', true));
      return {};
    },
  };
}

async function readJson(req: IncomingMessage): Promise<Params> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Params;
  } catch {
    // answered below
  }
  throw new SfnError('SerializationException', 'Malformed request body');
}

function send(res: ServerResponse, status: number, body: JsonObject): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(text);
}

function errorBody(err: SfnError): JsonObject {
  const ns =
    err.code === 'ValidationException'
      ? 'com.amazon.coral.validate'
      : err.code === 'UnknownOperationException' || err.code === 'SerializationException'
        ? 'com.amazon.coral.service'
        : ERROR_NAMESPACE;
  return { __type: `${ns}#${err.code}`, message: err.message };
}

export async function startStepFunctions(opts: StepFunctionsOptions): Promise<StepFunctions> {
  assertPatched();
  const engine = new SfnEngine({
    clock: opts.clock,
    invokeLambda: opts.invokeLambda,
    retryIntervalMs: opts.retryIntervalMs,
    onTransition: opts.onTransition,
    region: opts.region ?? 'ap-southeast-1',
    account: ACCOUNT,
  });
  const ops = operations(engine);

  const server = createServer((req, res) => {
    engine.beginWork();
    res.on('close', () => engine.endWork());
    void (async () => {
      try {
        const target = req.headers['x-amz-target'];
        const op =
          typeof target === 'string' && target.startsWith('AWSStepFunctions.')
            ? target.slice('AWSStepFunctions.'.length)
            : undefined;
        const params = await readJson(req);
        const handler = op && Object.hasOwn(ops, op) ? ops[op] : undefined;
        if (req.method !== 'POST' || !handler) {
          throw new SfnError('UnknownOperationException', `Unknown operation ${String(target)}`);
        }
        send(res, 200, handler(params));
      } catch (err) {
        if (err instanceof SfnError) send(res, err.status, errorBody(err));
        else
          send(res, 500, {
            __type: `${ERROR_NAMESPACE}#InternalFailure`,
            message: String((err as Error)?.message),
          });
      }
    })();
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const unregister = opts.clock.addSettler(() => engine.settle());

  return {
    url: `http://${opts.host}:${(server.address() as AddressInfo).port}`,
    server,
    settle: () => engine.settle(),
    stats: (executionArn) => engine.stats(executionArn),
    close: () =>
      new Promise<void>((resolve) => {
        unregister();
        engine.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
