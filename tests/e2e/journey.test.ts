import { describe, expect, it } from 'vitest';
import {
  expectAccessible,
  fillPrivateEnterprise,
  pdfFile,
  pngFile,
  receiptShown,
  screenshots,
  submitButton,
  upload,
  useE2E,
} from './support.ts';

const e2e = useE2E();

/** Reads the page until the expectation holds (the UI renders after the event). */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 50 });

describe('the citizen journey', () => {
  it('finds a procedure without diacritics, applies with two documents, gets a receipt and looks the dossier up', async () => {
    const { page } = await e2e().newPage();
    await page.goto(e2e().webUrl);
    await page.getByRole('heading', { level: 1, name: 'Tìm thủ tục hành chính' }).waitFor();
    await expectAccessible(page, 'home (vi)');
    await screenshots(page, 'vi-1-home');

    await page.getByLabel('Tên hoặc mã thủ tục').fill('dang ky thanh lap doanh nghiep tu nhan');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    await page.waitForURL(/q=dang/);
    const result = page.getByRole('link', { name: 'Đăng ký thành lập doanh nghiệp tư nhân' });
    await result.waitFor();
    await expectAccessible(page, 'search results (vi)');
    await screenshots(page, 'vi-2-search');
    await result.click();

    await page.getByRole('heading', { level: 1, name: 'Đăng ký thành lập doanh nghiệp tư nhân' }).waitFor();
    await expect(page.getByText('3 ngày làm việc').first()).toBeTruthy();
    await expectAccessible(page, 'procedure (vi)');
    await screenshots(page, 'vi-3-procedure');
    await page.getByRole('button', { name: 'Bắt đầu nộp hồ sơ' }).click();

    await page.getByRole('heading', { level: 1, name: 'Thông tin người nộp hồ sơ' }).waitFor();
    await expectAccessible(page, 'applicant step (vi)');
    await screenshots(page, 'vi-4-applicant');
    await fillPrivateEnterprise(page);

    await expectAccessible(page, 'documents step (vi)');
    await upload(page, 'd1', pdfFile());
    await upload(page, 'd2', pngFile());
    await poll(() => page.locator('#f-documents-d1').textContent()).toContain('giay-de-nghi.pdf');
    await screenshots(page, 'vi-5-documents');
    await submitButton(page).click();

    await page.waitForURL('**/apply/2.001610/review');
    await poll(() => page.locator('main').textContent()).toContain('019190001234');
    await poll(() => page.locator('main').textContent()).toContain('500.000.000');
    await expectAccessible(page, 'review (vi)');
    await screenshots(page, 'vi-6-review');
    await page.getByRole('button', { name: 'Đồng ý và nộp hồ sơ' }).click();

    const { code, secret } = await receiptShown(page);
    expect(secret).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await poll(() =>
      page.getByRole('img', { name: `Mã QR mở trang tra cứu hồ sơ ${code}` }).isVisible(),
    ).toBe(true);
    // The draft is gone once submitted, and the secret was never stored.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain('motcua.draft.2.001610');
    await expectAccessible(page, 'receipt (vi)');
    await screenshots(page, 'vi-7-receipt');

    await page.getByRole('link', { name: 'Tra cứu hồ sơ này' }).click();
    await page.getByRole('heading', { level: 1, name: `Hồ sơ ${code}` }).waitFor();
    expect(page.url()).not.toContain(secret.replace(/-/g, ''));
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('Đã nộp, chờ tiếp nhận');
    expect(main).toContain('Nộp hồ sơ');
    // Before intake the centre has the dossier, not the department.
    expect(main).toContain('Trung tâm Phục vụ hành chính công');
    await expectAccessible(page, 'lookup result (vi)');
    await screenshots(page, 'vi-8-lookup-result');
  }, 120_000);

  it('works in English too: the switch, every page, translated validation messages, no axe violations', async () => {
    const { page } = await e2e().newPage();
    await page.goto(e2e().webUrl);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Find an administrative procedure' }).waitFor();
    await poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await expectAccessible(page, 'home (en)');
    await screenshots(page, 'en-1-home');

    await page.getByLabel('Procedure name or code').fill('DANG KY DOANH NGHIEP');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Đăng ký thành lập doanh nghiệp tư nhân' }).click();
    await page.getByRole('button', { name: 'Start your application' }).waitFor();
    await expectAccessible(page, 'procedure (en)');
    await screenshots(page, 'en-2-procedure');
    // The language is remembered across a reload.
    await page.reload();
    await page.getByRole('button', { name: 'Start your application' }).click();

    await page.getByRole('heading', { level: 1, name: 'Your details' }).waitFor();
    await page.getByLabel('Citizen identity number (CCCD)').fill('9990');
    await submitButton(page).click();
    await poll(() => page.locator('.error-summary a').allTextContents()).toEqual([
      'Full name: This cannot be empty',
      'Citizen identity number (CCCD): A CCCD number has 12 digits and starts with a province code 001–096',
      'Mobile phone number: A mobile number has 10 digits and starts with 03, 05, 07, 08 or 09',
      'Contact address: This cannot be empty',
    ]);
    await expectAccessible(page, 'applicant step with errors (en)');
    await screenshots(page, 'en-3-applicant-errors');
    await fillPrivateEnterprise(page);
    await expectAccessible(page, 'documents (en)');
    await upload(page, 'd1', pdfFile());
    await screenshots(page, 'en-4-documents');
    await submitButton(page).click();
    await page.getByRole('heading', { level: 1, name: 'Check your answers and apply' }).waitFor();
    await expectAccessible(page, 'review (en)');
    await screenshots(page, 'en-5-review');
    await page.getByRole('button', { name: 'Accept and apply' }).click();

    await page.getByRole('heading', { level: 1, name: 'Dossier submitted' }).waitFor();
    const code = (await page.locator('#dossier-code').textContent()) ?? '';
    const secret = (await page.locator('#lookup-secret').textContent()) ?? '';
    await expectAccessible(page, 'receipt (en)');
    await screenshots(page, 'en-6-receipt');
    // Reloading the receipt does not show the secret again.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Dossier submitted' }).waitFor();
    await poll(() => page.locator('#lookup-secret').count()).toBe(0);
    await poll(() => page.locator('main').textContent()).toContain('shown only once');

    await page.getByRole('link', { name: 'Track a dossier' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Track a dossier' }).waitFor();
    await page.getByRole('button', { name: 'Track', exact: true }).click();
    await poll(() => page.locator('.error-summary a').allTextContents()).toEqual([
      'A dossier code looks like 000.99.03.H55-260302-0001',
      'The lookup secret has 16 letters and digits',
    ]);
    await expectAccessible(page, 'look-up form with errors (en)');
    await screenshots(page, 'en-7-lookup-form');
    await page.getByLabel('Dossier code').fill(code);
    await page.getByLabel('Lookup secret').fill(secret.toLowerCase());
    await page.getByRole('button', { name: 'Track', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Dossier ${code}` }).waitFor();
    await poll(() => page.locator('main').textContent()).toContain('Submitted, awaiting intake');
    await expectAccessible(page, 'look-up result (en)');
    await screenshots(page, 'en-8-lookup-result');

    // And the look-up form in Vietnamese, for the record.
    await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
    await page.getByRole('link', { name: 'Tra cứu hồ sơ khác' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tra cứu hồ sơ' }).waitFor();
    await expectAccessible(page, 'look-up form (vi)');
    await screenshots(page, 'vi-13-lookup-form');
  }, 120_000);
});
