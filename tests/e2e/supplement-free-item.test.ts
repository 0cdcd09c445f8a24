import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { accept, emailsAbout, submit } from '../support/workflow.ts';
import { expectAccessible, lookupPage, pdfFile, screenshots, upload, useE2E } from './support.ts';

/**
 * A free supplement item, in the browser at 360 px: the officer asks for a document that is not in
 * the procedure's list (a name and a note); the citizen's look-up shows an upload box for exactly it,
 * with the note; the answer is verified and the officer's dossier page lists it by its name.
 */
const e2e = useE2E();
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 50 });

const ITEM = { name: 'Sơ đồ vị trí trụ sở', note: 'Bản vẽ tay có chữ ký của chủ doanh nghiệp' };

async function signIn(page: Page, username: string) {
  await page.goto(`${e2e().webUrl}/can-bo/dang-nhap`);
  await page.locator('#f-login-username').fill(username);
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL('**/can-bo/ho-so');
}

describe('a free supplement item', () => {
  it('is asked for by the officer, uploaded by the citizen into its own box, and read by its name', async () => {
    const stack = e2e().stack;
    const d = await submit(stack);
    expect((await accept(stack, d)).status).toBe(200);

    // The officer: one document of the procedure's list, ticked by name, and a free item with a note.
    const { page: officer } = await e2e().newPage({ width: 360 });
    await signIn(officer, 'stc.chuyenvien');
    await officer.goto(`${e2e().webUrl}/can-bo/ho-so/${d.dossierId}`);
    await officer.getByRole('heading', { level: 1, name: d.code }).waitFor();
    await officer.locator('#f-decision-action-1').check();
    await officer.locator('#f-decision-documents-d2').check();
    await officer.locator('#f-decision-extraItems-add').click();
    await officer.locator('#f-decision-extraItems-0-name').fill(ITEM.name);
    await officer.locator('#f-decision-extraItems-0-note').fill(ITEM.note);
    await expectAccessible(officer, 'staff decision with a free supplement item (vi, 360 px)');
    await screenshots(officer, 'vi-23-staff-free-supplement-item');
    await officer.locator('#decision-submit').click();
    await officer.locator('.notification--success').waitFor();
    await poll(() => officer.locator('#notice-missing li').allTextContents()).toEqual([
      expect.stringMatching(/^Bản sao giấy tờ pháp lý của cá nhân đối với chủ doanh nghiệp tư nhân \(/),
      `${ITEM.name}: ${ITEM.note}`,
    ]);
    await stack.sfn.settle();
    const mail = (await emailsAbout(stack, d.code)).find((e) => e.subject.includes('Yêu cầu bổ sung'));
    expect(mail?.text).toContain(ITEM.name);

    // The citizen, from the QR code: an upload box for each item (the free one with its note), and
    // nothing left for the counter.
    const { page } = await e2e().newPage({ width: 360 });
    await page.goto(lookupPage(e2e().webUrl, d.code, d.secret));
    await page.getByRole('heading', { level: 1, name: `Hồ sơ ${d.code}` }).waitFor();
    await page.locator('#f-documents-x1-file').waitFor({ state: 'attached' });
    expect(await page.locator('input[type="file"]').count()).toBe(2);
    await page.locator('#f-documents-d2-file').waitFor({ state: 'attached' });
    const box = page.locator('#f-documents-x1');
    await poll(() => box.textContent()).toContain(ITEM.name);
    expect(await box.textContent()).toContain(ITEM.note);
    expect(await page.locator('#at-counter-items').count()).toBe(0);
    await expectAccessible(page, 'look-up with a free supplement item (vi, 360 px)');
    await screenshots(page, 'vi-12-lookup-free-supplement-item');
    await upload(page, 'x1', pdfFile('so-do.pdf'));
    await upload(page, 'd2', pdfFile('cccd.pdf'));
    await page.getByRole('button', { name: 'Gửi hồ sơ bổ sung' }).click();
    await poll(() => page.locator('.notification--success').textContent()).toContain('Đã gửi hồ sơ bổ sung');
    await stack.sfn.settle();
    const found = await getDossier(d.dossierId);
    expect(found?.dossier.status).toBe('IN_PROGRESS');

    // The officer reads it under the item's name.
    await officer.reload();
    await officer.getByRole('heading', { level: 1, name: d.code }).waitFor();
    await poll(() => officer.locator('main').textContent()).toContain(ITEM.name);
    expect(await officer.locator('main').textContent()).not.toMatch(/\bx1\b/);
    // The step's officer column names who acted on it, not "Chưa phân công".
    expect(await officer.locator('tr', { hasText: 'S01' }).first().textContent()).toContain(
      'Nguyễn Văn Chuyên Viên',
    );
    await expectAccessible(officer, 'staff dossier with the free item answered (vi, 360 px)');
  }, 180_000);
});
