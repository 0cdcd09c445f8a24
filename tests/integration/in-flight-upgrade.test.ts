import {
  CreateStateMachineAliasCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it } from 'vitest';
import { handler as tasksHandler } from '../../functions/workflow/tasks.ts';
import { localFunctionArn } from '../../infra/local/stack.ts';
import { renderDefinition } from '../../infra/workflow/definition.ts';
import { resetConfig } from '../../shared/adapters/config.ts';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { TASK_CONTRACT_VERSION } from '../../shared/contracts/workflow-task.ts';
import { useLocalStack } from '../support/api.ts';
import {
  accept,
  decide,
  executionStatus,
  MON_2026_03_02_0900,
  staff,
  submit,
  version,
} from '../support/workflow.ts';

/**
 * A release while dossiers are in flight (OPERATIONS.md, "Executions in flight"): a dossier started
 * under the previous definition — whose task states send the previous task contract (version 1, no
 * `v`) — keeps running on that definition after the new definition is published and the `live`
 * alias moved to it, its tasks answered by the new tasks function; new dossiers start on the new
 * version. As in AWS, through the Step Functions API (versions and aliases) of the local engine.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });
let client: SFNClient | undefined;
const sfn = () => (client ??= new SFNClient({ region: 'ap-southeast-1', endpoint: stack().urls.sfn }));
afterAll(() => client?.destroy());

/** The definition deployed before task contract versions: every task payload without `v`. */
function previousDefinition(): string {
  const current = JSON.parse(
    renderDefinition({ WorkflowTasksFunctionArn: localFunctionArn('WorkflowTasks') }),
  );
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      const out = Object.fromEntries(Object.entries(o).map(([k, v]) => [k, strip(v)]));
      if (typeof o.task === 'string') delete out.v;
      return out;
    }
    return node;
  };
  return JSON.stringify(strip(current));
}
const currentDefinition = () =>
  renderDefinition({ WorkflowTasksFunctionArn: localFunctionArn('WorkflowTasks') });

/** The contract versions of the task payloads an execution sent (1 where there is no `v`). */
async function contractVersions(executionArn: string): Promise<number[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn().send(new GetExecutionHistoryCommand({ executionArn, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events
    .filter((e) => e.type === 'TaskScheduled')
    .map((e) => JSON.parse(e.taskScheduledEventDetails!.parameters!).Payload as { task: string; v?: number })
    .map((p) => p.v ?? 1);
}

describe('a release with dossiers in flight', () => {
  it('finishes a dossier started under the previous definition and task contract after the new ones are deployed', async () => {
    const machineArn = stack().stateMachineArn;
    // The previous release: its definition published as a version, the live alias on it, and the
    // functions starting dossiers through the alias (as the CDK stacks deploy them).
    const previous = await sfn().send(
      new UpdateStateMachineCommand({
        stateMachineArn: machineArn,
        definition: previousDefinition(),
        publish: true,
      }),
    );
    const alias = await sfn().send(
      new CreateStateMachineAliasCommand({
        name: 'live',
        routingConfiguration: [{ stateMachineVersionArn: previous.stateMachineVersionArn!, weight: 100 }],
      }),
    );
    const startArn = process.env.STATE_MACHINE_ARN;
    process.env.STATE_MACHINE_ARN = alias.stateMachineAliasArn!;
    resetConfig();
    try {
      const old = await submit(stack());
      await accept(stack(), old);
      const before = await sfn().send(new DescribeExecutionCommand({ executionArn: old.executionArn }));
      expect(before.stateMachineVersionArn).toBe(previous.stateMachineVersionArn);
      expect(before.stateMachineAliasArn).toBe(alias.stateMachineAliasArn);
      expect(new Set(await contractVersions(old.executionArn))).toEqual(new Set([1]));
      expect((await getDossier(old.dossierId))!.steps[0]!.status).toBe('WAITING_DEPARTMENT');

      // The release: the new definition published, the alias moved (the tasks function is already
      // the new code, answering both contracts).
      const next = await sfn().send(
        new UpdateStateMachineCommand({
          stateMachineArn: machineArn,
          definition: currentDefinition(),
          publish: true,
        }),
      );
      expect(next.stateMachineVersionArn).not.toBe(previous.stateMachineVersionArn);
      await sfn().send(
        new UpdateStateMachineAliasCommand({
          stateMachineAliasArn: alias.stateMachineAliasArn!,
          routingConfiguration: [{ stateMachineVersionArn: next.stateMachineVersionArn!, weight: 100 }],
        }),
      );

      // A new dossier starts on the new version and sends the current contract.
      const fresh = await submit(stack());
      const freshExec = await sfn().send(new DescribeExecutionCommand({ executionArn: fresh.executionArn }));
      expect(freshExec.stateMachineVersionArn).toBe(next.stateMachineVersionArn);
      expect(new Set(await contractVersions(fresh.executionArn))).toEqual(new Set([TASK_CONTRACT_VERSION]));

      // The old dossier carries on to its end on the old definition, its version-1 tasks answered.
      const tasksBefore = (await contractVersions(old.executionArn)).length;
      expect((await decide(stack(), old, 'S01', { action: 'COMPLETE' })).status).toBe(200);
      const back = await staff(stack(), 'POST', `/staff/dossiers/${old.dossierId}/hand-back`, {
        version: await version(old.dossierId),
      });
      expect(back.status).toBe(200);
      await stack().sfn.settle();
      expect(await executionStatus(stack(), old.executionArn)).toBe('SUCCEEDED');
      const after = await contractVersions(old.executionArn);
      expect(after.length).toBeGreaterThan(tasksBefore);
      expect(new Set(after)).toEqual(new Set([1]));
      expect((await getDossier(old.dossierId))!.dossier.status).toBe('RETURNED');
    } finally {
      if (startArn === undefined) delete process.env.STATE_MACHINE_ARN;
      else process.env.STATE_MACHINE_ARN = startArn;
      resetConfig();
    }
  });

  it('answers a task of the previous contract and of the current one, and refuses an unknown version', async () => {
    const d = await submit(stack());
    const ctx = { awsRequestId: 'r', getRemainingTimeInMillis: () => 10_000 } as never;
    // A timer task that finds nothing due answers the same under both contracts.
    const v1 = await tasksHandler({ task: 'intakeTimer', dossierId: d.dossierId }, ctx);
    const v2 = await tasksHandler(
      { task: 'intakeTimer', dossierId: d.dossierId, v: TASK_CONTRACT_VERSION },
      ctx,
    );
    expect(v2).toEqual(v1);
    await expect(tasksHandler({ task: 'intakeTimer', dossierId: d.dossierId, v: 99 }, ctx)).rejects.toThrow(
      /unsupported workflow task contract version 99/,
    );
  });
});
