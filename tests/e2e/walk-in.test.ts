import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { REGISTRATION_ROUTE, REGISTRATION_TARGET, routeOf } from '../../bench/registration.ts';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { decide, MON_2026_03_02_0900 } from '../support/workflow.ts';
import { expectAccessible, pdfFile, useE2E } from './support.ts';

/**
 * Walk-in registration in the browser (issue 9, items 1–3): a reception officer calls a ticket on
 * the counter page, registers an organisation's dossier for it (inline checks from the shared
 * contracts), scans a document with a visible progress bar, submits — which links the ticket —
 * accepts it and prints form 01 in one click through a hidden iframe; the counter page then shows
 * the linked dossier code. The browser's own API calls on that path are counted against the
 * bench's sequence (≤ 8). axe checks each page; an authorised person then collects the result.
 */
const e2e = useE2E({ clockStartMs: MON_2026_03_02_0900 });
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 50 });

/** Requests of the workspace's header (unread count, department names), not of the page's path. */
const CHROME = new Set(['GET /staff/notifications', 'GET /departments']);

describe('walk-in registration', () => {
  it('a reception officer calls a ticket, registers an organisation, scans, accepts and prints the receipt', async () => {
    const { stack, webUrl } = e2e();
    const taken = await fetch(`${stack.urls.api}/queue/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ departmentId: 'SXD' }),
    });
    expect(taken.status).toBe(201);
    const { ticketId, number } = (await taken.json()) as { ticketId: string; number: string };

    const { context, page } = await e2e().newPage({ width: 1024 }); // a tablet in landscape
    // Printing is recorded, not sent to a printer: in every frame, including the print iframe.
    await context.addInitScript(() => {
      const top = window.top as (Window & { __prints?: string[] }) | null;
      window.print = () => {
        if (!top) return;
        top.__prints = [...(top.__prints ?? []), location.href];
      };
    });
    await page.goto(`${webUrl}/can-bo/quay/SXD-01`);
    await page.waitForURL('**/can-bo/dang-nhap?next=**');
    await page.locator('#f-login-username').fill('tiepnhan.1');
    await page.locator('main form button[type="submit"]').click();
    await page.waitForURL('**/can-bo/quay/SXD-01');
    await page.getByRole('button', { name: 'Mở quầy' }).click();
    await poll(() => page.locator('#counter-waiting').textContent()).toBe('1 người đang chờ.');

    // From here on, every API request the browser makes is counted (CORS preflights aside).
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(stack.urls.api) && r.method() !== 'OPTIONS')
        requests.push(routeOf(r.method(), r.url().slice(stack.urls.api.length)));
    });
    await page.locator('#call-next').click();
    await poll(() => page.locator('#counter-current').textContent()).toBe(number);
    await expectAccessible(page, 'counter: calling');
    await page.locator('#register-dossier').click();
    await page.waitForURL('**/can-bo/tiep-nhan?**');
    expect(new URL(page.url()).searchParams.get('ticket')).toBe(ticketId);
    await page.getByRole('heading', { level: 1, name: 'Tiếp nhận hồ sơ tại quầy' }).waitFor();
    expect(await page.locator('#wi-ticket').textContent()).toContain(`Đang phục vụ số ${number}`);

    await page.locator('#f-procedureQuery').fill('cap lai giay phep xay dung');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByRole('button', { name: /1\.013235/ }).click();
    await page.getByText('Thủ tục: 1.013235').waitFor();
    // Every applicant type of the procedure, with the online form's component.
    await page.getByLabel('Tổ chức, doanh nghiệp').check();
    await page.locator('#f-applicant-organisationName').waitFor();

    // Inline validation with the shared contracts: nothing is sent while a field is wrong.
    await page.locator('#f-applicant-organisationName').fill('Công ty TNHH Xây dựng Quầy Một');
    await page.locator('#f-applicant-taxCode').fill('01012345');
    await page.locator('#f-applicant-representative-fullName').fill('Hoàng Thị Quầy');
    await page.locator('#f-applicant-representative-idNumber').fill('01919000123');
    await page.locator('#f-applicant-phone').fill('0241234567');
    await page.locator('#f-applicant-address').fill('Số 5, phường Phan Đình Phùng, tỉnh Thái Nguyên');
    await page.locator('#wi-register').click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    await poll(() => summary.textContent()).toContain('Mã số thuế gồm 10 hoặc 13 chữ số');
    const errorsText = (await summary.textContent()) ?? '';
    expect(errorsText).toContain('Số CCCD gồm 12 chữ số');
    expect(errorsText).toContain('Số điện thoại di động gồm 10 chữ số');
    // Each error is on its field too, announced with it.
    expect(await page.locator('#f-applicant-taxCode').getAttribute('aria-describedby')).toContain(
      'f-applicant-taxCode-error',
    );
    expect(await page.locator('#f-applicant-taxCode').getAttribute('aria-invalid')).toBe('true');
    // axe on the whole form: both applicant types' components, the fields, the error summary.
    await expectAccessible(page, 'walk-in: the form with errors');

    await page.locator('#f-applicant-taxCode').fill('0101234567');
    await page.locator('#f-applicant-representative-idNumber').fill('019190001234');
    await page.locator('#f-applicant-phone').fill('0912345678');
    await page.locator('#f-fields-permitNumber').fill('GPXD-12/2025');
    await page.locator('#f-fields-permitIssuedDate').fill('16');
    await page.locator('#f-fields-permitIssuedDate-month').fill('6');
    await page.locator('#f-fields-permitIssuedDate-year').fill('2025');
    await page.locator('#f-fields-worksClass-1').check();
    await page.locator('#f-fields-worksLocation').fill('Phường Phan Đình Phùng, tỉnh Thái Nguyên');
    await page.locator('#f-fields-reissueReason').fill('Giấy phép bị rách');
    await page.locator('#wi-register').click();
    await page.getByRole('heading', { name: '6. Quét và tải lên' }).waitFor();

    // A scan on a slow link: the progress bar appears and moves.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 256 * 1024,
    });
    await page.locator('#f-documents-d1-file').setInputFiles(pdfFile('ban-quet.pdf', 512 * 1024));
    const bar = page.locator('#f-documents-d1-file-progress');
    await bar.waitFor();
    await page.waitForFunction(() => {
      const p = document.querySelector<HTMLProgressElement>('#f-documents-d1-file-progress');
      return p !== null && p.value > 0 && p.value < 100;
    });
    expect(await bar.getAttribute('aria-label')).toContain('ban-quet.pdf');
    await page.locator('#f-documents-d1 .upload-done').waitFor({ timeout: 30_000 });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });

    await page.locator('#wi-submit').click();
    const done = page.locator('.notification--success').first();
    await done.waitFor();
    const code = /Đã nộp hồ sơ (\S+)\./.exec((await done.textContent()) ?? '')?.[1];
    expect(code).toBeDefined();
    // The same call linked the ticket.
    await poll(() => page.locator('#wi-ticket').textContent()).toContain(`đã được gắn với hồ sơ ${code}`);
    await stack.sfn.settle();

    // The same intake decision as for an online dossier.
    const acceptOption = page.getByLabel('Tiếp nhận hồ sơ, hẹn ngày trả kết quả');
    await acceptOption.waitFor();
    await acceptOption.check();
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ', exact: true }).click();
    const print = page.locator('#wi-print');
    await print.waitFor();
    expect(await print.textContent()).toContain('mẫu 01');

    // One click: the PDF goes into a hidden iframe and that frame's print() is called.
    await print.click();
    const prints = () => page.evaluate(() => (window as Window & { __prints?: string[] }).__prints ?? []);
    await poll(async () => (await prints()).length).toBe(1);
    const frame = page.locator('#print-frame');
    const src = (await frame.getAttribute('src')) ?? '';
    expect(src).toMatch(/^blob:/);
    expect((await prints())[0]).toBe(src);
    expect(await frame.getAttribute('aria-hidden')).toBe('true');
    const head = await page.evaluate(async (url) => {
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      return String.fromCharCode(...bytes.slice(0, 5));
    }, src);
    expect(head).toBe('%PDF-');
    await poll(() => page.locator('#wi-print-status').textContent()).toContain('Đã gửi phiếu tới máy in');
    await expectAccessible(page, 'walk-in: printed');

    // The path from "call next" to the printed receipt, as the browser made it.
    const path = requests.filter(
      (r) => !CHROME.has(r) && r !== 'GET /staff/queue/counters/{counterId}', // the counter's polling
    );
    expect(path).toEqual([...REGISTRATION_ROUTE]);
    expect(path.length).toBeLessThanOrEqual(REGISTRATION_TARGET);

    // The download link is kept as a fallback, from the same PDF (no further call).
    const download = page.waitForEvent('download');
    await page.locator('#wi-download').click();
    const pdf = await download;
    expect(pdf.suggestedFilename()).toBe(`mau-01-${code}.pdf`);
    const bytes = await readFile((await pdf.path()) ?? '');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const dossierId = /\/can-bo\/ho-so\/([0-9a-f-]{36})/.exec(
      (await page.getByRole('link', { name: 'Mở hồ sơ' }).getAttribute('href')) ?? '',
    )?.[1];
    const found = (await getDossier(dossierId!))!;
    expect(found.dossier).toMatchObject({ channel: 'COUNTER', status: 'IN_PROGRESS', code });
    expect(found.dossier.applicant).toMatchObject({ type: 'ORGANISATION', taxCode: '0101234567' });
    expect(found.documents.some((x) => x.requirementId === 'd1' && x.status === 'VERIFIED')).toBe(true);

    // Back at the counter, the ticket shows the dossier registered for it.
    await page.locator('#wi-back').click();
    await page.waitForURL('**/can-bo/quay/SXD-01');
    await poll(() => page.locator('#counter-linked').textContent()).toContain(code!);
    await expectAccessible(page, 'counter: linked');

    // The department finishes; an authorised person collects the result at the counter.
    const done2 = await decide(
      stack,
      { dossierId: dossierId!, code: code!, secret: '', executionArn: '' },
      'S01',
      {
        action: 'COMPLETE',
      },
    );
    expect(done2.status).toBe(200);
    await page.goto(`${webUrl}/can-bo/ho-so/${dossierId}`);
    await page.getByRole('heading', { name: 'Trả kết quả' }).waitFor();
    await page.getByLabel('Người được ủy quyền').check();
    await page.locator('#f-handBack-collector-fullName').fill('Trần Văn Nhận');
    await page.locator('#f-handBack-collector-idNumber').fill('019190001234');
    await page.getByRole('button', { name: 'Xác nhận đã trả kết quả' }).click();
    const slip = page.locator('#hand-back-slip');
    await slip.waitFor();
    const slipText = (await slip.textContent()) ?? '';
    expect(slipText).toContain(code!);
    expect(slipText).toContain('Trần Văn Nhận');
    await expectAccessible(page, 'walk-in: hand-back slip');
    // Printed, the slip is all there is on the page.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('heading', { level: 2, name: 'Phiếu bàn giao kết quả' }).isVisible()).toBe(
      true,
    );
    expect(await page.locator('header').first().isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    const returned = (await getDossier(dossierId!))!.dossier as {
      status: string;
      collector?: { kind: string };
    };
    expect(returned).toMatchObject({ status: 'RETURNED', collector: { kind: 'AUTHORISED' } });
  }, 120_000);
});
