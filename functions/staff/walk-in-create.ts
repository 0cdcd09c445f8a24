import { routeRoles } from '#contracts/routes.ts';
import { CreateWalkInRequest } from '#contracts/walk-in.ts';
import { httpHandler, json } from '#http/handler.ts';
import { createWalkInDossier } from '../../shared/services/walk-in.ts';

/** POST /staff/walk-in/dossiers — a reception officer registers a counter or postal dossier (draft). */
export const handler = httpHandler(
  { body: CreateWalkInRequest, idempotencyKey: true, roles: routeRoles('WalkInCreate') },
  async ({ body, principal, idempotencyKey, context }) => {
    const result = await createWalkInDossier(body, principal, idempotencyKey, context);
    return json(201, result, { location: `/staff/dossiers/${result.dossierId}` });
  },
);
