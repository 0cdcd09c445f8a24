import { readFile } from 'node:fs/promises';
import type { Page, Response } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { resetConfig } from '../../shared/adapters/config.ts';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { forgetKnownBlocks } from '../../shared/adapters/rate-limit.ts';
import { accept, decide, staff, submit, version } from '../support/workflow.ts';
import { expectAccessible, lookupPage, pngFile, screenshots, upload, useE2E } from './support.ts';

/**
 * The look-up page against dossiers moved along by staff through the API (as the staff workspace
 * will): answering a supplement request with documents, withdrawing, rating a returned result.
 * The dossiers are made through the API; the citizen side is driven in the browser. Also: the
 * look-up rate limit, as a citizen who mistypes the secret too often sees it.
 */
const e2e = useE2E();

/** Reads the page until the expectation holds (the UI renders after the event). */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 50 });

const openFromQr = async (code: string, secret: string) => {
  const { page } = await e2e().newPage({ width: 360 });
  await page.goto(lookupPage(e2e().webUrl, code, secret));
  await page.getByRole('heading', { level: 1, name: `Hồ sơ ${code}` }).waitFor();
  // The secret does not stay in the address bar.
  expect(page.url()).toBe(`${e2e().webUrl}/lookup`);
  return page;
};

describe('look-up', () => {
  it('answers a supplement request: exactly the requested items, each with its own upload slot or the counter', async () => {
    const stack = e2e().stack;
    const d = await submit(stack);
    expect((await accept(stack, d)).status).toBe(200);
    const asked = await decide(stack, d, 'S01', {
      action: 'REQUEST_SUPPLEMENT',
      // One item names the procedure's requirement d2 (without its bracketed condition); one is free.
      missing: [
        'Bản sao giấy tờ pháp lý của cá nhân đối với chủ doanh nghiệp tư nhân',
        'Ảnh chụp biển hiệu trụ sở',
      ],
      reasons: ['Hồ sơ chưa có giấy tờ pháp lý của chủ doanh nghiệp'],
    });
    expect(asked.status).toBe(200);

    const page = await openFromQr(d.code, d.secret);
    const main = page.locator('main');
    await poll(() => main.textContent()).toContain('Cần bổ sung hồ sơ');
    await poll(() => page.locator('#missing-items').textContent()).toContain('Ảnh chụp biển hiệu trụ sở');
    // Who has it: the citizen, at the department's request.
    await poll(() => main.textContent()).toContain('hồ sơ chờ bạn bổ sung theo yêu cầu của Sở Tài chính');
    // Exactly the requested items: d2's slot under the requested wording, the free item at the
    // counter, and none of the procedure's other documents.
    // The statutory clock is paused: the appointment row says so, and the date given at
    // acceptance is not shown as the appointment any more.
    const before = (await getDossier(d.dossierId))?.dossier.appointment?.dueDate ?? '';
    expect(before).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const oldDate = before.split('-').reverse().join('/');
    const appointmentRow = main.locator('.summary-list__row', { hasText: 'Ngày hẹn trả kết quả' });
    await poll(() => appointmentRow.locator('dd').textContent()).toBe(
      'Tạm dừng tính thời hạn cho đến khi nhận được hồ sơ bổ sung; ngày hẹn trả kết quả sẽ được tính lại từ ngày bạn bổ sung đủ.',
    );
    expect(await main.textContent()).not.toContain(oldDate);
    await page.locator('#f-documents-d2-file').waitFor({ state: 'attached' });
    expect(await page.locator('input[type="file"]').count()).toBe(1);
    await poll(() => page.locator('#at-counter-items').textContent()).toBe('Ảnh chụp biển hiệu trụ sở');
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
    // Answered: the clock runs again and the page shows a date as the appointment.
    await poll(() => appointmentRow.locator('dd').textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);

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

  it('tells a citizen who typed a wrong lookup secret too often how many minutes to wait', async () => {
    const d = await submit(e2e().stack);
    // The handlers run in this process: a lower limit for this test, put back afterwards. Every
    // look-up from the browser comes from one address, so this test runs last and forgets the block.
    const saved = process.env.LOOKUP_RATE_LIMIT_MAX_FAILURES;
    process.env.LOOKUP_RATE_LIMIT_MAX_FAILURES = '2';
    resetConfig();
    try {
      const { page } = await e2e().newPage({ width: 360 });
      const lookups: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'GET' && r.url().includes(`/lookup/${encodeURIComponent(d.code)}`))
          lookups.push(r.url());
      });
      /** Presses "Tra cứu" and returns the API's answer to that look-up. */
      const attempt = async (p: Page): Promise<Response> => {
        const answer = p.waitForResponse(
          (r) => r.request().method() === 'GET' && r.url().includes(`/lookup/${encodeURIComponent(d.code)}`),
        );
        await p.locator('main form button[type="submit"]').click();
        return answer;
      };
      /** The wait the API asked for, in the minutes the page should show (rounded up). */
      const minutesOf = async (r: Response) => {
        const seconds = Number(r.headers()['retry-after']);
        expect(seconds).toBeGreaterThan(0);
        expect(((await r.json()) as { retryAfterSeconds: number }).retryAfterSeconds).toBe(seconds);
        return Math.ceil(seconds / 60);
      };

      await page.goto(`${e2e().webUrl}/lookup`);
      await page.getByLabel('Mã hồ sơ', { exact: true }).fill(d.code);
      await page.getByLabel('Mã tra cứu', { exact: true }).fill('ABCD-EFGH-JKMN-PQRS');
      for (let i = 1; i <= 2; i++) {
        expect((await attempt(page)).status(), `attempt ${i}`).toBe(404);
        await poll(() => page.locator('#f-lookup-code-error').textContent()).toContain(
          'Không tìm thấy hồ sơ',
        );
      }
      const limited = await attempt(page);
      expect(limited.status()).toBe(429);
      const minutes = await minutesOf(limited);
      const alert = page.getByRole('alert');
      await poll(() => alert.textContent()).toBe(
        `Bạn đã nhập sai mã tra cứu quá nhiều lần. Vui lòng thử lại sau ${minutes} phút.`,
      );
      // Said once, not retried by the page; the alert has the focus and the form stays as typed.
      expect(lookups).toHaveLength(3);
      // The focus moves once the alert has rendered (after the text appears): waited for, not read once.
      await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('lookup-problem');
      expect(await page.locator('#f-lookup-secret').inputValue()).toBe('ABCD-EFGH-JKMN-PQRS');
      await poll(() =>
        page.locator('main form button[type="submit"]').getAttribute('aria-disabled'),
      ).not.toBe('true');
      await poll(() => page.title()).toMatch(/^Lỗi:/);
      await expectAccessible(page, 'look-up rate limited (vi)');
      await screenshots(page, 'vi-13-lookup-rate-limited');

      // In English too (the source is blocked now, the right secret included).
      const { page: en } = await e2e().newPage({ width: 360, lang: 'en' });
      await en.goto(`${e2e().webUrl}/lookup`);
      await en.locator('#f-lookup-code').fill(d.code);
      await en.locator('#f-lookup-secret').fill(d.secret);
      const again = await attempt(en);
      expect(again.status()).toBe(429);
      const m = await minutesOf(again);
      await poll(() => en.getByRole('alert').textContent()).toBe(
        `You have entered a wrong lookup secret too many times. Please try again in ${m === 1 ? '1 minute' : `${m} minutes`}.`,
      );
    } finally {
      if (saved === undefined) delete process.env.LOOKUP_RATE_LIMIT_MAX_FAILURES;
      else process.env.LOOKUP_RATE_LIMIT_MAX_FAILURES = saved;
      resetConfig();
      forgetKnownBlocks();
    }
  }, 30_000);
});
