import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Download, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { RATING_INDICES } from '../../shared/contracts/dossier.ts';
import type { Figures } from '../../shared/domain/statistics.ts';
import type { StatisticsView } from '../../shared/services/statistics.ts';
import { call } from '../support/api.ts';
import {
  accept,
  advanceTo,
  bearer,
  decide,
  MON_2026_03_02_0900,
  type Submitted,
  seedFixtureProcedures,
  staff,
  submit,
  version,
} from '../support/workflow.ts';
import { expectAccessible, screenshots, useE2E } from './support.ts';

/**
 * The statistics pages in the browser: a few dossiers with different outcomes are made through
 * the API on the local clock (resolved early and rated, refused at intake, resolved late, two left
 * overdue — one assigned, one not), then the public page (/thong-ke) and the leadership dashboard
 * (/can-bo/thong-ke) must show exactly the API's figures, the overdue list must open the dossier,
 * axe must find no serious or critical violation, and the CSV and XLSX reports must download and
 * parse back to the API's figures.
 */
const e2e = useE2E({ clockStartMs: MON_2026_03_02_0900 });

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

type View = Omit<StatisticsView, 'calls'>;

/** The figures as the page writes them (vi-VN): 1.234 and 92,5%. */
const count = (n: number) => new Intl.NumberFormat('vi-VN').format(n);
const rate = (n: number | null) =>
  n === null ? '—' : `${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(n)}%`;
/** A headline rate: without data, the dash and (for screen readers) the words. */
const headlineRate = (n: number | null) => (n === null ? '— Chưa có số liệu' : rate(n));
const HEADLINES: [keyof Figures, (f: Figures) => string][] = [
  ['received', (f) => count(f.received)],
  ['onTimeRate', (f) => headlineRate(f.onTimeRate)],
  ['onlineShare', (f) => headlineRate(f.onlineShare)],
  ['inProgress', (f) => count(f.inProgress)],
  ['overdueNow', (f) => count(f.overdueNow)],
  ['satisfaction', (f) => headlineRate(f.satisfaction)],
];

async function publicView(query = ''): Promise<View> {
  const res = await call<View>(e2e().stack.urls.api, 'GET', `/statistics${query}`);
  expect(res.status).toBe(200);
  return res.body;
}

async function staffStatistics(as: string, query = ''): Promise<View> {
  const stack = e2e().stack;
  const res = await call<View>(stack.urls.api, 'GET', `/staff/statistics${query}`, {
    headers: await bearer(stack, as),
  });
  expect(res.status).toBe(200);
  return res.body;
}

const shownFigure = (page: Page, key: string) =>
  page.locator(`[data-figure="${key}"] .stats-figure__value`).textContent();

/** Every headline figure on the page equals the API's. */
async function expectHeadlines(page: Page, totals: Figures) {
  for (const [key, format] of HEADLINES) await poll(() => shownFigure(page, key)).toBe(format(totals));
}

async function openTables(page: Page) {
  for (const d of await page.locator('details.chart__details').all())
    await d.evaluate((el) => el.setAttribute('open', ''));
}

async function waitForCharts(page: Page) {
  await poll(() => page.locator('.chart canvas').count()).toBe(3);
  await poll(() => page.locator('.chart .hint').count()).toBe(0);
}

async function signIn(page: Page, username: string, back: string) {
  await page.waitForURL((u) => u.pathname === '/can-bo/dang-nhap' && u.searchParams.has('next'));
  await page.locator('#f-login-username').fill(username);
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL((u) => u.pathname + u.search === back);
}

const downloadText = async (d: Download) => readFileSync(await d.path());

let early: Submitted;
let refused: Submitted;
let assignedOverdue: Submitted;
let unassignedOverdue: Submitted;
let late: Submitted;

describe('statistics pages', () => {
  beforeAll(async () => {
    const stack = e2e().stack;
    await seedFixtureProcedures();
    // Monday 02/03/2026: resolved the same day (early), handed back and rated.
    early = await submit(stack);
    expect((await accept(stack, early)).status).toBe(200);
    expect((await decide(stack, early, 'S01', { action: 'COMPLETE' })).status).toBe(200);
    expect(
      (
        await staff(stack, 'POST', `/staff/dossiers/${early.dossierId}/hand-back`, {
          version: await version(early.dossierId),
        })
      ).status,
    ).toBe(200);
    const scores = Object.fromEntries(RATING_INDICES.map((k, i) => [k, i % 3 === 0 ? 1 : 2]));
    const rated = await call(stack.urls.api, 'POST', `/lookup/${early.code}/rating`, {
      body: { scores },
      headers: { 'x-lookup-secret': early.secret },
    });
    expect(rated.status).toBeLessThan(300);
    // Refused at intake.
    refused = await submit(stack);
    expect(
      (
        await staff(stack, 'POST', `/staff/dossiers/${refused.dossierId}/intake`, {
          decision: 'REFUSE',
          version: await version(refused.dossierId),
          reasons: ['Không thuộc thẩm quyền'],
        })
      ).status,
    ).toBe(200);
    // Building department (5 working days), assigned to an officer, left to go overdue.
    assignedOverdue = await submit(stack, '9.900001');
    expect((await accept(stack, assignedOverdue)).status).toBe(200);
    const assigned = await staff(
      stack,
      'POST',
      `/staff/dossiers/${assignedOverdue.dossierId}/steps/S01/assign`,
      { version: await version(assignedOverdue.dossierId), handlerId: 'local-sxd.chuyenvien' },
      'sxd.truongphong',
    );
    expect(assigned.status).toBe(200);
    // Finance department (3 working days), never assigned, left to go overdue.
    unassignedOverdue = await submit(stack, '9.900004');
    expect((await accept(stack, unassignedOverdue)).status).toBe(200);
    // Finance department, resolved after its deadline (late).
    late = await submit(stack);
    expect((await accept(stack, late)).status).toBe(200);
    await advanceTo(stack, '2026-03-11 10:00');
    expect((await decide(stack, late, 'S01', { action: 'COMPLETE' })).status).toBe(200);

    const v = await publicView();
    expect(v.totals).toMatchObject({
      received: 4,
      receivedOnline: 4,
      refusedAtIntake: 1,
      resolved: 2,
      early: 1,
      late: 1,
      onTimeRate: 50,
      inProgress: 2,
      overdueNow: 2,
      ratings: 1,
    });
    expect(v.totals.satisfaction).toBeGreaterThan(0);
  }, 180_000);

  it('the public page shows the API’s figures, charts with data tables, and refreshes every minute', async () => {
    const { context, page } = await e2e().newPage({ width: 1280 });
    // The page's minute passes in an instant here, while the API's answer may be kept for 30 s of
    // real time (cache-control): routing the API turns the browser's HTTP cache off.
    await context.route(`${e2e().stack.urls.api}/**`, (r) => r.continue());
    await page.clock.install({ time: new Date('2026-03-11T03:00:00Z') });
    // From the home page's link, no login.
    await page.goto(`${e2e().webUrl}/`);
    await page.locator('main a[href="/thong-ke"]').click();
    await page.waitForURL('**/thong-ke');
    await page.getByRole('heading', { level: 1, name: 'Thống kê giải quyết hồ sơ' }).waitFor();

    const api = await publicView();
    expect(api.period).toEqual({ from: '2026-01', to: '2026-03' });
    await expectHeadlines(page, api.totals);
    expect(await page.locator('#stats-updated-at').textContent()).toMatch(
      /^Cập nhật lúc \d{2}:\d{2} 11\/03\/2026$/,
    );
    expect(await page.locator('main').textContent()).toContain('Kỳ báo cáo: 01/2026 – 03/2026');

    // Charts: canvases as images with their figures in words, and a real table behind each.
    await waitForCharts(page);
    const byDept = page.locator('#stats-by-department-canvas');
    expect(await byDept.getAttribute('role')).toBe('img');
    expect(await byDept.getAttribute('aria-label')).toContain('Sở Tài chính: 50%');
    expect(await byDept.getAttribute('aria-label')).toContain('Sở Xây dựng: —');
    expect(await page.locator('#stats-trend-canvas').getAttribute('aria-label')).toContain('03/2026: 50%');
    // The canvas was drawn (some non-white pixels).
    const drawn = await byDept.evaluate((c) => {
      const ctx = (c as HTMLCanvasElement).getContext('2d')!;
      const { data } = ctx.getImageData(
        0,
        0,
        (c as HTMLCanvasElement).width,
        (c as HTMLCanvasElement).height,
      );
      let ink = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) ink++;
      return ink;
    });
    expect(drawn).toBeGreaterThan(100);
    expect(await page.locator('details.chart__details summary').first().textContent()).toBe(
      'Xem bảng số liệu',
    );
    await openTables(page);
    const stcRow = page.locator('#stats-by-department-table tbody tr', { hasText: 'Sở Tài chính' });
    expect(await stcRow.locator('td').allTextContents()).toEqual(['2', '1', '0', '1', '50%']);
    expect(await page.locator('#stats-by-department-table caption').textContent()).toContain(
      '01/2026 – 03/2026',
    );
    const march = page.locator('#stats-volume-table tbody tr', { hasText: '03/2026' });
    expect(await march.locator('td').allTextContents()).toEqual(['4', '4', '2', '50%']);
    // The per-department table's total row is the API's totals.
    expect(await page.locator('#stats-departments-table tfoot td').first().textContent()).toBe(
      count(api.totals.received),
    );

    await expectAccessible(page, 'public statistics (vi)');
    await screenshots(page, 'vi-30-statistics');

    // Live: a dossier received now shows up at the next refresh (60 s), without reloading.
    const more = await submit(e2e().stack);
    expect((await accept(e2e().stack, more)).status).toBe(200);
    const after = await publicView();
    expect(after.totals.received).toBe(api.totals.received + 1);
    expect(await shownFigure(page, 'received')).toBe(count(api.totals.received));
    await page.clock.runFor(61_000);
    await poll(() => shownFigure(page, 'received')).toBe(count(after.totals.received));

    // Filters: one department; the figures follow the API's for that department.
    await page.locator('#f-stats-department').selectOption('SXD');
    await page.locator('form.stats-filters button[type="submit"]').click();
    await page.waitForURL((u) => u.pathname === '/thong-ke' && u.searchParams.get('department') === 'SXD');
    const sxd = await publicView('?from=2026-01&to=2026-03&department=SXD');
    expect(sxd.totals.received).toBe(1);
    await expectHeadlines(page, sxd.totals);
  });

  it('the dashboard shows the figures and the overdue list across departments, with a drill-down', async () => {
    const { page } = await e2e().newPage({ width: 1280 });
    await page.goto(`${e2e().webUrl}/can-bo/thong-ke`);
    await signIn(page, 'lanhdao.ttpvhcc', '/can-bo/thong-ke');
    await page.getByRole('heading', { level: 1, name: 'Thống kê và giám sát' }).waitFor();
    expect(await page.locator('header nav a[href="/can-bo/thong-ke"]').getAttribute('aria-current')).toBe(
      'page',
    );

    const api = await staffStatistics('lanhdao.ttpvhcc');
    await expectHeadlines(page, api.totals);
    expect(api.overdue).toHaveLength(2);

    // The overdue list: who holds each step, its due date and days overdue; most overdue first.
    const rows = page.locator('#stats-overdue-table tbody tr');
    await poll(() => rows.count()).toBe(2);
    const assignedRow = rows.filter({ hasText: assignedOverdue.code });
    await poll(() => assignedRow.textContent()).toContain('Hoàng Văn Xây');
    expect(await assignedRow.textContent()).toContain('Sở Xây dựng');
    expect(await assignedRow.textContent()).toContain('09/03/2026');
    const unassignedRow = rows.filter({ hasText: unassignedOverdue.code });
    expect(await unassignedRow.textContent()).toContain('Chưa phân công');
    expect(await unassignedRow.textContent()).toContain('Sở Tài chính');
    expect(await unassignedRow.textContent()).toContain('05/03/2026');
    expect(await unassignedRow.locator('td').last().textContent()).toMatch(/^\d+ ngày$/);
    expect(await rows.first().textContent()).toContain(unassignedOverdue.code);

    await waitForCharts(page);
    await openTables(page);
    await expectAccessible(page, 'leadership dashboard (vi)');
    await screenshots(page, 'vi-31-dashboard');

    // Drill-down: the code opens the dossier.
    await unassignedRow.locator(`a[href="/can-bo/ho-so/${unassignedOverdue.dossierId}"]`).click();
    await page.waitForURL(`**/can-bo/ho-so/${unassignedOverdue.dossierId}`);
    await page.getByRole('heading', { level: 1, name: unassignedOverdue.code }).waitFor();
  });

  it('exports the periodic report as CSV and XLSX that parse back to the API’s figures', async () => {
    const { page } = await e2e().newPage({ width: 1280 });
    await page.goto(`${e2e().webUrl}/can-bo/thong-ke?from=2026-03&to=2026-03`);
    await signIn(page, 'lanhdao.ttpvhcc', '/can-bo/thong-ke?from=2026-03&to=2026-03');
    await page.locator('#export-csv').waitFor();
    await waitForCharts(page);
    const api = await staffStatistics('lanhdao.ttpvhcc', '?from=2026-03&to=2026-03');
    const finance = api.procedures.find((p) => p.procedureCode === '2.001610')!;
    const building = api.procedures.find((p) => p.procedureCode === '9.900001')!;
    expect(finance.received).toBe(3);

    // The dossier register (form 06) of the period's last month: one line per dossier handed in.
    const [registerDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#export-register').click(),
    ]);
    expect(registerDownload.suggestedFilename()).toBe('so-theo-doi-ho-so_2026-03.csv');
    const registerLines = (await downloadText(registerDownload))
      .toString('utf8')
      .slice(1)
      .trimEnd()
      .split('\r\n');
    // Every cell quoted (formula-safe CSV).
    expect(registerLines[0]!.startsWith('"STT","Mã hồ sơ","Ngày nộp","Người nộp"')).toBe(true);
    expect(registerLines.length - 1).toBe(api.totals.submitted);

    // CSV: UTF-8 with a BOM, a Vietnamese header, one line per department and procedure, the total.
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#export-csv').click(),
    ]);
    expect(csvDownload.suggestedFilename()).toBe('bao-cao-tiep-nhan-giai-quyet-2026-03-den-2026-03.csv');
    const csvBytes = await downloadText(csvDownload);
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csvBytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    const header = lines[0]!.split(',');
    expect(header.slice(0, 4)).toEqual(['Cơ quan', 'Mã thủ tục', 'Tên thủ tục', 'Tiếp nhận']);
    expect(header).toContain('Tỷ lệ đúng hạn (%)');
    expect(lines).toHaveLength(1 + api.procedures.length + 1);
    const col = (name: string) => header.indexOf(name);
    const financeLine = lines.find((l) => l.includes(',2.001610,'))!.split(',');
    expect(financeLine[0]).toBe('Sở Tài chính');
    expect(financeLine[2]).toBe('Đăng ký thành lập doanh nghiệp tư nhân');
    expect(Number(financeLine[col('Tiếp nhận')])).toBe(finance.received);
    expect(Number(financeLine[col('Trực tuyến')])).toBe(finance.receivedOnline);
    expect(Number(financeLine[col('Đã giải quyết')])).toBe(finance.resolved);
    expect(Number(financeLine[col('Trước hạn')])).toBe(finance.early);
    expect(Number(financeLine[col('Trễ hạn')])).toBe(finance.late);
    expect(Number(financeLine[col('Tỷ lệ đúng hạn (%)')])).toBe(finance.onTimeRate);
    expect(Number(financeLine[col('Mức độ hài lòng (%)')])).toBe(finance.satisfaction);
    const buildingLine = lines.find((l) => l.includes(',9.900001,'))!.split(',');
    expect(buildingLine[0]).toBe('Sở Xây dựng');
    expect(Number(buildingLine[col('Quá hạn')])).toBe(building.overdueNow);
    expect(buildingLine[col('Tỷ lệ đúng hạn (%)')]).toBe('');
    const total = lines.at(-1)!.split(',');
    expect(total[0]).toBe('Tổng cộng');
    expect(Number(total[col('Tiếp nhận')])).toBe(api.totals.received);
    expect(Number(total[col('Từ chối tiếp nhận')])).toBe(api.totals.refusedAtIntake);
    await poll(() => page.locator('.stats-export [role="status"]').textContent()).toContain('Đã tạo tệp');

    // XLSX: ExcelJS loaded on the click; numbers stored as numbers.
    const [xlsxDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#export-xlsx').click(),
    ]);
    expect(xlsxDownload.suggestedFilename()).toBe('bao-cao-tiep-nhan-giai-quyet-2026-03-den-2026-03.xlsx');
    const wb = new ExcelJS.Workbook();
    const xlsxBytes = await downloadText(xlsxDownload);
    await wb.xlsx.load(
      xlsxBytes.buffer.slice(
        xlsxBytes.byteOffset,
        xlsxBytes.byteOffset + xlsxBytes.byteLength,
      ) as ArrayBuffer,
    );
    const ws = wb.getWorksheet('Báo cáo')!;
    expect(ws.rowCount).toBe(lines.length);
    const cells = (r: number) => (ws.getRow(r).values as unknown[]).slice(1);
    expect(cells(1)).toEqual(header);
    let financeRow: unknown[] | undefined;
    for (let r = 2; r <= ws.rowCount; r++) if (cells(r)[1] === '2.001610') financeRow = cells(r);
    expect(financeRow?.[0]).toBe('Sở Tài chính');
    expect(financeRow?.[col('Tiếp nhận')]).toBe(finance.received);
    expect(financeRow?.[col('Tỷ lệ đúng hạn (%)')]).toBe(finance.onTimeRate);
    expect(typeof financeRow?.[col('Đã giải quyết')]).toBe('number');
    expect(cells(ws.rowCount)[0]).toBe('Tổng cộng');
    expect(cells(ws.rowCount)[col('Tiếp nhận')]).toBe(api.totals.received);
    expect(wb.getWorksheet('Thông tin')!.getRow(2).getCell(2).value).toBe('03/2026');
  });

  it('a department head sees their own department only; an officer has no statistics link', async () => {
    const { page } = await e2e().newPage({ width: 1280 });
    await page.goto(`${e2e().webUrl}/can-bo/thong-ke`);
    await signIn(page, 'stc.truongphong', '/can-bo/thong-ke');
    const api = await staffStatistics('stc.truongphong');
    expect(api.departments.map((d) => d.departmentId)).toEqual(['STC']);
    await expectHeadlines(page, api.totals);
    expect(await page.locator('#f-stats-department').count()).toBe(0);
    await poll(() => page.locator('main').textContent()).toContain('Số liệu của Sở Tài chính.');
    await poll(() => page.locator('#stats-overdue-table tbody tr').count()).toBe(1);

    const officer = await e2e().newPage({ width: 1280 });
    await officer.page.goto(`${e2e().webUrl}/can-bo/ho-so`);
    await signIn(officer.page, 'stc.chuyenvien', '/can-bo/ho-so');
    await officer.page.locator('header nav a[href="/can-bo/ho-so"]').waitFor();
    expect(await officer.page.locator('header nav a[href="/can-bo/thong-ke"]').count()).toBe(0);
  });
});
