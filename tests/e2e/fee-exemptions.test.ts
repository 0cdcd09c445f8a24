import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dossierIdByCode } from '../../shared/adapters/dossier-citizen.ts';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { MON_2026_03_02_0900 } from '../support/workflow.ts';
import {
  CITIZEN,
  expectAccessible,
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
 * A fee exemption checked by the reception officer (docs/payments.md, "Exemptions"): the citizen
 * claims it in the form's fee block (1.013219: 90.000 ₫, exempt for a person with a severe
 * disability), submits without paying, sees the claim on the receipt and the look-up page; the
 * reception officer sees it with its legal basis on the dossier page and confirms it. 360 px wide
 * for the citizen, axe clean on every page.
 */
const e2e = useE2E({ clockStartMs: MON_2026_03_02_0900 });
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 50 });
const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';
const CLAIMED =
  'Đề nghị miễn: Người khuyết tật đặc biệt nặng hoặc nặng (có giấy xác nhận mức độ khuyết tật) — chờ cán bộ tiếp nhận xác nhận';

describe('a fee exemption claimed by the citizen and confirmed by the reception officer', () => {
  it('is claimed in the form, shown on the receipt and the look-up page, and confirmed at intake', async () => {
    const { page } = await e2e().newPage({ width: 360 });
    await page.goto(`${e2e().webUrl}/procedures/1.013219`);
    await page.getByRole('button', { name: 'Bắt đầu nộp hồ sơ' }).click();
    await page.waitForURL('**/apply/1.013219/applicant');
    await page.locator('#f-applicant-fullName').fill(CITIZEN.fullName);
    await page.locator('#f-applicant-idNumber').fill(CITIZEN.idNumber);
    await page.locator('#f-applicant-phone').fill(CITIZEN.phone);
    await page.locator('#f-applicant-email').fill(CITIZEN.email);
    await page.locator('#f-applicant-address').fill(CITIZEN.address);
    await submitButton(page).click();
    await page.waitForURL('**/apply/1.013219/details');
    await page.locator('#f-fields-fullName').fill(CITIZEN.fullName);
    await page.locator('#f-fields-nationality').fill('Việt Nam');
    await page.locator('#f-fields-passportNumber').fill('C1234567');
    await page.locator('#f-fields-practiceField').fill('Thiết kế xây dựng');
    await submitButton(page).click();
    await page.waitForURL('**/apply/1.013219/delivery');
    await page.locator('#f-delivery-method-0').check();
    await submitButton(page).click();
    await page.waitForURL('**/apply/1.013219/documents');
    await upload(page, 'd1', pdfFile());
    await upload(page, 'd2', pdfFile('bang-cap.pdf'));
    await upload(page, 'd3', pdfFile('xac-nhan-khuyet-tat.pdf'));
    await upload(page, 'd4', pngFile('anh.png'));
    await submitButton(page).click();
    await page.waitForURL('**/apply/1.013219/review');

    // The fee is due online until the citizen claims the exemption.
    const fees = page.getByTestId('fees');
    await poll(() => fees.textContent()).toContain('Cần thanh toán trực tuyến 90.000 ₫ trước khi nộp hồ sơ.');
    await page.getByLabel('Tôi thuộc đối tượng được miễn').check();
    // Each exemption with its legal basis; choosing one saves the claim with the draft.
    const choice = page.getByRole('group', { name: 'Đối tượng được miễn' });
    await poll(() => choice.textContent()).toContain('Căn cứ: Điều 10 Luật Phí và lệ phí số 97/2015/QH13');
    await choice.getByLabel(/Người khuyết tật/).check();
    await poll(() => fees.textContent()).toContain(CLAIMED);
    expect(await fees.textContent()).not.toContain('Cần thanh toán trực tuyến');
    await poll(() => page.getByTestId('exemption-claims').getByRole('status').textContent()).toBe(
      'Đã lưu đề nghị miễn.',
    );
    await expectAccessible(page, 'review with the exemption claimed');
    await screenshots(page, 'vi-60-exemption-claimed');

    // Submitted without paying; the receipt shows the claim awaiting the officer.
    await page.getByRole('button', { name: 'Đồng ý và nộp hồ sơ' }).click();
    const { code, secret } = await receiptShown(page);
    await poll(() => page.getByTestId('fees').textContent()).toContain(CLAIMED);
    await expectAccessible(page, 'receipt with the exemption claimed');
    await screenshots(page, 'vi-61-exemption-receipt');
    const lookup = lookupPage(e2e().webUrl, code, secret);
    await page.goto(lookup);
    await poll(() => page.getByTestId('fees').textContent()).toContain(CLAIMED);
    await expectAccessible(page, 'look-up with the exemption claimed');

    // The reception officer: the claim with its legal basis, beside the documents; confirms it.
    const stack = e2e().stack;
    await stack.sfn.settle();
    const dossierId = (await dossierIdByCode(code))!;
    const officer = (await e2e().newPage({ width: 1280 })).page;
    const next = `/can-bo/ho-so/${dossierId}`;
    await officer.goto(`${e2e().webUrl}/can-bo/dang-nhap?next=${encodeURIComponent(next)}`);
    await officer.locator('#f-login-username').fill('tiepnhan.1');
    await officer.locator('main form button[type="submit"]').click();
    await officer.waitForURL(`**${next}`);
    const panel = officer.getByTestId('fee-exemptions');
    await poll(() => panel.textContent()).toContain('Chờ xác nhận');
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('Lệ phí cấp chứng chỉ hành nghề hoạt động xây dựng');
    expect(text).toContain('90.000 ₫');
    expect(text).toContain('Điều 10 Luật Phí và lệ phí số 97/2015/QH13');
    expect(await mainText(officer)).toContain('xac-nhan-khuyet-tat.pdf');
    await expectAccessible(officer, 'reception: the exemption claimed');
    await screenshots(officer, 'vi-62-exemption-officer');
    // Refusing needs a reason: the form says so before anything is sent.
    await panel.getByLabel('Không xác nhận').check();
    await panel.getByRole('button', { name: 'Ghi quyết định' }).click();
    await poll(() => panel.textContent()).toContain('Nhập lý do không xác nhận');
    await panel.getByLabel('Xác nhận miễn').check();
    await panel.getByRole('button', { name: 'Ghi quyết định' }).click();
    await poll(() => officer.locator('.notification--success').textContent()).toContain(
      'Đã xác nhận miễn phí, lệ phí.',
    );
    await poll(() => panel.textContent()).toContain('Đã xác nhận miễn');
    expect(await panel.textContent()).toContain('Lê Thị Tiếp Nhận');
    await poll(() => mainText(officer)).toContain('Xác nhận miễn phí, lệ phí');
    await expectAccessible(officer, 'reception: the exemption confirmed');
    await officer.setViewportSize({ width: 360, height: 900 });
    await expectAccessible(officer, 'reception at 360 px: the exemption confirmed');
    const stored = (await getDossier(dossierId))!.dossier.feeExemptions![0]!;
    expect(stored).toMatchObject({ status: 'CONFIRMED', decidedBy: 'local-tiepnhan.1' });

    // The citizen's look-up page now says the fee is exempt.
    await page.goto(`${e2e().webUrl}/`);
    await page.goto(lookup);
    await poll(() => page.getByTestId('fees').textContent()).toContain(
      'Được miễn: Người khuyết tật đặc biệt nặng hoặc nặng (có giấy xác nhận mức độ khuyết tật) (cán bộ tiếp nhận xác nhận ngày 02/03/2026)',
    );
    await expectAccessible(page, 'look-up with the exemption confirmed');
    await screenshots(page, 'vi-63-exemption-confirmed');
  });
});
