import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { clients } from '../../shared/adapters/clients.ts';
import { config } from '../../shared/adapters/config.ts';
import { keys } from '../../shared/adapters/keys.ts';
import { voidTicketNumber } from '../../shared/adapters/queue-tickets.ts';
import type { TicketView } from '../../shared/contracts/queue.ts';
import { MAX_TICKETS_PER_DAY, queueDate } from '../../shared/domain/queue.ts';
import { call, useLocalStack } from '../support/api.ts';
import { bearer, MON_2026_03_02_0900 } from '../support/workflow.ts';

/**
 * How queue numbers are taken (docs/design-notes.md): one atomic increment of the line, no read and
 * no retry; a number taken but never made a ticket is voided, skipped by calling, and left out of
 * the waiting figures; a client refused (limit, full line) keeps no count and takes no number.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });
const api = () => stack().urls.api;
const DATE = queueDate(new Date(MON_2026_03_02_0900));

const take = (departmentId: string) =>
  call<TicketView & { code?: string }>(api(), 'POST', '/queue/tickets', { body: { departmentId } });
const act = async (counter: string, body: Record<string, unknown>) =>
  call<TicketView & { code?: string }>(api(), 'POST', `/staff/queue/counters/${counter}/actions`, {
    body,
    headers: await bearer(stack(), 'tiepnhan.1'),
  });
const counterWaiting = async (counter: string) =>
  (
    await call<{ waiting: number }>(api(), 'GET', `/staff/queue/counters/${counter}`, {
      headers: await bearer(stack(), 'tiepnhan.1'),
    })
  ).body.waiting;
const kioskWaiting = async (departmentId: string) =>
  (
    await call<{ items: { departmentId: string; waiting: number }[] }>(api(), 'GET', '/queue/lines')
  ).body.items.find((l) => l.departmentId === departmentId)!.waiting;

/** What a request that died right after taking its number leaves: the line moved, no ticket. */
const takeNumberOnly = (departmentId: string) =>
  clients().doc.send(
    new UpdateCommand({
      TableName: config().TABLE_NAME,
      Key: keys.queueLine(DATE, departmentId),
      UpdateExpression: 'ADD issued :one',
      ExpressionAttributeValues: { ':one': 1 },
    }),
  );
const line = async (departmentId: string) =>
  (
    await clients().doc.send(
      new GetCommand({ TableName: config().TABLE_NAME, Key: keys.queueLine(DATE, departmentId) }),
    )
  ).Item;

/** The tickets every client (and kiosk) is counted for today. */
async function clientCounts(): Promise<number> {
  const res = await clients().doc.send(
    new QueryCommand({
      TableName: config().TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: 'entity = :e',
      ExpressionAttributeValues: { ':pk': `QUEUE#${DATE}`, ':e': 'QueueClientCount' },
    }),
  );
  return (res.Items ?? []).reduce((sum, i) => sum + Number(i.taken ?? 0), 0);
}

describe('queue numbers', () => {
  it('takes a ticket in single-item requests: no read of the line, no transaction, no retry', async () => {
    expect((await take('STC')).status).toBe(201);
    const before = stack().calls.snapshot();
    const t = await take('STC');
    expect(t.status).toBe(201);
    expect(t.body.number).toMatch(/-002$/);
    // The client's count, the line's number; the ticket (the departments are a cached read).
    expect(stack().calls.since(before)).toEqual({
      'dynamodb:UpdateItem': 2,
      'dynamodb:PutItem': 1,
    });
  });

  it('voids a number whose ticket was never written: not waiting, not ahead, skipped by calling', async () => {
    const t1 = (await take('SXD')).body;
    await takeNumberOnly('SXD'); // number 2: its request failed before the ticket was put
    expect(await voidTicketNumber(DATE, 'SXD', 2, t1.number.split('-')[0]!, '2026-03-02T02:01:00.000Z')).toBe(
      true,
    );
    const t3 = (await take('SXD')).body;
    expect(t3.number).toMatch(/-003$/);
    expect(t3.ahead).toBe(1);
    expect(await kioskWaiting('SXD')).toBe(2);
    expect((await call(api(), 'GET', `/queue/tickets/${DATE.replaceAll('-', '')}-SXD-002`)).status).toBe(404);
    expect((await act('SXD-01', { action: 'OPEN' })).status).toBe(200);
    expect(await counterWaiting('SXD-01')).toBe(2);
    const first = await act('SXD-01', { action: 'CALL_NEXT' });
    expect(first.body.ticketId).toBe(t1.ticketId);
    expect((await call(api(), 'GET', `/queue/tickets/${t3.ticketId}`)).body.ahead).toBe(0);
    expect((await act('SXD-01', { action: 'SERVED', ticketId: t1.ticketId })).status).toBe(200);
    const second = await act('SXD-01', { action: 'CALL_NEXT' });
    expect(second.body.ticketId).toBe(t3.ticketId);
    expect(await counterWaiting('SXD-01')).toBe(0);
    const stored = await line('SXD');
    expect(stored).toMatchObject({ issued: 3, calledUpTo: 3 });
    expect(stored?.voided).toBeUndefined();
    // A number is made a ticket or voided, never both.
    expect(await voidTicketNumber(DATE, 'SXD', 3, 'X', '2026-03-02T02:02:00.000Z')).toBe(false);
  });

  it('calls past a number whose request ended without a ticket, after waiting for it', async () => {
    const t1 = (await take('SKHCN')).body;
    await takeNumberOnly('SKHCN'); // number 2: the request ended and nobody voided it
    const t3 = (await take('SKHCN')).body;
    expect((await act('SKHCN-01', { action: 'OPEN' })).status).toBe(200);
    expect((await act('SKHCN-01', { action: 'CALL_NEXT' })).body.ticketId).toBe(t1.ticketId);
    expect((await act('SKHCN-01', { action: 'ABSENT', ticketId: t1.ticketId })).status).toBe(200);
    const next = await act('SKHCN-01', { action: 'CALL_NEXT' });
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect(next.body.ticketId).toBe(t3.ticketId);
    expect((await call(api(), 'GET', `/queue/tickets/${DATE.replaceAll('-', '')}-SKHCN-002`)).status).toBe(
      404,
    );
    expect((await act('SKHCN-01', { action: 'ABSENT', ticketId: t3.ticketId })).status).toBe(200);
    expect((await act('SKHCN-01', { action: 'CALL_NEXT' })).body.code).toBe('QUEUE_EMPTY');
  });

  it('refuses a full line with QUEUE_FULL and gives the client its count back', async () => {
    expect((await take('SCT')).status).toBe(201);
    const counted = await clientCounts();
    expect(counted).toBeGreaterThan(0);
    await clients().doc.send(
      new UpdateCommand({
        TableName: config().TABLE_NAME,
        Key: keys.queueLine(DATE, 'SCT'),
        UpdateExpression: 'SET issued = :max',
        ExpressionAttributeValues: { ':max': MAX_TICKETS_PER_DAY },
      }),
    );
    const full = await take('SCT');
    expect(full.status).toBe(409);
    expect(full.body.code).toBe('QUEUE_FULL');
    expect((await line('SCT'))?.issued).toBe(MAX_TICKETS_PER_DAY);
    expect(await clientCounts()).toBe(counted);
  });
});
