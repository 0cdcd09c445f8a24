import * as z from 'zod/mini';
import { findDossier, linkDossier } from '#adapters/queue-links.ts';
import { LinkDossierRequest, TicketId } from '#contracts/queue.ts';
import { routeRoles } from '#contracts/routes.ts';
import { DomainError, fieldError } from '#domain/errors.ts';
import { httpHandler, json } from '#http/handler.ts';

/**
 * POST /staff/queue/tickets/{ticketId}/dossier — links a called or served ticket to the dossier
 * registered for it (by code or id), so the counter's rating and figures reach that dossier.
 */
export const handler = httpHandler(
  {
    path: z.object({ ticketId: TicketId }),
    body: LinkDossierRequest,
    roles: routeRoles('LinkTicketDossier'),
  },
  async ({ path, body }) => {
    const dossier = await findDossier(body.dossier);
    if (!dossier)
      throw new DomainError('DOSSIER_NOT_FOUND', 'dossier.notFound', [
        fieldError('dossier', 'not_found', 'dossier.notFoundByCode'),
      ]);
    return json(200, await linkDossier(path.ticketId, dossier));
  },
);
