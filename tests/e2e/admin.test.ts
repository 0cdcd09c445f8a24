import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { MON_2026_03_02_0900 } from '../support/workflow.ts';
import { expectAccessible, screenshots, useE2E } from './support.ts';

/**
 * The administration pages (/can-bo/quan-tri/…) in the browser: an administrator edits a
 * department, and meets the 409 conflict when another tab saved the same department first — the
 * page says so and reloads the latest details on request. axe checks every administration page.
 */
const e2e = useE2E({ clockStartMs: MON_2026_03_02_0900 });

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 50 });

/** Opens `path` signed out, signs in as the administrator on the login page and comes back. */
async function openAsAdministrator(page: Page, path: string) {
  await page.goto(`${e2e().webUrl}${path}`);
  await page.waitForURL('**/can-bo/dang-nhap?next=**');
  await page.locator('#f-login-username').fill('quantri');
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL(`**${path}`);
}

/** Goes to another page of the app without a reload (the session lives in this tab). */
async function goTo(page: Page, path: string) {
  await page.evaluate((p) => {
    history.pushState(null, '', p);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);
  await page.waitForURL(`**${path}`);
}

const h1 = (page: Page) => page.locator('h1').textContent();

describe('administration', () => {
  it('an administrator edits a department, and sees the conflict when another tab saved first', async () => {
    const { context, page } = await e2e().newPage({ width: 1280 });
    await openAsAdministrator(page, '/can-bo/quan-tri/co-quan');
    await poll(() => h1(page)).toBe('Cơ quan giải quyết thủ tục');
    await page.locator('table tbody tr').first().waitFor();
    expect(await page.locator('main table').textContent()).toContain('Sở Tài chính');
    await expectAccessible(page, 'departments (vi)');

    // Edit: a wrong mailbox is refused on the page, linked from the error summary.
    await page.getByRole('link', { name: /Sở Tài chính/ }).click();
    await page.waitForURL('**/can-bo/quan-tri/co-quan/STC');
    await poll(() => h1(page)).toBe('Sửa thông tin: Sở Tài chính');
    await page.locator('#f-email').fill('không phải thư');
    await page.locator('main form button[type="submit"]').click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').textContent()).toContain(
      'Thư điện tử nhận thông báo không hợp lệ',
    );
    await expectAccessible(page, 'department edit with an error (vi)');

    await page.locator('#f-email').fill('motcua.stc@thainguyen.gov.vn');
    await page.locator('#f-emailConfirmed').check();
    await page.locator('main form button[type="submit"]').click();
    await poll(() => page.locator('.notification--success').textContent()).toContain(
      'Đã lưu thông tin cơ quan.',
    );
    expect(await page.locator('main').textContent()).toContain('Phiên bản 2');

    // Another tab (same administrator) opens the department and saves it first.
    const other = await context.newPage();
    await openAsAdministrator(other, '/can-bo/quan-tri/co-quan/STC');
    await poll(() => other.locator('#f-note').count()).toBe(1);
    await other.locator('#f-note').fill('Sửa từ thẻ khác');
    await other.locator('main form button[type="submit"]').click();
    await poll(() => other.locator('.notification--success').count()).toBe(1);

    // This tab still holds version 2: its save is refused with a clear message and a reload action.
    await page.locator('#f-nameEn').fill('Department of Finance of Thái Nguyên');
    await page.locator('main form button[type="submit"]').click();
    const alert = page.locator('.notification--error');
    await poll(() => alert.textContent()).toContain('Người khác vừa lưu thông tin của cơ quan này');
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await page.locator('#f-nameEn').inputValue()).toBe('Department of Finance of Thái Nguyên');
    await expectAccessible(page, 'department conflict (vi)');
    await screenshots(page, 'vi-60-admin-department-conflict');
    await alert.getByRole('button', { name: 'Tải lại thông tin mới nhất' }).click();
    await poll(() => page.locator('#f-note').inputValue()).toBe('Sửa từ thẻ khác');
    expect(await page.locator('#f-nameEn').inputValue()).toBe('Department of Finance');
    expect(await page.locator('main').textContent()).toContain('Phiên bản 3');
    expect(await page.locator('.notification--error').count()).toBe(0);
  });

  it('an administrator starts a year the calendar lacks, from the fixed public holidays, and saves it', async () => {
    const { page } = await e2e().newPage({ width: 360 });
    await openAsAdministrator(page, '/can-bo/quan-tri/lich?nam=2031');
    await poll(() => h1(page)).toBe('Lịch làm việc năm 2031');
    await poll(() => page.locator('main').textContent()).toContain('Chưa có lịch của năm này.');
    expect(await page.locator('main').textContent()).toContain('chưa tính được khi chưa có lịch năm 2031');
    await expectAccessible(page, 'calendar, a missing year (vi, 360 px)');
    await page.getByRole('button', { name: 'Bắt đầu lịch năm 2031' }).click();
    const rows = page.locator('main table tbody tr');
    await poll(() => rows.count()).toBe(4);
    expect(await rows.first().textContent()).toContain('Tết Dương lịch');
    expect(await page.locator('main').textContent()).toContain('Hãy thêm Tết Nguyên đán');
    await page.getByRole('button', { name: 'Lưu lịch' }).click();
    await poll(() => page.locator('.notification--success').textContent()).toContain('Đã lưu lịch');
    // Saved: another year, then back to 2031, reads it again from the API.
    await goTo(page, '/can-bo/quan-tri/lich?nam=2028');
    await poll(() => h1(page)).toBe('Lịch làm việc năm 2028');
    await goTo(page, '/can-bo/quan-tri/lich?nam=2031');
    await poll(() => h1(page)).toBe('Lịch làm việc năm 2031');
    await poll(() => rows.count()).toBe(4);
    expect(await page.locator('main').textContent()).toContain('Tạm tính');
  });

  it('shows the year asked for last, even when the year left behind answers after it', async () => {
    const { page } = await e2e().newPage({ width: 360 });
    await openAsAdministrator(page, '/can-bo/quan-tri/lich?nam=2026');
    await poll(() => h1(page)).toBe('Lịch làm việc năm 2026');
    // 2027's answer is held back until 2028's page has rendered.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let asked2027 = false;
    await page.route('**/admin/calendar/2027', async (route) => {
      asked2027 = true;
      await held;
      await route.continue();
    });
    await goTo(page, '/can-bo/quan-tri/lich?nam=2027');
    await poll(() => asked2027).toBe(true);
    await goTo(page, '/can-bo/quan-tri/lich?nam=2028');
    const caption = page.locator('main table caption');
    await poll(() => caption.textContent()).toBe('Lịch làm việc năm 2028');
    const rows = await page.locator('main table tbody tr').allTextContents();
    release();
    await page.waitForResponse('**/admin/calendar/2027');
    // The late answer for 2027 changes nothing on 2028's page.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
    expect(await h1(page)).toBe('Lịch làm việc năm 2028');
    expect(await caption.textContent()).toBe('Lịch làm việc năm 2028');
    expect(await page.locator('main table tbody tr').allTextContents()).toEqual(rows);
    expect(rows.join(' ')).toContain('/2028');
    // The year field says the year on screen, not the one the page was first opened on.
    expect(await page.locator('#f-nam').inputValue()).toBe('2028');
    await screenshots(page, 'vi-64-admin-calendar-after-quick-change');
  });

  it('every administration page has no serious or critical axe violation', async () => {
    const { page } = await e2e().newPage({ width: 1280 });
    await openAsAdministrator(page, '/can-bo/quan-tri');
    await poll(() => h1(page)).toBe('Quản trị');
    await expectAccessible(page, 'administration (vi)');
    // The departments' list and edit page are checked in the test above (with an error, a conflict).
    const pages: [string, string, string][] = [
      ['/can-bo/quan-tri/thu-tuc', 'table tbody tr', 'procedures'],
      ['/can-bo/quan-tri/thu-tuc/2.001610', 'form', 'procedure versions'],
      ['/can-bo/quan-tri/can-bo', 'table tbody tr', 'staff users'],
      ['/can-bo/quan-tri/lich', 'table, p', 'calendar'],
      ['/can-bo/quan-tri/nhat-ky', 'table, p', 'audit'],
    ];
    for (const [path, ready, label] of pages) {
      await goTo(page, path);
      await page.locator(`main ${ready}`).first().waitFor();
      await poll(() => page.locator('main .loading').count()).toBe(0);
      await expectAccessible(page, `${label} (vi)`);
    }
  });
});
