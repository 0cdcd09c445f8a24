import { describe, expect, it } from 'vitest';
import { call, useLocalStack } from '../support/api.ts';
import {
  accept,
  advanceTo,
  bearer,
  decide,
  MON_2026_03_02_0900,
  seedFixtureProcedures,
  submit,
} from '../support/workflow.ts';

/** Work queues: sorted by due date, one Query per page, each department only its own. */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });

async function inbox(username: string, query: string) {
  return call<{
    items: { code: string; dueDate?: string; stepId?: string; overdue?: boolean }[];
    cursor?: string;
  }>(stack().urls.api, 'GET', `/staff/inbox?${query}`, { headers: await bearer(stack(), username) });
}

describe('department inbox', () => {
  it('lists a department’s work by due date, with overdue, due-soon and waiting-for-citizen views', async () => {
    await seedFixtureProcedures();
    // STC: 2.001610 (3 working days) accepted Monday → due Thu 05/03; SXD: 9.900001 (5 days) → Mon 09/03.
    const a = await submit(stack());
    await accept(stack(), a);
    await advanceTo(stack(), '2026-03-03 09:00');
    const b = await submit(stack());
    await accept(stack(), b); // due Fri 06/03
    const c = await submit(stack(), '9.900001');
    await accept(stack(), c); // SXD, due Tue 10/03

    const all = await inbox('stc.chuyenvien', 'view=all');
    expect(all.status).toBe(200);
    expect(all.body.items.map((i) => [i.code, i.dueDate])).toEqual([
      [a.code, '2026-03-05'],
      [b.code, '2026-03-06'],
    ]);
    const sxd = await inbox('sxd.chuyenvien', 'view=all');
    expect(sxd.body.items.map((i) => i.code)).toEqual([c.code]);

    expect((await inbox('stc.chuyenvien', 'view=due-soon')).body.items.map((i) => i.code)).toEqual([a.code]);
    expect((await inbox('stc.chuyenvien', 'view=overdue')).body.items).toEqual([]);
    await advanceTo(stack(), '2026-03-05 17:30');
    const overdue = await inbox('stc.chuyenvien', 'view=overdue');
    expect(overdue.body.items.map((i) => [i.code, i.overdue])).toEqual([[a.code, true]]);

    await decide(stack(), b, 'S01', { action: 'REQUEST_SUPPLEMENT', missing: ['Bản sao giấy tờ'] });
    expect((await inbox('stc.chuyenvien', 'view=waiting-citizen')).body.items.map((i) => i.code)).toEqual([
      b.code,
    ]);
    expect((await inbox('stc.chuyenvien', 'view=all')).body.items.map((i) => i.code)).toEqual([a.code]);
    await decide(stack(), a, 'S01', { action: 'COMPLETE' });
    expect((await inbox('stc.chuyenvien', 'view=all')).body.items).toEqual([]);
  });

  it('never shows another department’s queue, and the centre sees its own queues', async () => {
    expect((await inbox('sxd.chuyenvien', 'view=all&department=STC')).status).toBe(403);
    expect((await inbox('stc.chuyenvien', 'view=intake')).status).toBe(403);
    expect((await inbox('tiepnhan.1', 'view=all&department=STC')).status).toBe(403);
    expect((await inbox('lanhdao.ttpvhcc', 'view=all&department=STC')).status).toBe(200);
    const d = await submit(stack());
    const intake = await inbox('tiepnhan.1', 'view=intake');
    expect(intake.body.items.map((i) => i.code)).toContain(d.code);
    expect(intake.body.items.find((i) => i.code === d.code)).toMatchObject({ dossierId: d.dossierId });
    await accept(stack(), d);
    expect((await inbox('tiepnhan.1', 'view=intake')).body.items.map((i) => i.code)).not.toContain(d.code);
    const body = JSON.stringify(intake.body);
    for (const pii of ['Nguyễn Thị Hồng Nhung', '019190001234', '0912345678'])
      expect(body).not.toContain(pii);
  });

  it('pages with a cursor, one DynamoDB call per page', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const d = await submit(stack(), '9.900001');
      await accept(stack(), d);
      codes.push(d.code);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const before = stack().calls.snapshot();
      const page = await inbox('sxd.chuyenvien', `view=all&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(stack().calls.since(before)).toEqual({ 'dynamodb:Query': 1 });
      seen.push(...page.body.items.map((i) => i.code));
      cursor = page.body.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(expect.arrayContaining(codes));
    expect(new Set(seen).size).toBe(seen.length);
    const bad = await inbox('sxd.chuyenvien', 'view=all&cursor=not-a-cursor');
    expect(bad.status).toBe(400);
  });
});
