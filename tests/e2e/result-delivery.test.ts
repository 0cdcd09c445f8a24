import { readFile } from 'node:fs/promises';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import {
  accept,
  advanceTo,
  emailsAbout,
  MON_2026_03_02_0900,
  type Submitted,
  submit,
} from '../support/workflow.ts';
import {
  CITIZEN,
  expectAccessibleAtBothWidths,
  fillApplicant,
  issueResult,
  lookupPage,
  pdfFile,
  receiptShown,
  screenshots,
  submitButton,
  upload,
  useE2E,
} from './support.ts';

/**
 * The citizen's journey closes (docs/result-delivery.md): a dossier with online delivery from the
 * search to downloading the result PDF and rating it, reaching the look-up page by the link in the
 * acceptance email and by the address form 01 prints and encodes in its QR code; and an overdue
 * dossier whose page says it is late and what the centre owes. axe at 360 px and 1280 px.
 */
const e2e = useE2E({ clockStartMs: MON_2026_03_02_0900 });
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 50 });

describe('online delivery', () => {
  it('goes from the search to downloading the result PDF and rating, by the email link and the QR address', async () => {
    const { page } = await e2e().newPage({ width: 360 });
    await page.goto(e2e().webUrl);
    await page.getByLabel('Tên hoặc mã thủ tục').fill('dang ky thanh lap doanh nghiep tu nhan');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    await page.getByRole('link', { name: 'Đăng ký thành lập doanh nghiệp tư nhân' }).click();
    await page.getByRole('button', { name: 'Bắt đầu nộp hồ sơ' }).click();

    await fillApplicant(page, '2.001610');
    await page.locator('#f-fields-enterpriseName').fill('Doanh nghiệp tư nhân Hồng Nhung');
    await page.locator('#f-fields-headOfficeAddress').fill(CITIZEN.address);
    await page.locator('#f-fields-mainBusinessLine').fill('Bán lẻ hàng may mặc');
    await page.locator('#f-fields-investedCapitalVnd').fill('500000000');
    await submitButton(page).click();
    await page.waitForURL('**/apply/2.001610/delivery');
    await page.getByLabel('Nhận bản điện tử trực tuyến').check();
    await submitButton(page).click();
    await page.waitForURL('**/apply/2.001610/documents');
    await upload(page, 'd1', pdfFile());
    await submitButton(page).click();
    await page.waitForURL('**/apply/2.001610/review');
    await page.getByRole('button', { name: 'Đồng ý và nộp hồ sơ' }).click();

    const { code, secret } = await receiptShown(page);
    // The receipt page says how to look the dossier up again, and what to do if the code is lost.
    await poll(() => page.locator('#lost-secret').textContent()).toContain('mang căn cước công dân');
    await expectAccessibleAtBothWidths(page, 'receipt');
    const stack = e2e().stack;
    await stack.sfn.settle();
    const dossierId = (await staffDossierId(code))!;
    const d: Submitted = { dossierId, code, secret, executionArn: '' };
    expect((await accept(stack, d)).status).toBe(200);

    // 1. The link in the acceptance email opens the look-up page with the code filled in.
    const receiptMail = (await emailsAbout(stack, code)).find((m) => m.subject.includes('Đã tiếp nhận'))!;
    const emailLink = /Xem chi tiết: (\S+)/.exec(receiptMail.text)![1]!;
    expect(emailLink.endsWith(`/lookup#code=${encodeURIComponent(code)}`)).toBe(true);
    await page.goto(`${e2e().webUrl}${emailLink.slice(emailLink.indexOf('/lookup'))}`);
    await page.getByRole('heading', { level: 1, name: 'Tra cứu hồ sơ' }).waitFor();
    await poll(() => page.locator('#f-lookup-code').inputValue()).toBe(code);
    await page.locator('#f-lookup-secret').fill(secret);
    await page.locator('main form button[type="submit"]').click();
    await page.getByRole('heading', { level: 1, name: `Hồ sơ ${code}` }).waitFor();
    await poll(() => page.locator('main').textContent()).toContain('Sở Tài chính');

    // 2. The address form 01 prints (and encodes in its QR code) opens the same page.
    const receiptPdf = await fetch(`${stack.urls.api}/lookup/${encodeURIComponent(code)}/receipt.pdf`, {
      headers: { 'x-lookup-secret': secret },
    });
    expect(receiptPdf.status).toBe(200);
    const pdf = await getDocumentProxy(new Uint8Array(await receiptPdf.arrayBuffer()));
    const text = (await extractText(pdf, { mergePages: true })).text.replace(/\s+/g, '');
    const printed = /“(https?:\/\/[^”]+)”/.exec(text)![1]!;
    expect(new URL(printed).pathname).toBe('/lookup');
    expect(new URL(printed).hash).toBe(`#code=${encodeURIComponent(code)}`);
    const { page: scanned } = await e2e().newPage({ width: 1280 });
    await scanned.goto(`${e2e().webUrl}${new URL(printed).pathname}${new URL(printed).hash}`);
    await poll(() => scanned.locator('#f-lookup-code').inputValue()).toBe(code);
    // The address printed on receipts before, /tra-cuu?ma=<code>, still lands on the look-up page.
    await scanned.goto(`${e2e().webUrl}/tra-cuu?ma=${encodeURIComponent(code)}`);
    await poll(() => scanned.locator('#f-lookup-code').inputValue()).toBe(code);
    expect(new URL(scanned.url()).pathname).toBe('/lookup');

    // The department uploads the result PDF and completes: the result is returned online.
    const result = await issueResult(stack, d, 'Giấy chứng nhận.pdf');
    expect((await emailsAbout(stack, code)).some((m) => m.subject.includes('đã được trả trực tuyến'))).toBe(
      true,
    );

    await page.getByRole('button', { name: 'Cập nhật tình trạng' }).click();
    await poll(() => page.locator('main').textContent()).toContain('Đã trả kết quả');
    await page.getByRole('heading', { level: 2, name: 'Kết quả giải quyết' }).waitFor();
    await expectAccessibleAtBothWidths(page, 'look-up with the result online');
    await screenshots(page, 'vi-20-lookup-result-online');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Tải kết quả' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`ket-qua-${code}.pdf`);
    // The signed result (docs/pdf-and-signing.md): the upload, then the signature's incremental update.
    const saved = await readFile((await file.path()) ?? '');
    expect(saved.subarray(0, result.length - 1).equals(result.subarray(0, -1))).toBe(true);
    expect(saved.includes('/ETSI.CAdES.detached')).toBe(true);

    // Rating closes the journey.
    for (const fieldset of await page.locator('#rating-title ~ form fieldset').all())
      await fieldset.getByLabel('Tốt (2 điểm)').check();
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    // (The result's signature check above is a success notification too.)
    await poll(() =>
      page.locator('.notification--success').filter({ hasText: 'Cảm ơn bạn đã đánh giá' }).count(),
    ).toBe(1);
  }, 180_000);
});

describe('an overdue dossier', () => {
  it('says it is late, since when, and the apology the centre owes', async () => {
    const stack = e2e().stack;
    await advanceTo(stack, '2026-03-09 09:00');
    const d = await submit(stack);
    await accept(stack, d);
    // Accepted Monday 09/03: due Thursday 12/03; on Friday 13/03 it is late.
    await advanceTo(stack, '2026-03-13 10:00');
    const { page } = await e2e().newPage({ width: 360 });
    await page.goto(lookupPage(e2e().webUrl, d.code, d.secret));
    await page.getByRole('heading', { level: 1, name: `Hồ sơ ${d.code}` }).waitFor();
    const main = page.locator('main');
    await poll(() => page.locator('#overdue-title').textContent()).toBe('Hồ sơ đã quá hạn giải quyết');
    await poll(() => main.textContent()).toContain('Hạn giải quyết là ngày 12/03/2026');
    await poll(() => main.textContent()).toContain('Phiếu xin lỗi và hẹn lại ngày trả kết quả');
    expect(await main.textContent()).not.toContain('Bạn không cần làm gì lúc này');
    await expectAccessibleAtBothWidths(page, 'overdue look-up');
    // robots.txt is answered as text, not with the app's HTML.
    const robots = await fetch(`${e2e().webUrl}/robots.txt`);
    expect(robots.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await robots.text()).toContain('Disallow: /lookup');
    await screenshots(page, 'vi-21-lookup-overdue');
  }, 120_000);
});

/** The dossier id behind a code, as the staff inbox would show it (the test reads the table). */
async function staffDossierId(code: string): Promise<string | undefined> {
  const { dossierIdByCode } = await import('../../shared/adapters/dossier-citizen.ts');
  return dossierIdByCode(code);
}
