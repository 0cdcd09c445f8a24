import { BatchWriteItemCommand, DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { LOCAL_NAMES, startLocalStack } from '../infra/local/stack.ts';
import { call } from '../tests/support/api.ts';
import { summarise, timeEach } from './stats.ts';

/**
 * The department inbox under load: 10,000 dossiers' steps spread over 20 departments are written
 * straight into the table (the inbox's keys exactly as the workflow writes them), then the inbox
 * page (GET /staff/inbox, through the gateway, the JWT check and the handler) is timed next to a raw
 * Query of the same index page in the same run.
 */
const DOSSIERS = Number(process.env.BENCH_INBOX_DOSSIERS ?? 10_000);
const DEPARTMENTS = 20;
const PAGE = 50;

export async function benchInbox() {
  const stack = await startLocalStack({ resume: false });
  const raw = new DynamoDBClient({ region: 'ap-southeast-1', endpoint: stack.urls.dynamodb });
  try {
    const base = Date.parse('2026-03-02T02:00:00Z');
    const items = Array.from({ length: DOSSIERS }, (_, i) => {
      const dept = `D${String((i % DEPARTMENTS) + 1).padStart(2, '0')}`;
      const dossierId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const dueAt = new Date(base + ((i * 7919) % (30 * 86_400_000))).toISOString();
      return {
        pk: `DOSSIER#${dossierId}`,
        sk: 'STEP#S01',
        entity: 'Step',
        dossierId,
        code: `000.99.${String((i % 13) + 1).padStart(2, '0')}.H55-260302-${String(i % 10000).padStart(4, '0')}`,
        procedureCode: '2.001610',
        procedureName: 'Đăng ký thành lập doanh nghiệp tư nhân',
        stepId: 'S01',
        stage: 0,
        departmentId: dept,
        status: 'WAITING_DEPARTMENT',
        dueAt,
        dueDate: dueAt.slice(0, 10),
        reminded: false,
        inboxPk: `INBOX#${dept}#ACTIVE`,
        inboxSk: `${dueAt}#${dossierId}#S01`,
      };
    });
    for (let i = 0; i < items.length; i += 25) {
      await raw.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [LOCAL_NAMES.table]: items
              .slice(i, i + 25)
              .map((item) => ({ PutRequest: { Item: marshall(item) } })),
          },
        }),
      );
    }
    const token = await stack.auth.tokenFor('lanhdao.ttpvhcc');
    const N = Number(process.env.BENCH_N ?? 1000);
    const dept = (i: number) => `D${String((i % DEPARTMENTS) + 1).padStart(2, '0')}`;
    for (let i = 0; i < 50; i++) {
      await raw.send(
        new QueryCommand({
          TableName: LOCAL_NAMES.table,
          IndexName: 'inbox',
          KeyConditionExpression: 'inboxPk = :p',
          ExpressionAttributeValues: { ':p': { S: `INBOX#${dept(i)}#ACTIVE` } },
          Limit: PAGE,
        }),
      );
      await call(stack.urls.api, 'GET', `/staff/inbox?view=all&department=${dept(i)}&limit=${PAGE}`, {
        headers: { authorization: `Bearer ${token}` },
      });
    }
    const baseline = await timeEach(N, (i) =>
      raw.send(
        new QueryCommand({
          TableName: LOCAL_NAMES.table,
          IndexName: 'inbox',
          KeyConditionExpression: 'inboxPk = :p',
          ExpressionAttributeValues: { ':p': { S: `INBOX#${dept(i)}#ACTIVE` } },
          Limit: PAGE,
        }),
      ),
    );
    const before = stack.calls.snapshot();
    const inbox = await timeEach(N, async (i) => {
      const res = await call<{ items: unknown[] }>(
        stack.urls.api,
        'GET',
        `/staff/inbox?view=all&department=${dept(i)}&limit=${PAGE}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      if (res.status !== 200 || res.body.items.length !== PAGE) throw new Error(`inbox ${res.status}`);
    });
    const calls = stack.calls.since(before);
    const callsPerPage =
      Object.entries(calls)
        .filter(([k]) => k.startsWith('dynamodb:'))
        .reduce((n, [, v]) => n + v, 0) / N;
    const b = summarise(baseline.durations, baseline.wallMs);
    const x = summarise(inbox.durations, inbox.wallMs);
    const ratio = x.p99 / b.p99;
    const lines = [
      `inbox — ${DOSSIERS.toLocaleString('en')} dossiers over ${DEPARTMENTS} departments, pages of ${PAGE}, N=${N}`,
      `${'operation'.padEnd(58)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`,
      `${'baseline: raw Query of the inbox index'.padEnd(58)} ${b.p50.toFixed(2).padStart(8)} ${b.p95.toFixed(2).padStart(8)} ${b.p99.toFixed(2).padStart(8)}`,
      `${'GET /staff/inbox (gateway, JWT, handler)'.padEnd(58)} ${x.p50.toFixed(2).padStart(8)} ${x.p95.toFixed(2).padStart(8)} ${x.p99.toFixed(2).padStart(8)}`,
      `inbox p99 / raw Query p99 = ${ratio.toFixed(2)}× (target ≤ 3×: ${ratio <= 3 ? 'met' : 'NOT met'}); DynamoDB calls per page = ${callsPerPage} (target 1: ${callsPerPage === 1 ? 'met' : 'NOT met'})`,
    ];
    return {
      lines,
      json: {
        dossiers: DOSSIERS,
        departments: DEPARTMENTS,
        page: PAGE,
        baseline: b,
        inbox: x,
        ratio,
        callsPerPage,
      },
    };
  } finally {
    raw.destroy();
    await stack.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchInbox();
  process.stdout.write(`${r.lines.join('\n')}\n`);
  process.exit(0);
}
