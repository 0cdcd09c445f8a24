import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { accept, decide, staff, submit, version } from '../support/workflow.ts';
import { expectAccessible, pngFile, screenshots, upload, useE2E } from './support.ts';

/**
 * The look-up page against dossiers moved along by staff through the API (as the staff workspace
 * will): answering a supplement request with documents, withdrawing, rating a returned result.
 * The dossiers are made through the API; the citizen side is driven in the browser.
 */
const e2e = useE2E();

/** Reads the page until the expectation holds (the UI renders after the event). */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 50 });

const openFromQr = async (code: string, secret: string) => {
  const { page } = await e2e().newPage({ width: 360 });
  await page.goto(`${e2e().webUrl}/lookup#code=${encodeURIComponent(code)}&secret=${secret}`);
  await page.getByRole('heading', { level: 1, name: `Hồ sơ ${code}` }).waitFor();
  // The secret does not stay in the address bar.
  expect(page.url()).toBe(`${e2e().webUrl}/lookup`);
  return page;
};

describe('look-up', () => {
  it('answers a supplement request by uploading the missing document', async () => {
    const stack = e2e().stack;
    const d = await submit(stack);
    expect((await accept(stack, d)).status).toBe(200);
    const asked = await decide(stack, d, 'S01', {
      action: 'REQUEST_SUPPLEMENT',
      missing: ['Bản sao căn cước của chủ doanh nghiệp'],
      reasons: ['Hồ sơ chưa có giấy tờ pháp lý của chủ doanh nghiệp'],
    });
    expect(asked.status).toBe(200);

    const page = await openFromQr(d.code, d.secret);
    const main = page.locator('main');
    await poll(() => main.textContent()).toContain('Cần bổ sung hồ sơ');
    await poll(() => page.locator('#missing-items').textContent()).toContain(
      'Bản sao căn cước của chủ doanh nghiệp',
    );
    await poll(() => main.textContent()).toContain('Sở Tài chính');
    await expectAccessible(page, 'look-up with a supplement request (vi)');
    await screenshots(page, 'vi-11-lookup-supplement');

    // Accepted, so the receipt (form 01) can be downloaded.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Tải giấy biên nhận (PDF)' }).click();
    const pdf = await download;
    expect(pdf.suggestedFilename()).toBe(`bien-nhan-${d.code}.pdf`);
    const bytes = await readFile((await pdf.path()) ?? '');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    await upload(page, 'd2', pngFile());
    await page.getByRole('button', { name: 'Gửi hồ sơ bổ sung' }).click();
    await page.locator('.notification--success').waitFor();
    await poll(() => page.locator('.notification--success').textContent()).toContain('Đã gửi hồ sơ bổ sung');
    await stack.sfn.settle();
    await page.getByRole('button', { name: 'Cập nhật tình trạng' }).click();
    await poll(() => main.textContent()).toContain('Đã bổ sung hồ sơ');

    const found = await getDossier(d.dossierId);
    expect(found?.dossier.status).toBe('IN_PROGRESS');
    expect(found?.documents.some((x) => x.requirementId === 'd2' && x.status === 'VERIFIED')).toBe(true);
  }, 120_000);

  it('withdraws a dossier after a confirmation', async () => {
    const d = await submit(e2e().stack);
    const page = await openFromQr(d.code, d.secret);
    await page.getByText('Rút hồ sơ', { exact: true }).first().click();
    await page.getByRole('button', { name: 'Rút hồ sơ' }).click();
    await poll(() => page.locator('#f-withdraw-confirm-error').textContent()).toContain(
      'Đánh dấu vào ô xác nhận',
    );
    await page.getByLabel('Tôi hiểu và muốn rút hồ sơ này').check();
    await page.getByRole('button', { name: 'Rút hồ sơ' }).click();
    await page.locator('.notification--success').waitFor();
    await e2e().stack.sfn.settle();
    await poll(() => page.locator('main').textContent()).toContain('Đã rút hồ sơ');
    expect((await getDossier(d.dossierId))?.dossier.status).toBe('WITHDRAWN');
  }, 120_000);

  it('rates the service once the result is returned, every index scored', async () => {
    const stack = e2e().stack;
    const d = await submit(stack);
    await accept(stack, d);
    expect((await decide(stack, d, 'S01', { action: 'COMPLETE' })).status).toBe(200);
    const back = await staff(stack, 'POST', `/staff/dossiers/${d.dossierId}/hand-back`, {
      version: await version(d.dossierId),
    });
    expect(back.status).toBe(200);

    const page = await openFromQr(d.code, d.secret);
    await poll(() => page.locator('main').textContent()).toContain('Đã trả kết quả');
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await poll(() => page.locator('.error-summary a').count()).toBe(9);
    await expectAccessible(page, 'rating with errors (vi)');
    for (const fieldset of await page.locator('#rating-title ~ form fieldset').all())
      await fieldset.getByLabel('Tốt (2 điểm)').check();
    await page.getByLabel('Góp ý thêm').fill('Cán bộ hướng dẫn tận tình.');
    await screenshots(page, 'vi-12-lookup-rating');
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await page.locator('.notification--success').waitFor();
    await poll(() => page.locator('.notification--success').textContent()).toContain(
      'Cảm ơn bạn đã đánh giá',
    );
    await poll(() => page.locator('#rating-title').count()).toBe(0);
  }, 120_000);
});
