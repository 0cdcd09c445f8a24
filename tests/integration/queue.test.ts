import { describe, expect, it } from 'vitest';
import { RATING_INDICES } from '../../shared/contracts/dossier.ts';
import type { DisplayView, TicketView } from '../../shared/contracts/queue.ts';
import { call, useLocalStack } from '../support/api.ts';
import { accept, bearer, MON_2026_03_02_0900, submit } from '../support/workflow.ts';

/**
 * The counter queue through the real handlers on the local stack (issue 9, items 3–4): gap-free
 * numbering under concurrency, calling, serving and absence with their times, the hall display,
 * the rating at the counter (once), and refusals as problem+json with nothing written.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });
const api = () => stack().urls.api;
const MINUTE = 60_000;

const take = (departmentId: string) =>
  call<TicketView & { code?: string }>(api(), 'POST', '/queue/tickets', { body: { departmentId } });

async function officer(path: string, body?: unknown, method = 'POST') {
  return call<Record<string, unknown> & TicketView>(api(), method, path, {
    ...(body === undefined ? {} : { body }),
    headers: await bearer(stack(), 'tiepnhan.1'),
  });
}
const act = (counter: string, body: Record<string, unknown>) =>
  officer(`/staff/queue/counters/${counter}/actions`, body);

const allScores = (v: 0 | 1 | 2) => Object.fromEntries(RATING_INDICES.map((k) => [k, v]));

interface CounterView {
  current: { ticketId: string; number: string; status: string } | null;
  waiting: number;
  stats: Record<string, number>;
}
const counterView = async (counter: string) =>
  (await officer(`/staff/queue/counters/${counter}`, undefined, 'GET')).body as unknown as CounterView;

describe('taking a ticket', () => {
  it('gives 40 concurrent citizens 40 consecutive, distinct numbers of their department', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => take('STP')));
    expect(results.map((r) => r.status)).toEqual(results.map(() => 201));
    const numbers = results.map((r) => Number(r.body.number.split('-')[1])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const prefixes = new Set(results.map((r) => r.body.number.split('-')[0]));
    expect(prefixes.size).toBe(1);
    // Nobody was called yet: the ticket numbered n has n − 1 people ahead.
    for (const r of results) expect(r.body.ahead).toBe(Number(r.body.number.split('-')[1]) - 1);
    const lines = await call<{ items: { departmentId: string; prefix: string; waiting: number }[] }>(
      api(),
      'GET',
      '/queue/lines',
    );
    const stp = lines.body.items.find((l) => l.departmentId === 'STP')!;
    expect(stp.waiting).toBe(40);
    expect(`${stp.prefix}-040`).toBe(results.find((r) => r.body.number.endsWith('-040'))!.body.number);
  });

  it('numbers each department on its own, with its own letter', async () => {
    const a = await take('SCT');
    const b = await take('SYT');
    // Letters follow the seeded departments' ids: BQLKCN is A, SCT is B.
    expect(a.body.number).toBe('B-001');
    expect(b.body.number).toMatch(/^[A-Z]-001$/);
    expect(b.body.number).not.toBe(a.body.number);
    expect(a.body.ticketId).toBe('20260302-SCT-001');
    const read = await call<TicketView>(api(), 'GET', `/queue/tickets/${a.body.ticketId}`);
    expect(read.body).toMatchObject({ number: 'B-001', status: 'WAITING', ahead: 0, departmentId: 'SCT' });
  });

  it('refuses bad input with problem+json and writes nothing', async () => {
    const before = stack().calls.snapshot();
    const unknown = await take('NOPE');
    expect(unknown.status).toBe(422);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(unknown.body.code).toBe('QUEUE_DEPARTMENT_UNKNOWN');
    const malformed = await call(api(), 'POST', '/queue/tickets', { body: { departmentId: 'stp', x: 1 } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');
    const badId = await call(api(), 'GET', '/queue/tickets/not-a-ticket');
    expect(badId.status).toBe(400);
    const missing = await call(api(), 'GET', '/queue/tickets/20260302-STP-999');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('TICKET_NOT_FOUND');
    const used = stack().calls.since(before);
    expect(Object.keys(used).filter((k) => /Put|Update|Transact|Delete|Scan/.test(k))).toEqual([]);
  });
});

describe('at the counter', () => {
  it('calls, recalls, serves and marks absent, storing waiting and serving times per ticket and counter', async () => {
    const t1 = (await take('SXD')).body;
    const t2 = (await take('SXD')).body;
    // Calling needs the counter opened by this officer.
    const closed = await act('SXD-01', { action: 'CALL_NEXT' });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('COUNTER_NOT_OPEN');
    expect((await act('SXD-01', { action: 'OPEN' })).status).toBe(200);

    await stack().clock.advance(5 * MINUTE);
    const called = await act('SXD-01', { action: 'CALL_NEXT' });
    expect(called.status).toBe(200);
    expect(called.body).toMatchObject({
      ticketId: t1.ticketId,
      status: 'CALLED',
      counterId: 'SXD-01',
      waitSeconds: 300,
    });
    const second = await call<TicketView>(api(), 'GET', `/queue/tickets/${t2.ticketId}`);
    expect(second.body.ahead).toBe(0);

    const busy = await act('SXD-01', { action: 'CALL_NEXT' });
    expect(busy.status).toBe(409);
    expect(busy.body.code).toBe('COUNTER_BUSY');
    const wrong = await act('SXD-01', { action: 'SERVED', ticketId: t2.ticketId });
    expect(wrong.status).toBe(409);
    expect(wrong.body.code).toBe('TICKET_NOT_CALLED');
    expect((await act('SXD-01', { action: 'RECALL', ticketId: t1.ticketId })).status).toBe(200);

    await stack().clock.advance(3 * MINUTE);
    const served = await act('SXD-01', { action: 'SERVED', ticketId: t1.ticketId });
    expect(served.status).toBe(200);
    expect(served.body).toMatchObject({ status: 'SERVED', serveSeconds: 180, waitSeconds: 300 });
    const again = await act('SXD-01', { action: 'SERVED', ticketId: t1.ticketId });
    expect(again.body.code).toBe('TICKET_NOT_CALLED');

    await stack().clock.advance(MINUTE);
    const next = await act('SXD-01', { action: 'CALL_NEXT' });
    expect(next.body).toMatchObject({ ticketId: t2.ticketId, waitSeconds: 9 * 60 });
    expect((await act('SXD-01', { action: 'ABSENT', ticketId: t2.ticketId })).body.status).toBe('ABSENT');
    const empty = await act('SXD-01', { action: 'CALL_NEXT' });
    expect(empty.status).toBe(409);
    expect(empty.body.code).toBe('QUEUE_EMPTY');

    const view = await counterView('SXD-01');
    expect(view.waiting).toBe(0);
    expect(view.current).toMatchObject({ ticketId: t2.ticketId, status: 'ABSENT' });
    expect(view.stats).toMatchObject({
      called: 2,
      waitSecondsTotal: 300 + 540,
      served: 1,
      serveSecondsTotal: 180,
      absent: 1,
      averageWaitSeconds: 420,
      averageServeSeconds: 180,
    });
    const month = await officer('/staff/queue/stats?month=2026-03', undefined, 'GET');
    const rows = (month.body as unknown as { items: Record<string, unknown>[] }).items;
    expect(rows.find((r) => r.counterId === 'SXD-01')).toMatchObject({
      date: '2026-03-02',
      departmentId: 'SXD',
      called: 2,
      served: 1,
      absent: 1,
    });
  });

  it('lets two counters of one department share its line without calling a ticket twice', async () => {
    const tickets = await Promise.all(Array.from({ length: 12 }, () => take('SKHCN')));
    expect(tickets.every((t) => t.status === 201)).toBe(true);
    for (const c of ['SKHCN-01', 'SKHCN-02']) await act(c, { action: 'OPEN' });
    const calledBy: Record<string, string[]> = { 'SKHCN-01': [], 'SKHCN-02': [] };
    const work = async (counter: string) => {
      for (;;) {
        const res = await act(counter, { action: 'CALL_NEXT' });
        if (res.status === 409 && res.body.code === 'QUEUE_EMPTY') return;
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        calledBy[counter]!.push(res.body.ticketId);
        expect((await act(counter, { action: 'SERVED', ticketId: res.body.ticketId })).status).toBe(200);
      }
    };
    await Promise.all([work('SKHCN-01'), work('SKHCN-02')]);
    const all = [...calledBy['SKHCN-01']!, ...calledBy['SKHCN-02']!].sort();
    expect(all).toEqual(tickets.map((t) => t.body.ticketId).sort());
    const [a, b] = await Promise.all([counterView('SKHCN-01'), counterView('SKHCN-02')]);
    expect(a.stats.served! + b.stats.served!).toBe(12);
  });

  it('links a ticket to the dossier registered for it', async () => {
    const d = await submit(stack());
    const t = (await take('STC')).body;
    await act('STC-03', { action: 'OPEN' });
    await act('STC-03', { action: 'CALL_NEXT' });
    const linked = await officer(`/staff/queue/tickets/${t.ticketId}/dossier`, { dossier: d.code });
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ dossierId: d.dossierId, dossierCode: d.code });
    const unknown = await officer(`/staff/queue/tickets/${t.ticketId}/dossier`, {
      dossier: '000.99.03.H55-260302-9999',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('DOSSIER_NOT_FOUND');
    const waiting = (await take('STC')).body;
    const notCalled = await officer(`/staff/queue/tickets/${waiting.ticketId}/dossier`, { dossier: d.code });
    expect(notCalled.status).toBe(409);
    expect(notCalled.body.code).toBe('TICKET_NOT_CALLED');
    // The counter shows the linked dossier with the ticket (no read of the ticket needed)…
    const shown = (await counterView('STC-03')).current as { ticketId: string; dossierCode?: string };
    expect(shown).toMatchObject({ ticketId: t.ticketId, dossierCode: d.code });
    await act('STC-03', { action: 'SERVED', ticketId: t.ticketId });
    expect((await counterView('STC-03')).current).toMatchObject({ status: 'SERVED', dossierCode: d.code });
    // …and forgets it when it calls the next number.
    await act('STC-03', { action: 'CALL_NEXT' });
    const next = (await counterView('STC-03')).current as { ticketId: string; dossierCode?: string };
    expect(next.ticketId).toBe(waiting.ticketId);
    expect(next.dossierCode).toBeUndefined();
    await act('STC-03', { action: 'ABSENT', ticketId: waiting.ticketId });
  });
});

describe('the hall display', () => {
  it('shows the number each counter called last, in one DynamoDB call', async () => {
    const t = (await take('SGDDT')).body;
    await act('SGDDT-01', { action: 'OPEN' });
    const before = stack().calls.snapshot();
    const idle = await call<DisplayView>(api(), 'GET', '/queue/display');
    expect(stack().calls.since(before)).toEqual({ 'dynamodb:Query': 1 });
    const open = idle.body.counters.find((c) => c.counterId === 'SGDDT-01')!;
    expect(open.number).toBeUndefined();

    await stack().clock.advance(MINUTE);
    await act('SGDDT-01', { action: 'CALL_NEXT' });
    const shown = await call<DisplayView>(api(), 'GET', '/queue/display');
    expect(shown.body.date).toBe('2026-03-02');
    // Newest call first.
    expect(shown.body.counters[0]).toMatchObject({
      counterId: 'SGDDT-01',
      number: t.number,
      status: 'CALLED',
      callSeq: 1,
    });
    await act('SGDDT-01', { action: 'RECALL', ticketId: t.ticketId });
    const recalled = await call<DisplayView>(api(), 'GET', '/queue/display');
    expect(recalled.body.counters.find((c) => c.counterId === 'SGDDT-01')!.callSeq).toBe(2);
    await act('SGDDT-01', { action: 'SERVED', ticketId: t.ticketId });
  });
});

describe('rating at the counter', () => {
  it('records one rating per served ticket, linked to the ticket and its dossier; a second is 409', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    const t = (await take('SNV')).body;
    await act('SNV-01', { action: 'OPEN' });
    await act('SNV-01', { action: 'CALL_NEXT' });
    // Nothing to rate while the citizen is still being served.
    const none = await call<{ ticket: unknown }>(api(), 'GET', '/queue/counters/SNV-01/rating');
    expect(none.body.ticket).toBeNull();
    await act('SNV-01', { action: 'SERVED', ticketId: t.ticketId, dossier: d.code });

    const target = await call<{ ticket: { ticketId: string; number: string } }>(
      api(),
      'GET',
      '/queue/counters/SNV-01/rating',
    );
    expect(target.body.ticket).toMatchObject({ ticketId: t.ticketId, number: t.number });

    expect(t.ratingCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const body = {
      ticketId: t.ticketId,
      ratingCode: t.ratingCode,
      scores: { ...allScores(2), staffAttitude: 1 },
      comment: 'Cán bộ tận tình',
    };
    const [first, second] = await Promise.all([
      call(api(), 'POST', '/queue/counters/SNV-01/rating', { body }),
      call(api(), 'POST', '/queue/counters/SNV-01/rating', { body }),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([201, 409]);
    const refused = first.status === 409 ? first : second;
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.code).toBe('TICKET_ALREADY_RATED');
    const third = await call(api(), 'POST', '/queue/counters/SNV-01/rating', { body });
    expect(third.status).toBe(409);
    expect(third.body.code).toBe('TICKET_ALREADY_RATED');

    const after = await call<{ ticket: unknown }>(api(), 'GET', '/queue/counters/SNV-01/rating');
    expect(after.body.ticket).toBeNull();
    const read = await call<TicketView>(api(), 'GET', `/queue/tickets/${t.ticketId}`);
    expect(read.body).toMatchObject({ rated: true, dossierId: d.dossierId, dossierCode: d.code });
    const view = await counterView('SNV-01');
    expect(view.stats).toMatchObject({ ratings: 1, ratingPoints: 17, ratingMax: 18 });
    // The rating record carries the ticket and the dossier.
    const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const { clients } = await import('../../shared/adapters/clients.ts');
    const { config } = await import('../../shared/adapters/config.ts');
    const records = await clients().doc.send(
      new QueryCommand({
        TableName: config().TABLE_NAME,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'QRATING#2026-03' },
      }),
    );
    expect(records.Items?.find((i) => i.ticketId === t.ticketId)).toMatchObject({
      counterId: 'SNV-01',
      dossierId: d.dossierId,
      dossierCode: d.code,
      total: 17,
      max: 18,
      comment: 'Cán bộ tận tình',
    });
  });

  it('only rates the ticket just served at that counter, within the rating window', async () => {
    const [a, b] = [(await take('SDTTG')).body, (await take('SDTTG')).body];
    await act('SDTTG-01', { action: 'OPEN' });
    for (const t of [a, b]) {
      await act('SDTTG-01', { action: 'CALL_NEXT' });
      await act('SDTTG-01', { action: 'SERVED', ticketId: t.ticketId });
    }
    const older = await call(api(), 'POST', '/queue/counters/SDTTG-01/rating', {
      body: { ticketId: a.ticketId, ratingCode: a.ratingCode, scores: allScores(2) },
    });
    expect(older.status).toBe(409);
    expect(older.body.code).toBe('TICKET_NOT_RATEABLE');
    const elsewhere = await call(api(), 'POST', '/queue/counters/SDTTG-02/rating', {
      body: { ticketId: b.ticketId, ratingCode: b.ratingCode, scores: allScores(2) },
    });
    expect(elsewhere.body.code).toBe('TICKET_NOT_RATEABLE');
    const incomplete = await call(api(), 'POST', '/queue/counters/SDTTG-01/rating', {
      body: { ticketId: b.ticketId, ratingCode: b.ratingCode, scores: { staffAttitude: 2 } },
    });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.code).toBe('VALIDATION_FAILED');

    await stack().clock.advance(16 * MINUTE);
    const late = await call(api(), 'POST', '/queue/counters/SDTTG-01/rating', {
      body: { ticketId: b.ticketId, ratingCode: b.ratingCode, scores: allScores(1) },
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('TICKET_NOT_RATEABLE');
    expect(
      (await call<{ ticket: unknown }>(api(), 'GET', '/queue/counters/SDTTG-01/rating')).body.ticket,
    ).toBeNull();
  });
});

describe('the next day', () => {
  it('starts every line again from 001', async () => {
    await take('SVHTTDL');
    const today = (await take('SVHTTDL')).body;
    expect(today.number).toMatch(/-002$/);
    await stack().clock.advance(24 * 60 * MINUTE);
    const tomorrow = await take('SVHTTDL');
    expect(tomorrow.body.number).toBe(today.number.replace(/-\d{3}$/, '-001'));
    expect(tomorrow.body.ticketId).toBe('20260303-SVHTTDL-001');
    const display = await call<DisplayView>(api(), 'GET', '/queue/display');
    expect(display.body.date).toBe('2026-03-03');
    expect(display.body.counters).toEqual([]);
  });
});
