import { gaugeRows, monthlyRows, type OverdueStep } from '../adapters/stats-repository.ts';
import { DomainError, fieldError } from '../domain/errors.ts';
import { message } from '../domain/messages.ts';
import { type CounterRow, type Figures, figures, figuresBy, monthsBetween } from '../domain/statistics.ts';
import { vnIsoDate } from '../domain/time.ts';

export interface StatisticsView {
  period: { from: string; to: string };
  /** When the figures were read; they are live (maintained on every write). */
  asOf: string;
  filter: { department?: string; procedure?: string };
  totals: Figures;
  departments: ({ departmentId: string } & Figures)[];
  procedures: ({ procedureCode: string; departmentId: string } & Figures)[];
  /** Per month of the period, the whole filter's figures (the trend). */
  months: ({ month: string } & Figures)[];
  /** Per department, per month: the on-time rate trend by department. */
  departmentMonths: {
    departmentId: string;
    months: { month: string; onTimeRate: number | null; resolved: number }[];
  }[];
  /** Leadership only: the steps overdue now, most overdue first. */
  overdue?: OverdueStep[];
  /** DynamoDB calls this view took (the dashboard's budget is 3). */
  calls: number;
}

const MAX_MONTHS = 36;

/**
 * The published figures for a period, from the counters: one Query per calendar year of monthly
 * counters and one of the gauges (and, for leadership, one of the overdue list).
 */
export async function statisticsView(
  q: {
    from?: string | undefined;
    to?: string | undefined;
    department?: string | undefined;
    procedure?: string | undefined;
  },
  now: Date,
  opts: {
    /** Leadership only: the overdue list (passed in, so the public function never bundles it). */
    overdue?: (q: { departmentId?: string }, counter: { calls: number }) => Promise<OverdueStep[]>;
  } = {},
): Promise<StatisticsView> {
  const thisMonth = vnIsoDate(now).slice(0, 7);
  const to = q.to ?? thisMonth;
  const from = q.from ?? `${to.slice(0, 4)}-01`;
  const months = monthsBetween(from, to);
  if (from > to || months.length === 0 || months.length > MAX_MONTHS) {
    throw new DomainError('VALIDATION_FAILED', message('period.statisticsMonths', { max: MAX_MONTHS }), [
      fieldError('query.from', 'invalid_period', message('period.statisticsMonths', { max: MAX_MONTHS })),
    ]);
  }
  const counter = { calls: 0 };
  const keep = (r: CounterRow) =>
    (!q.department || r.departmentId === q.department) && (!q.procedure || r.procedureCode === q.procedure);
  const [flows, gauges, overdue] = await Promise.all([
    monthlyRows(from, to, counter),
    gaugeRows(counter),
    opts.overdue?.({ ...(q.department ? { departmentId: q.department } : {}) }, counter),
  ]);
  const f = flows.filter(keep);
  const g = gauges.filter(keep);
  const byMonth = figuresBy(f, [], (r) => r.period!);
  const byDept = figuresBy(f, g, (r) => r.departmentId);
  const deptMonths = new Map<string, Map<string, CounterRow[]>>();
  for (const r of f) {
    const m = deptMonths.get(r.departmentId) ?? new Map<string, CounterRow[]>();
    m.set(r.period!, [...(m.get(r.period!) ?? []), r]);
    deptMonths.set(r.departmentId, m);
  }
  return {
    period: { from, to },
    asOf: now.toISOString(),
    filter: {
      ...(q.department ? { department: q.department } : {}),
      ...(q.procedure ? { procedure: q.procedure } : {}),
    },
    totals: figures(f, g),
    departments: [...byDept].map(([departmentId, fig]) => ({ departmentId, ...fig })),
    procedures: [...figuresBy(f, g, (r) => `${r.departmentId}|${r.procedureCode}`)].map(([k, fig]) => {
      const [departmentId, procedureCode] = k.split('|') as [string, string];
      return { procedureCode, departmentId, ...fig };
    }),
    months: months.map((month) => ({ month, ...(byMonth.get(month) ?? figures([])) })),
    departmentMonths: [...deptMonths]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([departmentId, m]) => ({
        departmentId,
        months: months.map((month) => {
          const fig = figures(m.get(month) ?? []);
          return { month, onTimeRate: fig.onTimeRate, resolved: fig.resolved };
        }),
      })),
    ...(overdue ? { overdue } : {}),
    calls: counter.calls,
  };
}
