import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DossierEvent } from '../domain/dossier.ts';
import {
  type CounterRow,
  FLOW_FIELDS,
  GAUGE_FIELDS,
  mergeDeltas,
  type StatsAttrs,
  tally,
} from '../domain/statistics.ts';
import type { TransactItem } from './clients.ts';
import { clients, queryAll } from './clients.ts';
import { config } from './config.ts';

/**
 * Where the statistics' counters live (shared/domain/statistics.ts says what they count):
 *
 *   STATS#D#<yyyy-MM>  <yyyy-MM-dd>#<dept>#<procedure>   flows of one day       (a month per partition)
 *   STATS#M#<yyyy>     <yyyy-MM>#<dept>#<procedure>      flows of one month     (a year per partition)
 *   STATS#NOW          <dept>#<procedure>                gauges (in progress, overdue now)
 *
 * A year's dashboard is one Query of STATS#M#<yyyy> and one of STATS#NOW, whatever the number of
 * dossiers. The counters move in the same transaction as the events that move them (`ADD`), so
 * they cannot drift from the events; scripts/recompute-stats.ts checks that.
 *
 * Each cell is written as `STATS_SHARDS` items (the sort key's `#<n>` suffix, none for shard 0), a
 * dossier always moving the same one: concurrent submissions of one procedure do not all queue on
 * one item (DynamoDB cancels transactions that touch an item another transaction holds). The same
 * Query returns every shard of the cells in its range; they are summed here, so readers see one row
 * per cell. docs/statistics.md explains the choice.
 */
const table = () => config().TABLE_NAME;

/** Shard 0 is the unsuffixed key (the only one before sharding); shard n > 0 appends `#n`. */
const shardSuffix = (shard = 0) => (shard > 0 ? `#${shard}` : '');

export const statsKeys = {
  daily: (date: string, dept: string, proc: string, shard?: number) => ({
    pk: `STATS#D#${date.slice(0, 7)}`,
    sk: `${date}#${dept}#${proc}${shardSuffix(shard)}`,
  }),
  monthly: (month: string, dept: string, proc: string, shard?: number) => ({
    pk: `STATS#M#${month.slice(0, 4)}`,
    sk: `${month}#${dept}#${proc}${shardSuffix(shard)}`,
  }),
  gauge: (dept: string, proc: string, shard?: number) => ({
    pk: 'STATS#NOW',
    sk: `${dept}#${proc}${shardSuffix(shard)}`,
  }),
  /** The register (sổ theo dõi hồ sơ, form 06): one item per dossier handed in, by month. */
  register: (submittedAt: string, dossierId: string) => ({
    pk: `REG#${submittedAt.slice(0, 7)}`,
    sk: `${submittedAt}#${dossierId}`,
  }),
};

function addItem(key: Record<string, string>, fields: Map<string, number>, set: Record<string, string>) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds: string[] = [];
  let i = 0;
  for (const [f, by] of fields) {
    if (by === 0) continue;
    names[`#c${i}`] = f;
    values[`:c${i}`] = by;
    adds.push(`#c${i} :c${i}`);
    i++;
  }
  if (adds.length === 0) return undefined;
  const sets = Object.entries(set).map(([k, v], j) => {
    names[`#s${j}`] = k;
    values[`:s${j}`] = v;
    return `#s${j} = :s${j}`;
  });
  return {
    Update: {
      TableName: table(),
      Key: key,
      UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  } satisfies TransactItem;
}

/** The counter updates of `events` (one Update per counter item), to go in the events' own transaction. */
export function counterItems(attrs: StatsAttrs, events: Pick<DossierEvent, 'type' | 'at' | 'data'>[]) {
  const deltas = events.flatMap((e) => tally(attrs, e));
  const items: TransactItem[] = [];
  const monthly = new Map<
    string,
    { month: string; dept: string; proc: string; fields: Map<string, number> }
  >();
  for (const { sample, fields } of mergeDeltas(deltas).values()) {
    const dept = sample.departmentId;
    const proc = sample.procedureCode;
    const about = { entity: 'Counter', departmentId: dept, procedureCode: proc };
    if (sample.kind === 'gauge') {
      const item = addItem(statsKeys.gauge(dept, proc, attrs.shard), fields, about);
      if (item) items.push(item);
      continue;
    }
    const date = sample.date!;
    const item = addItem(statsKeys.daily(date, dept, proc, attrs.shard), fields, { ...about, period: date });
    if (item) items.push(item);
    const mk = `${date.slice(0, 7)}#${dept}#${proc}`;
    const m = monthly.get(mk) ?? { month: date.slice(0, 7), dept, proc, fields: new Map<string, number>() };
    for (const [f, by] of fields) m.fields.set(f, (m.fields.get(f) ?? 0) + by);
    monthly.set(mk, m);
  }
  for (const m of monthly.values()) {
    const item = addItem(statsKeys.monthly(m.month, m.dept, m.proc, attrs.shard), m.fields, {
      entity: 'Counter',
      departmentId: m.dept,
      procedureCode: m.proc,
      period: m.month,
    });
    if (item) items.push(item);
  }
  return items;
}

const isConflictOnly = (err: unknown) =>
  err instanceof TransactionCanceledException &&
  (err.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict') &&
  !(err.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');

/**
 * Sends a transaction, retrying (full jitter) when DynamoDB cancelled it only because another
 * transaction held one of its items at that moment — counters are shared by many dossiers, so
 * this happens under load. Nothing was written by a cancelled transaction: retrying is safe.
 */
export async function transactWrite(input: TransactWriteCommandInput, maxAttempts = 8): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await clients().doc.send(new TransactWriteCommand(input));
      return;
    } catch (err) {
      if (!isConflictOnly(err) || attempt >= maxAttempts) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(400, 10 * 2 ** attempt)));
    }
  }
}

function row(item: Record<string, unknown>): CounterRow {
  const values: CounterRow['values'] = {};
  for (const f of [...FLOW_FIELDS, ...GAUGE_FIELDS]) {
    const v = item[f];
    if (typeof v === 'number') values[f] = v;
  }
  return {
    ...(typeof item.period === 'string' ? { period: item.period } : {}),
    departmentId: String(item.departmentId),
    procedureCode: String(item.procedureCode),
    values,
  };
}

/** The shards of one cell summed into one row (same period, department and procedure). */
function sumShards(rows: CounterRow[]): CounterRow[] {
  const cells = new Map<string, CounterRow>();
  for (const r of rows) {
    const key = `${r.period ?? ''}#${r.departmentId}#${r.procedureCode}`;
    const cell = cells.get(key);
    if (!cell) {
      cells.set(key, { ...r, values: { ...r.values } });
      continue;
    }
    const values = cell.values as Record<string, number>;
    for (const [f, v] of Object.entries(r.values)) values[f] = (values[f] ?? 0) + (v as number);
  }
  return [...cells.values()];
}

async function queryRows(
  pk: string,
  range?: { from: string; to: string },
  counter?: { calls: number },
): Promise<CounterRow[]> {
  return sumShards(await queryShards(pk, range, counter));
}

async function queryShards(
  pk: string,
  range?: { from: string; to: string },
  counter?: { calls: number },
): Promise<CounterRow[]> {
  const items = await queryAll(
    {
      TableName: table(),
      KeyConditionExpression: range ? 'pk = :pk AND sk BETWEEN :from AND :to' : 'pk = :pk',
      ExpressionAttributeValues: {
        ':pk': pk,
        ...(range ? { ':from': range.from, ':to': `${range.to}#\uffff` } : {}),
      },
    },
    counter,
  );
  return items.map(row);
}

/** Monthly flow rows for months `from`..`to` (yyyy-MM): one Query per calendar year spanned. */
export async function monthlyRows(from: string, to: string, counter?: { calls: number }) {
  const out: CounterRow[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    out.push(...(await queryRows(`STATS#M#${y}`, { from, to }, counter)));
  }
  return out;
}

/** Daily flow rows for dates `from`..`to` (yyyy-MM-dd): one Query per month spanned. */
export async function dailyRows(from: string, to: string, counter?: { calls: number }) {
  const out: CounterRow[] = [];
  let month = from.slice(0, 7);
  while (month <= to.slice(0, 7)) {
    out.push(...(await queryRows(`STATS#D#${month}`, { from, to }, counter)));
    const [y, m] = month.split('-').map(Number) as [number, number];
    month = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  }
  return out;
}

/** The gauges of every department and procedure: one Query. */
export const gaugeRows = (counter?: { calls: number }) => queryRows('STATS#NOW', undefined, counter);

/** A step overdue now, for the leadership's list (no personal data: step items hold none). */
export interface OverdueStep {
  dossierId: string;
  code?: string;
  procedureCode: string;
  procedureName: string;
  stepId: string;
  departmentId: string;
  /** The officer assigned (user id), if any: who holds the dossier. */
  handler?: string;
  dueDate: string;
  dueAt: string;
  escalatedAt: string;
  status: string;
}

/** The steps overdue now across departments, most overdue first: one Query of gsi1 per page. */
export async function overdueSteps(
  opts: { departmentId?: string; limit?: number },
  counter?: { calls: number },
): Promise<OverdueStep[]> {
  const limit = opts.limit ?? 200;
  const out: OverdueStep[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await clients().doc.send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: {
          ':p': 'OVERDUE',
          ...(opts.departmentId ? { ':d': opts.departmentId } : {}),
        },
        ...(opts.departmentId ? { FilterExpression: 'departmentId = :d' } : {}),
        Limit: limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    if (counter) counter.calls += 1;
    for (const i of res.Items ?? []) {
      out.push({
        dossierId: String(i.dossierId),
        ...(typeof i.code === 'string' ? { code: i.code } : {}),
        procedureCode: String(i.procedureCode),
        procedureName: String(i.procedureName),
        stepId: String(i.stepId),
        departmentId: String(i.departmentId),
        ...(typeof i.handler === 'string' ? { handler: i.handler } : {}),
        dueDate: String(i.dueDate),
        dueAt: String(i.dueAt),
        escalatedAt: String(i.escalatedAt),
        status: String(i.status),
      });
    }
    start = res.LastEvaluatedKey;
  } while (start && out.length < limit && opts.departmentId);
  return out.slice(0, limit);
}
