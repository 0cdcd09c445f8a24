import { randomInt } from 'node:crypto';
import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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
import { dayItems, get, lineOf, reasonAt, sha256, table, ticketView } from './queue-items.ts';

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

/** How often a number voided while in flight (by a counter that waited for it) is replaced. */
const MAX_NUMBERS_PER_TICKET = 3;

/**
 * Takes the next ticket of a department's line, without a read and without a retry loop:
 *
 * 1. the client's count of the day moves first (UpdateItem `ADD taken`, on condition of being
 *    under its limit), so a refused client takes no number;
 * 2. the number is one atomic UpdateItem `ADD issued 1` on the line, on condition `issued < 999`
 *    (the day's ceiling, raceless), returning the line: concurrent callers each get the next
 *    number, consecutive and distinct, and nobody waits for anybody;
 * 3. the ticket is put on condition that it does not exist.
 *
 * A number taken but never made a ticket is voided (`voidTicketNumber`): the ticket's own error
 * path does it, or a counter that finds the number still missing after waiting for it. Calling
 * skips a voided number, and the waiting figures leave it out. A refused or failed ticket gives
 * the client's count back. The ticket's rating code is made here and given once, in the answer;
 * the ticket keeps only its hash.
 */
export async function takeTicket(opts: {
  date: string;
  departmentId: string;
  prefix: string;
  at: string;
  client?: TicketClient;
}): Promise<TicketView> {
  const { date, departmentId, at, client } = opts;
  if (client) await countClientTicket(date, client, at);
  try {
    const ratingCode = newRatingCode(randomInt);
    for (let attempt = 1; ; attempt++) {
      const { n, line, prefix } = await takeNumber(date, departmentId, opts.prefix);
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
          new PutCommand({ TableName: table(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
        );
        return { ...ticketView(item, line), ratingCode: formatRatingCode(ratingCode) };
      } catch (err) {
        // A counter voided the number while this request was slow: it is accounted for; take another.
        if (isConditionFailed(err)) {
          if (attempt < MAX_NUMBERS_PER_TICKET) continue;
          throw new DomainError('QUEUE_BUSY', 'queue.busyTickets');
        }
        await voidTicketNumber(date, departmentId, n, prefix, at).catch(() => undefined);
        throw err;
      }
    }
  } catch (err) {
    if (client) await uncountClientTicket(date, client).catch(() => undefined);
    throw err;
  }
}

const isConditionFailed = (err: unknown) =>
  err instanceof Error && err.name === 'ConditionalCheckFailedException';

/** One more ticket for the client today, or QUEUE_TICKET_LIMIT: one UpdateItem. */
async function countClientTicket(date: string, client: TicketClient, at: string): Promise<void> {
  try {
    await clients().doc.send(
      new UpdateCommand({
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
      }),
    );
  } catch (err) {
    if (!isConditionFailed(err)) throw err;
    throw new DomainError('QUEUE_TICKET_LIMIT', 'queue.ticketLimit', [], {
      limit: client.limit,
      retryAfterSeconds: Math.max(1, client.expiresAt - 86_400 - Math.floor(Date.parse(at) / 1000)),
    });
  }
}

/** Gives back the count of a ticket the client did not get. */
async function uncountClientTicket(date: string, client: TicketClient): Promise<void> {
  await clients().doc.send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: `QUEUE#${date}`, sk: client.key },
      UpdateExpression: 'ADD taken :minus',
      ConditionExpression: 'taken > :zero',
      ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
    }),
  );
}

/** The line's next number, or QUEUE_FULL past the day's ceiling: one UpdateItem, no read. */
async function takeNumber(
  date: string,
  departmentId: string,
  defaultPrefix: string,
): Promise<{ n: number; line: LineState; prefix: string }> {
  try {
    const res = await clients().doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.queueLine(date, departmentId),
        UpdateExpression:
          'SET entity = :entity, departmentId = :dept, prefix = if_not_exists(prefix, :prefix), calledUpTo = if_not_exists(calledUpTo, :zero) ADD issued :one',
        ConditionExpression: 'attribute_not_exists(issued) OR issued < :max',
        ExpressionAttributeValues: {
          ':entity': 'QueueLine',
          ':dept': departmentId,
          ':prefix': defaultPrefix,
          ':zero': 0,
          ':one': 1,
          ':max': MAX_TICKETS_PER_DAY,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const line = lineOf(res.Attributes);
    return { n: line.issued, line, prefix: String(res.Attributes?.prefix ?? defaultPrefix) };
  } catch (err) {
    if (isConditionFailed(err)) throw new DomainError('QUEUE_FULL', 'queue.full');
    throw err;
  }
}

/**
 * Records number `n` of the line as voided (a `VOID` ticket, and the number in the line's
 * `voided` set, which the waiting figures leave out), on condition that no ticket has it:
 * false if one has (then the number is accounted for already). Calling skips a voided number.
 */
export async function voidTicketNumber(
  date: string,
  departmentId: string,
  n: number,
  prefix: string,
  at: string,
): Promise<boolean> {
  try {
    await clients().doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: {
                ...keys.queueTicket(date, departmentId, n),
                entity: 'QueueTicket',
                ticketId: ticketId(date, departmentId, n),
                n,
                number: formatTicketNumber(prefix, n),
                departmentId,
                status: VOID,
                voidedAt: at,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: table(),
              Key: keys.queueLine(date, departmentId),
              UpdateExpression: 'ADD voided :n',
              ExpressionAttributeValues: { ':n': new Set([n]) },
            },
          },
        ],
      }),
    );
    return true;
  } catch (err) {
    if (reasonAt(err, 0) === 'ConditionalCheckFailed') return false;
    throw err;
  }
}

/** The status of a voided number's item: never a ticket anyone holds. */
export const VOID = 'VOID';

/** A ticket with the number of people still ahead of it: two GetItems. */
export async function getTicket(id: string): Promise<TicketView | undefined> {
  const ref = parseTicketId(id);
  if (!ref) return undefined;
  const [item, line] = await Promise.all([
    get(keys.queueTicket(ref.date, ref.departmentId, ref.number)),
    get(keys.queueLine(ref.date, ref.departmentId)),
  ]);
  return item && item.status !== VOID ? ticketView(item, lineOf(line)) : undefined;
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
