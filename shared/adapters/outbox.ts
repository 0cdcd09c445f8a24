import { PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Message, OutboxMessage } from '../domain/notifications.ts';
import { clients } from './clients.ts';
import { nowMs } from './clock.ts';
import { config } from './config.ts';
import { newEventId } from './ids.ts';
import { logger } from './logger.ts';
import { emitMetric } from './metrics.ts';
import { send } from './notifier.ts';

/**
 * The notification outbox. A message is written in the same transaction as the status change it
 * announces (so a change is never announced without happening, and never happens unannounced);
 * delivery follows right after, and a sweeper retries whatever is still pending with backoff. A
 * pending message is visible (index `OUTBOX#PENDING`, a log line and metric per failure).
 */
export const OUTBOX_PENDING = 'OUTBOX#PENDING';

/**
 * How long a message just committed is left to the request that committed it: that request sends
 * it right after its transaction, without a claim, and the sweeper only takes it over after this
 * (when the request died before sending, or its delivery failed and was rescheduled).
 */
export const INLINE_DELIVERY_MS = 60_000;

export function outboxItem(dossierId: string, m: OutboxMessage, createdAt: string) {
  const id = newEventId();
  const nextAttemptAt = new Date(Date.parse(createdAt) + INLINE_DELIVERY_MS).toISOString();
  return {
    pk: `DOSSIER#${dossierId}`,
    sk: `OUT#${id}`,
    entity: 'Outbox',
    outboxId: id,
    dossierId,
    message: m,
    status: 'PENDING',
    attempts: 0,
    createdAt,
    nextAttemptAt,
    gsi1pk: OUTBOX_PENDING,
    // Ordered by the next attempt, so the sweeper reads only the messages that are due.
    gsi1sk: `${nextAttemptAt}#${dossierId}#${id}`,
  };
}

/** `emailed`: the deliveries already sent (`MAIN`, `USER#<id>`), written after each send. */
export type OutboxItem = ReturnType<typeof outboxItem> & { emailed?: Set<string> | string[] };
type Item = OutboxItem;

const table = () => config().TABLE_NAME;

/** Backoff between attempts: 1, 2, 4 … minutes, at most an hour. */
const backoffMs = (attempts: number) => Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;

/** A claim older than this is taken over (its deliverer died between claim and send). */
const CLAIM_STALE_MS = 5 * 60_000;

/**
 * Claims a message so that two deliverers running at once never send it twice. Returns the item as
 * stored after the claim (what an earlier, interrupted delivery already sent), or undefined when
 * another deliverer has it.
 */
async function claim(item: Item): Promise<Item | undefined> {
  const now = nowMs();
  try {
    const res = await clients().doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: 'SET #s = :sending, claimedAt = :now',
        ConditionExpression: '#s = :pending OR (#s = :sending AND claimedAt < :stale)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':sending': 'SENDING',
          ':pending': 'PENDING',
          ':now': now,
          ':stale': now - CLAIM_STALE_MS,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return res.Attributes as Item;
  } catch (err) {
    if ((err as { name?: string }).name === 'ConditionalCheckFailedException') return undefined;
    throw err;
  }
}

/** Records one sent email, so that a retry of this message does not send it again. */
async function markEmailed(item: Item, delivery: string): Promise<void> {
  await clients().doc.send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: item.pk, sk: item.sk },
      UpdateExpression: 'ADD emailed :d',
      ExpressionAttributeValues: { ':d': new Set([delivery]) },
    }),
  );
}

/**
 * Sends one message and marks it sent. `fresh`: the message was committed by this very request a
 * moment ago, so no other deliverer can have it yet (INLINE_DELIVERY_MS) and no claim is needed.
 */
async function deliverOne(queued: Item, fresh = false): Promise<boolean> {
  const item = fresh ? queued : await claim(queued);
  if (!item) return true; // another deliverer has it
  try {
    // In-app first: they need no mail engine, so a mail outage never holds them back.
    const staffEmails = item.message.inApp ? await notifyStaff(item) : [];
    // Then each email once: a retry after a partial failure sends only the ones not yet sent.
    const emailed = new Set(item.emailed ?? []);
    const deliveries: { id: string; message: Message }[] = [
      { id: 'MAIN', message: item.message },
      ...staffEmails.map((s) => ({ id: `USER#${s.userId}`, message: { ...item.message, to: [s.email] } })),
    ];
    const due = deliveries.filter((d) => !emailed.has(d.id) && d.message.to.filter(Boolean).length > 0);
    // Each email is recorded once sent; the last one with the message's SENT mark, in one write.
    for (const [i, d] of due.entries()) {
      await send(d.message);
      if (i < due.length - 1) await markEmailed(item, d.id);
    }
    const last = due.at(-1);
    await clients().doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: `SET #s = :sent, sentAt = :at REMOVE gsi1pk, gsi1sk, claimedAt${last ? ' ADD emailed :d' : ''}`,
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':sent': 'SENT',
          ':at': new Date(nowMs()).toISOString(),
          ...(last ? { ':d': new Set([last.id]) } : {}),
        },
      }),
    );
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === 'ConditionalCheckFailedException') return true; // sent by another delivery
    const attempts = item.attempts + 1;
    const next = new Date(nowMs() + backoffMs(attempts)).toISOString();
    logger.warn('notification not delivered; will retry', {
      template: item.message.template,
      attempts,
      error: (err as Error).name,
    });
    emitMetric('NotificationFailures', 1);
    await clients()
      .doc.send(
        new UpdateCommand({
          TableName: table(),
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression:
            'SET #s = :pending, attempts = :a, nextAttemptAt = :n, gsi1sk = :due, lastError = :e REMOVE claimedAt',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':a': attempts,
            ':n': next,
            ':due': `${next}#${item.dossierId}#${item.outboxId}`,
            ':e': String((err as Error).name ?? 'Error').slice(0, 100),
            ':pending': 'PENDING',
          },
        }),
      )
      .catch(() => undefined);
    return false;
  }
}

/**
 * Delivers the messages a transition just committed (right after its transaction, no read and no
 * claim needed: see INLINE_DELIVERY_MS). Never throws: a failed one is rescheduled for the sweeper.
 */
export async function deliverCommitted(
  items: readonly OutboxItem[],
): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (const item of items) {
    if (await deliverOne(item, true)) sent++;
    else failed++;
  }
  return { sent, failed };
}

/** Retries every pending message whose time has come (scheduled in AWS; on the clock locally). */
export async function sweepOutbox(limit = 100): Promise<{ sent: number; failed: number; pending: number }> {
  const res = await clients().doc.send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi1',
      // Only the due ones: the index is ordered by the next attempt (older items, by their creation).
      KeyConditionExpression: 'gsi1pk = :p AND gsi1sk <= :due',
      ExpressionAttributeValues: {
        ':p': OUTBOX_PENDING,
        ':due': `${new Date(nowMs()).toISOString()}#\uffff`,
      },
      Limit: limit,
    }),
  );
  const now = new Date(nowMs()).toISOString();
  let sent = 0;
  let failed = 0;
  const items = (res.Items ?? []) as Item[];
  for (const item of items) {
    if (item.nextAttemptAt > now) continue;
    if (await deliverOne(item)) sent++;
    else failed++;
  }
  return { sent, failed, pending: items.length - sent };
}

/**
 * In-app notifications for the staff of a unit; idempotent per message and user. Returns the staff
 * members the message also asks to email (sent by the caller, once each).
 */
async function notifyStaff(item: Item): Promise<{ userId: string; email: string }[]> {
  const unit = item.message.inApp!.unit;
  const roles = item.message.inApp!.roles;
  const only = item.message.inApp!.userIds;
  const users = await clients().doc.send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': `USERS#${unit}` },
    }),
  );
  const toEmail: { userId: string; email: string }[] = [];
  for (const u of users.Items ?? []) {
    if (roles && !roles.includes(String(u.role))) continue;
    if (only && !only.includes(String(u.userId))) continue;
    const userId = String(u.userId);
    if (item.message.inApp!.email && typeof u.email === 'string') toEmail.push({ userId, email: u.email });
    try {
      await clients().doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table(),
                Item: {
                  pk: `USER#${userId}`,
                  sk: `NOTE#${item.outboxId}`,
                  entity: 'Notification',
                  notificationId: item.outboxId,
                  template: item.message.template,
                  title: item.message.subject,
                  dossierId: item.dossierId,
                  at: item.createdAt,
                  read: false,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: table(),
                Key: { pk: `USER#${userId}`, sk: 'PROFILE' },
                UpdateExpression: 'ADD unread :one',
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
          ],
        }),
      );
    } catch (err) {
      // Already notified in-app by an earlier delivery of this message.
      if ((err as { name?: string }).name !== 'TransactionCanceledException') throw err;
    }
  }
  return toEmail;
}

/** The staff directory item the in-app notifications use (seeded locally; created with the user in AWS). */
export async function putStaffProfile(p: {
  userId: string;
  username: string;
  name: string;
  email: string;
  role: string;
  unit: string;
}): Promise<void> {
  await clients()
    .doc.send(
      new PutCommand({
        TableName: table(),
        Item: {
          pk: `USER#${p.userId}`,
          sk: 'PROFILE',
          entity: 'StaffProfile',
          ...p,
          unread: 0,
          gsi1pk: `USERS#${p.unit}`,
          gsi1sk: `USER#${p.userId}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    .catch((err: { name?: string }) => {
      if (err.name !== 'ConditionalCheckFailedException') throw err;
    });
}

/** A staff member's in-app notifications, newest first, and the unread count. */
export async function listNotifications(userId: string, limit = 20) {
  const [notes, profile] = await Promise.all([
    clients().doc.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :n)',
        ExpressionAttributeValues: { ':pk': `USER#${userId}`, ':n': 'NOTE#' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    ),
    clients().doc.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND sk = :p',
        ExpressionAttributeValues: { ':pk': `USER#${userId}`, ':p': 'PROFILE' },
      }),
    ),
  ]);
  return {
    unread: Number(profile.Items?.[0]?.unread ?? 0),
    items: (notes.Items ?? []).map(({ pk: _p, sk: _s, entity: _e, ...n }) => n),
  };
}

/** Marks one notification read, once (the unread count only moves if it was unread). */
export async function markNotificationRead(userId: string, notificationId: string): Promise<boolean> {
  try {
    await clients().doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table(),
              Key: { pk: `USER#${userId}`, sk: `NOTE#${notificationId}` },
              UpdateExpression: 'SET #r = :t',
              ConditionExpression: '#r = :f',
              ExpressionAttributeNames: { '#r': 'read' },
              ExpressionAttributeValues: { ':t': true, ':f': false },
            },
          },
          {
            Update: {
              TableName: table(),
              Key: { pk: `USER#${userId}`, sk: 'PROFILE' },
              UpdateExpression: 'ADD unread :minus',
              ExpressionAttributeValues: { ':minus': -1 },
            },
          },
        ],
      }),
    );
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === 'TransactionCanceledException') return false;
    throw err;
  }
}
