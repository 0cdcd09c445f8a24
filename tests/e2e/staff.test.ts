import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { accept, bearer, emailsAbout, type Submitted, staff, submit, version } from '../support/workflow.ts';
import { expectAccessible, focusIsVisible, pdfFile, screenshots, tabTo, useE2E } from './support.ts';

/**
 * The staff workspace (/can-bo/…) in the browser: a department officer signs in, opens the inbox,
 * opens a dossier and asks for a supplement listing two documents — keyboard only — and the
 * citizen is emailed; a department head meets a 409 conflict and retries; the reception officer
 * accepts a submitted dossier. axe checks every workspace page in Vietnamese and English. The
 * dossiers are submitted and accepted through the API, as the other e2e tests do.
 */
const e2e = useE2E();

/** Reads the page until the expectation holds (the UI renders after the event). */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 50 });

interface StaffView {
  dossier: { status: string; version: number; notice?: { missing: string[]; reasons: string[] } };
  steps: { stepId: string; dueDate: string; handler?: string; status: string }[];
}

/** GET /staff/dossiers/{id} as a staff member. */
async function staffView(dossierId: string, as = 'stc.chuyenvien'): Promise<StaffView> {
  const stack = e2e().stack;
  const res = await fetch(`${stack.urls.api}/staff/dossiers/${dossierId}`, {
    headers: await bearer(stack, as),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as StaffView;
}

const ddMMyyyy = (iso: string) => iso.split('-').reverse().join('/');

async function submitted(): Promise<Submitted> {
  return submit(e2e().stack);
}

async function accepted(): Promise<Submitted> {
  const d = await submitted();
  expect((await accept(e2e().stack, d)).status).toBe(200);
  return d;
}

/** The login form (the local stack's demo accounts), by input id so it works in both languages. */
async function signIn(page: Page, username: string) {
  await page.locator('#f-login-username').fill(username);
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL('**/can-bo/ho-so');
}

const focusedId = (page: Page) =>
  page.evaluate(() => document.activeElement?.id || (document.activeElement?.outerHTML ?? '').slice(0, 120));
const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

describe('staff workspace', () => {
  it('an officer signs in, opens the inbox and a dossier, and asks for a supplement — keyboard only', async () => {
    const stack = e2e().stack;
    const d = await accepted();
    const step = (await staffView(d.dossierId)).steps[0]!;
    const { page } = await e2e().newPage({ width: 1280 });

    // The workspace sends a signed-out visitor to the login page, and back afterwards.
    await page.goto(`${e2e().webUrl}/can-bo/ho-so`);
    await page.waitForURL('**/can-bo/dang-nhap?next=**');
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập cán bộ' }).waitFor();
    await poll(() => page.locator('main').textContent()).toContain('Hãy đăng nhập để tiếp tục.');
    expect(await page.locator('main').textContent()).toContain('Amazon Cognito');
    await expectAccessible(page, 'staff login (vi)');
    await screenshots(page, 'vi-20-staff-login');

    await tabTo(page, '#f-login-username');
    await page.keyboard.type('stc.chuyenvien');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/can-bo/ho-so');
    // The token lives in sessionStorage only.
    const stored = await page.evaluate(() => ({
      session: sessionStorage.getItem('motcua.staffToken'),
      local: Object.keys(localStorage).filter((k) => /token/i.test(k)),
    }));
    expect(stored.session?.split('.')).toHaveLength(3);
    expect(stored.local).toEqual([]);
    await poll(() => page.locator('header').textContent()).toContain('Nguyễn Văn Chuyên Viên');

    // The inbox: the dossier with its due date, sorted by due date.
    const row = page.locator('#inbox-table tbody tr', { hasText: d.code });
    await row.waitFor();
    expect(await row.textContent()).toContain(ddMMyyyy(step.dueDate));
    expect(await page.locator('#inbox-table th[aria-sort="ascending"]').textContent()).toBe('Hạn xử lý');
    await expectAccessible(page, 'staff inbox (vi)');
    await screenshots(page, 'vi-21-staff-inbox');

    // Open the dossier from its code, with the keyboard.
    await tabTo(page, `#inbox-table a[href="/can-bo/ho-so/${d.dossierId}"]`);
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/can-bo/ho-so/${d.dossierId}`);
    await page.getByRole('heading', { level: 1, name: d.code }).waitFor();
    await poll(() => focusedId(page)).toBe('page-title');
    await poll(() => page.locator('main').textContent()).toContain('Đang giải quyết');
    expect(await page.locator('main').textContent()).toContain(ddMMyyyy(step.dueDate));
    await expectAccessible(page, 'staff dossier (vi)');
    await screenshots(page, 'vi-22-staff-dossier');

    // Decision: "request a supplement" (the second radio; arrow keys move within the group).
    await tabTo(page, '#f-decision-action-0');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#f-decision-action-1').isChecked()).toBe(true);
    await page.locator('#f-decision-missing-0').waitFor();

    // Sending with no document listed: the error summary takes the focus and links to the row.
    await tabTo(page, '#decision-submit');
    await page.keyboard.press('Enter');
    await poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(
      true,
    );
    expect(await page.locator('.error-summary').textContent()).toContain(
      'Nhập ít nhất một giấy tờ cần bổ sung',
    );
    await poll(() => page.title()).toMatch(/^Lỗi:/);
    await expectAccessible(page, 'supplement form with errors (vi)');
    await screenshots(page, 'vi-23-staff-supplement-errors');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await poll(() => focusedId(page)).toBe('f-decision-missing-0');

    // Two documents (add a row with the keyboard), a third added then removed again.
    await page.keyboard.type('Bản sao căn cước của chủ doanh nghiệp');
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('Thêm giấy tờ');
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    await poll(() => focusedId(page)).toBe('f-decision-missing-1');
    await page.keyboard.type('Giấy xác nhận quyền sử dụng địa điểm trụ sở');
    await tabTo(page, '#f-decision-missing ol ~ button');
    await page.keyboard.press('Enter');
    await poll(() => focusedId(page)).toBe('f-decision-missing-2');
    await page.keyboard.type('Dòng nhập nhầm');
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('Xóa Giấy tờ 3');
    await page.keyboard.press('Enter');
    await poll(() => focusedId(page)).toBe('f-decision-missing-1');
    expect(await page.locator('#f-decision-missing input').count()).toBe(2);
    await tabTo(page, '#f-decision-reasons-0');
    await page.keyboard.type('Hồ sơ chưa có giấy tờ pháp lý của chủ doanh nghiệp');
    await tabTo(page, '#decision-submit');
    await page.keyboard.press('Enter');

    await page.locator('.notification--success').waitFor();
    expect(await page.locator('.notification--success').textContent()).toContain('Đã gửi yêu cầu bổ sung');
    await poll(() => page.locator('#notice-missing li').allTextContents()).toEqual([
      'Bản sao căn cước của chủ doanh nghiệp',
      'Giấy xác nhận quyền sử dụng địa điểm trụ sở',
    ]);
    await expectAccessible(page, 'staff dossier after the supplement request (vi)');

    // The API agrees, and the citizen has been emailed the whole list.
    await stack.sfn.settle();
    const after = await staffView(d.dossierId);
    expect(after.dossier.status).toBe('SUPPLEMENT_REQUESTED');
    expect(after.dossier.notice?.missing).toEqual([
      'Bản sao căn cước của chủ doanh nghiệp',
      'Giấy xác nhận quyền sử dụng địa điểm trụ sở',
    ]);
    await poll(async () => {
      const mail = (await emailsAbout(stack, d.code)).find((e) => e.subject.includes('Yêu cầu bổ sung'));
      return (
        mail && { to: mail.to, both: mail.text.includes('chủ doanh nghiệp') && mail.text.includes('trụ sở') }
      );
    }).toEqual({ to: ['nhung@example.vn'], both: true });

    // Notifications: the new task is there; marking it read lowers the count in the header.
    await page.locator('#staff-nav-notifications').click();
    await page.waitForURL('**/can-bo/thong-bao');
    await page.getByRole('heading', { level: 1, name: 'Thông báo' }).waitFor();
    const item = page.locator('.notifications__item', { hasText: d.code }).first();
    await item.waitFor();
    await expectAccessible(page, 'staff notifications (vi)');
    await screenshots(page, 'vi-24-staff-notifications');
    const badge = page.locator('#staff-nav-notifications .badge');
    const before = Number((await badge.textContent()) ?? '0');
    expect(before).toBeGreaterThan(0);
    await item.getByRole('button', { name: /Đánh dấu đã đọc/ }).click();
    await poll(async () => ((await badge.count()) ? Number(await badge.textContent()) : 0)).toBe(before - 1);
  }, 180_000);

  it('a department head (in English) meets a conflicting change, reloads and assigns an officer', async () => {
    const stack = e2e().stack;
    const d = await accepted();
    const { page } = await e2e().newPage({ width: 1280, lang: 'en' });
    await page.goto(`${e2e().webUrl}/can-bo/dang-nhap`);
    await page.getByRole('heading', { level: 1, name: 'Staff sign in' }).waitFor();
    await expectAccessible(page, 'staff login (en)');
    await screenshots(page, 'en-20-staff-login');
    await page.locator('main form button[type="submit"]').click();
    await poll(() => page.locator('.error-summary').textContent()).toContain('Enter a username');
    await expectAccessible(page, 'staff login with an error (en)');
    await signIn(page, 'stc.truongphong');

    await page.locator('#inbox-table tbody tr', { hasText: d.code }).waitFor();
    expect(await page.locator('#inbox-table thead').textContent()).toContain('Due date');
    await expectAccessible(page, 'staff inbox (en)');
    await screenshots(page, 'en-21-staff-inbox');
    await page.getByRole('link', { name: 'Overdue' }).click();
    await poll(() => page.locator('main [role="status"]').first().textContent()).toContain('No dossiers');
    await page.getByRole('link', { name: 'All', exact: true }).click();
    await page.getByRole('link', { name: d.code }).click();
    await page.getByRole('heading', { level: 1, name: d.code }).waitFor();
    await page.locator('#assign-title').waitFor();
    await expectAccessible(page, 'staff dossier of a head (en)');
    // Every reveal of the decision form is accessible too.
    for (const i of [1, 2, 3]) {
      await page.locator(`#f-decision-action-${i}`).check();
      await expectAccessible(page, `decision option ${i} revealed (en)`);
    }
    await page.locator('#f-decision-action-2').check();
    await screenshots(page, 'en-22-staff-dossier-extend');

    // Someone else assigns the officer first: the page's version is stale → 409, reloaded.
    const assign = `/staff/dossiers/${d.dossierId}/steps/S01/assign`;
    const other = await staff(
      stack,
      'POST',
      assign,
      { version: await version(d.dossierId), handlerId: 'local-stc.chuyenvien' },
      'stc.truongphong',
    );
    expect(other.status).toBe(200);
    // The officer is chosen from the department's staff (GET /staff/officers), not typed.
    const officer = page.getByRole('combobox', { name: 'Officer' });
    await poll(() => officer.locator('option').allTextContents()).toEqual([
      'Choose an officer',
      'Nguyễn Văn Chuyên Viên — Department officer',
      'Trần Thị Trưởng Phòng — Department head',
    ]);
    await page.locator('#assign-title ~ form button[type="submit"]').click();
    await poll(() => page.locator('#assign-title ~ .error-summary').textContent()).toContain(
      'Choose the officer to assign',
    );
    await expectAccessible(page, 'assign form with an error (en)');
    await officer.selectOption('local-stc.chuyenvien');
    await page.locator('#assign-title ~ form button[type="submit"]').click();
    await poll(() => page.locator('.notification--error').first().textContent()).toContain(
      'Someone else changed this dossier',
    );
    await poll(() => page.locator('#assign-title ~ p').first().textContent()).toContain(
      'Currently assigned: Nguyễn Văn Chuyên Viên',
    );
    expect(await officer.inputValue()).toBe('local-stc.chuyenvien');
    await page.locator('#assign-title ~ form button[type="submit"]').click();
    await poll(() => page.locator('.notification--success').textContent()).toContain(
      'The officer was assigned.',
    );
    expect((await staffView(d.dossierId, 'stc.truongphong')).steps[0]!.handler).toBe('local-stc.chuyenvien');

    await page.locator('#staff-nav-notifications').click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await page.locator('.notifications__item').first().waitFor();
    await expectAccessible(page, 'staff notifications (en)');
    await screenshots(page, 'en-23-staff-notifications');

    // Signing out clears the token.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/can-bo/dang-nhap?signed-out=1');
    await poll(() => page.locator('main').textContent()).toContain('You have signed out.');
    expect(await page.evaluate(() => sessionStorage.getItem('motcua.staffToken'))).toBeNull();
  }, 180_000);

  it('the reception officer sees a submitted dossier in the intake queue and accepts it', async () => {
    const d = await submitted();
    const { page } = await e2e().newPage({ width: 360 });
    await page.goto(`${e2e().webUrl}/can-bo/dang-nhap`);
    await signIn(page, 'tiepnhan.1');
    await page.locator('#inbox-table tbody tr', { hasText: d.code }).waitFor();
    expect(await page.locator('.sub-nav a[aria-current="page"]').textContent()).toBe('Chờ tiếp nhận');
    await expectAccessible(page, 'intake queue (vi, 360 px)');
    // The centre's queues carry no dossier id yet (API gap): the dossier opens from its e-mail link.
    await page.goto(`${e2e().webUrl}/can-bo/ho-so/${d.dossierId}`);
    await page.locator('#intake-title').waitFor();
    await expectAccessible(page, 'intake decision (vi)');
    await page.locator('#f-intake-decision-0').check();
    await page.locator('#intake-submit').click();
    await poll(() => page.locator('.notification--success').textContent()).toContain('Đã tiếp nhận hồ sơ');
    await e2e().stack.sfn.settle();
    expect((await staffView(d.dossierId, 'tiepnhan.1')).dossier.status).toBe('IN_PROGRESS');
    await screenshots(page, 'vi-25-staff-intake-done');
  }, 180_000);

  it('an officer uploads the result PDF within the decision, with a progress bar, and completes', async () => {
    const stack = e2e().stack;
    const d = await accepted();
    const { page } = await e2e().newPage({ width: 1280 });
    await page.goto(
      `${e2e().webUrl}/can-bo/dang-nhap?next=${encodeURIComponent(`/can-bo/ho-so/${d.dossierId}`)}`,
    );
    await page.locator('#f-login-username').fill('stc.chuyenvien');
    await page.locator('main form button[type="submit"]').click();
    await page.waitForURL(`**/can-bo/ho-so/${d.dossierId}`);
    // The result is part of the decision: choosing "Đã giải quyết xong" reveals its upload.
    await page.locator('#decision-title').waitFor();
    await page.locator('#f-decision-action-0').check();
    const input = page.getByLabel(/Tệp kết quả giải quyết/);
    expect(await input.getAttribute('accept')).toBe('application/pdf,.pdf');
    await expectAccessible(page, 'result form (vi)');

    // Marking the result ready with no file: the summary says what is missing and links to the input.
    await page.locator('#decision-submit').click();
    await poll(() => page.locator('#decision-title ~ .error-summary').textContent()).toContain(
      'Thiếu: Tệp kết quả giải quyết',
    );
    await poll(() => page.title()).toMatch(/^Lỗi:/);
    await page.locator('#decision-title ~ .error-summary a').click();
    await poll(() => focusedId(page)).toBe('f-documents-result-file');

    // On a slow connection the progress bar moves and is announced, straight to storage.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 400 * 1024,
    });
    await input.setInputFiles(pdfFile('ket-qua-giai-quyet.pdf', 1024 * 1024));
    const bar = page.getByRole('progressbar', { name: 'Đang tải lên ket-qua-giai-quyet.pdf' });
    await bar.waitFor();
    await page.waitForFunction(() => {
      const p = document.querySelector<HTMLProgressElement>('#f-documents-result-file-progress');
      const said = document.getElementById('f-documents-result-file-status')?.textContent ?? '';
      return p !== null && p.value > 25 && p.value < 100 && /Đã tải lên (25|50|75)%/.test(said);
    });
    await expectAccessible(page, 'result upload in progress (vi)');
    await screenshots(page, 'vi-27-staff-result-upload');
    await page.locator('#f-documents-result .upload-done').waitFor({ timeout: 30_000 });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    expect(await page.locator('#f-documents-result .upload-done').textContent()).toContain(
      'ket-qua-giai-quyet.pdf',
    );
    // The error went away with the file.
    await page.locator('#decision-submit').click();
    await poll(() => page.locator('main .notification').first().textContent()).toContain(
      'Đã ghi nhận kết quả giải quyết.',
    );
    await stack.sfn.settle();
    // The step is done with the verified result; the centre now hands it back.
    const after = await staffView(d.dossierId);
    expect(after.steps[0]!.status).toBe('DONE');
    expect(after.dossier.status).toBe('RESULT_READY');
    const res = await fetch(`${stack.urls.api}/staff/dossiers/${d.dossierId}`, {
      headers: await bearer(stack, 'stc.chuyenvien'),
    });
    const docs = ((await res.json()) as { documents: { kind?: string; fileName: string; url?: string }[] })
      .documents;
    expect(docs.filter((x) => x.kind === 'RESULT').map((x) => [x.fileName, typeof x.url])).toEqual([
      ['ket-qua-giai-quyet.pdf', 'string'],
    ]);
    // The page shows it among the documents, and offers no more step actions.
    await poll(() => page.locator('main').textContent()).toContain(
      'Kết quả giải quyết: ket-qua-giai-quyet.pdf',
    );
    expect(await page.locator('#decision-title').count()).toBe(0);
    await expectAccessible(page, 'staff dossier with its result (vi)');
  }, 180_000);

  // Last: it moves the stack's clock three weeks on.
  it('marks overdue dossiers with an icon and a word, not colour alone', async () => {
    const stack = e2e().stack;
    const d = await accepted();
    const due = (await staffView(d.dossierId)).steps[0]!.dueDate;
    await stack.sfn.settle();
    await stack.clock.advance(21 * 86_400_000);
    await stack.sfn.settle();
    const { page } = await e2e().newPage({ width: 1280 });
    await page.goto(`${e2e().webUrl}/can-bo/dang-nhap`);
    await signIn(page, 'stc.chuyenvien');
    await page.getByRole('link', { name: 'Quá hạn', exact: true }).click();
    await page.waitForURL('**/can-bo/ho-so?view=overdue');
    const row = page.locator('#inbox-table tbody tr', { hasText: d.code });
    await row.waitFor();
    expect(await row.getAttribute('class')).toContain('row--overdue');
    expect(await row.locator('.tag--overdue').textContent()).toBe('⚠ Quá hạn');
    expect(await row.locator('.tag--overdue [aria-hidden="true"]').textContent()).toBe('⚠');
    expect(await row.textContent()).toContain(ddMMyyyy(due));
    await expectAccessible(page, 'overdue queue (vi)');
    await screenshots(page, 'vi-26-staff-overdue');
    await row.getByRole('link', { name: d.code }).click();
    await page.getByRole('heading', { level: 1, name: d.code }).waitFor();
    await poll(() => page.locator('tr.row--overdue .tag--overdue').count()).toBe(1);
    await poll(() => page.locator('.timeline').textContent()).toContain('Hồ sơ quá hạn xử lý');
  }, 180_000);
});
