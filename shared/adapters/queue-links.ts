import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TicketView } from '../contracts/queue.ts';
import { DomainError, fieldError } from '../domain/errors.ts';
import { parseTicketId, type TicketRef, type TicketStatus } from '../domain/queue.ts';
import { clients } from './clients.ts';
import { keys } from './keys.ts';
import { get, type LinkedDossier, type TransactItem, table, ticketView } from './queue-items.ts';

/**
 * A ticket linked to the dossier registered for it at the counter: found by code or id, written on
 * the ticket (in the registration's own transaction when it registers the dossier) and shown on
 * the desk.
 */

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
