import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { clients } from '../../shared/adapters/clients.ts';
import { config, resetConfig } from '../../shared/adapters/config.ts';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { deliverCommitted, type OutboxItem, outboxItem, sweepOutbox } from '../../shared/adapters/outbox.ts';
import type { OutboxMessage } from '../../shared/domain/notifications.ts';
import { call, useLocalStack } from '../support/api.ts';
import {
  accept,
  advanceTo,
  bearer,
  emails,
  emailsAbout,
  eventTypes,
  MON_2026_03_02_0900,
  submit,
} from '../support/workflow.ts';

/** In-app notifications per staff member, and email delivery that survives a mail outage. */
const stack = useLocalStack({
  clockStartMs: MON_2026_03_02_0900,
  retryIntervalMs: 5,
  outboxSweepMinutes: 15,
});

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
    const metricsBefore = stack().metrics().length;
    try {
      // Mail goes nowhere: connections to this port are refused.
      process.env.SES_ENDPOINT = 'http://127.0.0.1:9';
      resetConfig();
      await accept(stack(), d);
      const dossier = (await getDossier(d.dossierId))!;
      expect(dossier.dossier.status).toBe('IN_PROGRESS');
      expect(dossier.steps[0]!.status).toBe('WAITING_DEPARTMENT');
      // Only the submission email (sent before the outage) has gone out.
      expect((await emailsAbout(stack(), d.code)).map((m) => m.subject)).toEqual([
        `[Một Cửa] Đã nhận hồ sơ ${d.code}`,
      ]);
      // In-app notifications need no mail engine: the department sees its new task at once.
      const inbox = await notifications('stc.chuyenvien');
      expect(inbox.body.items.filter((n) => n.dossierId === d.dossierId)).toHaveLength(1);
      // Each failed delivery is a NotificationFailures value (the metric its alarm watches).
      const failures = stack()
        .metrics()
        .slice(metricsBefore)
        .filter((l) => 'NotificationFailures' in l);
      expect(failures.length).toBeGreaterThan(0);
      expect(failures.every((l) => l.NotificationFailures === 1)).toBe(true);
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
      [
        `[Một Cửa] Đã nhận hồ sơ ${d.code}`,
        `[Một Cửa] Hồ sơ mới cần giải quyết: ${d.code}`,
        `[Một Cửa] Đã tiếp nhận hồ sơ ${d.code}`,
      ].sort(),
    );
  });
});

describe('a mail outage when a dossier is escalated', () => {
  it('keeps the escalation, shows it to the head in-app at once, and sends each email exactly once later', async () => {
    const ses = process.env.SES_ENDPOINT!;
    const d = await submit(stack());
    await accept(stack(), d);
    const due = (await getDossier(d.dossierId))!.steps[0]!.dueDate!;
    await advanceTo(stack(), `${due} 16:00`);
    const subject = `[Một Cửa] Hồ sơ quá hạn: ${d.code}`;
    try {
      process.env.SES_ENDPOINT = 'http://127.0.0.1:9';
      resetConfig();
      await advanceTo(stack(), `${due} 17:30`);
      expect(await eventTypes(d.dossierId)).toContain('STEP_ESCALATED');
      const head = await notifications('stc.truongphong');
      expect(
        head.body.items.filter((n) => n.dossierId === d.dossierId && n.title.includes('quá hạn')),
      ).toHaveLength(1);
      expect((await emailsAbout(stack(), d.code)).filter((m) => m.subject === subject)).toEqual([]);
    } finally {
      process.env.SES_ENDPOINT = ses;
      resetConfig();
    }
    // Mail is back: the sweeper delivers what is pending, and later sweeps send nothing again.
    await stack().clock.advance(2 * 3_600_000);
    await stack().sfn.settle();
    const sent = (await emailsAbout(stack(), d.code)).filter((m) => m.subject === subject);
    const head = sent.filter((m) => m.to.includes('truongphong@stc.local'));
    const others = sent.filter((m) => !m.to.includes('truongphong@stc.local'));
    expect(head).toHaveLength(1);
    expect(others).toHaveLength(1);
    await stack().clock.advance(2 * 3_600_000);
    await stack().sfn.settle();
    expect((await emailsAbout(stack(), d.code)).filter((m) => m.subject === subject)).toHaveLength(2);
    const notes = await notifications('stc.truongphong');
    expect(
      notes.body.items.filter((n) => n.dossierId === d.dossierId && n.title.includes('quá hạn')),
    ).toHaveLength(1);
  });
});

describe('the outbox sweeper', () => {
  it('reaches a due message behind more waiting for their backoff than one sweep reads', async () => {
    const now = stack().clock.now();
    const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
    const message = (tag: string): OutboxMessage => ({
      template: 'NEW_TASK',
      to: ['chuyenvien@example.vn'],
      subject: `[Một Cửa] Thử hàng đợi ${tag}`,
      text: `Thư thử ${tag}`,
    });
    const put = (item: OutboxItem) =>
      clients().doc.send(new PutCommand({ TableName: config().TABLE_NAME, Item: item }));
    // Three messages created ten minutes ago whose delivery fails (mail down): each is
    // rescheduled with its backoff.
    const waiting = [1, 2, 3].map((i) => outboxItem(`sweep-test-${i}`, message(`waiting-${i}`), at(-10)));
    for (const item of waiting) await put(item);
    const ses = process.env.SES_ENDPOINT!;
    try {
      process.env.SES_ENDPOINT = 'http://127.0.0.1:9';
      resetConfig();
      expect(await deliverCommitted(waiting)).toEqual({ sent: 0, failed: 3 });
    } finally {
      process.env.SES_ENDPOINT = ses;
      resetConfig();
    }
    // One created later, whose inline delivery never happened: due now.
    await put(outboxItem('sweep-test-due', message('due'), at(-2)));
    // A sweep reading two items at a time sends the due one, and none of those still waiting.
    expect((await sweepOutbox(2)).sent).toBe(1);
    const subjects = (await emails(stack())).map((e) => e.subject);
    expect(subjects).toContain('[Một Cửa] Thử hàng đợi due');
    expect(subjects.filter((s) => s.includes('waiting'))).toEqual([]);
  });
});
