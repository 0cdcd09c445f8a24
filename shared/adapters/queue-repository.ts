import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DisplayCounterView, TicketView } from '../contracts/queue.ts';
import { DomainError, fieldError } from '../domain/errors.ts';
import { message } from '../domain/messages.ts';
import {
  COUNTER_STAT_FIELDS,
  type CounterEvent,
  type CounterStats,
  counterStatsDelta,
  emptyCounterStats,
  formatRatingCode,
  formatTicketNumber,
  type LineState,
  MAX_TICKETS_PER_DAY,
  newRatingCode,
  nextToCall,
  parseTicketId,
  peopleAhead,
  secondsBetween,
  type TicketRef,
  type TicketStatus,
  ticketId,
} from '../domain/queue.ts';
import { clients } from './clients.ts';
import { config } from './config.ts';
import { keys } from './keys.ts';

/**
 * The counter queue in the main table (keys in keys.ts). One partition per day, `QUEUE#<date>`:
 *
 *   LINE#<dept>          issued, calledUpTo, prefix   the department's line: gap-free numbering
 *   DESK#<counter>       officer, current ticket, last served ticket   what the hall display shows
 *   TICKET#<dept>#<nnn>  status and times of one ticket
 *
 *   CLIENT#<hash> / KIOSK#<hash>   tickets one client (or kiosk) took that day: the daily limit
 *
 * plus `QSTATS#<month>` (each counter's figures of each day) and `QRATING#<month>` (ratings).
 * Every change is one transaction conditioned on the state it was decided from; the figures move
 * in the same transaction as the ticket (`ADD`), so they cannot drift from the tickets. No Scan:
 * the display and the kiosk are one Query each, everything else GetItem.
 */
const table = () => config().TABLE_NAME;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

function reasonAt(err: unknown, index: number): string | undefined {
  if (!(err instanceof TransactionCanceledException)) return undefined;
  return err.CancellationReasons?.[index]?.Code ?? undefined;
}

const isContended = (err: unknown) =>
  err instanceof TransactionCanceledException &&
  (err.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict');

/** Full-jitter backoff before re-reading a line another caller just moved. */
const backoff = (attempt: number) =>
  new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 5 * 2 ** Math.min(attempt, 6))));

async function get(key: Record<string, string>): Promise<Record<string, unknown> | undefined> {
  const res = await clients().doc.send(
    new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }),
  );
  return res.Item;
}

const lineOf = (item: Record<string, unknown> | undefined): LineState => ({
  issued: (item?.issued as number | undefined) ?? 0,
  calledUpTo: (item?.calledUpTo as number | undefined) ?? 0,
});

/** The `ADD` of one counter event to its counter's figures of the day (same transaction). */
function statsUpdate(date: string, counter: string, departmentId: string, event: CounterEvent): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {
    ':entity': 'CounterStats',
    ':date': date,
    ':counter': counter,
    ':dept': departmentId,
  };
  const adds = Object.entries(counterStatsDelta(event)).map(([f, by], i) => {
    names[`#a${i}`] = f;
    values[`:a${i}`] = by;
    return `#a${i} :a${i}`;
  });
  return {
    Update: {
      TableName: table(),
      Key: keys.queueCounterStats(date, counter),
      UpdateExpression: `SET entity = :entity, #d = :date, counterId = :counter, departmentId = :dept ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: { ...names, '#d': 'date' },
      ExpressionAttributeValues: values,
    },
  };
}

function ticketView(item: Record<string, unknown>, line?: LineState): TicketView {
  const status = item.status as TicketStatus;
  const n = item.n as number;
  return {
    ticketId: String(item.ticketId),
    number: String(item.number),
    departmentId: String(item.departmentId),
    status,
    takenAt: String(item.takenAt),
    ...(status === 'WAITING' && line ? { ahead: peopleAhead(n, line) } : {}),
    ...(typeof item.counterId === 'string' ? { counterId: item.counterId } : {}),
    ...(typeof item.calledAt === 'string' ? { calledAt: item.calledAt } : {}),
    ...(typeof item.servedAt === 'string' ? { servedAt: item.servedAt } : {}),
    ...(typeof item.waitSeconds === 'number' ? { waitSeconds: item.waitSeconds } : {}),
    ...(typeof item.serveSeconds === 'number' ? { serveSeconds: item.serveSeconds } : {}),
    ...(typeof item.dossierId === 'string' ? { dossierId: item.dossierId } : {}),
    ...(typeof item.dossierCode === 'string' ? { dossierCode: item.dossierCode } : {}),
    ...(item.rated === true ? { rated: true } : {}),
  };
}

/** The items of one kind (lines or desks) in a day's partition: one Query. */
async function dayItems(date: string, kind: 'LINE#' | 'DESK#'): Promise<Record<string, unknown>[]> {
  const res = await clients().doc.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :kind)',
      ExpressionAttributeValues: { ':pk': `QUEUE#${date}`, ':kind': kind },
    }),
  );
  return res.Items ?? [];
}

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

const sha256 = (s: string) => createHash('sha256').update(s).digest();

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

export interface Desk {
  counterId: string;
  departmentId: string;
  officerId: string;
  openedAt: string;
  callSeq: number;
  current?: {
    ticketId: string;
    number: string;
    status: TicketStatus;
    calledAt: string;
    recalls: number;
    /** The dossier registered for the ticket, once linked (shown on the counter page). */
    dossierId?: string;
    dossierCode?: string;
  };
  lastServed?: { ticketId: string; number: string; servedAt: string; rated: boolean };
}

function deskOf(d: Record<string, unknown> | undefined): Desk | undefined {
  if (!d) return undefined;
  return {
    counterId: String(d.counterId),
    departmentId: String(d.departmentId),
    officerId: String(d.officerId),
    openedAt: String(d.openedAt),
    callSeq: (d.callSeq as number | undefined) ?? 0,
    ...(typeof d.currentTicketId === 'string'
      ? {
          current: {
            ticketId: d.currentTicketId,
            number: String(d.currentNumber),
            status: d.currentStatus as TicketStatus,
            calledAt: String(d.calledAt),
            recalls: (d.recalls as number | undefined) ?? 0,
            ...(typeof d.currentDossierId === 'string' ? { dossierId: d.currentDossierId } : {}),
            ...(typeof d.currentDossierCode === 'string' ? { dossierCode: d.currentDossierCode } : {}),
          },
        }
      : {}),
    ...(typeof d.lastServedTicketId === 'string'
      ? {
          lastServed: {
            ticketId: d.lastServedTicketId,
            number: String(d.lastServedNumber),
            servedAt: String(d.lastServedAt),
            rated: d.lastServedRated === true,
          },
        }
      : {}),
  };
}

export async function getDesk(date: string, counter: string): Promise<Desk | undefined> {
  return deskOf(await get(keys.queueDesk(date, counter)));
}

/** A counter's state for its officer: the desk, its department's line and today's figures. */
export async function counterState(date: string, counter: string, departmentId: string) {
  const [desk, line, stats] = await Promise.all([
    get(keys.queueDesk(date, counter)),
    get(keys.queueLine(date, departmentId)),
    get(keys.queueCounterStats(date, counter)),
  ]);
  return { desk: deskOf(desk), line: lineOf(line), stats: statsOf(stats) };
}

function statsOf(item: Record<string, unknown> | undefined): CounterStats {
  const s = emptyCounterStats();
  for (const f of COUNTER_STAT_FIELDS) if (typeof item?.[f] === 'number') s[f] = item[f] as number;
  return s;
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
    if (!ticket) throw new Error(`ticket ${n} of ${departmentId} on ${date} is missing`);
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

export interface LinkedDossier {
  dossierId: string;
  code?: string;
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

/** Resolves a dossier code or id to the dossier (id and code only: no personal data is read). */
export async function findDossier(ref: string): Promise<LinkedDossier | undefined> {
  if (/^[0-9a-f]{8}-/.test(ref)) {
    const res = await clients().doc.send(
      new GetCommand({
        TableName: table(),
        Key: keys.dossier(ref),
        ProjectionExpression: 'id, code',
      }),
    );
    if (!res.Item) return undefined;
    return { dossierId: ref, ...(typeof res.Item.code === 'string' ? { code: res.Item.code } : {}) };
  }
  const res = await clients().doc.send(new GetCommand({ TableName: table(), Key: keys.dossierCode(ref) }));
  return res.Item ? { dossierId: String(res.Item.dossierId), code: ref } : undefined;
}

/**
 * Links a called or served ticket to the dossier registered for it, then shows the dossier on the
 * counter's desk while the ticket is still the desk's current one (so the counter page shows the
 * code without another read). The desk is a view: if the counter has moved on, it is left alone.
 */
export async function linkDossier(ticket: string, dossier: LinkedDossier): Promise<TicketView> {
  const view = await linkTicketItem(ticket, dossier);
  await deskShows(ticket, view, dossier);
  return view;
}

/**
 * After a submission that linked the ticket in its own transaction (see `ticketLinkWrite`): the
 * ticket as linked, and the desk showing the dossier while the ticket is still its current one.
 */
export async function showLinkedOnDesk(ticket: string, dossier: LinkedDossier): Promise<TicketView> {
  const ref = parseTicketId(ticket);
  const item = ref ? await get(keys.queueTicket(ref.date, ref.departmentId, ref.number)) : undefined;
  if (!item) throw new Error(`ticket ${ticket} vanished after it was linked`);
  const view = ticketView(item);
  await deskShows(ticket, view, dossier);
  return view;
}

async function deskShows(ticket: string, view: TicketView, dossier: LinkedDossier): Promise<void> {
  if (!view.counterId) return;
  const ref = parseTicketId(ticket)!;
  try {
    await clients().doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.queueDesk(ref.date, view.counterId),
        UpdateExpression: `SET currentDossierId = :d${dossier.code ? ', currentDossierCode = :code' : ''}`,
        ConditionExpression: 'currentTicketId = :t',
        ExpressionAttributeValues: {
          ':d': dossier.dossierId,
          ':t': ticket,
          ...(dossier.code ? { ':code': dossier.code } : {}),
        },
      }),
    );
  } catch (err) {
    if (!(err instanceof Error && err.name === 'ConditionalCheckFailedException')) throw err;
  }
}

/** The ticket item's link to a dossier, conditional on the ticket being called or served. */
function ticketLinkUpdate(ref: TicketRef, dossier: LinkedDossier) {
  return {
    TableName: table(),
    Key: keys.queueTicket(ref.date, ref.departmentId, ref.number),
    UpdateExpression: `SET dossierId = :d${dossier.code ? ', dossierCode = :code' : ''}`,
    ConditionExpression: 'attribute_exists(pk) AND #s IN (:called, :served)',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: {
      ':d': dossier.dossierId,
      ':called': 'CALLED',
      ':served': 'SERVED',
      ...(dossier.code ? { ':code': dossier.code } : {}),
    },
  };
}

/**
 * Why a ticket cannot take a dossier now, or undefined if it can (called or served). A ticket
 * that was called and then marked absent is no longer being served: its own code, so the counter
 * knows to call the citizen again rather than that the number was never called.
 */
export async function ticketLinkRefusal(ticket: string): Promise<DomainError | undefined> {
  const ref = parseTicketId(ticket);
  const item = ref ? await get(keys.queueTicket(ref.date, ref.departmentId, ref.number)) : undefined;
  if (!item)
    return new DomainError('TICKET_NOT_FOUND', 'ticket.notFound', [
      fieldError('ticketId', 'not_found', 'ticket.noSuch'),
    ]);
  const status = item.status as TicketStatus;
  if (status === 'CALLED' || status === 'SERVED') return undefined;
  if (status === 'WAITING')
    return new DomainError('TICKET_NOT_CALLED', 'ticket.linkServedOnly', [
      fieldError('ticketId', 'not_called', 'ticket.notCalledYet'),
    ]);
  return new DomainError('TICKET_NO_LONGER_SERVED', 'ticket.endedUnserved', [
    fieldError('ticketId', 'no_longer_served', 'ticket.noLongerServed'),
  ]);
}

/**
 * The ticket's link as an item of another transaction (the walk-in submission: the dossier and
 * its ticket commit together or not at all), with the refusal to give if its condition fails.
 */
export function ticketLinkWrite(
  ticket: string,
  dossier: LinkedDossier,
): { item: TransactItem; refusal: () => Promise<DomainError> } {
  const ref = parseTicketId(ticket);
  if (!ref) throw new DomainError('TICKET_NOT_FOUND', 'ticket.notFound');
  return {
    item: { Update: ticketLinkUpdate(ref, dossier) },
    refusal: async () =>
      (await ticketLinkRefusal(ticket)) ??
      // Served again by the time it is read: the condition failed on a state that has since moved.
      new DomainError('TICKET_NO_LONGER_SERVED', 'ticket.justChanged'),
  };
}

async function linkTicketItem(ticket: string, dossier: LinkedDossier): Promise<TicketView> {
  const ref = parseTicketId(ticket);
  if (!ref) throw new DomainError('TICKET_NOT_FOUND', 'ticket.notFound');
  try {
    const res = await clients().doc.send(
      new UpdateCommand({ ...ticketLinkUpdate(ref, dossier), ReturnValues: 'ALL_NEW' }),
    );
    return ticketView(res.Attributes ?? {});
  } catch (err) {
    if (err instanceof Error && err.name === 'ConditionalCheckFailedException') {
      if (!(await get(keys.queueTicket(ref.date, ref.departmentId, ref.number))))
        throw new DomainError('TICKET_NOT_FOUND', 'ticket.notFound');
      throw new DomainError('TICKET_NOT_CALLED', 'ticket.linkServedOnly');
    }
    throw err;
  }
}

/**
 * The citizen's rating at the counter, once per served ticket: the ticket (condition: served, not
 * yet rated), the desk (condition: still the ticket the tablet offers), a rating record linked to
 * the ticket and the dossier, and the counter's figures — all or nothing.
 */
export async function rateTicket(opts: {
  counterId: string;
  ticketId: string;
  /** The code printed on the ticket, normalised (`ABCDEFGH`). */
  ratingCode: string;
  scores: Record<string, number>;
  comment?: string;
  at: string;
  canRate: (desk: Desk | undefined) => boolean;
}): Promise<{ total: number; max: number }> {
  const ref = parseTicketId(opts.ticketId);
  if (!ref) throw new DomainError('TICKET_NOT_FOUND', 'ticket.notFound');
  const ticketKey = keys.queueTicket(ref.date, ref.departmentId, ref.number);
  const [desk, ticket] = await Promise.all([getDesk(ref.date, opts.counterId), get(ticketKey)]);
  if (!ticket) throw new DomainError('TICKET_NOT_FOUND', 'ticket.notFound');
  // Only the holder of the ticket rates it: the code, compared in constant time with its hash,
  // before anything about the ticket's state is told (a stranger learns nothing, not even
  // whether it was rated).
  const stored =
    typeof ticket.ratingCodeHash === 'string' ? Buffer.from(ticket.ratingCodeHash, 'hex') : undefined;
  const given = sha256(opts.ratingCode);
  if (!stored || stored.length !== given.length || !timingSafeEqual(stored, given))
    throw new DomainError('RATING_CODE_INVALID', 'rating.codeWrong', [
      fieldError('ratingCode', 'invalid', 'rating.codeHint'),
    ]);
  if (ticket.rated === true) throw new DomainError('TICKET_ALREADY_RATED', 'rating.alreadyRated');
  if (ticket.status !== 'SERVED' || ticket.counterId !== opts.counterId || !opts.canRate(desk))
    throw new DomainError('TICKET_NOT_RATEABLE', 'rating.notJustServed');
  const total = Object.values(opts.scores).reduce((n, v) => n + v, 0);
  const max = Object.keys(opts.scores).length * 2;
  const rating = { scores: opts.scores, ...(opts.comment ? { comment: opts.comment } : {}), at: opts.at };
  const link = {
    ...(typeof ticket.dossierId === 'string' ? { dossierId: ticket.dossierId } : {}),
    ...(typeof ticket.dossierCode === 'string' ? { dossierCode: ticket.dossierCode } : {}),
  };
  try {
    await clients().doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table(),
              Key: ticketKey,
              UpdateExpression: 'SET rating = :r, rated = :true',
              ConditionExpression:
                '#s = :served AND counterId = :c AND attribute_not_exists(rated) AND ratingCodeHash = :h',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: {
                ':r': rating,
                ':true': true,
                ':served': 'SERVED',
                ':c': opts.counterId,
                ':h': given.toString('hex'),
              },
            },
          },
          {
            Update: {
              TableName: table(),
              Key: keys.queueDesk(ref.date, opts.counterId),
              UpdateExpression: 'SET lastServedRated = :true',
              ConditionExpression: 'lastServedTicketId = :t',
              ExpressionAttributeValues: { ':true': true, ':t': opts.ticketId },
            },
          },
          {
            Put: {
              TableName: table(),
              Item: {
                ...keys.queueRating(opts.at, opts.ticketId),
                entity: 'CounterRating',
                ticketId: opts.ticketId,
                counterId: opts.counterId,
                departmentId: ref.departmentId,
                ...link,
                ...rating,
                total,
                max,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          statsUpdate(ref.date, opts.counterId, ref.departmentId, { type: 'RATED', points: total, max }),
        ],
      }),
    );
  } catch (err) {
    if (reasonAt(err, 0) === 'ConditionalCheckFailed' || reasonAt(err, 2) === 'ConditionalCheckFailed')
      throw new DomainError('TICKET_ALREADY_RATED', 'rating.alreadyRated');
    if (reasonAt(err, 1) === 'ConditionalCheckFailed')
      throw new DomainError('TICKET_NOT_RATEABLE', 'counter.servedAnother');
    if (isContended(err)) throw new DomainError('TICKET_ALREADY_RATED', 'rating.beingRated');
    throw err;
  }
  return { total, max };
}

export interface CounterDayRow extends CounterStats {
  date: string;
  counterId: string;
  departmentId: string;
}

/** Every counter's figures of every day of a month: one Query (paged past 1 MB). */
export async function counterStatsOfMonth(month: string): Promise<CounterDayRow[]> {
  const rows: CounterDayRow[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await clients().doc.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `QSTATS#${month}` },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const i of res.Items ?? [])
      rows.push({
        ...statsOf(i),
        date: String(i.date),
        counterId: String(i.counterId),
        departmentId: String(i.departmentId),
      });
    start = res.LastEvaluatedKey;
  } while (start);
  return rows;
}
