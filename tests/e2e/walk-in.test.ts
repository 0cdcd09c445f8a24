import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { decide, MON_2026_03_02_0900 } from '../support/workflow.ts';
import { expectAccessible, pdfFile, screenshots, useE2E } from './support.ts';

/**
 * Walk-in registration in the browser (issue 9, items 1–2): a reception officer finds the
 * procedure, enters the applicant (inline checks from the shared contracts), registers the dossier,
 * scans a document with a visible progress bar, submits, accepts it and prints form 01. axe checks
 * the page at each stage.
 */
const e2e = useE2E({ clockStartMs: MON_2026_03_02_0900 });
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 50 });

describe('walk-in registration', () => {
  it('a reception officer registers, scans, accepts and prints the receipt', async () => {
    const { page } = await e2e().newPage({ width: 1024 }); // a tablet in landscape
    await page.goto(`${e2e().webUrl}/can-bo/tiep-nhan`);
    await page.waitForURL('**/can-bo/dang-nhap?next=**');
    await page.locator('#f-login-username').fill('tiepnhan.1');
    await page.locator('main form button[type="submit"]').click();
    await page.waitForURL('**/can-bo/tiep-nhan');
    await page.getByRole('heading', { level: 1, name: 'Tiếp nhận hồ sơ tại quầy' }).waitFor();
    // The workspace's navigation offers the page to reception officers.
    expect(await page.getByRole('link', { name: 'Tiếp nhận tại quầy' }).getAttribute('aria-current')).toBe(
      'page',
    );

    await page.locator('#f-procedureQuery').fill('dang ky doanh nghiep tu nhan');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByRole('button', { name: /2\.001610/ }).click();
    await page.getByText('Thủ tục: 2.001610').waitFor();
    await expectAccessible(page, 'walk-in: the form');

    // Inline validation with the shared contracts: nothing is sent while a field is wrong.
    await page.locator('#f-applicant-fullName').fill('Hoàng Thị Quầy');
    await page.locator('#f-applicant-idNumber').fill('01919000123');
    await page.locator('#f-applicant-phone').fill('0241234567');
    await page.locator('#f-applicant-address').fill('Số 5, phường Phan Đình Phùng, tỉnh Thái Nguyên');
    await page.locator('#wi-register').click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    await poll(() => summary.textContent()).toContain('Số CCCD gồm 12 chữ số');
    expect(await summary.textContent()).toContain('Số điện thoại di động gồm 10 chữ số');
    await expectAccessible(page, 'walk-in: errors');

    await page.locator('#f-applicant-idNumber').fill('019190001234');
    await page.locator('#f-applicant-phone').fill('0912345678');
    await page.locator('#f-fields-enterpriseName').fill('Doanh nghiệp tư nhân Quầy');
    await page.locator('#f-fields-headOfficeAddress').fill('Số 5, phường Phan Đình Phùng, tỉnh Thái Nguyên');
    await page.locator('#f-fields-mainBusinessLine').fill('Bán lẻ');
    await page.locator('#f-fields-investedCapitalVnd').fill('100000000');
    await page.locator('#wi-register').click();
    await page.getByRole('heading', { name: '6. Quét và tải lên' }).waitFor();

    // A scan on a slow link: the progress bar appears and moves.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 400 * 1024,
    });
    await page.locator('#f-documents-d1-file').setInputFiles(pdfFile('ban-quet.pdf', 1024 * 1024));
    const bar = page.locator('#f-documents-d1-file-progress');
    await bar.waitFor();
    await page.waitForFunction(() => {
      const p = document.querySelector<HTMLProgressElement>('#f-documents-d1-file-progress');
      return p !== null && p.value > 0 && p.value < 100;
    });
    expect(await bar.getAttribute('aria-label')).toContain('ban-quet.pdf');
    await expectAccessible(page, 'walk-in: uploading');
    await screenshots(page, 'vi-40-walk-in-upload');
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
    const text = (await done.textContent()) ?? '';
    const code = /Đã nộp hồ sơ (\S+)\./.exec(text)?.[1];
    expect(code).toBeDefined();
    await e2e().stack.sfn.settle();

    // The same intake decision as for an online dossier.
    const acceptOption = page.getByLabel('Tiếp nhận hồ sơ, hẹn ngày trả kết quả');
    await acceptOption.waitFor();
    await expectAccessible(page, 'walk-in: intake');
    await acceptOption.check();
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ', exact: true }).click();
    const print = page.locator('#wi-print');
    await print.waitFor();
    expect(await print.textContent()).toContain('mẫu 01');
    await expectAccessible(page, 'walk-in: print');
    await screenshots(page, 'vi-41-walk-in-accepted');

    const download = page.waitForEvent('download');
    await print.click();
    const pdf = await download;
    expect(pdf.suggestedFilename()).toBe(`mau-01-${code}.pdf`);
    const bytes = await readFile((await pdf.path()) ?? '');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const dossierId = /\/can-bo\/ho-so\/([0-9a-f-]{36})/.exec(
      (await page.getByRole('link', { name: 'Mở hồ sơ' }).getAttribute('href')) ?? '',
    )?.[1];
    const found = (await getDossier(dossierId!))!;
    expect(found.dossier).toMatchObject({ channel: 'COUNTER', status: 'IN_PROGRESS', code });
    expect(found.documents.some((x) => x.requirementId === 'd1' && x.status === 'VERIFIED')).toBe(true);

    // The department finishes; an authorised person collects the result at the counter.
    const done2 = await decide(
      e2e().stack,
      { dossierId: dossierId!, code: code!, secret: '', executionArn: '' },
      'S01',
      { action: 'COMPLETE' },
    );
    expect(done2.status).toBe(200);
    await page.goto(`${e2e().webUrl}/can-bo/ho-so/${dossierId}`);
    await page.getByRole('heading', { name: 'Trả kết quả' }).waitFor();
    await page.getByLabel('Người được ủy quyền').check();
    // Without the authorised person's name and CCCD nothing is sent.
    await page.getByRole('button', { name: 'Xác nhận đã trả kết quả' }).click();
    await page.locator('.error-summary').waitFor();
    await page.locator('#f-handBack-collector-fullName').fill('Trần Văn Nhận');
    await page.locator('#f-handBack-collector-idNumber').fill('019190001234');
    await page.getByRole('button', { name: 'Xác nhận đã trả kết quả' }).click();
    const slip = page.locator('#hand-back-slip');
    await slip.waitFor();
    const slipText = (await slip.textContent()) ?? '';
    expect(slipText).toContain(code!);
    expect(slipText).toContain('Trần Văn Nhận');
    expect(slipText).toContain('019190001234');
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
  }, 180_000);
});
