/**
 * The bench suite's common report: every part (`npm run bench -- <part>`) returns rows and
 * targets, and this file turns them into the one table printed on the terminal and the JSON and
 * Markdown written to bench-results/. Pure formatting: no I/O, so it is unit-tested.
 */

/** Latency percentiles of one operation, in milliseconds. */
export interface Latency {
  p50: number;
  p95: number;
  p99: number;
}

export interface ReportRow {
  operation: string;
  /** A raw engine figure (no gateway, no handler) that other rows of the part are compared to. */
  baseline?: boolean;
  latency?: Latency;
  /** Operations per second (throughput). */
  perSecond?: number;
  /** How this row compares to a baseline row of the same run, e.g. `p99 1.8× raw GetItem`. */
  versus?: { baseline: string; metric: 'p99' | 'ops/s'; ratio: number };
  /** AWS calls per operation, by `service:Operation`, counted at the local engines. */
  awsCalls?: Record<string, number>;
  /** Other figures of the row: state transitions, KB, import ms, USD per 1,000 dossiers… */
  values?: Record<string, string | number>;
}

export interface ReportTarget {
  /** The issue that set the target. */
  issue: number;
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

export interface PartReport {
  part: string;
  title: string;
  rows: ReportRow[];
  targets: ReportTarget[];
  /** Free-form lines kept for the Markdown report (a part's own detailed table). */
  details?: string[];
  /** Machine-readable extras for the JSON report. */
  data?: unknown;
}

export interface BenchReport {
  at: string;
  node: string;
  machine: { cpus: number; memoryGb: number; platform: string; loadAverage: number[] };
  parts: PartReport[];
}

const num = (n: number | undefined, digits = 2) =>
  n === undefined || !Number.isFinite(n) ? '' : n >= 1000 ? n.toFixed(0) : n.toFixed(digits);

function calls(r: ReportRow): string {
  return Object.entries(r.awsCalls ?? {})
    .map(([k, v]) => `${k}×${Math.round(v * 100) / 100}`)
    .join(' ');
}

function versus(r: ReportRow): string {
  if (!r.versus) return r.baseline ? '(baseline)' : '';
  const x = r.versus.ratio;
  // Small ratios keep two significant digits (0.0082×), so they don't all print as 0.00×.
  return `${r.versus.metric} ${x < 0.1 ? x.toPrecision(2) : x.toFixed(2)}× ${r.versus.baseline}`;
}

function values(r: ReportRow): string {
  return Object.entries(r.values ?? {})
    .map(([k, v]) => `${k} ${typeof v === 'number' ? (Number.isInteger(v) ? String(v) : num(v)) : v}`)
    .join(', ');
}

const COLUMNS = ['operation', 'p50 ms', 'p95 ms', 'p99 ms', 'ops/s', 'vs baseline', 'AWS calls/op', 'other'];

function cells(part: PartReport, r: ReportRow): string[] {
  return [
    `${part.part}: ${r.operation}`,
    num(r.latency?.p50),
    num(r.latency?.p95),
    num(r.latency?.p99),
    num(r.perSecond, 1),
    versus(r),
    calls(r),
    values(r),
  ];
}

/** `met` / `NOT met`, as every part prints it. */
export const verdict = (met: boolean) => (met ? 'met' : 'NOT met');

/** The one table for the terminal: aligned columns, numbers right-aligned, then the targets. */
export function formatTable(report: BenchReport): string {
  const rows = report.parts.flatMap((p) => p.rows.map((r) => cells(p, r)));
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const right = new Set([1, 2, 3, 4]);
  const line = (cols: string[]) =>
    cols
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const targets = report.parts.flatMap((p) => p.targets);
  return [
    `motcua bench — ${report.at} — node ${report.node} — ${report.machine.cpus} CPUs, ${report.machine.memoryGb} GB — load average ${report.machine.loadAverage.map((l) => l.toFixed(2)).join(' ')}`,
    '',
    line(COLUMNS),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...(targets.length
      ? [
          '',
          'targets:',
          ...targets.map(
            (t) => `  [${verdict(t.met)}] #${t.issue} ${t.name}: target ${t.target}; measured ${t.measured}`,
          ),
        ]
      : []),
  ].join('\n');
}

const md = (s: string) => s.replaceAll('|', '\\|');

/** The same report as Markdown: one table of every operation, the targets, then each part's details. */
export function formatMarkdown(report: BenchReport): string {
  const out = [
    '# motcua bench',
    '',
    `${report.at} — node ${report.node} — ${report.machine.cpus} CPUs, ${report.machine.memoryGb} GB memory, ${report.machine.platform} — load average at the end ${report.machine.loadAverage.map((l) => l.toFixed(2)).join(' ')}`,
    '',
    `| ${COLUMNS.join(' | ')} |`,
    `|${COLUMNS.map((_, i) => (i >= 1 && i <= 4 ? '---:' : '---')).join('|')}|`,
    ...report.parts.flatMap((p) => p.rows.map((r) => `| ${cells(p, r).map(md).join(' | ')} |`)),
  ];
  const targets = report.parts.flatMap((p) => p.targets);
  if (targets.length) {
    out.push(
      '',
      '## Targets',
      '',
      '| issue | target | measured | |',
      '|---|---|---|---|',
      ...targets.map(
        (t) => `| #${t.issue} | ${md(t.name)}: ${md(t.target)} | ${md(t.measured)} | ${verdict(t.met)} |`,
      ),
    );
  }
  for (const p of report.parts) {
    if (!p.details?.length) continue;
    out.push('', `## ${p.title}`, '', '```', ...p.details, '```');
  }
  return `${out.join('\n')}\n`;
}

/** The report as JSON (numbers unrounded). */
export function formatJson(report: BenchReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * The parts to run from the command line (`npm run bench -- load dashboard`): all of them when
 * none is named; an unknown name is an error that lists the valid ones.
 */
export function selectParts(args: readonly string[], valid: readonly string[]): string[] {
  const names = args.filter((a) => !a.startsWith('-'));
  if (names.length === 0) return [...valid];
  const unknown = names.filter((n) => !valid.includes(n));
  if (unknown.length) {
    throw new Error(
      `unknown bench part${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}; valid parts: ${valid.join(', ')}`,
    );
  }
  return valid.filter((v) => names.includes(v));
}
