import { describe, expect, it } from 'vitest';
import { resetConfig } from '../../shared/adapters/config.ts';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { call, useLocalStack } from '../support/api.ts';
import { accept, advanceTo, bearer, emailsAbout, MON_2026_03_02_0900, submit } from '../support/workflow.ts';

/** In-app notifications per staff member, and email delivery that survives a mail outage. */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });

async function notifications(username: string) {
  return call<{
    unread: number;
    items: { notificationId: string; title: string; read: boolean; dossierId: string }[];
  }>(stack().urls.api, 'GET', '/staff/notifications', { headers: await bearer(stack(), username) });
}

describe('in-app notifications', () => {
  it('tell the department’s staff of a new task, count unread, and mark read once', async () => {
    const before = (await notifications('stc.chuyenvien')).body.unread;
    const d = await submit(stack());
    await accept(stack(), d);
    const list = await notifications('stc.chuyenvien');
    expect(list.body.unread).toBe(before + 1);
    const note = list.body.items.find((n) => n.dossierId === d.dossierId)!;
    expect(note.title).toContain(d.code);
    expect(note.read).toBe(false);
    // The head of the same department hears of it too; another department does not.
    expect((await notifications('stc.truongphong')).body.items.some((n) => n.dossierId === d.dossierId)).toBe(
      true,
    );
    expect((await notifications('sxd.chuyenvien')).body.items.some((n) => n.dossierId === d.dossierId)).toBe(
      false,
    );

    const headers = await bearer(stack(), 'stc.chuyenvien');
    const first = await call(stack().urls.api, 'POST', `/staff/notifications/${note.notificationId}/read`, {
      headers,
    });
    const again = await call(stack().urls.api, 'POST', `/staff/notifications/${note.notificationId}/read`, {
      headers,
    });
    expect([first.body.changed, again.body.changed]).toEqual([true, false]);
    expect((await notifications('stc.chuyenvien')).body.unread).toBe(before);
  });

  it('escalations reach the department head in-app, not the officers', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    await advanceTo(stack(), '2026-03-05 17:30');
    const head = await notifications('stc.truongphong');
    expect(head.body.items.some((n) => n.dossierId === d.dossierId && n.title.includes('quá hạn'))).toBe(
      true,
    );
    const officer = await notifications('stc.chuyenvien');
    expect(officer.body.items.some((n) => n.dossierId === d.dossierId && n.title.includes('quá hạn'))).toBe(
      false,
    );
  });
});

describe('a mail outage', () => {
  it('keeps the status change and delivers the email later, from the outbox', async () => {
    const ses = process.env.SES_ENDPOINT!;
    const d = await submit(stack());
    try {
      // Mail goes nowhere: connections to this port are refused.
      process.env.SES_ENDPOINT = 'http://127.0.0.1:9';
      resetConfig();
      await accept(stack(), d);
      const dossier = (await getDossier(d.dossierId))!;
      expect(dossier.dossier.status).toBe('IN_PROGRESS');
      expect(dossier.steps[0]!.status).toBe('WAITING_DEPARTMENT');
      expect(await emailsAbout(stack(), d.code)).toEqual([]);
    } finally {
      process.env.SES_ENDPOINT = ses;
      resetConfig();
    }
    // The sweeper runs on the clock (every 5 minutes) and retries with backoff.
    await stack().sfn.settle();
    await stack().clock.advance(30 * 60_000);
    await stack().sfn.settle();
    const mail = await emailsAbout(stack(), d.code);
    expect(mail.map((m) => m.subject).sort()).toEqual(
      [`[Một Cửa] Hồ sơ mới cần giải quyết: ${d.code}`, `[Một Cửa] Đã tiếp nhận hồ sơ ${d.code}`].sort(),
    );
  });
});
