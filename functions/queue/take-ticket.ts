import { listDepartments } from '#adapters/catalogue-repository.ts';
import { now } from '#adapters/clock.ts';
import { config } from '#adapters/config.ts';
import { takeTicket } from '#adapters/queue-tickets.ts';
import { inRanges, sourceHash } from '#adapters/rate-limit.ts';
import { TakeTicketRequest } from '#contracts/queue.ts';
import { DomainError, fieldError } from '#domain/errors.ts';
import { queueDate, ticketPrefix } from '#domain/queue.ts';
import { clientAddress } from '#http/edge.ts';
import { httpHandler, json } from '#http/handler.ts';

/**
 * POST /queue/tickets — a citizen takes a number for a department at the kiosk or on their phone
 * (no login): `A-015`, numbered per department per Vietnamese day, with the people ahead and the
 * ticket's rating code (given only here). One client takes at most a few tickets a day, a kiosk
 * in the hall many more (shared/contracts/queue-limits.ts); over the limit the answer is 429.
 */
export const handler = httpHandler({ body: TakeTicketRequest }, async ({ body, event }) => {
  const at = now();
  const departments = await listDepartments();
  const prefix = ticketPrefix(
    departments.map((d) => d.id),
    body.departmentId,
  );
  if (!prefix)
    throw new DomainError('QUEUE_DEPARTMENT_UNKNOWN', 'department.none', [
      fieldError('departmentId', 'unknown', 'queue.departmentChoose'),
    ]);
  const cfg = config();
  const source = clientAddress(event);
  const kiosk = inRanges(source, cfg.QUEUE_KIOSK_SOURCES);
  const date = queueDate(at);
  const ticket = await takeTicket({
    date,
    departmentId: body.departmentId,
    prefix,
    at: at.toISOString(),
    client: {
      key: `${kiosk ? 'KIOSK' : 'CLIENT'}#${sourceHash(source)}`,
      limit: kiosk ? cfg.QUEUE_TICKETS_PER_KIOSK_PER_DAY : cfg.QUEUE_TICKETS_PER_CLIENT_PER_DAY,
      // The count goes a day after the Vietnamese day ends (TTL).
      expiresAt: Math.floor(Date.parse(`${date}T00:00:00+07:00`) / 1000) + 2 * 86_400,
    },
  });
  return json(201, ticket);
});
