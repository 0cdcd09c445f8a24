import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RATING_INDICES } from '../../shared/contracts/dossier.ts';
import { expectAccessible, screenshots, useE2E } from './support.ts';

/**
 * The counter queue in the browser (issue 9, items 3–4): a citizen takes a ticket on the kiosk
 * page (a phone's width), a reception officer opens a counter in the workspace and calls it, the
 * hall display shows the number within a few seconds, the officer marks it served and the
 * counter's rating page records the citizen's rating — once. axe checks each page.
 */
const e2e = useE2E();

const poll = <T>(read: () => Promise<T> | T, timeout = 10_000) =>
  expect.poll(read, { timeout, interval: 100 });

async function signIn(page: Page, username: string) {
  await page.goto(`${e2e().webUrl}/can-bo/dang-nhap`);
  await page.locator('#f-login-username').fill(username);
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL('**/can-bo/ho-so');
}

describe('counter queue', () => {
  it('a ticket taken at the kiosk is called, shown in the hall, served and rated at the counter', async () => {
    const { webUrl, stack } = e2e();

    // The hall display is already on: nothing called yet.
    const { page: hall } = await e2e().newPage({ width: 1280 });
    await hall.goto(`${webUrl}/man-hinh-quay`);
    await hall.getByRole('heading', { level: 1, name: 'Số đang được mời' }).waitFor();
    await poll(() => hall.locator('#display-latest').textContent()).toContain('Chưa có số nào được gọi');
    expect(await hall.locator('#display-latest').getAttribute('aria-live')).toBe('assertive');
    await expectAccessible(hall, 'hall display, idle');

    // A citizen takes a ticket for the Department of Finance on a phone.
    const { page: phone } = await e2e().newPage({ width: 360 });
    await phone.goto(`${webUrl}/xep-hang`);
    await phone.getByRole('heading', { level: 1, name: 'Lấy số thứ tự' }).waitFor();
    await phone.locator('#take-STC').waitFor();
    expect(await phone.locator('#take-STC').getAttribute('aria-label')).toContain('Sở Tài chính');
    await expectAccessible(phone, 'kiosk');
    await screenshots(phone, 'vi-40-queue-kiosk');
    await phone.locator('#take-STC').click();
    await phone.waitForURL('**/xep-hang/ve/**');
    const number = (await phone.locator('#ticket-number').textContent()) ?? '';
    expect(number).toMatch(/^[A-Z]{1,2}-001$/);
    await poll(() => phone.locator('main').textContent()).toContain('Bạn là người tiếp theo.');
    expect(await phone.locator('main').textContent()).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    await expectAccessible(phone, 'ticket');
    await screenshots(phone, 'vi-41-queue-ticket');

    // The reception officer opens counter STC-01 and calls the next number.
    const { page: desk } = await e2e().newPage({ width: 1280 });
    await signIn(desk, 'tiepnhan.1');
    await desk.locator('a[href="/can-bo/quay"]').click();
    await desk.waitForURL('**/can-bo/quay');
    await desk.locator('#f-counter-department option[value="STC"]').waitFor({ state: 'attached' });
    await expectAccessible(desk, 'counter chooser');
    await desk.locator('#f-counter-department').selectOption('STC');
    await desk.locator('#f-counter-number').fill('1');
    await desk.locator('main form button[type="submit"]').click();
    await desk.waitForURL('**/can-bo/quay/STC-01');
    await poll(() => desk.locator('#counter-waiting').textContent()).toBe('1 người đang chờ.');
    await expectAccessible(desk, 'counter');
    await desk.locator('#call-next').click();
    const calledAt = Date.now();
    await poll(() => desk.locator('#counter-current').textContent()).toBe(number);

    // The hall shows it within a few seconds, in the live region and the table.
    await poll(() => hall.locator('#display-latest').textContent(), 5000).toBe(
      `Mời số ${number} đến quầy STC-01`,
    );
    expect(Date.now() - calledAt).toBeLessThan(5000);
    expect(await hall.locator('tr[data-counter="STC-01"]').textContent()).toContain(number);
    await expectAccessible(hall, 'hall display, calling');
    await screenshots(hall, 'vi-42-queue-display');
    // …and so does the citizen's phone.
    await poll(() => phone.locator('main').textContent()).toContain('Mời bạn đến quầy STC-01.');
    await screenshots(desk, 'vi-43-queue-counter');

    // Served: the counter's tablet offers the rating for this ticket.
    await desk.locator('#mark-served').click();
    await poll(() => desk.locator('main').textContent()).toContain('Đã phục vụ');
    const { page: tablet } = await e2e().newPage({ width: 800 });
    await tablet.goto(`${webUrl}/quay/STC-01/danh-gia`);
    await tablet.locator('#counter-rating').waitFor();
    expect(await tablet.locator('main').textContent()).toContain(`Bạn vừa được phục vụ với số ${number}`);
    await expectAccessible(tablet, 'counter rating');
    await screenshots(tablet, 'vi-44-queue-rating');

    // Sending an incomplete form lists every missing index, and the missing rating code, at once.
    await tablet.locator('#counter-rating button[type="submit"]').click();
    await poll(() => tablet.locator('.error-summary li').count()).toBe(RATING_INDICES.length + 1);
    // The code printed on the ticket, which the phone's ticket page shows: only its holder rates.
    const ratingCode = (await phone.locator('#rating-code').textContent())!.trim();
    expect(ratingCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await tablet.locator('#f-rating-ratingCode').fill(ratingCode);
    for (const k of RATING_INDICES) await tablet.locator(`#f-rating-${k}-0`).check();
    await tablet.locator(`#f-rating-staffAttitude-1`).check();
    await tablet.locator('#f-rating-comment').fill('Cán bộ hướng dẫn tận tình');
    await tablet.locator('#counter-rating button[type="submit"]').click();
    await poll(() => tablet.locator('main').textContent()).toContain('Cảm ơn bạn đã đánh giá');
    expect(await tablet.locator('#counter-rating').count()).toBe(0);
    await expectAccessible(tablet, 'counter rating, thanks');

    // Recorded once, on the ticket; a second attempt is refused.
    const ticketId = phone.url().split('/').at(-1)!;
    const ticket = await (await fetch(`${stack.urls.api}/queue/tickets/${ticketId}`)).json();
    expect(ticket).toMatchObject({ status: 'SERVED', rated: true, counterId: 'STC-01' });
    const again = await fetch(`${stack.urls.api}/queue/counters/STC-01/rating`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ticketId,
        ratingCode,
        scores: Object.fromEntries(RATING_INDICES.map((k) => [k, 0])),
      }),
    });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect((await again.json()).code).toBe('TICKET_ALREADY_RATED');
    await poll(() => desk.locator('.queue-stats').textContent()).toContain('Lượt đánh giá1');
  });

  it('shows the kiosk and the hall display in English too, without accessibility violations', async () => {
    const { page } = await e2e().newPage({ width: 360, lang: 'en' });
    await page.goto(`${e2e().webUrl}/xep-hang`);
    await page.getByRole('heading', { level: 1, name: 'Take a ticket' }).waitFor();
    await page.locator('#take-SXD').waitFor();
    await expectAccessible(page, 'kiosk (en)');
    await page.goto(`${e2e().webUrl}/man-hinh-quay`);
    await page.getByRole('heading', { level: 1, name: 'Now calling' }).waitFor();
    await poll(() => page.locator('#display-latest').textContent()).toContain('Number');
    await expectAccessible(page, 'hall display (en)');
    await screenshots(page, 'en-42-queue-display');
  });
});
