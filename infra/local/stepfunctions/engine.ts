import './polyfill.ts';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  ExecutionError,
  type RunOptions,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import type { LocalClock, TimerHandle } from '../clock.ts';
import {
  DefinitionError,
  type JsonObject,
  parseDefinition,
  type ResourceKind,
  resourceKind,
} from './definition.ts';

/**
 * The Step Functions service behind the local endpoint: state machines, executions, task tokens,
 * history. aws-local-stepfunctions interprets the ASL; through the hooks our patch adds to it
 * (patches/aws-local-stepfunctions+3.0.0.patch) every Task, Wait and retry back-off comes back
 * here, where tasks call our handlers in-process and every wait runs on the LocalClock.
 */

export type InvokeLambda = (functionArn: string, payload: unknown) => Promise<unknown>;

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';

export interface Transition {
  executionArn: string;
  stateMachineArn: string;
  stateName: string;
  stateType: string;
  /** Transitions of this execution so far, this one included. */
  count: number;
  /** Virtual time (ms). */
  at: number;
}

export interface EngineOptions {
  clock: LocalClock;
  invokeLambda: InvokeLambda;
  /** Wait between retries, in ms, instead of IntervalSeconds × BackoffRate^n (applied to every Retry). */
  retryIntervalMs?: number | undefined;
  onTransition?: ((t: Transition) => void) | undefined;
  region: string;
  account: string;
}

/** An AWS API error: `code` becomes the `__type` the SDK maps to its exception class. */
export class SfnError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

export interface HistoryRecord {
  seq: number;
  at: number;
  type: string;
  detailsKey?: string;
  details?: JsonObject;
}

/** One definition of a state machine, compiled: its latest revision, or a published version. */
export interface Revision {
  definition: string;
  sm: StateMachine;
  timeoutSeconds: number | undefined;
  retryStates: string[];
}

export interface Machine extends Revision {
  arn: string;
  name: string;
  roleArn: string;
  type: string;
  creationDate: number;
  executions: Execution[];
  /** Published versions (`<arn>:1`, `<arn>:2`, …), immutable, as PublishStateMachineVersion makes them. */
  versions: Revision[];
  /** Aliases (`<arn>:<name>`) → the version number they route every execution to. */
  aliases: Map<string, number>;
}

/** What StartExecution was given: the machine, and the version (and alias) it named, if any. */
export interface Target {
  machine: Machine;
  revision: Revision;
  versionArn?: string;
  aliasArn?: string;
}

export interface Execution {
  arn: string;
  name: string;
  machine: Machine;
  input: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  history: HistoryRecord[];
  transitions: number;
  /** Retries (AWS bills each as a state transition too). */
  retries: number;
  tasks: Set<Task>;
  /** The version (and alias) the execution was started through: it runs that definition to its end. */
  versionArn?: string;
  aliasArn?: string;
  abort?: () => void;
  timeoutTimer?: TimerHandle | undefined;
}

interface Task {
  exec: Execution;
  kind: ResourceKind;
  token: string | undefined;
  done: boolean;
  resolve(value: unknown): void;
  reject(err: Error): void;
  timers: (TimerHandle | undefined)[];
  heartbeatMs: number | null;
  detach(): void;
}

/** What the patched library hands the `task` hook. */
interface TaskHookArgs {
  stateName: string;
  state: JsonObject;
  input: unknown;
  rawInput: unknown;
  timeoutMs: number | null;
  heartbeatMs: number | null;
  abortSignal?: AbortSignal;
}

interface LibraryEvent {
  type: string;
  state?: { name: string; type: string; input?: unknown; output?: unknown };
  index?: number;
  parentState?: { name: string };
  Error?: string;
  Cause?: unknown;
  input?: unknown;
}

interface LocalHooks {
  task(args: TaskHookArgs): Promise<unknown>;
  sleep(ms: number, signal?: AbortSignal): Promise<void> | undefined;
  now(): number;
  onEvent(event: LibraryEvent, nested: boolean): void;
}

/**
 * An error the library treats like a Task's: matched by name in Retry/Catch, `message` is the
 * Cause. `States.Runtime` is neither retried nor caught, as in AWS.
 */
export class StatesError extends Error {
  readonly isRetryable: boolean;
  readonly isCatchable: boolean;
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
    this.isRetryable = this.isCatchable = name !== 'States.Runtime';
  }
}

/** The value `$$.Task.Token` evaluates to inside the library; replaced by the minted token. */
const TOKEN_PLACEHOLDER = `__local-sfn-task-token-${randomUUID()}__`;
const STAMP = Symbol('local-sfn-stamp');
const NEVER = new Promise<never>(() => undefined);
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

const json = (v: unknown) => JSON.stringify(v === undefined ? null : v);
const resourceName = (kind: ResourceKind) =>
  kind === 'lambda:arn' ? undefined : kind === 'lambda:invoke' ? 'invoke' : 'invoke.waitForTaskToken';

function replacePlaceholder(value: unknown, token: string | undefined): { value: unknown; found: boolean } {
  let found = false;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (!v.includes(TOKEN_PLACEHOLDER)) return v;
      found = true;
      return token === undefined ? v : v.split(TOKEN_PLACEHOLDER).join(token);
    }
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  const out = walk(value);
  return { value: out, found };
}

function lambdaErrorCause(err: unknown): { name: string; cause: string } {
  const e = err instanceof Error ? err : new Error(String(err));
  const name = e.name || 'Error';
  const trace = typeof e.stack === 'string' ? e.stack.split('\n') : [];
  return { name, cause: JSON.stringify({ errorMessage: e.message, errorType: name, trace }) };
}

/** AWS names: 1–80 characters, no whitespace, none of < > { } [ ] ? * " # % \\ ^ | ~ ` $ & , ; : / nor control characters. */
function isValidName(name: string): boolean {
  if (name.length < 1 || name.length > 80 || /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/.test(name)) return false;
  for (const ch of name) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return false;
  }
  return true;
}

/** A definition parsed and compiled for the interpreter, or InvalidDefinition. */
function compile(definition: string): Revision {
  try {
    const parsed = parseDefinition(definition);
    const sm = new StateMachine(parsed.forLibrary as unknown as StateMachineDefinition, {
      validationOptions: { checkArn: true, checkPaths: true },
    });
    return { definition, sm, timeoutSeconds: parsed.timeoutSeconds, retryStates: parsed.retryStates };
  } catch (err) {
    const message =
      err instanceof DefinitionError
        ? err.message
        : `Invalid State Machine Definition: ${(err as Error).message}`;
    throw new SfnError('InvalidDefinition', message);
  }
}

export class SfnEngine {
  readonly machines = new Map<string, Machine>();
  readonly executions = new Map<string, Execution>();
  /** Every token ever minted; an ended task stays so that reusing its token answers TaskTimedOut. */
  private readonly tokens = new Map<string, Task>();
  private seq = 0;
  private inFlight = 0;
  private activity = 0;
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(private readonly opts: EngineOptions) {}

  // ---- bookkeeping for settle() ---------------------------------------------------------

  private touch(): void {
    this.activity++;
  }

  beginWork(): void {
    this.inFlight++;
    this.touch();
  }

  endWork(): void {
    this.inFlight--;
    this.touch();
    if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  /**
   * Resolves once nothing is in flight (no handler invocation, no API request) and a full turn
   * of the event loop passed without the interpreter doing anything: every running execution is
   * then waiting on a task token or on a clock timer.
   */
  async settle(): Promise<void> {
    for (;;) {
      if (this.inFlight > 0) {
        await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
        continue;
      }
      const before = this.activity;
      await nextTurn();
      await nextTurn();
      if (this.inFlight === 0 && this.activity === before) return;
    }
  }

  // ---- state machines -------------------------------------------------------------------

  machineArn(name: string): string {
    return `arn:aws:states:${this.opts.region}:${this.opts.account}:stateMachine:${name}`;
  }

  createStateMachine(p: { name: string; definition: string; roleArn?: string; type?: string }): Machine {
    if (!isValidName(p.name)) throw new SfnError('InvalidName', `Invalid Name: '${p.name}'`);
    const roleArn = p.roleArn ?? `arn:aws:iam::${this.opts.account}:role/local-stepfunctions`;
    const type = p.type ?? 'STANDARD';
    if (type !== 'STANDARD' && type !== 'EXPRESS') {
      throw new SfnError('ValidationException', `Value '${type}' at 'type' failed to satisfy constraint`);
    }
    const arn = this.machineArn(p.name);
    const existing = this.machines.get(arn);
    if (existing) {
      if (existing.definition === p.definition && existing.roleArn === roleArn && existing.type === type) {
        return existing;
      }
      throw new SfnError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
    }
    const machine: Machine = {
      arn,
      name: p.name,
      roleArn,
      type,
      creationDate: this.opts.clock.now(),
      ...compile(p.definition),
      executions: [],
      versions: [],
      aliases: new Map(),
    };
    this.machines.set(arn, machine);
    return machine;
  }

  /**
   * UpdateStateMachine: a new latest revision, for executions started from now on without a
   * version or alias; executions already running keep the definition they started with (as in
   * AWS). `publish` also makes it a new version.
   */
  updateStateMachine(
    machine: Machine,
    p: { definition?: string; publish?: boolean },
  ): { versionArn?: string } {
    if (p.definition !== undefined) Object.assign(machine, compile(p.definition));
    return p.publish ? { versionArn: this.publishVersion(machine) } : {};
  }

  /** PublishStateMachineVersion: the latest revision as the next immutable version. */
  publishVersion(machine: Machine): string {
    const latest = machine.versions.at(-1);
    if (latest && latest.definition === machine.definition)
      return `${machine.arn}:${machine.versions.length}`;
    const { definition, sm, timeoutSeconds, retryStates } = machine;
    machine.versions.push({ definition, sm, timeoutSeconds, retryStates });
    return `${machine.arn}:${machine.versions.length}`;
  }

  /** Create/UpdateStateMachineAlias with one version taking every execution (weight 100). */
  setAlias(name: string, versionArn: string): string {
    const target = this.getTarget(versionArn);
    if (!target.versionArn) throw new SfnError('ValidationException', `Not a version ARN: '${versionArn}'`);
    const version = Number(target.versionArn.slice(target.versionArn.lastIndexOf(':') + 1));
    target.machine.aliases.set(name, version);
    return `${target.machine.arn}:${name}`;
  }

  /** The machine and revision an ARN names: the machine (latest), `<arn>:<version>` or `<arn>:<alias>`. */
  getTarget(arn: unknown): Target {
    const m =
      typeof arn === 'string'
        ? /^(arn:aws[a-z-]*:states:[^:]*:\d{12}:stateMachine:[^:]+):([^:]+)$/.exec(arn)
        : null;
    if (!m) {
      const machine = this.getMachine(arn);
      return { machine, revision: machine };
    }
    const machine = this.getMachine(m[1]);
    const qualifier = m[2]!;
    const aliasVersion = machine.aliases.get(qualifier);
    const number = /^\d+$/.test(qualifier) ? Number(qualifier) : aliasVersion;
    const revision = number === undefined ? undefined : machine.versions[number - 1];
    if (!revision) throw new SfnError('ResourceNotFound', `Resource Not Found: '${String(arn)}'`);
    return {
      machine,
      revision,
      versionArn: `${machine.arn}:${number}`,
      ...(aliasVersion !== undefined ? { aliasArn: arn as string } : {}),
    };
  }

  getMachine(arn: unknown): Machine {
    if (typeof arn !== 'string' || !/^arn:aws[a-z-]*:states:[^:]*:\d{12}:stateMachine:[^:]+$/.test(arn)) {
      throw new SfnError('InvalidArn', `Invalid Arn: '${String(arn)}'`);
    }
    const m = this.machines.get(arn);
    if (!m) throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return m;
  }

  getExecution(arn: unknown): Execution {
    if (typeof arn !== 'string' || !/^arn:aws[a-z-]*:states:[^:]*:\d{12}:execution:[^:]+:[^:]+$/.test(arn)) {
      throw new SfnError('InvalidArn', `Invalid Arn: '${String(arn)}'`);
    }
    const e = this.executions.get(arn);
    if (!e) throw new SfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return e;
  }

  stats(executionArn: string): { stateTransitions: number; retries: number } {
    const e = this.executions.get(executionArn);
    if (!e) throw new Error(`unknown execution ${executionArn}`);
    return { stateTransitions: e.transitions, retries: e.retries };
  }

  // ---- executions -----------------------------------------------------------------------

  startExecution(target: Machine | Target, p: { name?: string; input?: string }): Execution {
    const { machine, revision, versionArn, aliasArn } =
      'revision' in target ? target : { machine: target, revision: target as Revision };
    if (this.closed) throw new SfnError('ServiceUnavailable', 'Shutting down', 503);
    const name = p.name ?? randomUUID();
    if (!isValidName(name)) throw new SfnError('InvalidName', `Invalid Name: '${name}'`);
    const inputText = p.input ?? '{}';
    let input: unknown;
    try {
      input = JSON.parse(inputText);
    } catch {
      throw new SfnError('InvalidExecutionInput', `Invalid execution input: ${inputText.slice(0, 100)}`);
    }
    const arn = `arn:aws:states:${this.opts.region}:${this.opts.account}:execution:${machine.name}:${name}`;
    const existing = this.executions.get(arn);
    if (existing) {
      // AWS: idempotent for a RUNNING Standard execution started with the same input.
      if (existing.status === 'RUNNING' && existing.input === inputText) return existing;
      throw new SfnError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const clock = this.opts.clock;
    const exec: Execution = {
      arn,
      name,
      machine,
      input: inputText,
      status: 'RUNNING',
      startDate: clock.now(),
      history: [],
      transitions: 0,
      retries: 0,
      tasks: new Set(),
      ...(versionArn ? { versionArn } : {}),
      ...(aliasArn ? { aliasArn } : {}),
    };
    this.executions.set(arn, exec);
    machine.executions.push(exec);
    this.touch();

    const hooks: LocalHooks = {
      task: (args) => this.runTask(exec, args),
      sleep: (ms, signal) => this.sleep(ms, signal),
      now: () => clock.now(),
      onEvent: (event, nested) => this.onEvent(exec, event, nested),
    };
    const context = {
      Execution: {
        Id: arn,
        Name: name,
        RoleArn: machine.roleArn,
        StartTime: new Date(exec.startDate).toISOString(),
      },
      StateMachine: { Id: machine.arn, Name: machine.name },
      Task: { Token: TOKEN_PLACEHOLDER },
    };
    const retry = this.opts.retryIntervalMs;
    const runOptions = {
      context,
      _localHooks: hooks,
      ...(retry === undefined
        ? {}
        : {
            overrides: {
              retryIntervalOverrides: Object.fromEntries(revision.retryStates.map((s) => [s, retry])),
            },
          }),
    } as RunOptions;

    if (revision.timeoutSeconds !== undefined) {
      exec.timeoutTimer = clock.setTimer(exec.startDate + revision.timeoutSeconds * 1000, () =>
        this.endExecution(exec, 'TIMED_OUT', { error: 'States.Timeout', cause: 'Execution timed out' }),
      );
    }
    // The revision's compiled definition: a later update of the machine never reaches this run.
    const run = revision.sm.run(input as never, runOptions);
    exec.abort = run.abort;
    void (async () => {
      // Drain the library's own event queue (we record events through the onEvent hook).
      for await (const _ of run.eventLogs);
    })();
    run.result.then(
      (output) => this.endExecution(exec, 'SUCCEEDED', { output: json(output) }),
      (err: unknown) => {
        const cause =
          err instanceof ExecutionError && err.cause instanceof Error ? err.cause : (err as Error);
        this.endExecution(exec, 'FAILED', {
          error: cause?.name ?? 'Error',
          cause: cause?.message ?? String(err),
        });
      },
    );
    return exec;
  }

  stopExecution(exec: Execution, p: { error?: string; cause?: string }): void {
    this.endExecution(exec, 'ABORTED', { error: p.error, cause: p.cause });
  }

  private endExecution(
    exec: Execution,
    status: Exclude<ExecutionStatus, 'RUNNING'>,
    r: { output?: string; error?: string | undefined; cause?: string | undefined },
  ): void {
    if (exec.status !== 'RUNNING') return;
    exec.status = status;
    exec.stopDate = this.opts.clock.now();
    if (r.output !== undefined) exec.output = r.output;
    if (r.error) exec.error = r.error;
    if (r.cause !== undefined) exec.cause = r.cause;
    this.opts.clock.clearTimer(exec.timeoutTimer);
    for (const task of [...exec.tasks]) this.killTask(task);
    if (status === 'ABORTED' || status === 'TIMED_OUT') exec.abort?.();
    const errorDetails = {
      ...(r.error ? { error: r.error } : {}),
      ...(r.cause !== undefined ? { cause: r.cause } : {}),
    };
    switch (status) {
      case 'SUCCEEDED':
        this.record(exec, 'ExecutionSucceeded', 'executionSucceededEventDetails', {
          output: r.output,
          outputDetails: { truncated: false },
        });
        break;
      case 'FAILED':
        this.record(exec, 'ExecutionFailed', 'executionFailedEventDetails', errorDetails);
        break;
      case 'ABORTED':
        this.record(exec, 'ExecutionAborted', 'executionAbortedEventDetails', errorDetails);
        break;
      case 'TIMED_OUT':
        this.record(exec, 'ExecutionTimedOut', 'executionTimedOutEventDetails', errorDetails);
        break;
    }
  }

  // ---- history --------------------------------------------------------------------------

  private record(
    exec: Execution,
    type: string,
    detailsKey?: string,
    details?: JsonObject,
    stamp?: Stamp,
  ): void {
    const s = stamp ?? { seq: ++this.seq, at: this.opts.clock.now() };
    exec.history.push({
      seq: s.seq,
      at: s.at,
      type,
      ...(detailsKey && details ? { detailsKey, details } : {}),
    });
    this.touch();
  }

  /** Called by the library, synchronously, for every event of the execution and its Map/Parallel children. */
  private onEvent(exec: Execution, event: LibraryEvent, nested: boolean): void {
    const tagged = event as LibraryEvent & { [STAMP]?: Stamp };
    // Forwarded copies (MapIteration*) inherit the stamp of the child event they copy; the same
    // object forwarded again (StateEntered of a child) is recorded once.
    if (tagged[STAMP]?.recorded) return;
    const stamp: Stamp = tagged[STAMP] ?? { seq: ++this.seq, at: this.opts.clock.now() };
    tagged[STAMP] = { ...stamp, recorded: true };
    this.touch();
    const st = event.state;
    switch (event.type) {
      case 'ExecutionStarted':
        if (nested) {
          // A Map iteration or Parallel branch: its stamp is inherited by the copy forwarded up.
          tagged[STAMP] = stamp;
          return;
        }
        this.record(
          exec,
          'ExecutionStarted',
          'executionStartedEventDetails',
          { input: exec.input, inputDetails: { truncated: false }, roleArn: exec.machine.roleArn },
          stamp,
        );
        return;
      case 'ExecutionSucceeded':
      case 'ExecutionFailed':
        if (nested) tagged[STAMP] = stamp;
        return; // the root's end is recorded by endExecution
      case 'StateEntered': {
        if (!st) return;
        exec.transitions++;
        this.record(
          exec,
          `${st.type}StateEntered`,
          'stateEnteredEventDetails',
          { name: st.name, input: json(st.input), inputDetails: { truncated: false } },
          stamp,
        );
        try {
          this.opts.onTransition?.({
            executionArn: exec.arn,
            stateMachineArn: exec.machine.arn,
            stateName: st.name,
            stateType: st.type,
            count: exec.transitions,
            at: stamp.at,
          });
        } catch (err) {
          console.error('onTransition failed', err);
        }
        return;
      }
      case 'StateExited':
        if (!st) return;
        this.record(
          exec,
          `${st.type}StateExited`,
          'stateExitedEventDetails',
          { name: st.name, output: json(st.output), outputDetails: { truncated: false } },
          stamp,
        );
        return;
      case 'StateRetried':
        exec.retries++;
        return;
      case 'StateFailed':
        // Task failures are recorded as TaskFailed/TaskTimedOut by runTask.
        if (st?.type === 'Map' || st?.type === 'Parallel')
          this.record(exec, `${st.type}StateFailed`, undefined, undefined, stamp);
        return;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const key = `${event.type[0]!.toLowerCase()}${event.type.slice(1)}EventDetails`;
        this.record(exec, event.type, key, { name: event.parentState?.name, index: event.index }, stamp);
        return;
      }
      default:
        return;
    }
  }

  history(exec: Execution): (JsonObject & { id: number })[] {
    return [...exec.history]
      .sort((a, b) => a.seq - b.seq)
      .map((r, i) => ({
        timestamp: r.at / 1000,
        type: r.type,
        id: i + 1,
        previousEventId: i,
        ...(r.detailsKey && r.details ? { [r.detailsKey]: r.details } : {}),
      }));
  }

  // ---- waits ----------------------------------------------------------------------------

  /** Wait states and retry back-off, on the LocalClock. Like the library's sleep: 0 → no wait, abort → resolve. */
  private sleep(ms: number, signal?: AbortSignal): Promise<void> | undefined {
    if (!(ms > 0) || signal?.aborted) return undefined;
    const clock = this.opts.clock;
    return new Promise<void>((resolve) => {
      const done = () => {
        signal?.removeEventListener('abort', onAbort);
        this.touch();
        resolve();
      };
      const timer = clock.setTimer(clock.now() + ms, done);
      const onAbort = () => {
        clock.clearTimer(timer);
        done();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  // ---- tasks ----------------------------------------------------------------------------

  private runTask(exec: Execution, args: TaskHookArgs): Promise<unknown> {
    if (exec.status !== 'RUNNING' || args.abortSignal?.aborted || this.closed) return NEVER;
    this.touch();
    const kind = resourceKind(args.state.Resource)!;
    const clock = this.opts.clock;
    const entered = clock.now();
    const token =
      kind === 'lambda:invoke.waitForTaskToken' ? randomBytes(48).toString('base64url') : undefined;
    const sub = replacePlaceholder(args.input, token);
    if (sub.found && token === undefined) {
      return Promise.reject(
        new StatesError(
          'States.Runtime',
          `The JSONPath '$$.Task.Token' specified for the field 'Parameters' could not be found: ` +
            `a task token exists only for a .waitForTaskToken resource`,
        ),
      );
    }
    const params = sub.value as JsonObject | undefined;
    let functionArn: string;
    let payload: unknown;
    if (kind === 'lambda:arn') {
      functionArn = String(args.state.Resource);
      payload = params;
    } else {
      if (typeof params?.FunctionName !== 'string') {
        return Promise.reject(
          new StatesError(
            'States.Runtime',
            `The field 'FunctionName' is required in 'Parameters' of ${args.stateName}`,
          ),
        );
      }
      functionArn = params.FunctionName;
      payload = params.Payload === undefined ? {} : params.Payload;
    }
    payload = JSON.parse(json(payload));

    const resource = resourceName(kind);
    const base = resource ? { resourceType: 'lambda', resource } : {};
    if (kind === 'lambda:arn') {
      this.record(exec, 'LambdaFunctionScheduled', 'lambdaFunctionScheduledEventDetails', {
        resource: functionArn,
        input: json(payload),
        inputDetails: { truncated: false },
        ...(args.timeoutMs !== null ? { timeoutInSeconds: args.timeoutMs / 1000 } : {}),
      });
      this.record(exec, 'LambdaFunctionStarted');
    } else {
      this.record(exec, 'TaskScheduled', 'taskScheduledEventDetails', {
        ...base,
        region: this.opts.region,
        parameters: json(params),
        ...(args.timeoutMs !== null ? { timeoutInSeconds: args.timeoutMs / 1000 } : {}),
        ...(args.heartbeatMs !== null && token ? { heartbeatInSeconds: args.heartbeatMs / 1000 } : {}),
      });
      this.record(exec, 'TaskStarted', 'taskStartedEventDetails', base);
    }

    return new Promise<unknown>((resolve, reject) => {
      const onAbort = () => this.killTask(task);
      const task: Task = {
        exec,
        kind,
        token,
        done: false,
        resolve,
        reject,
        timers: [],
        heartbeatMs: token ? args.heartbeatMs : null,
        detach: () => args.abortSignal?.removeEventListener('abort', onAbort),
      };
      exec.tasks.add(task);
      if (token) this.tokens.set(token, task);
      args.abortSignal?.addEventListener('abort', onAbort, { once: true });
      if (args.timeoutMs !== null) {
        task.timers[0] = clock.setTimer(entered + args.timeoutMs, () =>
          this.timeOutTask(task, `The task did not complete within ${args.timeoutMs! / 1000} seconds`),
        );
      }
      if (task.heartbeatMs !== null) {
        task.timers[1] = clock.setTimer(entered + task.heartbeatMs, () =>
          this.timeOutTask(task, `No heartbeat within ${task.heartbeatMs! / 1000} seconds`),
        );
      }

      this.beginWork();
      let invocation: Promise<unknown>;
      try {
        invocation = Promise.resolve(this.opts.invokeLambda(functionArn, payload));
      } catch (err) {
        invocation = Promise.reject(err);
      }
      invocation
        .then(
          (result) => {
            if (task.done) return;
            let response: unknown;
            try {
              response = JSON.parse(json(result));
            } catch (err) {
              this.failTask(
                task,
                'Lambda.Unknown',
                `The function's result is not JSON: ${(err as Error).message}`,
              );
              return;
            }
            if (kind === 'lambda:arn') {
              this.succeedTask(task, response);
            } else {
              const wrapped = { ExecutedVersion: '$LATEST', Payload: response, StatusCode: 200 };
              if (token) {
                this.record(exec, 'TaskSubmitted', 'taskSubmittedEventDetails', {
                  ...base,
                  output: json(wrapped),
                  outputDetails: { truncated: false },
                });
              } else {
                this.succeedTask(task, wrapped);
              }
            }
          },
          (err: unknown) => {
            if (task.done) return;
            const { name, cause } = lambdaErrorCause(err);
            this.failTask(task, name, cause);
          },
        )
        .finally(() => this.endWork());
    });
  }

  private finishTask(task: Task): boolean {
    if (task.done) return false;
    task.done = true;
    for (const t of task.timers) this.opts.clock.clearTimer(t);
    task.detach();
    task.exec.tasks.delete(task);
    this.touch();
    return true;
  }

  private succeedTask(task: Task, output: unknown): void {
    if (!this.finishTask(task)) return;
    if (task.kind === 'lambda:arn') {
      this.record(task.exec, 'LambdaFunctionSucceeded', 'lambdaFunctionSucceededEventDetails', {
        output: json(output),
        outputDetails: { truncated: false },
      });
    } else {
      this.record(task.exec, 'TaskSucceeded', 'taskSucceededEventDetails', {
        resourceType: 'lambda',
        resource: resourceName(task.kind),
        output: json(output),
        outputDetails: { truncated: false },
      });
    }
    task.resolve(output);
  }

  private failTask(task: Task, error: string, cause: string, timedOut = false): void {
    if (!this.finishTask(task)) return;
    const details = { error, cause };
    if (task.kind === 'lambda:arn') {
      const type = timedOut ? 'LambdaFunctionTimedOut' : 'LambdaFunctionFailed';
      this.record(
        task.exec,
        type,
        timedOut ? 'lambdaFunctionTimedOutEventDetails' : 'lambdaFunctionFailedEventDetails',
        details,
      );
    } else {
      const base = { resourceType: 'lambda', resource: resourceName(task.kind) };
      if (timedOut)
        this.record(task.exec, 'TaskTimedOut', 'taskTimedOutEventDetails', { ...base, ...details });
      else this.record(task.exec, 'TaskFailed', 'taskFailedEventDetails', { ...base, ...details });
    }
    task.reject(new StatesError(error, cause));
  }

  private timeOutTask(task: Task, cause: string): void {
    this.failTask(task, 'States.Timeout', cause, true);
  }

  /** The execution stopped: the task's token dies, nothing resumes the interpreter. */
  private killTask(task: Task): void {
    this.finishTask(task);
  }

  private taskForToken(token: unknown): Task {
    const task = typeof token === 'string' ? this.tokens.get(token) : undefined;
    if (!task) throw new SfnError('InvalidToken', 'Invalid Token');
    if (task.done) throw new SfnError('TaskTimedOut', 'Task Timed Out: Provided task does not exist anymore');
    return task;
  }

  sendTaskSuccess(token: unknown, output: unknown): void {
    const task = this.taskForToken(token);
    let value: unknown;
    try {
      value = JSON.parse(String(output));
    } catch {
      throw new SfnError('InvalidOutput', 'Invalid Output: output is not valid JSON');
    }
    this.succeedTask(task, value);
  }

  sendTaskFailure(token: unknown, error: string | undefined, cause: string | undefined): void {
    const task = this.taskForToken(token);
    this.failTask(task, error ?? '', cause ?? '');
  }

  sendTaskHeartbeat(token: unknown): void {
    const task = this.taskForToken(token);
    if (task.heartbeatMs !== null) {
      const clock = this.opts.clock;
      clock.clearTimer(task.timers[1]);
      task.timers[1] = clock.setTimer(clock.now() + task.heartbeatMs, () =>
        this.timeOutTask(task, `No heartbeat within ${task.heartbeatMs! / 1000} seconds`),
      );
    }
    this.touch();
  }

  close(): void {
    this.closed = true;
    for (const exec of this.executions.values()) {
      this.endExecution(exec, 'ABORTED', {
        error: 'States.Runtime',
        cause: 'The local Step Functions endpoint closed',
      });
    }
    for (const w of this.idleWaiters.splice(0)) w();
  }
}

interface Stamp {
  seq: number;
  at: number;
  recorded?: boolean;
}

export function assertPatched(): void {
  if ((StateMachine as unknown as { localHooksVersion?: number }).localHooksVersion !== 1) {
    throw new Error(
      'aws-local-stepfunctions is not patched (patches/aws-local-stepfunctions+3.0.0.patch): run `npm install` ' +
        'or `npx patch-package` first',
    );
  }
}
