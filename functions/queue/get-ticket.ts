import * as z from 'zod/mini';
import { getTicket } from '#adapters/queue-tickets.ts';
import { TicketId } from '#contracts/queue.ts';
import { DomainError } from '#domain/errors.ts';
import { httpHandler, json } from '#http/handler.ts';

/** GET /queue/tickets/{ticketId} — the citizen's ticket: status, people ahead, the counter once called. */
export const handler = httpHandler({ path: z.object({ ticketId: TicketId }) }, async ({ path }) => {
  const ticket = await getTicket(path.ticketId);
  if (!ticket) throw new DomainError('TICKET_NOT_FOUND', 'ticket.notFound');
  return json(200, ticket);
});
