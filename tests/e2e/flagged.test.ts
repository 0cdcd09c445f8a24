import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { accept, bearer, MON_2026_03_02_0900, submit } from '../support/workflow.ts';
import { expectAccessible, useE2E } from './support.ts';

/**
 * A workflow task that fails for good (the department's assignment task, here) flags the dossier;
 * the centre's leader finds it on the "Hồ sơ lỗi quy trình" queue, reads why on the dossier page,
 * records what was done once the cause is fixed, and the dossier carries on.
 */
let broken = true;
const e2e = useE2E({
  clockStartMs: MON_2026_03_02_0900,
  retryIntervalMs: 5,
  beforeTask: (payload) => {
    if (broken && (payload as { task?: string }).task === 'assignStep') {
      throw Object.assign(new Error('database unavailable'), { name: 'Error' });
    }
  },
});

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 50 });

async function signIn(page: Page, username: string) {
  await page.locator('#f-login-username').fill(username);
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL('**/can-bo/ho-so');
}

async function flagged(dossierId: string): Promise<unknown> {
  const stack = e2e().stack;
  const res = await fetch(`${stack.urls.api}/staff/dossiers/${dossierId}`, {
    headers: await bearer(stack, 'lanhdao.ttpvhcc'),
  });
  return ((await res.json()) as { dossier: { flagged?: unknown } }).dossier.flagged;
}

describe('a workflow failure on the centre’s queue', () => {
  it('is found by the leader, explained on the dossier, and resumed once fixed — axe clean', async () => {
    const stack = e2e().stack;
    const d = await submit(stack);
    expect((await accept(stack, d)).status).toBe(200);
    await stack.clock.advance(60_000);
    await stack.sfn.settle();
    expect(await flagged(d.dossierId)).toBeTruthy();

    const { page } = await e2e().newPage({ width: 360 });
    await page.goto(`${e2e().webUrl}/can-bo/dang-nhap`);
    await signIn(page, 'lanhdao.ttpvhcc');
    await page.getByRole('link', { name: 'Hồ sơ lỗi quy trình', exact: true }).click();
    const row = page.locator('#inbox-table tbody tr', { hasText: d.code });
    await row.waitFor();
    expect(await row.textContent()).toContain('database unavailable');
    await expectAccessible(page, 'flagged queue (vi, 360 px)');

    await row.getByRole('link', { name: d.code }).click();
    await page.locator('#resume-title').waitFor();
    expect(await page.locator('.notification--error').first().textContent()).toContain(
      'Quy trình tự động của hồ sơ bị lỗi',
    );
    await expectAccessible(page, 'flagged dossier with the resume form (vi)');
    // A note is required, said in the summary and at the field.
    await page.getByRole('button', { name: 'Tiếp tục xử lý hồ sơ' }).click();
    await poll(() => page.locator('.error-summary').textContent()).toContain('Ghi rõ đã khắc phục thế nào');

    broken = false; // the cause is fixed
    await page.locator('#f-resume-text').fill('Đã khôi phục kết nối cơ sở dữ liệu');
    await page.getByRole('button', { name: 'Tiếp tục xử lý hồ sơ' }).click();
    await poll(() => page.locator('.notification--success').textContent()).toContain(
      'Đã ghi nhận việc khắc phục',
    );
    // The form is gone with the flag; the history says what was done.
    await poll(() => page.locator('#resume-title').count()).toBe(0);
    await poll(() => page.locator('.timeline').textContent()).toContain(
      'Đã khắc phục lỗi, tiếp tục xử lý tự động',
    );
    expect(await flagged(d.dossierId)).toBeUndefined();
    await stack.clock.advance(60_000);
    await stack.sfn.settle();
    const view = await fetch(`${stack.urls.api}/staff/dossiers/${d.dossierId}`, {
      headers: await bearer(stack, 'lanhdao.ttpvhcc'),
    });
    const body = (await view.json()) as { steps: { status: string }[] };
    expect(body.steps[0]!.status).toBe('WAITING_DEPARTMENT');
  }, 180_000);
});
