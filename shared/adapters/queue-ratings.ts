import { timingSafeEqual } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError, fieldError } from '../domain/errors.ts';
import { parseTicketId, type TicketStatus } from '../domain/queue.ts';
import { ratingRefusal } from '../domain/queue-rating.ts';
import { clients } from './clients.ts';
import { keys } from './keys.ts';
import { statsUpdate } from './queue-figures.ts';
import { get, getDesk, isContended, reasonAt, sha256, table } from './queue-items.ts';

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
  const refusal = ratingRefusal(
    {
      ticketId: opts.ticketId,
      status: ticket.status as TicketStatus,
      ...(typeof ticket.counterId === 'string' ? { counterId: ticket.counterId } : {}),
      rated: ticket.rated === true,
    },
    opts.counterId,
    desk?.lastServed,
    new Date(opts.at),
  );
  if (refusal === 'TICKET_ALREADY_RATED') throw new DomainError(refusal, 'rating.alreadyRated');
  if (refusal) throw new DomainError(refusal, 'rating.notJustServed');
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
