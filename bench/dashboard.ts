import { BatchWriteItemCommand, DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { LOCAL_NAMES, startLocalStack } from '../infra/local/stack.ts';
import { call } from '../tests/support/api.ts';
import { summarise, timeEach } from './stats.ts';

/**
 * The leadership dashboard with a province's year of counters: the monthly counters and gauges of
 * 100,000 dossiers (20 departments × 5 procedures × 12 months) and 300 steps overdue now, written
 * into the table with the keys the write path uses (shared/adapters/stats-repository.ts). Then
 * GET /staff/statistics for the year (gateway, JWT, handler) and GET /statistics (public) are timed
 * next to a raw Query of the same year of counters in the same run. Target: ≤ 3 DynamoDB calls.
 */
const DOSSIERS = Number(process.env.BENCH_DASHBOARD_DOSSIERS ?? 100_000);
const DEPARTMENTS = 20;
const PROCEDURES = 5;
const MONTHS = 12;
const OVERDUE = 300;

export async function benchDashboard() {
  const stack = await startLocalStack({ resume: false });
  const raw = new DynamoDBClient({ region: 'ap-southeast-1', endpoint: stack.urls.dynamodb });
  try {
    const cells = DEPARTMENTS * PROCEDURES * MONTHS;
    const per = Math.floor(DOSSIERS / cells);
    const items: Record<string, unknown>[] = [];
    for (let d = 0; d < DEPARTMENTS; d++) {
      const dept = `D${String(d + 1).padStart(2, '0')}`;
      for (let p = 0; p < PROCEDURES; p++) {
        const proc = `9.${String(d * PROCEDURES + p).padStart(6, '0')}`;
        for (let m = 1; m <= MONTHS; m++) {
          const month = `2026-${String(m).padStart(2, '0')}`;
          const resolved = Math.round(per * 0.9);
          const late = (d * 7 + m) % 9;
          items.push({
            pk: 'STATS#M#2026',
            sk: `${month}#${dept}#${proc}`,
            entity: 'Counter',
            departmentId: dept,
            procedureCode: proc,
            period: month,
            submitted: per,
            received: per,
            receivedOnline: Math.round(per * 0.6),
            resolved,
            early: resolved - late - 10,
            onTime: 10,
            late,
            refused: 1,
            withdrawn: 1,
            stepsDone: resolved,
            ratings: 20,
            ratingPoints: 300,
            ratingMax: 360,
          });
        }
        items.push({
          pk: 'STATS#NOW',
          sk: `${dept}#${proc}`,
          entity: 'Counter',
          departmentId: dept,
          procedureCode: proc,
          inProgress: per,
          overdueNow: 3,
        });
      }
    }
    for (let i = 0; i < OVERDUE; i++) {
      const dossierId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const dueAt = new Date(Date.parse('2026-11-02T10:00:00Z') + i * 3_600_000).toISOString();
      items.push({
        pk: `DOSSIER#${dossierId}`,
        sk: 'STEP#S01',
        entity: 'Step',
        dossierId,
        code: `000.99.01.H55-261102-${String(i).padStart(4, '0')}`,
        procedureCode: '9.000001',
        procedureName: 'Thủ tục thử nghiệm',
        stepId: 'S01',
        stage: 0,
        departmentId: `D${String((i % DEPARTMENTS) + 1).padStart(2, '0')}`,
        status: 'WAITING_DEPARTMENT',
        handler: `local-officer-${i % 40}`,
        dueAt,
        dueDate: dueAt.slice(0, 10),
        escalatedAt: dueAt,
        gsi1pk: 'OVERDUE',
        gsi1sk: `${dueAt}#${dossierId}#S01`,
      });
    }
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
    const N = Number(process.env.BENCH_DASHBOARD_N ?? 200);
    const rawYear = async () => {
      let start: Record<string, unknown> | undefined;
      let n = 0;
      do {
        const res = await raw.send(
          new QueryCommand({
            TableName: LOCAL_NAMES.table,
            KeyConditionExpression: 'pk = :p',
            ExpressionAttributeValues: { ':p': { S: 'STATS#M#2026' } },
            ...(start ? { ExclusiveStartKey: start as never } : {}),
          }),
        );
        n += res.Items?.length ?? 0;
        start = res.LastEvaluatedKey;
      } while (start);
      if (n !== DEPARTMENTS * PROCEDURES * MONTHS) throw new Error(`raw read ${n} items`);
    };
    const dashboard = async () => {
      const res = await call<{ totals: { received: number }; overdue: unknown[]; calls: number }>(
        stack.urls.api,
        'GET',
        '/staff/statistics?from=2026-01&to=2026-12',
        { headers: { authorization: `Bearer ${token}` } },
      );
      if (res.status !== 200 || res.body.overdue.length !== Math.min(OVERDUE, 200))
        throw new Error(`dashboard ${res.status}`);
      return res.body;
    };
    const publicPage = async () => {
      const res = await call(stack.urls.api, 'GET', '/statistics?from=2026-01&to=2026-12');
      if (res.status !== 200) throw new Error(`public ${res.status}`);
    };
    for (let i = 0; i < 20; i++) {
      await rawYear();
      await dashboard();
      await publicPage();
    }
    const first = await dashboard();
    const baseline = await timeEach(N, () => rawYear());
    const before = stack.calls.snapshot();
    const dash = await timeEach(N, () => dashboard());
    const calls = stack.calls.since(before);
    // The statistics are read with Query only; a GetItem is the session's revocation check (one
    // per officer per 30 s per instance, shared/http/session.ts), counted apart.
    const sessionChecks = (calls['dynamodb:GetItem'] ?? 0) / N;
    const callsPerView =
      Object.entries(calls)
        .filter(([k]) => k.startsWith('dynamodb:') && k !== 'dynamodb:GetItem')
        .reduce((n, [, v]) => n + v, 0) / N;
    const pub = await timeEach(N, () => publicPage());
    const b = summarise(baseline.durations, baseline.wallMs);
    const x = summarise(dash.durations, dash.wallMs);
    const y = summarise(pub.durations, pub.wallMs);
    const row = (label: string, s: typeof b) =>
      `${label.padEnd(58)} ${s.p50.toFixed(2).padStart(8)} ${s.p95.toFixed(2).padStart(8)} ${s.p99.toFixed(2).padStart(8)}`;
    const lines = [
      `dashboard — counters of ${first.totals.received.toLocaleString('en')} dossiers received (${DEPARTMENTS} departments × ${PROCEDURES} procedures × ${MONTHS} months), ${OVERDUE} overdue steps (the list shows the 200 most overdue), N=${N}`,
      `${'operation'.padEnd(58)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`,
      row('baseline: raw Query of the year of monthly counters', b),
      row('GET /staff/statistics (year; gateway, JWT, handler)', x),
      row('GET /statistics (public, year)', y),
      `DynamoDB calls per dashboard view = ${callsPerView} (target ≤ 3: ${callsPerView <= 3 ? 'met' : 'NOT met'}), plus ${sessionChecks.toFixed(3)} session checks (GetItem, cache miss); dashboard p99 / raw p99 = ${(x.p99 / b.p99).toFixed(2)}×`,
    ];
    return {
      lines,
      json: {
        dossiers: first.totals.received,
        baseline: b,
        dashboard: x,
        publicPage: y,
        callsPerView,
        sessionChecks,
      },
    };
  } finally {
    raw.destroy();
    await stack.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchDashboard();
  process.stdout.write(`${r.lines.join('\n')}\n`);
  process.exit(0);
}
