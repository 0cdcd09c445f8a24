import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { call, draftWithDocuments, newKey, privateEnterpriseRequest } from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';
import { bearer, seedFixtureProcedures, staff, version } from '../support/workflow.ts';
import { expectAccessible, pdfFile, screenshots, useE2E } from './support.ts';

/**
 * The officers' journey in the browser, as each demo officer sees it: reception checks what was
 * declared and sees the appointment before accepting; the department head assigns an officer; the
 * officer cannot complete without the result and uploads it within the decision; the head sees the
 * result and approves it; reception hands a postal dossier back. People are named, never shown by
 * account id, in the inbox, the steps and the timeline; the register row is complete.
 */
const e2e = useE2E();
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 50 });

async function signIn(page: Page, username: string, next: string) {
  await page.goto(`${e2e().webUrl}/can-bo/dang-nhap?next=${encodeURIComponent(next)}`);
  await page.locator('#f-login-username').fill(username);
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL(`**${next}`);
}

const ddMMyyyy = (iso: string) => iso.slice(0, 10).split('-').reverse().join('/');
const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

describe('the officers’ journey', () => {
  it('reception → head → officer → head approval → hand-back, with names and the result', async () => {
    const stack = e2e().stack;
    await seedFixtureProcedures();
    // A postal-delivery dossier of a procedure whose result the department head approves.
    const { dossierId } = await draftWithDocuments(
      stack.urls.api,
      [{ requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' }],
      privateEnterpriseRequest({
        procedureCode: '9.900006',
        delivery: { method: 'POST', address: 'Số 5, đường Lương Ngọc Quyến, tỉnh Thái Nguyên' },
      }),
    );
    const submitted = await call<{ code: string }>(stack.urls.api, 'POST', `/dossiers/${dossierId}/submit`, {
      headers: { 'idempotency-key': newKey() },
    });
    expect(submitted.status).toBe(201);
    const code = submitted.body.code;
    await stack.sfn.settle();
    const page$ = `/can-bo/ho-so/${dossierId}`;

    // Reception: the dossier as declared, and the appointment before confirming.
    const reception = (await e2e().newPage({ width: 1280 })).page;
    await signIn(reception, 'tiepnhan.1', page$);
    await reception.locator('#declared-title').waitFor();
    const declared = await mainText(reception);
    expect(declared).toContain('019190001234');
    expect(declared).toContain('Tên doanh nghiệp viết bằng tiếng Việt');
    expect(declared).toContain('Doanh nghiệp tư nhân Hồng Nhung');
    expect(declared).toContain('Ngành, nghề kinh doanh chính');
    expect(declared).toContain('500.000.000');
    expect(declared).toContain('Số 5, đường Lương Ngọc Quyến');
    const preview = ((await reception.locator('#accept-preview').textContent()) ?? '').match(
      /\d{2}\/\d{2}\/\d{4}/,
    )?.[0];
    expect(preview).toBeDefined();
    await expectAccessible(reception, 'reception: the dossier as declared');
    await screenshots(reception, 'vi-40-reception-declared');
    await reception.locator('#f-intake-decision-0').check();
    await reception.locator('#intake-submit').click();
    await poll(() => reception.locator('.notification--success').textContent()).toContain('Đã tiếp nhận');
    await stack.sfn.settle();
    const accepted = await staff<{ dossier: { appointment: { dueDate: string } } }>(
      stack,
      'GET',
      `/staff/dossiers/${dossierId}`,
      undefined,
      'tiepnhan.1',
    );
    expect(ddMMyyyy(accepted.body.dossier.appointment.dueDate)).toBe(preview);

    // The department head: the new dossier in the inbox, assigned to the officer by name.
    const head = (await e2e().newPage({ width: 1280 })).page;
    await signIn(head, 'stc.truongphong', '/can-bo/ho-so');
    await head.locator('#inbox-table tbody tr', { hasText: code }).waitFor();
    await head.getByRole('link', { name: code }).click();
    await head.locator('#assign-title').waitFor();
    const officer = head.locator('#f-assign-handlerId');
    await poll(() => officer.locator('option').count()).toBeGreaterThan(1);
    await officer.selectOption('local-stc.chuyenvien');
    await head.locator('#assign-title ~ form button[type="submit"]').click();
    await poll(() => head.locator('.notification--success').textContent()).toContain('Đã phân công');
    await poll(() => head.locator('table').first().textContent()).toContain('Nguyễn Văn Chuyên Viên');
    await screenshots(head, 'vi-41-head-assigned');

    // The officer: the inbox names the handler; completing without the result is refused.
    const clerk = (await e2e().newPage({ width: 1280 })).page;
    await signIn(clerk, 'stc.chuyenvien', '/can-bo/ho-so');
    const row = clerk.locator('#inbox-table tbody tr', { hasText: code });
    await poll(() => row.textContent()).toContain('Nguyễn Văn Chuyên Viên');
    expect(await clerk.locator('#inbox-table').textContent()).not.toContain('local-');
    await screenshots(clerk, 'vi-42-officer-inbox');
    const bare = await staff<{ code: string }>(
      stack,
      'POST',
      `/staff/dossiers/${dossierId}/steps/S01/decision`,
      { action: 'COMPLETE', version: await version(dossierId) },
      'stc.chuyenvien',
    );
    expect([bare.status, bare.body.code]).toEqual([409, 'RESULT_DOCUMENT_REQUIRED']);
    await clerk.getByRole('link', { name: code }).click();
    await clerk.locator('#decision-title').waitFor();
    await clerk.locator('#f-decision-action-0').check();
    await clerk.locator('#decision-submit').click();
    await poll(() => clerk.locator('#decision-title ~ .error-summary').textContent()).toContain(
      'Tệp kết quả giải quyết',
    );
    await expectAccessible(clerk, 'officer: completing without the result');
    await screenshots(clerk, 'vi-43-officer-result-required');
    await clerk.getByLabel(/Tệp kết quả giải quyết/).setInputFiles(pdfFile('giay-chung-nhan.pdf'));
    await clerk.locator('#f-documents-result .upload-done').waitFor({ timeout: 30_000 });
    await clerk.locator('#decision-submit').click();
    await poll(() => clerk.locator('main .notification').first().textContent()).toContain(
      'Đã trình lãnh đạo phê duyệt kết quả.',
    );
    await stack.sfn.settle();

    // The head sees the result before approving it.
    await head.goto(`${e2e().webUrl}${page$}`);
    await head.locator('#approval-result').waitFor();
    expect(await head.locator('#approval-result a').textContent()).toBe('giay-chung-nhan.pdf');
    await expectAccessible(head, 'head: approving the result');
    await screenshots(head, 'vi-44-head-approval');
    await head.locator('#f-approval-action-0').check();
    await head.locator('#approval-submit').click();
    await poll(() => head.locator('.notification--success').textContent()).toContain('Đã phê duyệt kết quả.');
    await stack.sfn.settle();

    // Reception hands the postal dossier back, saying who received it.
    await reception.goto(`${e2e().webUrl}${page$}`);
    await reception.locator('#hand-back-title').waitFor();
    // Sent by post: the tracking number is the receipt, nobody "collects" it at the counter.
    expect(await reception.locator('#f-handBack-collector-fullName').count()).toBe(0);
    await reception.locator('#hand-back-title ~ form button[type="submit"]').click();
    await poll(() => reception.locator('#hand-back-title ~ .error-summary').textContent()).toContain(
      'mã vận đơn',
    );
    await reception.locator('#f-handBack-trackingNumber').fill('EB123456789VN');
    await reception.locator('#hand-back-title ~ form button[type="submit"]').click();
    await poll(() => reception.locator('.notification--success').textContent()).toContain(
      'Đã ghi nhận trả kết quả',
    );
    await stack.sfn.settle();

    // Names, not ids: steps, timeline, everything on the page.
    await reception.reload();
    await reception.locator('.timeline__item').first().waitFor();
    const page = await mainText(reception);
    expect(page).not.toContain('local-');
    for (const name of ['Lê Thị Tiếp Nhận', 'Trần Thị Trưởng Phòng', 'Nguyễn Văn Chuyên Viên'])
      expect(page).toContain(name);
    await expectAccessible(reception, 'reception: the dossier handed back');
    await screenshots(reception, 'vi-45-reception-handed-back');

    // The register row is complete.
    const register = await call<{ items: Record<string, unknown>[] }>(
      stack.urls.api,
      'GET',
      '/staff/reports/register?from=2026-01-01&to=2026-03-31',
      { headers: await bearer(stack, 'tiepnhan.1') },
    );
    const at = new Date(stack.clock.now()).toISOString().slice(0, 10);
    const inPeriod = await call<{ items: Record<string, unknown>[] }>(
      stack.urls.api,
      'GET',
      `/staff/reports/register?from=${at}&to=${at}`,
      { headers: await bearer(stack, 'tiepnhan.1') },
    );
    const item = [...(register.body.items ?? []), ...(inPeriod.body.items ?? [])].find(
      (r) => r.code === code,
    );
    expect(item).toMatchObject({
      status: 'RETURNED',
      departmentName: 'Sở Tài chính',
      channel: 'ONLINE',
      appointment: accepted.body.dossier.appointment.dueDate,
    });
    for (const key of ['receivedAt', 'resultAt', 'returnedAt', 'timeliness'])
      expect(item?.[key], `register column ${key}`).toBeDefined();
  }, 240_000);
});
