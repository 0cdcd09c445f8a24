import * as z from 'zod/mini';
import { getDepartment } from '#adapters/catalogue-repository.ts';
import { now } from '#adapters/clock.ts';
import { callNext, finishTicket, openCounter, recall } from '#adapters/queue-counters.ts';
import type { LinkedDossier } from '#adapters/queue-items.ts';
import { findDossier } from '#adapters/queue-links.ts';
import { CounterActionRequest, CounterId } from '#contracts/queue.ts';
import { routeRoles } from '#contracts/routes.ts';
import { DomainError, fieldError } from '#domain/errors.ts';
import { parseCounterId, queueDate } from '#domain/queue.ts';
import { httpHandler, json } from '#http/handler.ts';

/**
 * POST /staff/queue/counters/{counterId}/actions — the reception officer at a counter: OPEN it for
 * the day, CALL_NEXT (the next ticket of the counter's department), RECALL the ticket being called,
 * mark it SERVED (optionally linking the dossier registered for it) or ABSENT.
 */
export const handler = httpHandler(
  {
    path: z.object({ counterId: CounterId }),
    body: CounterActionRequest,
    roles: routeRoles('CounterAction'),
  },
  async ({ path, body, principal }) => {
    const at = now();
    const iso = at.toISOString();
    const counterId = path.counterId;
    const departmentId = parseCounterId(counterId)!.departmentId;
    const officerId = principal.id;
    switch (body.action) {
      case 'OPEN': {
        if (!(await getDepartment(departmentId)))
          throw new DomainError('QUEUE_DEPARTMENT_UNKNOWN', 'queue.counterDepartmentUnknown', [
            fieldError('path.counterId', 'unknown', 'queue.counterDepartmentUnknownField'),
          ]);
        await openCounter({ date: queueDate(at), counterId, departmentId, officerId, at: iso });
        return json(200, { counterId, open: true, openedAt: iso });
      }
      case 'CALL_NEXT': {
        const ticket = await callNext({ date: queueDate(at), counterId, departmentId, officerId, at: iso });
        return json(200, ticket);
      }
      case 'RECALL':
        await recall({ counterId, ticketId: body.ticketId, officerId, at: iso });
        return json(200, { ticketId: body.ticketId, recalledAt: iso });
      case 'SERVED':
      case 'ABSENT': {
        let dossier: LinkedDossier | undefined;
        if (body.action === 'SERVED' && body.dossier) {
          dossier = await findDossier(body.dossier);
          if (!dossier)
            throw new DomainError('DOSSIER_NOT_FOUND', 'dossier.notFound', [
              fieldError('dossier', 'not_found', 'dossier.notFoundByCode'),
            ]);
        }
        const ticket = await finishTicket({
          outcome: body.action,
          counterId,
          ticketId: body.ticketId,
          officerId,
          at: iso,
          ...(dossier ? { dossier } : {}),
        });
        return json(200, ticket);
      }
    }
  },
);
