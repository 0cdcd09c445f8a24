import { type LocalStack, startLocalStack } from '../infra/local/stack.ts';
import {
  accept,
  advanceTo,
  citizen,
  decide,
  MON_2026_03_02_0900,
  type Submitted,
  seedFixtureProcedures,
  staff,
  submit,
  version,
} from '../tests/support/workflow.ts';

/**
 * State transitions and AWS calls per dossier for the statutory-deadline scenarios, and what
 * 1,000 such dossiers cost at AWS list prices. Transitions are counted by the local Step Functions
 * endpoint (every state entered, Map iterations and retries included), AWS calls at the engines.
 */

/**
 * AWS list prices, US East (N. Virginia), as published on the services' pricing pages in 2025
 * (Asia Pacific regions are within a few percent; check before budgeting). Rechecked 2026-12
 * against published figures: DynamoDB on-demand after the November 2024 cut ($0.625 per million
 * write, $0.125 per million read request units), Step Functions Standard $0.025 per 1,000 state
 * transitions.
 */
export const PRICES = {
  date: '2025-11 (us-east-1 list prices)',
  sfnStandardPerTransition: 0.025 / 1000,
  lambdaPerRequest: 0.2 / 1_000_000,
  lambdaArmPerGbSecond: 0.0000133334,
  /** Assumed average billed duration and memory of one invocation (our handlers: 512 MB, tens of ms). */
  lambdaAvgSeconds: 0.1,
  lambdaGb: 0.5,
  apiGatewayHttpPerRequest: 1.0 / 1_000_000,
  dynamoOnDemandPerWrite: 0.625 / 1_000_000,
  dynamoOnDemandPerRead: 0.125 / 1_000_000,
  s3PutPer: 0.005 / 1000,
  s3GetPer: 0.0004 / 1000,
  sesPerEmail: 0.1 / 1000,
};

interface ScenarioResult {
  scenario: string;
  transitions: number;
  apiRequests: number;
  taskInvocations: number;
  dynamo: { reads: number; writes: number };
  s3: { puts: number; gets: number };
  emails: number;
  costPer1000: number;
}

const READS = ['GetItem', 'Query', 'BatchGetItem'];

async function run(
  name: string,
  stack: LocalStack,
  body: (s: LocalStack) => Promise<{ d: Submitted }>,
): Promise<ScenarioResult> {
  const before = stack.calls.snapshot();
  const mailBefore = ((await (await fetch(`${stack.urls.ses}/store`)).json()) as { emails: unknown[] }).emails
    .length;
  let tasks = 0;
  const tasksBefore = stack.taskInvocations();
  const apiBefore = stack.apiRequests();
  const { d } = await body(stack);
  const apiRequests = stack.apiRequests() - apiBefore;
  await stack.sfn.settle();
  const calls = stack.calls.since(before);
  const count = (ops: string[]) => ops.reduce((n, op) => n + (calls[`dynamodb:${op}`] ?? 0), 0);
  // Items of 1 KB or less; a transactional write costs two write units per item.
  const writes = count(['PutItem', 'UpdateItem', 'DeleteItem']) + 2 * count(['TransactWriteItems.items']);
  const reads = count(READS);
  const stats = stack.sfn.stats(d.executionArn);
  tasks = stack.taskInvocations() - tasksBefore;
  const mail =
    ((await (await fetch(`${stack.urls.ses}/store`)).json()) as { emails: unknown[] }).emails.length -
    mailBefore;
  const puts = (calls['s3:POST'] ?? 0) + (calls['s3:PUT'] ?? 0);
  const gets = calls['s3:GET'] ?? 0;
  const invocations = apiRequests + tasks;
  const p = PRICES;
  const perDossier =
    stats.stateTransitions * p.sfnStandardPerTransition +
    invocations * (p.lambdaPerRequest + p.lambdaAvgSeconds * p.lambdaGb * p.lambdaArmPerGbSecond) +
    apiRequests * p.apiGatewayHttpPerRequest +
    writes * p.dynamoOnDemandPerWrite +
    reads * p.dynamoOnDemandPerRead +
    puts * p.s3PutPer +
    gets * p.s3GetPer +
    mail * p.sesPerEmail;
  return {
    scenario: name,
    transitions: stats.stateTransitions,
    apiRequests,
    taskInvocations: tasks,
    dynamo: { reads, writes },
    s3: { puts, gets },
    emails: mail,
    costPer1000: perDossier * 1000,
  };
}

export async function benchWorkflow() {
  const results: ScenarioResult[] = [];
  // The outbox sweeper is a fixed monthly cost in AWS (a schedule), not a cost per dossier: sweep
  // once a day here so its reads don't count against the dossiers as the clock moves.
  const fresh = () =>
    startLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5, outboxSweepMinutes: 24 * 60 });

  let stack = await fresh();
  results.push(
    await run('on time, single department', stack, async (s) => {
      const d = await submit(s);
      await accept(s, d);
      await advanceTo(s, '2026-03-03 10:00');
      await decide(s, d, 'S01', { action: 'COMPLETE' });
      await staff(s, 'POST', `/staff/dossiers/${d.dossierId}/hand-back`, {
        version: await version(d.dossierId),
      });
      return { d };
    }),
  );
  await stack.stop();

  stack = await fresh();
  results.push(
    await run('one reminder, one supplement, one escalation', stack, async (s) => {
      const d = await submit(s);
      await accept(s, d);
      await advanceTo(s, '2026-03-04 08:00'); // reminder
      await decide(s, d, 'S01', { action: 'REQUEST_SUPPLEMENT', missing: ['Bản sao giấy tờ'] });
      await advanceTo(s, '2026-03-05 10:00');
      await citizen(s, d, 'supplement'); // restart: due Tue 10/03
      await advanceTo(s, '2026-03-10 17:30'); // reminder again, then escalation
      await decide(s, d, 'S01', { action: 'COMPLETE' });
      await staff(s, 'POST', `/staff/dossiers/${d.dossierId}/hand-back`, {
        version: await version(d.dossierId),
      });
      return { d };
    }),
  );
  await stack.stop();

  stack = await fresh();
  await seedFixtureProcedures();
  results.push(
    await run('liên thông, 3 agencies in sequence', stack, async (s) => {
      const d = await submit(s, '9.900002');
      await accept(s, d);
      for (const id of ['S01', 'S02', 'S03']) await decide(s, d, id, { action: 'COMPLETE' });
      await staff(s, 'POST', `/staff/dossiers/${d.dossierId}/hand-back`, {
        version: await version(d.dossierId),
      });
      return { d };
    }),
  );
  await stack.stop();

  const lines = [
    `workflow — state transitions and cost per 1,000 dossiers (prices: ${PRICES.date})`,
    `${'scenario'.padEnd(46)} ${'transitions'.padStart(11)} ${'API req'.padStart(8)} ${'tasks'.padStart(6)} ${'DDB RU/WU'.padStart(10)} ${'emails'.padStart(7)} ${'USD/1,000'.padStart(10)}`,
    ...results.map(
      (r) =>
        `${r.scenario.padEnd(46)} ${String(r.transitions).padStart(11)} ${String(r.apiRequests).padStart(8)} ${String(r.taskInvocations).padStart(6)} ${`${r.dynamo.reads}/${r.dynamo.writes}`.padStart(10)} ${String(r.emails).padStart(7)} ${r.costPer1000.toFixed(3).padStart(10)}`,
    ),
    `targets: on-time single department ≤ 20 transitions (${results[0]!.transitions <= 20 ? 'met' : 'NOT met'}); reminder + supplement + escalation ≤ 40 (${results[1]!.transitions <= 40 ? 'met' : 'NOT met'})`,
  ];
  return { lines, json: { prices: PRICES, results } };
}
