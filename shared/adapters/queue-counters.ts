import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TicketView } from '../contracts/queue.ts';
import { DomainError } from '../domain/errors.ts';
import { message } from '../domain/messages.ts';
import { type CounterEvent, nextToCall, parseTicketId, secondsBetween } from '../domain/queue.ts';
import { clients } from './clients.ts';
import { keys } from './keys.ts';
import { statsOf, statsUpdate } from './queue-figures.ts';
import {
  backoff,
  type Desk,
  deskOf,
  get,
  getDesk,
  isContended,
  type LinkedDossier,
  lineOf,
  reasonAt,
  table,
  ticketView,
} from './queue-items.ts';
import { VOID, voidTicketNumber } from './queue-tickets.ts';

/**
 * A reception counter's work on the queue: its officer opens it, calls the next ticket, calls it
 * again, and finishes it (served or absent). Each step is one transaction conditioned on the desk
 * and the ticket it was decided from.
 */

/** A counter's state for its officer: the desk, its department's line and today's figures. */
export async function counterState(date: string, counter: string, departmentId: string) {
  const [desk, line, stats] = await Promise.all([
    get(keys.queueDesk(date, counter)),
    get(keys.queueLine(date, departmentId)),
    get(keys.queueCounterStats(date, counter)),
  ]);
  return { desk: deskOf(desk), line: lineOf(line), stats: statsOf(stats) };
}

/**
 * The officer opens the counter for the day (or takes it over from a colleague). A ticket being
 * served stays on the desk.
 */
export async function openCounter(opts: {
  date: string;
  counterId: string;
  departmentId: string;
  officerId: string;
  at: string;
}): Promise<void> {
  await clients().doc.send(
    new UpdateCommand({
      TableName: table(),
      Key: keys.queueDesk(opts.date, opts.counterId),
      UpdateExpression:
        'SET entity = :entity, counterId = :c, departmentId = :d, officerId = :o, openedAt = :at, callSeq = if_not_exists(callSeq, :zero)',
      ExpressionAttributeValues: {
        ':entity': 'QueueDesk',
        ':c': opts.counterId,
        ':d': opts.departmentId,
        ':o': opts.officerId,
        ':at': opts.at,
        ':zero': 0,
      },
    }),
  );
}

function requireOpenBy(desk: Desk | undefined, officerId: string): Desk {
  if (!desk || desk.officerId !== officerId) throw new DomainError('COUNTER_NOT_OPEN', 'counter.openFirst');
  return desk;
}

/**
 * Calls the next ticket of the counter's department. Several counters of a department share one
 * line: the line's `calledUpTo` moves in the same transaction that marks the ticket called, so two
 * counters never call the same ticket and no ticket is skipped. The waiting time goes on the ticket
 * and into the counter's figures of the day.
 */
export async function callNext(opts: {
  date: string;
  counterId: string;
  departmentId: string;
  officerId: string;
  at: string;
  maxAttempts?: number;
}): Promise<TicketView> {
  const { date, counterId: counter, departmentId, officerId, at } = opts;
  const deskKey = keys.queueDesk(date, counter);
  const lineKey = keys.queueLine(date, departmentId);
  let missing = 0;
  let missingNumber = 0;
  for (let attempt = 0; attempt < (opts.maxAttempts ?? 100); attempt++) {
    const [deskItem, lineItem] = await Promise.all([get(deskKey), get(lineKey)]);
    const desk = requireOpenBy(deskOf(deskItem), officerId);
    if (desk.current?.status === 'CALLED')
      throw new DomainError('COUNTER_BUSY', message('counter.serving', { number: desk.current.number }), [], {
        ticketId: desk.current.ticketId,
      });
    const line = lineOf(lineItem);
    const n = nextToCall(line);
    if (n === undefined) throw new DomainError('QUEUE_EMPTY', 'queue.empty');
    const ticketKey = keys.queueTicket(date, departmentId, n);
    const ticket = await get(ticketKey);
    if (!ticket || ticket.status === VOID) {
      // Taken a moment ago and not yet a ticket: wait for it; still missing after that, void it.
      missing = ticket ? 0 : n === missingNumber ? missing + 1 : 1;
      missingNumber = n;
      if (
        ticket ||
        (missing > MISSING_WAITS && (await voidTicketNumber(date, departmentId, n, prefixOf(lineItem), at)))
      )
        await skipVoided(lineKey, n, line.calledUpTo);
      else await backoff(attempt);
      continue;
    }
    const takenAt = String(ticket.takenAt);
    const waitSeconds = secondsBetween(takenAt, at);
    try {
      await clients().doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table(),
                Key: lineKey,
                UpdateExpression: 'SET calledUpTo = :n',
                ConditionExpression: 'calledUpTo = :prev',
                ExpressionAttributeValues: { ':n': n, ':prev': line.calledUpTo },
              },
            },
            {
              Update: {
                TableName: table(),
                Key: ticketKey,
                UpdateExpression:
                  'SET #s = :called, counterId = :c, calledAt = :at, waitSeconds = :w, officerId = :o',
                ConditionExpression: '#s = :waiting',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: {
                  ':called': 'CALLED',
                  ':waiting': 'WAITING',
                  ':c': counter,
                  ':at': at,
                  ':w': waitSeconds,
                  ':o': officerId,
                },
              },
            },
            {
              Update: {
                TableName: table(),
                Key: deskKey,
                UpdateExpression:
                  'SET currentTicketId = :t, currentNumber = :num, currentStatus = :called, calledAt = :at, recalls = :zero ADD callSeq :one REMOVE currentDossierId, currentDossierCode',
                ConditionExpression:
                  'officerId = :o AND (attribute_not_exists(currentStatus) OR currentStatus <> :called)',
                ExpressionAttributeValues: {
                  ':t': ticket.ticketId,
                  ':num': ticket.number,
                  ':called': 'CALLED',
                  ':at': at,
                  ':zero': 0,
                  ':one': 1,
                  ':o': officerId,
                },
              },
            },
            statsUpdate(date, counter, departmentId, { type: 'CALLED', takenAt, calledAt: at }),
          ],
        }),
      );
      return ticketView({ ...ticket, status: 'CALLED', counterId: counter, calledAt: at, waitSeconds });
    } catch (err) {
      // Another counter took this number, or the desk changed: read again and decide again.
      const lost = [0, 2].some((i) => reasonAt(err, i) === 'ConditionalCheckFailed');
      if (!lost && !isContended(err)) throw err;
      await backoff(attempt);
    }
  }
  throw new DomainError('QUEUE_BUSY', 'queue.busy');
}

/** How many times calling re-reads a number taken but not yet a ticket before voiding it. */
const MISSING_WAITS = 20;

const prefixOf = (line: Record<string, unknown> | undefined) => String(line?.prefix ?? '');

/** Moves the line's calls past voided number `n` (nobody holds it); lost to another counter: no matter. */
async function skipVoided(lineKey: Record<string, string>, n: number, prev: number): Promise<void> {
  await clients()
    .doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: lineKey,
        UpdateExpression: 'SET calledUpTo = :n DELETE voided :set',
        ConditionExpression: 'calledUpTo = :prev',
        ExpressionAttributeValues: { ':n': n, ':prev': prev, ':set': new Set([n]) },
      }),
    )
    .catch((err: { name?: string }) => {
      if (err.name !== 'ConditionalCheckFailedException') throw err;
    });
}

/** The ticket being called is called again (the display announces it again). */
export async function recall(opts: {
  counterId: string;
  ticketId: string;
  officerId: string;
  at: string;
}): Promise<void> {
  const ref = parseTicketId(opts.ticketId);
  if (!ref) throw new DomainError('TICKET_NOT_FOUND', 'ticket.notFound');
  try {
    await clients().doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table(),
              Key: keys.queueDesk(ref.date, opts.counterId),
              UpdateExpression: 'SET calledAt = :at ADD callSeq :one, recalls :one',
              ConditionExpression: 'officerId = :o AND currentTicketId = :t AND currentStatus = :called',
              ExpressionAttributeValues: {
                ':at': opts.at,
                ':one': 1,
                ':o': opts.officerId,
                ':t': opts.ticketId,
                ':called': 'CALLED',
              },
            },
          },
          {
            Update: {
              TableName: table(),
              Key: keys.queueTicket(ref.date, ref.departmentId, ref.number),
              UpdateExpression: 'ADD recalls :one',
              ConditionExpression: '#s = :called',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':one': 1, ':called': 'CALLED' },
            },
          },
        ],
      }),
    );
  } catch (err) {
    if (reasonAt(err, 0) === 'ConditionalCheckFailed' || reasonAt(err, 1) === 'ConditionalCheckFailed')
      throw await whyNot(ref.date, opts.counterId, opts.officerId);
    throw err;
  }
}

/** The precise refusal after a failed condition on the desk. */
async function whyNot(date: string, counter: string, officerId: string): Promise<DomainError> {
  const desk = await getDesk(date, counter);
  if (!desk || desk.officerId !== officerId)
    return new DomainError('COUNTER_NOT_OPEN', 'counter.notOpenedByYou');
  return new DomainError('TICKET_NOT_CALLED', 'ticket.notCalledNow');
}

/**
 * The ticket being called is finished: served (the serving time goes on the ticket and into the
 * counter's figures; the rating tablet now offers this ticket) or absent.
 */
export async function finishTicket(opts: {
  outcome: 'SERVED' | 'ABSENT';
  counterId: string;
  ticketId: string;
  officerId: string;
  at: string;
  dossier?: LinkedDossier;
}): Promise<TicketView> {
  const ref = parseTicketId(opts.ticketId);
  if (!ref) throw new DomainError('TICKET_NOT_FOUND', 'ticket.notFound');
  const deskKey = keys.queueDesk(ref.date, opts.counterId);
  const ticketKey = keys.queueTicket(ref.date, ref.departmentId, ref.number);
  const [desk, ticket] = await Promise.all([getDesk(ref.date, opts.counterId), get(ticketKey)]);
  requireOpenBy(desk, opts.officerId);
  if (!ticket) throw new DomainError('TICKET_NOT_FOUND', 'ticket.notFound');
  const current = desk?.current;
  if (!current || current.ticketId !== opts.ticketId || current.status !== 'CALLED')
    throw new DomainError('TICKET_NOT_CALLED', 'ticket.notCalledNow');
  const served = opts.outcome === 'SERVED';
  const serveSeconds = served ? secondsBetween(String(ticket.calledAt), opts.at) : undefined;
  const event: CounterEvent = served
    ? { type: 'SERVED', calledAt: String(ticket.calledAt), servedAt: opts.at }
    : { type: 'ABSENT' };
  const link = opts.dossier
    ? { dossierId: opts.dossier.dossierId, ...(opts.dossier.code ? { dossierCode: opts.dossier.code } : {}) }
    : {};
  const ticketSets: Record<string, unknown> = {
    ...(served ? { servedAt: opts.at, serveSeconds } : { absentAt: opts.at }),
    ...link,
  };
  const setNames = Object.keys(ticketSets);
  try {
    await clients().doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table(),
              Key: deskKey,
              UpdateExpression: `${
                served
                  ? 'SET currentStatus = :outcome, lastServedTicketId = :t, lastServedNumber = :num, lastServedAt = :at, lastServedRated = :false'
                  : 'SET currentStatus = :outcome'
              }${opts.dossier ? `, currentDossierId = :did${opts.dossier.code ? ', currentDossierCode = :dcode' : ''}` : ''}`,
              ConditionExpression: 'officerId = :o AND currentTicketId = :t AND currentStatus = :called',
              ExpressionAttributeValues: {
                ':outcome': opts.outcome,
                ':o': opts.officerId,
                ':t': opts.ticketId,
                ':called': 'CALLED',
                ...(served ? { ':num': current.number, ':at': opts.at, ':false': false } : {}),
                ...(opts.dossier ? { ':did': opts.dossier.dossierId } : {}),
                ...(opts.dossier?.code ? { ':dcode': opts.dossier.code } : {}),
              },
            },
          },
          {
            Update: {
              TableName: table(),
              Key: ticketKey,
              UpdateExpression: `SET #s = :outcome, ${setNames.map((_k, i) => `#f${i} = :f${i}`).join(', ')}`,
              ConditionExpression: '#s = :called AND counterId = :c',
              ExpressionAttributeNames: {
                '#s': 'status',
                ...Object.fromEntries(setNames.map((k, i) => [`#f${i}`, k])),
              },
              ExpressionAttributeValues: {
                ':outcome': opts.outcome,
                ':called': 'CALLED',
                ':c': opts.counterId,
                ...Object.fromEntries(setNames.map((k, i) => [`:f${i}`, ticketSets[k]])),
              },
            },
          },
          statsUpdate(ref.date, opts.counterId, ref.departmentId, event),
        ],
      }),
    );
  } catch (err) {
    if (reasonAt(err, 0) === 'ConditionalCheckFailed' || reasonAt(err, 1) === 'ConditionalCheckFailed')
      throw await whyNot(ref.date, opts.counterId, opts.officerId);
    throw err;
  }
  return ticketView({ ...ticket, status: opts.outcome, ...ticketSets });
}
