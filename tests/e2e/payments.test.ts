import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '../../shared/adapters/config.ts';
import { call, draftWithDocuments, individual, newKey } from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';
import { accept, MON_2026_03_02_0900 } from '../support/workflow.ts';
import {
  CITIZEN,
  expectAccessible,
  fillApplicant,
  issueResult,
  lookupPage,
  pdfFile,
  pngFile,
  receiptShown,
  screenshots,
  submitButton,
  upload,
  useE2E,
} from './support.ts';

/**
 * A citizen pays a fee online (docs/payments.md): the form shows what is due, the button goes to the
 * local VNPAY sandbox, the citizen pays, comes back, submits, and the look-up page shows the fee
 * paid. 360 px wide, axe clean on each page of ours.
 */
const e2e = useE2E({ clockStartMs: MON_2026_03_02_0900 });

beforeAll(() => {
  // The gateway sends the citizen back to this web app (its address is known once it listens).
  process.env.PUBLIC_WEB_URL = e2e().webUrl;
  resetConfig();
});

describe('paying a fee online', () => {
  it('shows the fee on the form, pays it in the sandbox, and shows it paid on the look-up page', async () => {
    const { page } = await e2e().newPage({ width: 360 });
    await page.goto(`${e2e().webUrl}/procedures/1.013217`);
    // The procedure page lists the fee with its amount, when it is paid and its legal basis.
    await expect.poll(() => page.locator('main').textContent()).toContain('45.000 ₫');
    await page.getByRole('button', { name: 'Bắt đầu nộp hồ sơ' }).click();

    await fillApplicant(page, '1.013217');
    await page.locator('#f-fields-fullName').fill(CITIZEN.fullName);
    await page.locator('#f-fields-personalIdNumber').fill(CITIZEN.idNumber);
    await page.locator('#f-fields-certificateNumber').fill('HAN-00012345');
    await page.locator('#f-fields-reissueReason').fill('Chứng chỉ bị mất');
    await submitButton(page).click();
    await page.waitForURL('**/apply/1.013217/delivery');
    await page.locator('#f-delivery-method-0').check();
    await submitButton(page).click();
    await page.waitForURL('**/apply/1.013217/documents');
    await upload(page, 'd1', pdfFile());
    await upload(page, 'd2', pdfFile('chung-chi.pdf'));
    await upload(page, 'd3', pngFile('anh.png'));
    await submitButton(page).click();
    await page.waitForURL('**/apply/1.013217/review');

    const fees = page.getByTestId('fees');
    await expect
      .poll(() => fees.textContent())
      .toContain('Cần thanh toán trực tuyến 45.000 ₫ trước khi nộp hồ sơ.');
    expect(await fees.textContent()).toContain('Căn cứ: Thông tư số 156/2025/TT-BTC');
    await expectAccessible(page, 'review with the fee due');

    // Submitting before paying is refused with the reason.
    await page.getByRole('button', { name: 'Đồng ý và nộp hồ sơ' }).click();
    await expect
      .poll(() => page.locator('main').textContent())
      .toContain('Chưa nộp phí, lệ phí: hãy thanh toán trực tuyến trước');

    await page.getByRole('button', { name: 'Thanh toán trực tuyến 45.000 ₫' }).click();
    await page.waitForURL('**/_local/vnpay/paymentv2/vpcpay.html**');
    expect(await page.locator('main').textContent()).toContain('45.000 ₫');
    await page.getByRole('button', { name: 'Thanh toán', exact: true }).click();

    await page.waitForURL('**/payment/return**');
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Đã thanh toán 45.000 ₫. Cảm ơn bạn.');
    await expectAccessible(page, 'payment return');
    await page.getByRole('link', { name: 'Quay lại hồ sơ để nộp' }).click();
    await page.waitForURL('**/apply/1.013217/review');
    await expect
      .poll(() => page.getByTestId('fees').textContent())
      .toMatch(/Đã thanh toán 45\.000 ₫ ngày 02\/03\/2026/);
    await page.getByRole('button', { name: 'Đồng ý và nộp hồ sơ' }).click();

    const { code, secret } = await receiptShown(page);
    await page.goto(lookupPage(e2e().webUrl, code, secret));
    const paid = page.getByTestId('fees');
    await expect
      .poll(() => paid.textContent())
      .toMatch(/Đã thanh toán 45\.000 ₫ ngày 02\/03\/2026 \(mã giao dịch \d+\)/);
    await expectAccessible(page, 'look-up with the fee paid');
  });

  it('pays the fee due before the result and then downloads the signed result (1.013222)', async () => {
    const stack = e2e().stack;
    const api = stack.urls.api;
    // Submitted online (free), accepted, and completed by the department with the result online.
    const { dossierId } = await draftWithDocuments(
      api,
      ['d1', 'd2', 'd3', 'd4', 'd5'].map((requirementId) => ({
        requirementId,
        bytes: pdfBytes(),
        contentType: 'application/pdf',
      })),
      {
        procedureCode: '1.013222',
        applicant: individual(),
        fields: {
          contractorName: 'Công ty ABC',
          contractorCountry: 'Nhật Bản',
          packageName: 'Gói thầu số 1',
          projectName: 'Nhà máy nước',
          projectLocation: 'Thái Nguyên',
        },
        delivery: { method: 'ONLINE' },
      },
    );
    const submitted = await call<{ code: string; lookupSecret: string }>(
      api,
      'POST',
      `/dossiers/${dossierId}/submit`,
      {
        headers: { 'idempotency-key': newKey() },
      },
    );
    expect(submitted.status).toBe(201);
    const { code, lookupSecret: secret } = submitted.body;
    await stack.sfn.settle();
    const d = { dossierId, code, secret, executionArn: '' };
    expect((await accept(stack, d)).status).toBe(200);
    await issueResult(stack, d, 'Giấy phép.pdf');

    const { page } = await e2e().newPage({ width: 360 });
    await page.goto(lookupPage(e2e().webUrl, code, secret));
    const fees = page.getByTestId('fees');
    await expect.poll(() => fees.textContent()).toContain('Cần thanh toán 500.000 ₫ trước khi nhận kết quả.');
    // What the citizen must do now says the fee comes first, then how the result is collected.
    const whatNow = page.locator('h2:has-text("Việc bạn cần làm") + .inset-text');
    await expect
      .poll(() => whatNow.textContent())
      .toMatch(
        /^Thanh toán 500\.000 ₫ phí, lệ phí trước khi nhận kết quả \(mục “Phí, lệ phí” bên dưới\)\. \S/,
      );
    // Until it is paid, the result cannot be downloaded and the rating waits: the page says why.
    await expect
      .poll(() => page.locator('#result-download-after-fee').textContent())
      .toBe('Bạn tải được kết quả sau khi thanh toán 500.000 ₫ phí, lệ phí (mục “Phí, lệ phí” ở trên).');
    expect(await page.getByRole('button', { name: 'Tải kết quả' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: /Đánh giá/ }).count()).toBe(0);
    await expectAccessible(page, 'look-up with the fee due before the result');
    await screenshots(page, 'vi-24-lookup-fee-before-result');
    await page.getByRole('button', { name: 'Thanh toán trực tuyến 500.000 ₫' }).click();
    await page.waitForURL('**/_local/vnpay/paymentv2/vpcpay.html**');
    await page.getByRole('button', { name: 'Thanh toán', exact: true }).click();
    await page.waitForURL('**/payment/return**');
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Đã thanh toán 500.000 ₫. Cảm ơn bạn.');
    await page.locator('main').getByRole('link', { name: 'Tra cứu hồ sơ' }).click();
    await expect.poll(() => page.locator('#f-lookup-code').inputValue()).toBe(code);
    await page.locator('#f-lookup-secret').fill(secret);
    await page.locator('main form button[type="submit"]').click();
    await expect.poll(() => page.getByTestId('fees').textContent()).toMatch(/Đã thanh toán 500\.000 ₫/);
    await expect.poll(() => whatNow.textContent()).not.toContain('Thanh toán 500.000 ₫');
    // Paid: the rating is offered, and the result can be downloaded.
    await expect.poll(() => page.getByRole('heading', { name: /Đánh giá/ }).count()).toBe(1);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Tải kết quả' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`ket-qua-${code}.pdf`);
    const saved = await readFile((await file.path()) ?? '');
    expect(saved.includes('/ETSI.CAdES.detached')).toBe(true);
    await expectAccessible(page, 'look-up with the fee paid and the result downloaded');
  });
});
