import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type Figures, figures } from '../../shared/domain/statistics.ts';
import {
  BOM,
  csvField,
  daysOverdue,
  REPORT_COLUMNS,
  REPORT_TOTAL_LABEL,
  type ReportSource,
  reportFileName,
  reportTable,
  toCsv,
  toWorkbook,
} from '../../web/src/lib/report.ts';

/** Figures as the API computes them, from counter values. */
const fig = (values: Partial<Record<string, number>>): Figures =>
  figures(
    [{ departmentId: 'X', procedureCode: 'x', period: '2026-03', values }],
    [{ departmentId: 'X', procedureCode: 'x', values }],
  );

const stc = fig({ received: 4, receivedOnline: 3, resolved: 4, early: 1, onTime: 2, late: 1, inProgress: 2 });
const sxdA = fig({ received: 2, receivedOnline: 2, resolved: 0, overdueNow: 1, withdrawn: 1 });
const sxdB = fig({ received: 1, resolved: 1, early: 1, ratings: 1, ratingPoints: 15, ratingMax: 18 });

const source: ReportSource = {
  period: { from: '2026-01', to: '2026-03' },
  asOf: '2026-03-12T03:00:00.000Z',
  totals: fig({
    received: 7,
    receivedOnline: 5,
    resolved: 5,
    early: 2,
    onTime: 2,
    late: 1,
    inProgress: 2,
    overdueNow: 1,
    withdrawn: 1,
    ratings: 1,
    ratingPoints: 15,
    ratingMax: 18,
  }),
  procedures: [
    { departmentId: 'SXD', procedureCode: '9.900003', ...sxdB },
    { departmentId: 'STC', procedureCode: '2.001610', ...stc },
    { departmentId: 'SXD', procedureCode: '9.900001', ...sxdA },
  ],
};

const names = {
  department: (id: string) => ({ STC: 'Sở Tài chính', SXD: 'Sở Xây dựng' })[id] ?? id,
  procedure: (code: string) =>
    ({
      '2.001610': 'Đăng ký thành lập doanh nghiệp tư nhân',
      '9.900001': 'Thủ tục "thử", có dấu phẩy',
      '9.900003': '=HYPERLINK("http://x")',
    })[code] ?? code,
};

describe('periodic report rows', () => {
  const table = reportTable(source, names);

  it('has a Vietnamese header, one row per department and procedure, and the total', () => {
    expect(table[0]).toEqual(REPORT_COLUMNS.map((c) => c.header));
    expect(table[0]).toContain('Tỷ lệ đúng hạn (%)');
    expect(table).toHaveLength(1 + 3 + 1);
    expect(table.slice(1, 4).map((r) => [r[0], r[1]])).toEqual([
      ['Sở Tài chính', '2.001610'],
      ['Sở Xây dựng', '9.900001'],
      ['Sở Xây dựng', '9.900003'],
    ]);
    expect(table[4]![0]).toBe(REPORT_TOTAL_LABEL);
  });

  it('carries the figures as numbers, rates with one decimal and empty when nothing was resolved', () => {
    const col = (h: string) => table[0]!.indexOf(h);
    const stcRow = table[1]!;
    expect(stcRow[col('Tiếp nhận')]).toBe(4);
    expect(stcRow[col('Trực tuyến')]).toBe(3);
    expect(stcRow[col('Đã giải quyết')]).toBe(4);
    expect(stcRow[col('Trước hạn')]).toBe(1);
    expect(stcRow[col('Đúng hạn')]).toBe(2);
    expect(stcRow[col('Trễ hạn')]).toBe(1);
    expect(stcRow[col('Tỷ lệ đúng hạn (%)')]).toBe(75);
    expect(stcRow[col('Đang giải quyết')]).toBe(2);
    const sxdRow = table[2]!;
    expect(sxdRow[col('Tỷ lệ đúng hạn (%)')]).toBeNull();
    expect(sxdRow[col('Quá hạn')]).toBe(1);
    expect(sxdRow[col('Rút hồ sơ')]).toBe(1);
    expect(table[3]![col('Mức độ hài lòng (%)')]).toBe(83.3);
    expect(table[4]![col('Tiếp nhận')]).toBe(7);
    expect(table[4]![col('Tỷ lệ đúng hạn (%)')]).toBe(80);
  });
});

describe('CSV serialisation', () => {
  it('quotes commas, quotes, line breaks and edge spaces (RFC 4180)', () => {
    expect(csvField('Sở Tài chính')).toBe('Sở Tài chính');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField(12)).toBe('12');
    expect(csvField(92.5)).toBe('92.5');
    expect(csvField(null)).toBe('');
  });

  it('never lets a spreadsheet run a cell as a formula', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+84')).toBe("'+84");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
  });

  it('starts with the UTF-8 BOM, ends lines with CRLF and splits back into the table', () => {
    const table = reportTable(source, names);
    const csv = toCsv(table);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith('\r\n')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(table.length);
    expect(lines[0]).toBe(REPORT_COLUMNS.map((c) => c.header).join(','));
    expect(lines[1]).toBe(
      // …, satisfaction (none rated: empty), fees collected and refunded online (none here).
      'Sở Tài chính,2.001610,Đăng ký thành lập doanh nghiệp tư nhân,4,3,4,1,2,1,75,2,0,0,0,0,,0,0',
    );
    expect(lines[2]).toContain('"Thủ tục ""thử"", có dấu phẩy"');
    expect(lines[4]!.startsWith(`${REPORT_TOTAL_LABEL},,,7,5,5,2,2,1,80,`)).toBe(true);
    // UTF-8 bytes: EF BB BF then the Vietnamese text intact.
    const bytes = new TextEncoder().encode(csv);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain('Sở Xây dựng');
  });

  it('names the file after the period', () => {
    expect(reportFileName(source.period, 'csv')).toBe('bao-cao-tiep-nhan-giai-quyet-2026-01-den-2026-03.csv');
    expect(reportFileName(source.period, 'xlsx')).toMatch(/\.xlsx$/);
  });
});

describe('XLSX workbook', () => {
  it('stores the header in Vietnamese and the figures as numbers, and reads back', async () => {
    const table = reportTable(source, names);
    const wb = toWorkbook(
      table,
      { period: source.period, asOf: '12/03/2026 10:00', department: 'Sở Tài chính' },
      ExcelJS,
    );
    const bytes = await wb.xlsx.writeBuffer();
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(bytes as ArrayBuffer);
    const ws = back.getWorksheet('Báo cáo')!;
    expect(ws.rowCount).toBe(table.length);
    const row = (n: number) => (ws.getRow(n).values as CellValueArray).slice(1);
    expect(row(1)).toEqual(table[0]);
    expect(row(2)[3]).toBe(4);
    expect(typeof row(2)[9]).toBe('number');
    expect(row(2)[9]).toBe(75);
    // A null rate is an empty cell, not "null" or 0.
    expect(ws.getRow(3).getCell(10).value).toBeNull();
    expect(row(5)[0]).toBe(REPORT_TOTAL_LABEL);
    const info = back.getWorksheet('Thông tin')!;
    expect(info.getRow(2).getCell(2).value).toBe('01/2026 – 03/2026');
    expect(info.getRow(4).getCell(2).value).toBe('Sở Tài chính');
  });
});

type CellValueArray = (string | number | null | undefined)[];

describe('days overdue', () => {
  it('counts a started day, and nothing before the deadline', () => {
    expect(daysOverdue('2026-03-05T10:00:00.000Z', '2026-03-05T10:00:00.000Z')).toBe(0);
    expect(daysOverdue('2026-03-05T10:00:00.000Z', '2026-03-04T10:00:00.000Z')).toBe(0);
    expect(daysOverdue('2026-03-05T10:00:00.000Z', '2026-03-05T11:00:00.000Z')).toBe(1);
    expect(daysOverdue('2026-03-05T10:00:00.000Z', '2026-03-08T10:00:00.000Z')).toBe(3);
    expect(daysOverdue('not a date', '2026-03-08T10:00:00.000Z')).toBe(0);
  });
});
