import type { Dossier, DossierEvent } from './dossier.ts';
import type { DossierEventType } from './lifecycle.ts';
import { vnIsoDate } from './time.ts';

/**
 * The centre's statistics (DOMAIN.md "Citizen evaluation and public statistics"; Decree 61 art. 31):
 * counters maintained on write, in the same transaction as the events that move them, and
 * recomputable from those events by the same pure function (`tally`). Nothing here reads a table.
 *
 * Two kinds of numbers:
 * - **flows**, counted on the Vietnamese date of the event, per department and procedure: what was
 *   submitted, received, resolved (early / on time / late), refused, withdrawn… in a period;
 * - **gauges**, per department and procedure, that go up and down: dossiers in progress now, steps
 *   overdue now.
 *
 * Every fact a counter needs is in the event itself (its type and non-personal `data`) or in the
 * dossier's fixed attributes (department, procedure, channel), so recomputing from the events
 * gives the same numbers as the writes did, whatever order the dossiers were processed in.
 */

export const FLOW_FIELDS = [
  /** Handed in (online submissions; counter and post registrations). */
  'submitted',
  /** Received: accepted at intake, with a receipt and an appointment date (tiếp nhận). */
  'received',
  /** …of which submitted online (the "online share"), at the counter, by post (issue 9: channels). */
  'receivedOnline',
  'receivedCounter',
  'receivedPost',
  /** Results ready (đã giải quyết), split by timeliness against the appointment. */
  'resolved',
  'early',
  'onTime',
  'late',
  /** Refused at intake (phiếu từ chối tiếp nhận) and on the merits (phiếu từ chối giải quyết). */
  'refusedAtIntake',
  'refused',
  'withdrawn',
  /** A supplement request went unanswered in time. */
  'lapsed',
  /** Results handed back (trả kết quả). */
  'returned',
  /** Apology letters with a new date (phiếu xin lỗi và hẹn lại). */
  'extended',
  /** Each department's own step (liên thông: every agency its part), by timeliness. */
  'stepsDone',
  'stepsEarly',
  'stepsOnTime',
  'stepsLate',
  /** Steps that became overdue (first escalation of a step). */
  'stepsOverdue',
  /** Citizens' evaluations (Circular 01/2018 art. 13): count, points given, points possible. */
  'ratings',
  'ratingPoints',
  'ratingMax',
  /** Fees and charges paid online (count of payments, đồng) and refunded (đồng), by the day paid. */
  'feePayments',
  'feesCollectedVnd',
  'feesRefundedVnd',
] as const;
export type FlowField = (typeof FLOW_FIELDS)[number];

export const GAUGE_FIELDS = ['inProgress', 'overdueNow'] as const;
export type GaugeField = (typeof GAUGE_FIELDS)[number];

export type Flows = Record<FlowField, number>;
export type Gauges = Record<GaugeField, number>;

/** The dossier's attributes the counters are keyed by; fixed once the dossier is created. */
export interface StatsAttrs {
  departmentId: string;
  procedureCode: string;
  channel: Dossier['channel'];
  /**
   * Which of the cell's `STATS_SHARDS` counter items this dossier's events move (from its id, so
   * always the same one): concurrent dossiers of one procedure spread over several items instead of
   * queueing on one. Reads sum the shards. Absent: shard 0.
   */
  shard?: number;
}

/** Counter items per (period, department, procedure) cell; see docs/statistics.md. */
export const STATS_SHARDS = 4;

/** The shard of a dossier: a stable hash (FNV-1a) of its id, modulo STATS_SHARDS. */
export function shardOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % STATS_SHARDS;
}

export const statsAttrs = (
  d: Pick<Dossier, 'departmentId' | 'procedureCode' | 'channel'> & { id?: string },
): StatsAttrs => ({
  departmentId: d.departmentId,
  procedureCode: d.procedureCode,
  channel: d.channel,
  ...(d.id ? { shard: shardOf(d.id) } : {}),
});

/** One counter change: `by` added to `field` of the (department, procedure) cell, on `date`. */
export interface Delta {
  kind: 'flow' | 'gauge';
  field: FlowField | GaugeField;
  departmentId: string;
  procedureCode: string;
  /** Vietnamese date (yyyy-MM-dd) of the event; flows only. */
  date?: string;
  by: number;
}

/**
 * Facts an event carries in its `data` for the statistics, set when it is written:
 * - `outcome` on RESULT_READY: EARLY | ON_TIME | LATE against the appointment (a date re-set with
 *   an apology counts as LATE: the apology exists because the deadline was going to be missed);
 * - `classification` and `departmentId` on STEP_COMPLETED (the step's own deadline), and
 *   `departmentId` on STEP_EXTENDED;
 * - `inProgress` (+1 / -1): the dossier entered or left "in progress" (received and not yet
 *   resolved or ended), and `overdueOpened` / `overdueClosed`: the departments of steps that
 *   became overdue or stopped being overdue (completed, re-dated, waiting for the citizen,
 *   cancelled) — both computed once, from the states before and after, in
 *   shared/adapters/workflow-repository.ts `commitTransition`;
 * - `total` and `max` on RATED.
 */
export interface StatsData {
  outcome?: 'EARLY' | 'ON_TIME' | 'LATE';
  classification?: 'EARLY' | 'ON_TIME' | 'LATE';
  departmentId?: string;
  inProgress?: number;
  overdueOpened?: string[];
  overdueClosed?: string[];
  total?: number;
  max?: number;
  /** Đồng paid (FEE_PAID) or refunded (FEE_REFUNDED). */
  amountVnd?: number;
}

const TIMELINESS_FIELD = { EARLY: 'early', ON_TIME: 'onTime', LATE: 'late' } as const;
const STEP_TIMELINESS_FIELD = { EARLY: 'stepsEarly', ON_TIME: 'stepsOnTime', LATE: 'stepsLate' } as const;

/** The counter changes one event makes. Pure: the write path and the recomputation both use it. */
export function tally(attrs: StatsAttrs, e: Pick<DossierEvent, 'type' | 'at' | 'data'>): Delta[] {
  const data = (e.data ?? {}) as StatsData;
  const date = vnIsoDate(new Date(e.at));
  const own = { departmentId: attrs.departmentId, procedureCode: attrs.procedureCode };
  const out: Delta[] = [];
  const flow = (field: FlowField, by = 1, departmentId = own.departmentId) =>
    out.push({ kind: 'flow', field, ...own, departmentId, date, by });
  const gauge = (field: GaugeField, by: number, departmentId = own.departmentId) =>
    out.push({ kind: 'gauge', field, ...own, departmentId, by });
  if (data.inProgress) gauge('inProgress', data.inProgress);
  for (const dept of data.overdueOpened ?? []) {
    flow('stepsOverdue', 1, dept);
    gauge('overdueNow', 1, dept);
  }
  for (const dept of data.overdueClosed ?? []) gauge('overdueNow', -1, dept);
  const type: DossierEventType = e.type;
  switch (type) {
    case 'SUBMITTED':
      flow('submitted');
      break;
    case 'INTAKE_ACCEPTED':
      flow('received');
      flow(
        attrs.channel === 'ONLINE'
          ? 'receivedOnline'
          : attrs.channel === 'POST'
            ? 'receivedPost'
            : 'receivedCounter',
      );
      break;
    case 'INTAKE_REFUSED':
      flow('refusedAtIntake');
      break;
    case 'STEP_COMPLETED': {
      const dept = data.departmentId ?? own.departmentId;
      flow('stepsDone', 1, dept);
      if (data.classification) flow(STEP_TIMELINESS_FIELD[data.classification], 1, dept);
      break;
    }
    case 'STEP_EXTENDED':
      flow('extended', 1, data.departmentId ?? own.departmentId);
      break;
    case 'STEP_REFUSED':
      flow('refused');
      break;
    case 'RESULT_READY':
      flow('resolved');
      flow(TIMELINESS_FIELD[data.outcome ?? 'ON_TIME']);
      break;
    case 'WITHDRAWN':
      flow('withdrawn');
      break;
    case 'LAPSED':
      flow('lapsed');
      break;
    case 'RESULT_RETURNED':
      flow('returned');
      break;
    case 'RATED':
      flow('ratings');
      flow('ratingPoints', data.total ?? 0);
      flow('ratingMax', data.max ?? 0);
      break;
    case 'FEE_PAID':
      flow('feePayments');
      flow('feesCollectedVnd', data.amountVnd ?? 0);
      break;
    case 'FEE_REFUNDED':
      flow('feesRefundedVnd', data.amountVnd ?? 0);
      break;
    default:
      break;
  }
  return out.filter((d) => d.by !== 0);
}

/** The cell a delta lands in: flows per (date, department, procedure), gauges per (department, procedure). */
export const cellKey = (d: Delta) =>
  d.kind === 'flow'
    ? `${d.date}#${d.departmentId}#${d.procedureCode}`
    : `${d.departmentId}#${d.procedureCode}`;

/** Deltas merged per cell and field (a transaction may not touch one item twice). */
export function mergeDeltas(deltas: Delta[]): Map<string, { sample: Delta; fields: Map<string, number> }> {
  const cells = new Map<string, { sample: Delta; fields: Map<string, number> }>();
  for (const d of deltas) {
    const k = `${d.kind}|${cellKey(d)}`;
    const cell = cells.get(k) ?? { sample: d, fields: new Map<string, number>() };
    cell.fields.set(d.field, (cell.fields.get(d.field) ?? 0) + d.by);
    cells.set(k, cell);
  }
  return cells;
}

export const emptyFlows = (): Flows => Object.fromEntries(FLOW_FIELDS.map((f) => [f, 0])) as Flows;
export const emptyGauges = (): Gauges => Object.fromEntries(GAUGE_FIELDS.map((f) => [f, 0])) as Gauges;

/** One row of counters as stored (flows of a day or month, or gauges) for a department and procedure. */
export interface CounterRow {
  /** yyyy-MM-dd (daily), yyyy-MM (monthly); absent for gauges. */
  period?: string;
  departmentId: string;
  procedureCode: string;
  values: Partial<Record<FlowField | GaugeField, number>>;
}

/** Recomputes every counter from the events of many dossiers (the check of the write path). */
export function recompute(
  dossiers: { attrs: StatsAttrs; events: Pick<DossierEvent, 'type' | 'at' | 'data'>[] }[],
) {
  const daily = new Map<string, CounterRow>();
  const monthly = new Map<string, CounterRow>();
  const gauges = new Map<string, CounterRow>();
  const add = (
    m: Map<string, CounterRow>,
    key: string,
    row: Omit<CounterRow, 'values'>,
    f: string,
    by: number,
  ) => {
    const r = m.get(key) ?? { ...row, values: {} };
    const values = r.values as Record<string, number>;
    values[f] = (values[f] ?? 0) + by;
    m.set(key, r);
  };
  for (const { attrs, events } of dossiers) {
    for (const e of events) {
      for (const d of tally(attrs, e)) {
        const base = { departmentId: d.departmentId, procedureCode: d.procedureCode };
        if (d.kind === 'gauge') {
          add(gauges, cellKey(d), base, d.field, d.by);
        } else {
          add(daily, cellKey(d), { ...base, period: d.date! }, d.field, d.by);
          const month = d.date!.slice(0, 7);
          add(
            monthly,
            `${month}#${d.departmentId}#${d.procedureCode}`,
            { ...base, period: month },
            d.field,
            d.by,
          );
        }
      }
    }
  }
  return { daily, monthly, gauges };
}

/** The published figures of one group of cells (a department, a procedure, the whole centre). */
export interface Figures extends Flows, Gauges {
  /** (early + on time) / resolved, in percent with one decimal; null when nothing was resolved. */
  onTimeRate: number | null;
  /** received online / received, in percent with one decimal; null when nothing was received. */
  onlineShare: number | null;
  /** Rating points given / points possible, in percent with one decimal; null without ratings. */
  satisfaction: number | null;
}

const pct = (num: number, den: number) => (den > 0 ? Math.round((num / den) * 1000) / 10 : null);

/** Sums flow rows and gauge rows into figures (rates derived from the sums, never averaged). */
export function figures(flowRows: CounterRow[], gaugeRows: CounterRow[] = []): Figures {
  const f = emptyFlows();
  const g = emptyGauges();
  for (const r of flowRows) for (const k of FLOW_FIELDS) f[k] += r.values[k] ?? 0;
  for (const r of gaugeRows) for (const k of GAUGE_FIELDS) g[k] += r.values[k] ?? 0;
  return {
    ...f,
    ...g,
    onTimeRate: pct(f.early + f.onTime, f.resolved),
    onlineShare: pct(f.receivedOnline, f.received),
    satisfaction: pct(f.ratingPoints, f.ratingMax),
  };
}

/** Groups rows by a key and sums each group into figures. */
export function figuresBy(
  flowRows: CounterRow[],
  gaugeRows: CounterRow[],
  keyOf: (r: CounterRow) => string,
): Map<string, Figures> {
  const groups = new Map<string, { flows: CounterRow[]; gauges: CounterRow[] }>();
  const group = (k: string) => {
    const g = groups.get(k) ?? { flows: [], gauges: [] };
    groups.set(k, g);
    return g;
  };
  for (const r of flowRows) group(keyOf(r)).flows.push(r);
  for (const r of gaugeRows) group(keyOf(r)).gauges.push(r);
  return new Map(
    [...groups.keys()].sort().map((k) => [k, figures(groups.get(k)!.flows, groups.get(k)!.gauges)] as const),
  );
}

/** The months (yyyy-MM) from `from` to `to` inclusive (yyyy-MM-dd or yyyy-MM). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.slice(0, 7).split('-').map(Number) as [number, number];
  const end = to.slice(0, 7);
  for (let i = 0; i < 1200; i++) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > end) break;
    out.push(key);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** "In progress": received (an appointment was given) and neither resolved nor ended. */
export function isInProgress(d: { status: string; appointment?: unknown }): boolean {
  return !!d.appointment && ['ACCEPTED', 'IN_PROGRESS', 'SUPPLEMENT_REQUESTED'].includes(d.status);
}

/** A step counted "overdue now": escalated, and the department still holds it. */
export function isOverdueStep(s: { status: string; escalatedAt?: string | undefined }): boolean {
  return !!s.escalatedAt && (s.status === 'WAITING_DEPARTMENT' || s.status === 'AWAITING_APPROVAL');
}
