import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  InvalidArn,
  InvalidDefinition,
  InvalidOutput,
  InvalidToken,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  type SFNServiceException,
  StartExecutionCommand,
  StateMachineAlreadyExists,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LocalClock } from '../../infra/local/clock.ts';
import { type StepFunctions, startStepFunctions } from '../../infra/local/stepfunctions/server.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/asl');
const fixture = (file: string) => readFileSync(path.join(FIXTURES, file), 'utf8');
const ROLE = 'arn:aws:iam::000000000000:role/motcua-local-sfn';
const MINUTE = 60_000;

type Fn = (payload: Record<string, unknown>) => unknown;
let functions: Record<string, Fn> = {};
let invocations: { fn: string; payload: Record<string, unknown> }[] = [];

let clock: LocalClock;
let endpoint: StepFunctions;
let sfn: SFNClient;

async function invokeLambda(functionArn: string, payload: unknown): Promise<unknown> {
  const p = payload as Record<string, unknown>;
  invocations.push({ fn: functionArn, payload: p });
  const fn = functions[functionArn];
  if (!fn)
    throw Object.assign(new Error(`Function not found: ${functionArn}`), {
      name: 'ResourceNotFoundException',
    });
  return fn(p);
}

function namedError(name: string, message: string): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

const machines: Record<string, string> = {};
async function machine(file: string): Promise<string> {
  const name = file.replace(/\.asl\.json$/, '');
  if (!machines[name]) {
    const out = await sfn.send(
      new CreateStateMachineCommand({ name, definition: fixture(file), roleArn: ROLE }),
    );
    machines[name] = out.stateMachineArn!;
  }
  return machines[name];
}

async function start(file: string, input: unknown = {}, name?: string): Promise<string> {
  const out = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: await machine(file),
      input: JSON.stringify(input),
      ...(name ? { name } : {}),
    }),
  );
  await endpoint.settle();
  return out.executionArn!;
}

const describeExecution = (executionArn: string) => sfn.send(new DescribeExecutionCommand({ executionArn }));
const output = async (executionArn: string) =>
  JSON.parse((await describeExecution(executionArn)).output ?? 'null');
const tokenOf = (i: number) => invocations[i]!.payload.taskToken as string;

async function history(executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 20 }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  clock = new LocalClock();
  endpoint = await startStepFunctions({
    host: '127.0.0.1',
    port: 0,
    clock,
    invokeLambda,
    retryIntervalMs: 0,
  });
  sfn = new SFNClient({
    endpoint: endpoint.url,
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  sfn.destroy();
  await endpoint.close();
  clock.close();
});

beforeEach(() => {
  functions = {};
  invocations = [];
});

describe('fixtures', () => {
  it('are valid ASL (asl-validator)', () => {
    const require = createRequire(import.meta.url);
    const validate = require('asl-validator') as (
      definition: unknown,
      opts?: { checkPaths?: boolean; checkArn?: boolean },
    ) => { isValid: boolean; errorsText: (separator?: string) => string };
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.asl.json'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      const { isValid, errorsText } = validate(JSON.parse(fixture(file)));
      expect(isValid, `${file}: ${errorsText()}`).toBe(true);
    }
  });
});

describe('Node 20', () => {
  it('has Promise.withResolvers once the endpoint module is loaded, and the library runs on it', async () => {
    expect(typeof (Promise as unknown as { withResolvers?: unknown }).withResolvers).toBe('function');
    // The library's own Task path (static TimeoutSeconds) is the one that calls Promise.withResolvers.
    const { StateMachine } = await import('aws-local-stepfunctions');
    const sm = new StateMachine({
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', TimeoutSeconds: 5, End: true },
      },
    });
    const run = sm.run(
      { a: 1 },
      { overrides: { taskResourceLocalHandlers: { T: async () => ({ ok: true }) } } },
    );
    await expect(run.result).resolves.toEqual({ ok: true });
  });

  it('runs an execution end to end through the endpoint', async () => {
    functions.flaky = (p) => ({ echo: p.n });
    const arn = await start('invoke-retry-catch.asl.json', { n: 1 });
    const d = await describeExecution(arn);
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output!)).toEqual({ n: 1, flaky: { value: { echo: 1 }, status: 200 } });
  });
});

describe('lambda:invoke', () => {
  it('retries a function failing twice, then succeeds (3 invocations)', async () => {
    let n = 0;
    functions.flaky = () => {
      n++;
      if (n <= 2) throw namedError('Transient', `attempt ${n}`);
      return { attempt: n };
    };
    const arn = await start('invoke-retry-catch.asl.json', { case: 'retry' });
    expect(invocations).toHaveLength(3);
    expect(invocations.every((i) => i.fn === 'flaky' && i.payload.case === 'retry')).toBe(true);
    const d = await describeExecution(arn);
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output!).flaky).toEqual({ value: { attempt: 3 }, status: 200 });
    const events = await history(arn);
    expect(events.filter((e) => e.type === 'TaskFailed')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'TaskScheduled')).toHaveLength(3);
    expect(events.find((e) => e.type === 'TaskFailed')?.taskFailedEventDetails?.error).toBe('Transient');
    expect(endpoint.stats(arn)).toEqual({ stateTransitions: 2, retries: 2 });
  });

  it('catches a custom error by name, with the Lambda integration Cause', async () => {
    functions.flaky = () => {
      throw namedError('Fatal', 'dossier is gone');
    };
    const arn = await start('invoke-retry-catch.asl.json', {});
    expect(invocations).toHaveLength(1);
    const out = await output(arn);
    expect(out.path).toBe('recovered');
    expect(out.caught.Error).toBe('Fatal');
    expect(JSON.parse(out.caught.Cause)).toMatchObject({
      errorType: 'Fatal',
      errorMessage: 'dossier is gone',
    });
  });

  it('falls through to States.ALL once retries are exhausted', async () => {
    functions.flaky = () => {
      throw namedError('Transient', 'still down');
    };
    const arn = await start('invoke-retry-catch.asl.json', {});
    expect(invocations).toHaveLength(4); // first try + MaxAttempts 3
    const out = await output(arn);
    expect(out.path).toBe('fallback');
    expect(out.caught.Error).toBe('Transient');
  });

  it('fails the execution with the error name when nothing catches it (unknown function)', async () => {
    const def = JSON.stringify({
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'missing', 'Payload.$': '$' },
          End: true,
        },
      },
    });
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: 'uncaught', definition: def, roleArn: ROLE }),
    );
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
    await endpoint.settle();
    const d = await describeExecution(executionArn!);
    expect(d.status).toBe('FAILED');
    expect(d.error).toBe('ResourceNotFoundException');
    expect(JSON.parse(d.cause!).errorMessage).toBe('Function not found: missing');
    expect(d.stopDate).toBeInstanceOf(Date);
  });
});

describe('lambda:invoke.waitForTaskToken', () => {
  it('hands the handler a fresh token and resumes with SendTaskSuccess output (not wrapped)', async () => {
    functions.assign = () => ({ stored: true });
    const arn = await start('callback-timeout.asl.json', { dossierId: 'D-1', waitSeconds: 3600 });
    expect(invocations).toHaveLength(1);
    const token = tokenOf(0);
    expect(invocations[0]!.payload.dossierId).toBe('D-1');
    expect(token).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect((await describeExecution(arn)).status).toBe('RUNNING');

    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await sfn.send(
      new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ outcome: 'COMPLETED' }) }),
    );
    await endpoint.settle();
    const d = await describeExecution(arn);
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output!)).toEqual({
      dossierId: 'D-1',
      waitSeconds: 3600,
      decision: { outcome: 'COMPLETED' },
    });

    // Single use: the task has ended.
    const err = await rejection(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })));
    expect(err).toBeInstanceOf(TaskTimedOut);
    const types = (await history(arn)).map((e) => e.type);
    expect(types).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('fails the state with SendTaskFailure error/cause (caught by States.TaskFailed)', async () => {
    functions.assign = () => null;
    const arn = await start('callback-timeout.asl.json', { dossierId: 'D-2', waitSeconds: 3600 });
    await sfn.send(
      new SendTaskFailureCommand({
        taskToken: tokenOf(0),
        error: 'Department.Refused',
        cause: 'incomplete file',
      }),
    );
    await endpoint.settle();
    const d = await describeExecution(arn);
    expect(d.status).toBe('FAILED');
    expect(d.error).toBe('Refused');
    expect(d.cause).toBe('the department refused');
    const failed = (await history(arn)).find((e) => e.type === 'TaskFailed');
    expect(failed?.taskFailedEventDetails).toMatchObject({
      error: 'Department.Refused',
      cause: 'incomplete file',
    });
    const reuse = await rejection(
      sfn.send(new SendTaskFailureCommand({ taskToken: tokenOf(0), error: 'X' })),
    );
    expect(reuse).toBeInstanceOf(TaskTimedOut);
  });

  it('fails the execution with an uncaught SendTaskFailure error', async () => {
    functions.assign = () => null;
    const arn = await start('callback-untimed.asl.json', {});
    await sfn.send(
      new SendTaskFailureCommand({ taskToken: tokenOf(0), error: 'Custom.Error', cause: 'why' }),
    );
    await endpoint.settle();
    const d = await describeExecution(arn);
    expect([d.status, d.error, d.cause]).toEqual(['FAILED', 'Custom.Error', 'why']);
  });

  it('a token arriving while the handler still runs is accepted', async () => {
    functions.assign = async (p) => {
      await sfn.send(
        new SendTaskSuccessCommand({ taskToken: p.taskToken as string, output: '{"early":true}' }),
      );
      return null;
    };
    const arn = await start('callback-untimed.asl.json', {});
    expect(await output(arn)).toEqual({ early: true });
  });

  it('times out at entry + TimeoutSecondsPath (read from the state input), not before', async () => {
    functions.assign = () => null;
    const arn = await start('callback-timeout.asl.json', { dossierId: 'D-3', waitSeconds: 600 });
    const token = tokenOf(0);
    await clock.advance(10 * MINUTE - 2_000);
    expect((await describeExecution(arn)).status).toBe('RUNNING');
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token })); // still alive

    await clock.advance(3_000);
    const d = await describeExecution(arn);
    expect(d.status).toBe('SUCCEEDED');
    const out = JSON.parse(d.output!);
    expect(out.end).toBe('timeout');
    expect(out.timeout.Error).toBe('States.Timeout');
    expect(invocations).toHaveLength(1);
    expect(
      await rejection(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))),
    ).toBeInstanceOf(TaskTimedOut);
    const timedOut = (await history(arn)).find((e) => e.type === 'TaskTimedOut');
    expect(timedOut?.taskTimedOutEventDetails?.error).toBe('States.Timeout');
  });

  it('has no default timeout (AWS has none; the library had 60 s)', async () => {
    functions.assign = () => null;
    const arn = await start('callback-untimed.asl.json', {});
    await clock.advance(2 * 60 * MINUTE);
    expect((await describeExecution(arn)).status).toBe('RUNNING');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: tokenOf(0), output: '"late"' }));
    await endpoint.settle();
    expect(await output(arn)).toBe('late');
  });

  it("mints a new token per retry; the failed attempt's token is dead", async () => {
    functions.assign = () => null;
    const arn = await start('callback-retry-heartbeat.asl.json', {});
    const first = tokenOf(0);
    await sfn.send(
      new SendTaskFailureCommand({ taskToken: first, error: 'Department.Busy', cause: 'later' }),
    );
    await endpoint.settle();
    expect(invocations).toHaveLength(2);
    const second = tokenOf(1);
    expect(second).not.toBe(first);
    expect(
      await rejection(sfn.send(new SendTaskSuccessCommand({ taskToken: first, output: '{}' }))),
    ).toBeInstanceOf(TaskTimedOut);
    await sfn.send(new SendTaskSuccessCommand({ taskToken: second, output: '{"done":true}' }));
    await endpoint.settle();
    expect(await output(arn)).toEqual({ done: true });
    expect(endpoint.stats(arn)).toEqual({ stateTransitions: 1, retries: 1 });
  });

  it('fails with States.Timeout when heartbeats stop (HeartbeatSeconds on the clock)', async () => {
    functions.assign = () => null;
    const arn = await start('callback-retry-heartbeat.asl.json', {});
    await clock.advance(50_000);
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: tokenOf(0) }));
    await clock.advance(50_000);
    expect((await describeExecution(arn)).status).toBe('RUNNING');
    await clock.advance(15_000);
    const d = await describeExecution(arn);
    expect([d.status, d.error]).toEqual(['FAILED', 'States.Timeout']);
  });

  it('$$.Task.Token outside a callback task fails the execution with States.Runtime', async () => {
    const definition = JSON.stringify({
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'assign', Payload: { 'taskToken.$': '$$.Task.Token' } },
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Succeed' },
      },
    });
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: 'token-misuse', definition, roleArn: ROLE }),
    );
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
    await endpoint.settle();
    const d = await describeExecution(executionArn!);
    expect([d.status, d.error]).toEqual(['FAILED', 'States.Runtime']);
    expect(invocations).toHaveLength(0);
  });

  it('gives each Map iteration its own token', async () => {
    functions.notify = () => ({ notified: true });
    const arn = await start('map-callbacks.asl.json', { departments: ['TAX', 'LAND'] });
    expect(invocations).toHaveLength(2);
    const byDept = Object.fromEntries(
      invocations.map((i) => [i.payload.department, i.payload.taskToken as string]),
    );
    expect(Object.keys(byDept).sort()).toEqual(['LAND', 'TAX']);
    expect(byDept.TAX).not.toBe(byDept.LAND);

    await sfn.send(new SendTaskSuccessCommand({ taskToken: byDept.LAND!, output: '{"dept":"LAND"}' }));
    await endpoint.settle();
    expect((await describeExecution(arn)).status).toBe('RUNNING');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: byDept.TAX!, output: '{"dept":"TAX"}' }));
    await endpoint.settle();
    expect(await output(arn)).toEqual([{ dept: 'TAX' }, { dept: 'LAND' }]);

    const events = await history(arn);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events.every((e) => e.timestamp instanceof Date)).toBe(true);
    const entered = events.filter((e) => e.type?.endsWith('StateEntered'));
    expect(entered.map((e) => e.type)).toEqual(['MapStateEntered', 'TaskStateEntered', 'TaskStateEntered']);
    expect(endpoint.stats(arn).stateTransitions).toBe(3);
    const types = events.map((e) => e.type);
    expect(types.indexOf('MapStateEntered')).toBeLessThan(types.indexOf('MapIterationStarted'));
    expect(types.indexOf('MapIterationStarted')).toBeLessThan(types.indexOf('TaskScheduled'));
    expect(types.filter((t) => t === 'MapIterationSucceeded')).toHaveLength(2);
    expect(types.at(-1)).toBe('ExecutionSucceeded');
  });
});

describe('Parallel and plain Lambda ARNs', () => {
  it('counts transitions inside branches; a Lambda ARN resource returns the result unwrapped', async () => {
    functions['arn:aws:lambda:ap-southeast-1:000000000000:function:plain'] = (p) => ({ got: p });
    const arn = await start('parallel-mixed.asl.json', { v: 7 });
    expect(await output(arn)).toEqual([1, { got: { v: 7 } }]);
    expect(endpoint.stats(arn).stateTransitions).toBe(4);
    const types = (await history(arn)).map((e) => e.type ?? '');
    expect(types.filter((t) => t.endsWith('StateEntered'))).toHaveLength(4);
    expect(types).toContain('LambdaFunctionScheduled');
    expect(types).toContain('LambdaFunctionSucceeded');
  });
});

describe('StopExecution', () => {
  it('aborts the execution and kills its pending token', async () => {
    functions.assign = () => null;
    const arn = await start('callback-untimed.asl.json', {});
    await sfn.send(
      new StopExecutionCommand({ executionArn: arn, error: 'Dossier.Withdrawn', cause: 'citizen withdrew' }),
    );
    await endpoint.settle();
    const d = await describeExecution(arn);
    expect([d.status, d.error, d.cause]).toEqual(['ABORTED', 'Dossier.Withdrawn', 'citizen withdrew']);
    expect(d.stopDate).toBeInstanceOf(Date);
    const err = await rejection(
      sfn.send(new SendTaskSuccessCommand({ taskToken: tokenOf(0), output: '{}' })),
    );
    expect(err).toBeInstanceOf(TaskTimedOut);
    expect((await history(arn)).at(-1)?.type).toBe('ExecutionAborted');

    const aborted = await sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: await machine('callback-untimed.asl.json'),
        statusFilter: 'ABORTED',
      }),
    );
    expect(aborted.executions?.map((e) => e.executionArn)).toContain(arn);
    expect(aborted.executions?.every((e) => e.status === 'ABORTED')).toBe(true);
  });
});

describe('clock-driven waits', () => {
  it('runs Wait states on the LocalClock', async () => {
    const arn = await start('wait-day.asl.json', { x: 1 });
    await clock.advance(23 * 60 * MINUTE);
    expect((await describeExecution(arn)).status).toBe('RUNNING');
    await clock.advance(61 * MINUTE);
    expect((await describeExecution(arn)).status).toBe('SUCCEEDED');
    expect(await output(arn)).toBe('awake');
  });

  it('enforces the top-level TimeoutSeconds on the clock; DescribeStateMachine returns the original text', async () => {
    const definition = `{"TimeoutSeconds": 300, ${fixture('callback-untimed.asl.json').trim().slice(1)}`;
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: 'with-execution-timeout', definition, roleArn: ROLE }),
    );
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    expect(described.definition).toBe(definition);
    expect(described.name).toBe('with-execution-timeout');
    expect(stateMachineArn).toBe(
      'arn:aws:states:ap-southeast-1:000000000000:stateMachine:with-execution-timeout',
    );

    functions.assign = () => null;
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
    await endpoint.settle();
    await clock.advance(299_000);
    expect((await describeExecution(executionArn!)).status).toBe('RUNNING');
    await clock.advance(2_000);
    const d = await describeExecution(executionArn!);
    expect([d.status, d.error]).toEqual(['TIMED_OUT', 'States.Timeout']);
    expect(
      await rejection(sfn.send(new SendTaskSuccessCommand({ taskToken: tokenOf(0), output: '{}' }))),
    ).toBeInstanceOf(TaskTimedOut);
  });

  it('without retryIntervalMs, retries wait their IntervalSeconds on the clock', async () => {
    const slowClock = new LocalClock();
    const slow = await startStepFunctions({ host: '127.0.0.1', port: 0, clock: slowClock, invokeLambda });
    const client = new SFNClient({
      endpoint: slow.url,
      region: 'ap-southeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      let n = 0;
      functions.flaky = () => {
        n++;
        if (n === 1) throw namedError('Transient', 'once');
        return n;
      };
      const { stateMachineArn } = await client.send(
        new CreateStateMachineCommand({
          name: 'flaky',
          definition: fixture('invoke-retry-catch.asl.json'),
          roleArn: ROLE,
        }),
      );
      const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
      await slow.settle();
      expect(n).toBe(1);
      await slowClock.advance(29_000);
      expect(n).toBe(1);
      await slowClock.advance(2_000);
      expect(n).toBe(2);
      const d = await client.send(new DescribeExecutionCommand({ executionArn }));
      expect(d.status).toBe('SUCCEEDED');
    } finally {
      client.destroy();
      await slow.close();
      slowClock.close();
    }
  });
});

describe('API errors parse into the SDK exception classes', () => {
  const region = 'ap-southeast-1';
  const unknownExecution = `arn:aws:states:${region}:000000000000:execution:nope:nope`;

  it('maps each error', async () => {
    expect(await rejection(describeExecution(unknownExecution))).toBeInstanceOf(ExecutionDoesNotExist);
    expect(
      await rejection(
        sfn.send(
          new StartExecutionCommand({
            stateMachineArn: `arn:aws:states:${region}:000000000000:stateMachine:nope`,
          }),
        ),
      ),
    ).toBeInstanceOf(StateMachineDoesNotExist);
    expect(await rejection(describeExecution('not-an-arn'))).toBeInstanceOf(InvalidArn);
    const bogus = await rejection(sfn.send(new SendTaskSuccessCommand({ taskToken: 'bogus', output: '{}' })));
    expect(bogus).toBeInstanceOf(InvalidToken);
    expect((bogus as SFNServiceException).$metadata.httpStatusCode).toBe(400);
    expect((bogus as SFNServiceException).name).toBe('InvalidToken');

    expect(
      await rejection(
        sfn.send(
          new CreateStateMachineCommand({
            name: 'broken',
            definition: '{"StartAt":"X","States":{}}',
            roleArn: ROLE,
          }),
        ),
      ),
    ).toBeInstanceOf(InvalidDefinition);
    expect(
      await rejection(
        sfn.send(
          new CreateStateMachineCommand({
            name: 'invoke-retry-catch',
            definition: fixture('wait-day.asl.json'),
            roleArn: ROLE,
          }),
        ),
      ),
    ).toBeInstanceOf(StateMachineAlreadyExists);
  });

  it('CreateStateMachine is idempotent for the same name and definition', async () => {
    const a = await machine('invoke-retry-catch.asl.json');
    const again = await sfn.send(
      new CreateStateMachineCommand({
        name: 'invoke-retry-catch',
        definition: fixture('invoke-retry-catch.asl.json'),
        roleArn: ROLE,
      }),
    );
    expect(again.stateMachineArn).toBe(a);
  });

  it('StartExecution with a name: same input while running → same execution; otherwise ExecutionAlreadyExists', async () => {
    functions.assign = () => null;
    const first = await start('callback-untimed.asl.json', { d: 1 }, 'dossier-42');
    expect(first).toBe('arn:aws:states:ap-southeast-1:000000000000:execution:callback-untimed:dossier-42');
    const same = await start('callback-untimed.asl.json', { d: 1 }, 'dossier-42');
    expect(same).toBe(first);
    expect(invocations).toHaveLength(1);
    expect(await rejection(start('callback-untimed.asl.json', { d: 2 }, 'dossier-42'))).toBeInstanceOf(
      ExecutionAlreadyExists,
    );
    const bad = await rejection(
      sfn.send(new SendTaskSuccessCommand({ taskToken: tokenOf(0), output: 'not json' })),
    );
    expect(bad).toBeInstanceOf(InvalidOutput);
    await sfn.send(new SendTaskSuccessCommand({ taskToken: tokenOf(0), output: '{}' }));
    await endpoint.settle();
    expect(await rejection(start('callback-untimed.asl.json', { d: 1 }, 'dossier-42'))).toBeInstanceOf(
      ExecutionAlreadyExists,
    );
  });
});
