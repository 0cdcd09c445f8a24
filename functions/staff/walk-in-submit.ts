import * as z from 'zod';
import { DossierId } from '#contracts/dossier.ts';
import { routeRoles } from '#contracts/routes.ts';
import { httpHandler, json } from '#http/handler.ts';
import { submitWalkIn } from '../../shared/services/walk-in.ts';

/** POST /staff/walk-in/dossiers/{dossierId}/submit — verify the scans, assign the code, start the workflow. */
export const handler = httpHandler(
  { path: z.object({ dossierId: DossierId }), idempotencyKey: true, roles: routeRoles('WalkInSubmit') },
  async ({ path, principal, idempotencyKey, context }) =>
    json(201, await submitWalkIn(path.dossierId, principal, idempotencyKey, context)),
);
