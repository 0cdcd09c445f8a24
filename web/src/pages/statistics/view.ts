import { type ComponentChildren, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Figures } from '../../../../shared/domain/statistics.ts';
import type { StatisticsView } from '../../../../shared/services/statistics.ts';
import { currentLang } from '../../i18n/index.ts';
import { statsMessages } from '../../i18n/statistics.ts';
import { type DepartmentSummary, getDepartments, searchProcedures } from '../../lib/catalogue.ts';
import { formatDateTime } from '../../lib/format.ts';
import { monthLabel, periodLabel } from '../../lib/report.ts';
import { type Location, navigate } from '../../lib/router.ts';
import { ChartFigure } from '../../ui/charts.ts';
import { Button, Select } from '../../ui/components.ts';
import './statistics.css';

/**
 * What the public statistics page and the leadership dashboard share: the period and filters
 * (kept in the URL, so a link shows the same figures), the live loading (every minute), the
 * headline figures, the charts with their data tables, and the names of departments and
 * procedures (the statistics carry ids and codes only).
 */
export type StatsView = Omit<StatisticsView, 'calls'>;

export interface StatsQuery {
  from?: string;
  to?: string;
  department?: string;
  procedure?: string;
}

export const REFRESH_MS = 60_000;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const CODE = /^[0-9A-Za-z.\-_]{1,40}$/;
const DEPT = /^[A-Z][A-Z0-9]{1,7}$/;

/** The query of the page's address, keeping only well-formed values (the API rejects others). */
export function queryOf(loc: Location): StatsQuery {
  const q: StatsQuery = {};
  const get = (k: string, re: RegExp) => {
    const v = loc.query.get(k) ?? '';
    return re.test(v) ? v : undefined;
  };
  const from = get('from', MONTH);
  const to = get('to', MONTH);
  const department = get('department', DEPT);
  const procedure = get('procedure', CODE);
  if (from) q.from = from;
  if (to) q.to = to;
  if (department) q.department = department;
  if (procedure) q.procedure = procedure;
  return q;
}

export const searchOf = (q: StatsQuery) => {
  const s = new URLSearchParams();
  for (const k of ['from', 'to', 'department', 'procedure'] as const) if (q[k]) s.set(k, q[k]!);
  return s.toString();
};

/**
 * The statistics for a query, loaded now and again every minute while the page is open (a
 * timer chain, so two loads never overlap). A failed refresh keeps the last figures on screen.
 */
export function useLiveStatistics(load: (q: StatsQuery) => Promise<StatsView>, q: StatsQuery) {
  const [view, setView] = useState<StatsView | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loaded, setLoaded] = useState(false);
  const key = searchOf(q);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setLoaded(false);
    setView(undefined);
    const run = async () => {
      try {
        const v = await load(q);
        if (!live) return;
        setView(v);
        setError(undefined);
      } catch (e) {
        if (live) setError(e);
      } finally {
        if (live) {
          setLoaded(true);
          timer = setTimeout(run, REFRESH_MS);
        }
      }
    };
    void run();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key]);
  return { view, error, loaded };
}

export interface ProcedureName {
  code: string;
  name: string;
  departmentIds: string[];
}

/** Department and procedure names from the public catalogue (read once per page). */
export function useNames() {
  const lang = currentLang();
  const [departments, setDepartments] = useState<DepartmentSummary[]>([]);
  const [procedures, setProcedures] = useState<ProcedureName[]>([]);
  useEffect(() => {
    getDepartments()
      .then(setDepartments)
      .catch(() => undefined);
    searchProcedures({})
      .then((r) =>
        setProcedures(r.items.map((p) => ({ code: p.code, name: p.name, departmentIds: p.departmentIds }))),
      )
      .catch(() => undefined);
  }, []);
  return {
    departments,
    procedures,
    department: (id: string) => {
      const d = departments.find((x) => x.id === id);
      return d ? (lang === 'vi' ? d.name : d.nameEn) : id;
    },
    /** The official (Vietnamese) name, whatever the page's language. */
    departmentVi: (id: string) => departments.find((x) => x.id === id)?.name ?? id,
    procedure: (code: string) => procedures.find((p) => p.code === code)?.name ?? code,
  };
}
export type Names = ReturnType<typeof useNames>;

const numberFormat = () => new Intl.NumberFormat(currentLang() === 'vi' ? 'vi-VN' : 'en-GB');
const rateFormat = () =>
  new Intl.NumberFormat(currentLang() === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 });

export const formatCount = (n: number) => numberFormat().format(n);
/** 92.5 → "92,5%" (vi) / "92.5%" (en); null → "—". */
export const formatRate = (n: number | null) =>
  n === null ? '—' : statsMessages().percent(rateFormat().format(n));

/** `14:30 05/03/2026` (Vietnam time): the time first, as the update notice reads. */
export function formatUpdated(iso: string): string {
  const [date, time] = formatDateTime(iso).split(' ');
  return time ? `${time} ${date}` : (date ?? '');
}

/** The months a picker offers: the 36 months up to the figures' own month (newest first). */
export function monthOptions(asOf: string | undefined): string[] {
  const now = asOf ? new Date(asOf) : new Date();
  const vn = new Date(now.getTime() + 7 * 3_600_000);
  let y = vn.getUTCFullYear();
  let m = vn.getUTCMonth() + 1;
  const out: string[] = [];
  for (let i = 0; i < 36; i++) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return out;
}

/**
 * The period (from, to) and the filters, as a form that changes the address: the page reloads
 * its figures from there. A department head's department is fixed (`fixedDepartment`).
 */
export function StatisticsFilters(p: {
  basePath: string;
  query: StatsQuery;
  view: StatsView | undefined;
  names: Names;
  fixedDepartment?: string;
}) {
  const t = statsMessages();
  const lang = currentLang();
  const period = p.view?.period;
  const initial = {
    from: p.query.from ?? period?.from ?? '',
    to: p.query.to ?? period?.to ?? '',
    department: p.fixedDepartment ?? p.query.department ?? '',
    procedure: p.query.procedure ?? '',
  };
  const [input, setInput] = useState(initial);
  const [error, setError] = useState<string | undefined>(undefined);
  // The API's default period arrives with the first figures.
  useEffect(() => setInput(initial), [searchOf(p.query), period?.from, period?.to]);
  const months = monthOptions(p.view?.asOf).map((v) => ({ value: v, label: monthLabel(v) }));
  const procedures = p.names.procedures
    .filter((x) => !input.department || x.departmentIds.includes(input.department))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
    .map((x) => ({ value: x.code, label: `${x.code} — ${x.name}` }));
  return h(
    'form',
    {
      class: 'stats-filters',
      'aria-labelledby': 'stats-filters-title',
      noValidate: true,
      onSubmit: (e: Event) => {
        e.preventDefault();
        if (input.from && input.to && input.from > input.to) {
          setError(t.periodInvalid);
          document.getElementById('f-stats-from')?.focus();
          return;
        }
        setError(undefined);
        const q: StatsQuery = {};
        if (input.from) q.from = input.from;
        if (input.to) q.to = input.to;
        if (input.department && !p.fixedDepartment) q.department = input.department;
        if (input.procedure) q.procedure = input.procedure;
        const s = searchOf(q);
        navigate(s ? `${p.basePath}?${s}` : p.basePath);
      },
    },
    h('h2', { class: 'heading-m', id: 'stats-filters-title' }, t.filtersTitle),
    h(
      'div',
      { class: 'stats-filters__row' },
      h(Select, {
        path: 'stats.from',
        label: t.from,
        value: input.from,
        error,
        options: months,
        onChange: (v) => setInput({ ...input, from: v }),
      }),
      h(Select, {
        path: 'stats.to',
        label: t.to,
        value: input.to,
        options: months,
        onChange: (v) => setInput({ ...input, to: v }),
      }),
      p.fixedDepartment
        ? null
        : h(Select, {
            path: 'stats.department',
            label: t.department,
            value: input.department,
            placeholder: t.allDepartments,
            options: p.names.departments.map((d) => ({
              value: d.id,
              label: lang === 'vi' ? d.name : d.nameEn,
            })),
            onChange: (v) => setInput({ ...input, department: v, procedure: '' }),
          }),
      h(Select, {
        path: 'stats.procedure',
        label: t.procedure,
        value: input.procedure,
        placeholder: t.allProcedures,
        options: procedures,
        onChange: (v) => setInput({ ...input, procedure: v }),
      }),
    ),
    h(Button, { variant: 'secondary' }, t.show),
  );
}

/** "Cập nhật lúc 14:30 05/03/2026", the period, and a notice when a refresh failed. */
export function UpdateNotice({ view, error }: { view: StatsView; error: unknown }) {
  const t = statsMessages();
  return h(
    'div',
    { class: 'stats-updated' },
    h(
      'p',
      { class: 'body' },
      h('strong', null, t.period(periodLabel(view.period))),
      ' · ',
      h('span', { id: 'stats-updated-at' }, t.updatedAt(formatUpdated(view.asOf))),
      h('span', { class: 'hint' }, ` ${t.autoRefresh}`),
    ),
    error ? h('p', { class: 'body', role: 'status' }, t.staleFailed) : null,
  );
}

type HeadlineKey = 'received' | 'onTimeRate' | 'onlineShare' | 'inProgress' | 'overdueNow' | 'satisfaction';
export const HEADLINES: HeadlineKey[] = [
  'received',
  'onTimeRate',
  'onlineShare',
  'inProgress',
  'overdueNow',
  'satisfaction',
];

/** The value a headline figure shows (also what the browser test compares with the API). */
export function headlineValue(f: Figures, k: HeadlineKey): string {
  return k === 'onTimeRate' || k === 'onlineShare' || k === 'satisfaction'
    ? formatRate(f[k])
    : formatCount(f[k]);
}

export function HeadlineFigures({ totals }: { totals: Figures }) {
  const t = statsMessages();
  const hint: Record<HeadlineKey, string> = {
    received: t.figureHints.received(formatCount(totals.receivedOnline)),
    onTimeRate: t.figureHints.onTimeRate(formatCount(totals.resolved)),
    onlineShare: t.figureHints.onlineShare(formatCount(totals.received)),
    inProgress: t.figureHints.inProgress,
    overdueNow: t.figureHints.overdueNow,
    satisfaction: t.figureHints.satisfaction(formatCount(totals.ratings)),
  };
  return h(
    'section',
    { 'aria-labelledby': 'stats-figures-title' },
    h('h2', { class: 'heading-m', id: 'stats-figures-title' }, t.figuresTitle),
    h(
      'dl',
      { class: 'stats-figures' },
      HEADLINES.map((k) => {
        const value = headlineValue(totals, k);
        return h(
          'div',
          {
            class: `stats-figure${k === 'overdueNow' && totals.overdueNow > 0 ? ' stats-figure--alert' : ''}`,
            key: k,
            'data-figure': k,
          },
          h('dt', { class: 'stats-figure__label' }, t.figures[k]),
          h(
            'dd',
            { class: 'stats-figure__value' },
            value,
            value === '—' ? h('span', { class: 'visually-hidden' }, ` ${t.noData}`) : null,
          ),
          h('dd', { class: 'stats-figure__hint' }, hint[k]),
        );
      }),
    ),
  );
}

/** A table in a scrollable region that keyboard users can reach. */
export function DataTable(p: {
  id: string;
  caption: string;
  head: ComponentChildren[];
  rows: { key: string; header: ComponentChildren; cells: ComponentChildren[]; className?: string }[];
  foot?: { header: ComponentChildren; cells: ComponentChildren[] };
  numericFrom?: number;
}) {
  const numeric = (i: number) => (i + 1 >= (p.numericFrom ?? 1) ? 'table__cell--numeric' : undefined);
  return h(
    'div',
    { class: 'table-scroll', role: 'region', 'aria-labelledby': `${p.id}-caption`, tabIndex: 0 },
    h(
      'table',
      { class: 'table stats-table', id: p.id },
      h('caption', { class: 'table__caption', id: `${p.id}-caption` }, p.caption),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          p.head.map((c, i) =>
            h('th', { scope: 'col', key: i, class: i > 0 ? numeric(i - 1) : undefined }, c),
          ),
        ),
      ),
      h(
        'tbody',
        null,
        p.rows.map((r) =>
          h(
            'tr',
            { key: r.key, class: r.className },
            h('th', { scope: 'row' }, r.header),
            r.cells.map((c, i) => h('td', { key: i, class: numeric(i) }, c)),
          ),
        ),
      ),
      p.foot
        ? h(
            'tfoot',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'row' }, p.foot.header),
              p.foot.cells.map((c, i) => h('td', { key: i, class: numeric(i) }, c)),
            ),
          )
        : null,
    ),
  );
}

const figureCells = (f: Figures) => [
  formatCount(f.received),
  formatCount(f.receivedOnline),
  formatCount(f.resolved),
  formatCount(f.early),
  formatCount(f.onTime),
  formatCount(f.late),
  formatRate(f.onTimeRate),
  formatCount(f.inProgress),
  formatCount(f.overdueNow),
  formatCount(f.refused + f.refusedAtIntake),
  formatCount(f.withdrawn),
  formatRate(f.satisfaction),
];

const figureHead = () => {
  const c = statsMessages().columns;
  return [
    c.received,
    c.online,
    c.resolved,
    c.early,
    c.onTime,
    c.late,
    c.onTimeRate,
    c.inProgress,
    c.overdueNow,
    c.refused,
    c.withdrawn,
    c.satisfaction,
  ];
};

/** The on-time rate per department (bar chart) with its table. */
export function DepartmentChart({ view, names }: { view: StatsView; names: Names }) {
  const t = statsMessages();
  const p = periodLabel(view.period);
  const rows = [...view.departments].sort((a, b) =>
    names.department(a.departmentId).localeCompare(names.department(b.departmentId), 'vi'),
  );
  const summary = rows
    .map((d) => `${names.department(d.departmentId)}: ${formatRate(d.onTimeRate)}`)
    .join('; ');
  return h(ChartFigure, {
    id: 'stats-by-department',
    kind: 'bar',
    horizontal: true,
    percent: true,
    title: t.byDepartmentTitle,
    summary: t.byDepartmentSummary(rows.length ? `${summary}.` : t.noChartData),
    labels: rows.map((d) => names.department(d.departmentId)),
    series: [{ label: t.columns.onTimeRate, values: rows.map((d) => d.onTimeRate) }],
    format: (v) => formatRate(v),
    tableToggle: t.seeTable,
    failedText: t.chartFailed,
    table: h(DataTable, {
      id: 'stats-by-department-table',
      caption: t.byDepartmentCaption(p),
      head: [
        t.columns.department,
        t.columns.resolved,
        t.columns.early,
        t.columns.onTime,
        t.columns.late,
        t.columns.onTimeRate,
      ],
      rows: rows.map((d) => ({
        key: d.departmentId,
        header: names.department(d.departmentId),
        cells: [
          formatCount(d.resolved),
          formatCount(d.early),
          formatCount(d.onTime),
          formatCount(d.late),
          formatRate(d.onTimeRate),
        ],
      })),
    }),
  });
}

/** The on-time rate per month: the whole scope, and each department (line chart) with its table. */
export function TrendChart({ view, names }: { view: StatsView; names: Names }) {
  const t = statsMessages();
  const p = periodLabel(view.period);
  const labels = view.months.map((m) => monthLabel(m.month));
  const depts = [...view.departmentMonths].sort((a, b) =>
    names.department(a.departmentId).localeCompare(names.department(b.departmentId), 'vi'),
  );
  const series = [
    { label: t.centreTotal, values: view.months.map((m) => m.onTimeRate), emphasis: true },
    ...(depts.length > 1 || !view.filter.department
      ? depts.map((d) => ({
          label: names.department(d.departmentId),
          values: d.months.map((m) => m.onTimeRate),
        }))
      : []),
  ];
  const summary = view.months.map((m) => `${monthLabel(m.month)}: ${formatRate(m.onTimeRate)}`).join('; ');
  return h(ChartFigure, {
    id: 'stats-trend',
    kind: 'line',
    percent: true,
    title: t.trendTitle,
    summary: t.trendSummary(`${t.centreTotal} — ${summary}.`),
    labels,
    series,
    format: (v) => formatRate(v),
    tableToggle: t.seeTable,
    failedText: t.chartFailed,
    table: h(DataTable, {
      id: 'stats-trend-table',
      caption: t.trendCaption(p),
      head: [t.columns.month, ...series.map((s) => s.label)],
      rows: view.months.map((m, i) => ({
        key: m.month,
        header: monthLabel(m.month),
        cells: series.map((s) => formatRate(s.values[i] ?? null)),
      })),
    }),
  });
}

/** Dossiers received and resolved per month (bar chart) with its table. */
export function VolumeChart({ view }: { view: StatsView }) {
  const t = statsMessages();
  const p = periodLabel(view.period);
  const summary = view.months
    .map((m) => `${monthLabel(m.month)}: ${formatCount(m.received)} / ${formatCount(m.resolved)}`)
    .join('; ');
  return h(ChartFigure, {
    id: 'stats-volume',
    kind: 'bar',
    title: t.volumeTitle,
    summary: t.volumeSummary(`${t.columns.received} / ${t.columns.resolved} — ${summary}.`),
    labels: view.months.map((m) => monthLabel(m.month)),
    series: [
      { label: t.columns.received, values: view.months.map((m) => m.received) },
      { label: t.columns.resolved, values: view.months.map((m) => m.resolved) },
    ],
    format: formatCount,
    tableToggle: t.seeTable,
    failedText: t.chartFailed,
    table: h(DataTable, {
      id: 'stats-volume-table',
      caption: t.volumeCaption(p),
      head: [t.columns.month, t.columns.received, t.columns.online, t.columns.resolved, t.columns.onTimeRate],
      rows: view.months.map((m) => ({
        key: m.month,
        header: monthLabel(m.month),
        cells: [
          formatCount(m.received),
          formatCount(m.receivedOnline),
          formatCount(m.resolved),
          formatRate(m.onTimeRate),
        ],
      })),
    }),
  });
}

/** Every figure per department, then per procedure (the published tables). */
export function FigureTables({ view, names }: { view: StatsView; names: Names }) {
  const t = statsMessages();
  const p = periodLabel(view.period);
  const depts = [...view.departments].sort((a, b) =>
    names.department(a.departmentId).localeCompare(names.department(b.departmentId), 'vi'),
  );
  const procs = [...view.procedures].sort(
    (a, b) =>
      names.department(a.departmentId).localeCompare(names.department(b.departmentId), 'vi') ||
      a.procedureCode.localeCompare(b.procedureCode),
  );
  return h(
    'div',
    null,
    h(
      'section',
      { 'aria-labelledby': 'stats-departments-title' },
      h('h2', { class: 'heading-m', id: 'stats-departments-title' }, t.departmentsTitle),
      h(DataTable, {
        id: 'stats-departments-table',
        caption: t.departmentsCaption(p),
        head: [t.columns.department, ...figureHead()],
        rows: depts.map((d) => ({
          key: d.departmentId,
          header: names.department(d.departmentId),
          cells: figureCells(d),
        })),
        foot: { header: t.total, cells: figureCells(view.totals) },
      }),
    ),
    h(
      'section',
      { 'aria-labelledby': 'stats-procedures-title' },
      h('h2', { class: 'heading-m', id: 'stats-procedures-title' }, t.proceduresTitle),
      h(DataTable, {
        id: 'stats-procedures-table',
        caption: t.proceduresCaption(p),
        head: [t.columns.procedure, t.columns.department, ...figureHead()],
        numericFrom: 2,
        rows: procs.map((r) => ({
          key: `${r.departmentId}|${r.procedureCode}`,
          header: h(
            'span',
            null,
            h('span', { class: 'stats-code' }, r.procedureCode),
            ' ',
            h('span', { lang: 'vi' }, names.procedure(r.procedureCode)),
          ),
          cells: [names.department(r.departmentId), ...figureCells(r)],
        })),
      }),
    ),
  );
}
