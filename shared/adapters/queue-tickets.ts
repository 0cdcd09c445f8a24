import { randomInt } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DisplayCounterView, TicketView } from '../contracts/queue.ts';
import { DomainError } from '../domain/errors.ts';
import {
  formatRatingCode,
  formatTicketNumber,
  type LineState,
  MAX_TICKETS_PER_DAY,
  newRatingCode,
  parseTicketId,
  type TicketStatus,
  ticketId,
} from '../domain/queue.ts';
import { clients } from './clients.ts';
import { keys } from './keys.ts';
import {
  backoff,
  dayItems,
  get,
  isContended,
  lineOf,
  reasonAt,
  sha256,
  type TransactItem,
  table,
  ticketView,
} from './queue-items.ts';

/**
 * The kiosk and the hall: taking a ticket of a department's line, reading one ticket, and the
 * day's lines and desks that the kiosk and the hall display show.
 */

/** Every department's line of a day (the kiosk's waiting counts): one Query. */
export async function listLines(
  date: string,
): Promise<(LineState & { departmentId: string; prefix: string })[]> {
  return (await dayItems(date, 'LINE#')).map((i) => ({
    ...lineOf(i),
    departmentId: String(i.departmentId),
    prefix: String(i.prefix),
  }));
}

/** Who takes a ticket, for the daily limit: the keyed hash of the source, and the limit that applies. */
export interface TicketClient {
  /** `CLIENT#<hash>` or `KIOSK#<hash>` (shared/adapters/rate-limit.ts `sourceHash`; never the address). */
  key: string;
  limit: number;
  /** When the count may go (epoch seconds, DynamoDB TTL): after the day is over. */
  expiresAt: number;
}

/**
 * Takes the next ticket of a department's line. Gap-free and unique under concurrency: the line's
 * `issued` moves only in the transaction that creates the ticket, conditioned on the value read;
 * a caller that lost the race re-reads and tries the next number. The client's count of the day
 * moves in the same transaction, conditioned on being under its limit, so a refused ticket takes
 * no number and a taken one is always counted. The ticket's rating code is made here and given
 * once, in the answer; the ticket keeps only its hash.
 */
export async function takeTicket(opts: {
  date: string;
  departmentId: string;
  prefix: string;
  at: string;
  client?: TicketClient;
  maxAttempts?: number;
}): Promise<TicketView> {
  const { date, departmentId, at, client } = opts;
  const lineKey = keys.queueLine(date, departmentId);
  const ratingCode = newRatingCode(randomInt);
  const clientLimit: TransactItem[] = client
    ? [
        {
          Update: {
            TableName: table(),
            Key: { pk: `QUEUE#${date}`, sk: client.key },
            UpdateExpression: 'SET entity = :entity, #exp = if_not_exists(#exp, :exp) ADD taken :one',
            ConditionExpression: 'attribute_not_exists(taken) OR taken < :limit',
            ExpressionAttributeNames: { '#exp': 'expiration' },
            ExpressionAttributeValues: {
              ':entity': 'QueueClientCount',
              ':exp': client.expiresAt,
              ':one': 1,
              ':limit': client.limit,
            },
          },
        },
      ]
    : [];
  for (let attempt = 0; attempt < (opts.maxAttempts ?? 200); attempt++) {
    const current = await get(lineKey);
    const line = lineOf(current);
    const n = line.issued + 1;
    if (n > MAX_TICKETS_PER_DAY) throw new DomainError('QUEUE_FULL', 'queue.full');
    const prefix = (current?.prefix as string | undefined) ?? opts.prefix;
    const item = {
      ...keys.queueTicket(date, departmentId, n),
      entity: 'QueueTicket',
      ticketId: ticketId(date, departmentId, n),
      n,
      number: formatTicketNumber(prefix, n),
      departmentId,
      status: 'WAITING',
      takenAt: at,
      ratingCodeHash: sha256(ratingCode).toString('hex'),
    };
    try {
      await clients().doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table(),
                Key: lineKey,
                UpdateExpression:
                  'SET issued = :n, entity = :entity, departmentId = :dept, prefix = if_not_exists(prefix, :prefix), calledUpTo = if_not_exists(calledUpTo, :zero)',
                ConditionExpression: current ? 'issued = :last' : 'attribute_not_exists(pk)',
                ExpressionAttributeValues: {
                  ':n': n,
                  ':entity': 'QueueLine',
                  ':dept': departmentId,
                  ':prefix': prefix,
                  ':zero': 0,
                  ...(current ? { ':last': line.issued } : {}),
                },
              },
            },
            {
              Put: { TableName: table(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
            },
            ...clientLimit,
          ],
        }),
      );
      return { ...ticketView(item, line), ratingCode: formatRatingCode(ratingCode) };
    } catch (err) {
      if (reasonAt(err, 2) === 'ConditionalCheckFailed')
        throw new DomainError('QUEUE_TICKET_LIMIT', 'queue.ticketLimit', [], {
          limit: client?.limit,
          retryAfterSeconds: Math.max(
            1,
            (client?.expiresAt ?? 0) - 86_400 - Math.floor(Date.parse(at) / 1000),
          ),
        });
      if (reasonAt(err, 0) !== 'ConditionalCheckFailed' && !isContended(err)) throw err;
      await backoff(attempt);
    }
  }
  throw new DomainError('QUEUE_BUSY', 'queue.busyTickets');
}

/** A ticket with the number of people still ahead of it: two GetItems. */
export async function getTicket(id: string): Promise<TicketView | undefined> {
  const ref = parseTicketId(id);
  if (!ref) return undefined;
  const [item, line] = await Promise.all([
    get(keys.queueTicket(ref.date, ref.departmentId, ref.number)),
    get(keys.queueLine(ref.date, ref.departmentId)),
  ]);
  return item ? ticketView(item, lineOf(line)) : undefined;
}

/** What the hall display shows: every counter's desk of the day, one Query. */
export async function listDesks(date: string): Promise<DisplayCounterView[]> {
  return (await dayItems(date, 'DESK#')).map((d) => ({
    counterId: String(d.counterId),
    departmentId: String(d.departmentId),
    callSeq: (d.callSeq as number | undefined) ?? 0,
    ...(typeof d.currentNumber === 'string' ? { number: d.currentNumber } : {}),
    ...(typeof d.currentStatus === 'string' ? { status: d.currentStatus as TicketStatus } : {}),
    ...(typeof d.calledAt === 'string' ? { calledAt: d.calledAt } : {}),
  }));
}
