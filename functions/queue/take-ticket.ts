import { listDepartments } from '#adapters/catalogue-repository.ts';
import { now } from '#adapters/clock.ts';
import { takeTicket } from '#adapters/queue-repository.ts';
import { TakeTicketRequest } from '#contracts/queue.ts';
import { DomainError } from '#domain/errors.ts';
import { queueDate, ticketPrefix } from '#domain/queue.ts';
import { httpHandler, json } from '#http/handler.ts';

/**
 * POST /queue/tickets — a citizen takes a number for a department at the kiosk or on their phone
 * (no login): `A-015`, numbered per department per Vietnamese day, with the people ahead.
 */
export const handler = httpHandler({ body: TakeTicketRequest }, async ({ body }) => {
  const at = now();
  const departments = await listDepartments();
  const prefix = ticketPrefix(
    departments.map((d) => d.id),
    body.departmentId,
  );
  if (!prefix)
    throw new DomainError('QUEUE_DEPARTMENT_UNKNOWN', 'Không có cơ quan này', [
      { path: 'departmentId', code: 'unknown', message: 'Chọn một cơ quan trong danh sách' },
    ]);
  const ticket = await takeTicket({
    date: queueDate(at),
    departmentId: body.departmentId,
    prefix,
    at: at.toISOString(),
  });
  return json(201, ticket);
});
