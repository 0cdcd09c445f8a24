/**
 * What the endpoint reads from a state machine definition before handing it to
 * aws-local-stepfunctions: the Task resources it can run, the states with a Retry (for the
 * retry-interval override), and the copy given to the library (without the top-level
 * TimeoutSeconds, which the endpoint enforces on the LocalClock). The original text is what
 * DescribeStateMachine returns.
 */
export type JsonObject = Record<string, unknown>;

export type ResourceKind = 'lambda:invoke' | 'lambda:invoke.waitForTaskToken' | 'lambda:arn';

export interface ParsedDefinition {
  /** The definition handed to the library. */
  forLibrary: JsonObject;
  /** Top-level TimeoutSeconds (the execution's timeout), if any. */
  timeoutSeconds: number | undefined;
  /** Names of the states (at any depth) that have a Retry field. */
  retryStates: string[];
}

export class DefinitionError extends Error {}

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;

export function resourceKind(resource: unknown): ResourceKind | undefined {
  if (resource === 'arn:aws:states:::lambda:invoke') return 'lambda:invoke';
  if (resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') return 'lambda:invoke.waitForTaskToken';
  if (typeof resource === 'string' && LAMBDA_ARN.test(resource)) return 'lambda:arn';
  return undefined;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every (name, state) pair, nested Map/Parallel states included. */
export function walkStates(machine: JsonObject, visit: (name: string, state: JsonObject) => void): void {
  const states = machine.States;
  if (!isObject(states)) return;
  for (const [name, state] of Object.entries(states)) {
    if (!isObject(state)) continue;
    visit(name, state);
    const processor = state.ItemProcessor ?? state.Iterator;
    if (isObject(processor)) walkStates(processor, visit);
    if (Array.isArray(state.Branches)) {
      for (const branch of state.Branches) if (isObject(branch)) walkStates(branch, visit);
    }
  }
}

export function parseDefinition(text: string): ParsedDefinition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new DefinitionError(
      `Invalid State Machine Definition: INVALID_JSON_DESCRIPTION: ${(err as Error).message}`,
    );
  }
  if (!isObject(parsed)) throw new DefinitionError('Invalid State Machine Definition: not a JSON object');
  const problems: string[] = [];
  const seen = new Set<string>();
  const retryStates: string[] = [];
  walkStates(parsed, (name, state) => {
    if (seen.has(name)) problems.push(`DUPLICATE_STATE_NAME: Duplicate State name: ${name}`);
    seen.add(name);
    if (Array.isArray(state.Retry)) retryStates.push(name);
    if (state.Type === 'Task' && !resourceKind(state.Resource)) {
      problems.push(
        `UNSUPPORTED_RESOURCE at /States/${name}/Resource: the local endpoint runs only ` +
          `arn:aws:states:::lambda:invoke[.waitForTaskToken] and Lambda function ARNs, not ${String(state.Resource)}`,
      );
    }
  });
  if (problems.length) throw new DefinitionError(`Invalid State Machine Definition: ${problems.join(', ')}`);
  const { TimeoutSeconds, ...forLibrary } = parsed;
  return {
    forLibrary,
    timeoutSeconds: typeof TimeoutSeconds === 'number' ? TimeoutSeconds : undefined,
    retryStates,
  };
}
