import type { Workbook } from 'exceljs';
import { neutraliseFormulas } from '../../../shared/domain/csv.ts';
import type { Figures } from '../../../shared/domain/statistics.ts';

/**
 * The periodic report on intake and resolution (báo cáo tình hình tiếp nhận và giải quyết hồ sơ)
 * for a chosen period, from the statistics the dashboard already holds: one row per department and
 * procedure, then the total. Pure: the rows, the CSV text and the XLSX workbook are built here, and
 * the page only offers the file. Headers are Vietnamese whatever the page's language, because the
 * report is filed as an official document.
 */

/** What the report needs of a statistics view (GET /staff/statistics or /statistics). */
export interface ReportSource {
  period: { from: string; to: string };
  asOf: string;
  totals: Figures;
  procedures: ({ procedureCode: string; departmentId: string } & Figures)[];
}

export type CellValue = string | number | null;

interface Column {
  header: string;
  /** text: a name or code; count: a whole number; percent: 0–100 with one decimal, empty when null. */
  kind: 'text' | 'count' | 'percent';
  width: number;
  value: (r: ReportLine) => CellValue;
}

interface ReportLine extends Figures {
  departmentName: string;
  procedureCode: string;
  procedureName: string;
}

const count = (header: string, key: keyof Figures, width = 12): Column => ({
  header,
  kind: 'count',
  width,
  value: (r) => r[key] ?? 0,
});
const percent = (header: string, key: 'onTimeRate' | 'satisfaction' | 'onlineShare', width = 14): Column => ({
  header,
  kind: 'percent',
  width,
  value: (r) => r[key],
});

/** The report's columns, in order (Circular 01/2018 form of the periodic report, simplified). */
export const REPORT_COLUMNS: readonly Column[] = [
  { header: 'Cơ quan', kind: 'text', width: 34, value: (r) => r.departmentName },
  { header: 'Mã thủ tục', kind: 'text', width: 12, value: (r) => r.procedureCode },
  { header: 'Tên thủ tục', kind: 'text', width: 50, value: (r) => r.procedureName },
  count('Tiếp nhận', 'received'),
  count('Trực tuyến', 'receivedOnline'),
  count('Đã giải quyết', 'resolved', 14),
  count('Trước hạn', 'early'),
  count('Đúng hạn', 'onTime'),
  count('Trễ hạn', 'late'),
  percent('Tỷ lệ đúng hạn (%)', 'onTimeRate', 18),
  count('Đang giải quyết', 'inProgress', 16),
  count('Quá hạn', 'overdueNow'),
  count('Từ chối tiếp nhận', 'refusedAtIntake', 18),
  count('Từ chối giải quyết', 'refused', 18),
  count('Rút hồ sơ', 'withdrawn'),
  percent('Mức độ hài lòng (%)', 'satisfaction', 18),
  // Fees paid online (docs/payments.md), in đồng.
  count('Phí và lệ phí đã thu (đồng)', 'feesCollectedVnd', 22),
  count('Đã hoàn trả (đồng)', 'feesRefundedVnd', 18),
];

export const REPORT_TOTAL_LABEL = 'Tổng cộng';

export interface ReportNames {
  department: (id: string) => string;
  procedure: (code: string) => string;
}

/**
 * The report table: the header row, one row per department and procedure (departments in
 * Vietnamese alphabetical order, procedures by code), and the total row.
 */
export function reportTable(src: ReportSource, names: ReportNames): CellValue[][] {
  const lines: ReportLine[] = src.procedures.map((p) => ({
    ...p,
    departmentName: names.department(p.departmentId),
    procedureName: names.procedure(p.procedureCode),
  }));
  lines.sort(
    (a, b) =>
      a.departmentName.localeCompare(b.departmentName, 'vi') ||
      a.procedureCode.localeCompare(b.procedureCode),
  );
  const total: ReportLine = {
    ...src.totals,
    departmentName: REPORT_TOTAL_LABEL,
    procedureCode: '',
    procedureName: '',
  };
  return [
    REPORT_COLUMNS.map((c) => c.header),
    ...lines.map((l) => REPORT_COLUMNS.map((c) => c.value(l))),
    REPORT_COLUMNS.map((c) => c.value(total)),
  ];
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or edge spaces,
 * with quotes doubled. A text starting with = + - @ (or a tab / carriage return) gets a leading
 * apostrophe, so a spreadsheet never runs it as a formula (CSV injection).
 */
export function csvField(v: CellValue): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  // An apostrophe wherever a split on `,` or `;` could start a formula (shared/domain/csv.ts).
  const text = neutraliseFormulas(v);
  return /[",;\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The byte-order mark: Excel reads a CSV as UTF-8 (Vietnamese diacritics intact) only with it. */
export const BOM = '\uFEFF';

/** CSV text: BOM, comma-separated, CRLF line ends (RFC 4180), numbers with a dot decimal. */
export function toCsv(table: CellValue[][]): string {
  return `${BOM}${table.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** `01/2026` from `2026-01`. */
export const monthLabel = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;

export const periodLabel = (p: { from: string; to: string }) =>
  p.from === p.to ? monthLabel(p.from) : `${monthLabel(p.from)} – ${monthLabel(p.to)}`;

/** `bao-cao-tiep-nhan-giai-quyet-2026-01-den-2026-03.csv` */
export const reportFileName = (p: { from: string; to: string }, ext: 'csv' | 'xlsx') =>
  `bao-cao-tiep-nhan-giai-quyet-${p.from}-den-${p.to}.${ext}`;

export interface ReportMeta {
  period: { from: string; to: string };
  /** "05/03/2026 14:30" (Vietnam time), when the figures were read. */
  asOf: string;
  department?: string;
  procedure?: string;
}

/**
 * The XLSX workbook: sheet "Báo cáo" (header row frozen, filters, numbers stored as numbers, rates
 * with one decimal) and sheet "Thông tin" (period, time of the figures, filters). `ExcelJS` is
 * passed in so the page loads it only when the user asks for the file.
 */
export function toWorkbook(
  table: CellValue[][],
  meta: ReportMeta,
  ExcelJS: { Workbook: new () => Workbook },
): Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Một cửa điện tử';
  wb.title = `Báo cáo tình hình tiếp nhận và giải quyết hồ sơ ${periodLabel(meta.period)}`;
  const ws = wb.addWorksheet('Báo cáo', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = REPORT_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  for (const row of table.slice(1)) ws.addRow(row);
  ws.getRow(1).font = { bold: true };
  ws.getRow(table.length).font = { bold: true };
  REPORT_COLUMNS.forEach((c, i) => {
    if (c.kind === 'percent') ws.getColumn(i + 1).numFmt = '0.0';
    if (c.kind === 'count') ws.getColumn(i + 1).numFmt = '0';
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: REPORT_COLUMNS.length } };
  const info = wb.addWorksheet('Thông tin');
  info.columns = [{ width: 24 }, { width: 60 }];
  info.addRows([
    ['Báo cáo', 'Tình hình tiếp nhận và giải quyết hồ sơ'],
    ['Kỳ báo cáo', periodLabel(meta.period)],
    ['Số liệu lúc', meta.asOf],
    ['Cơ quan', meta.department ?? 'Tất cả'],
    ['Thủ tục', meta.procedure ?? 'Tất cả'],
  ]);
  info.getColumn(1).font = { bold: true };
  return wb;
}

const DAY_MS = 86_400_000;

/** Whole days since a deadline passed, counting a started day (a step escalated today: 1 day). */
export function daysOverdue(dueAt: string, asOf: string): number {
  const late = Date.parse(asOf) - Date.parse(dueAt);
  return Number.isFinite(late) && late > 0 ? Math.ceil(late / DAY_MS) : 0;
}
