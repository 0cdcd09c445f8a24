import * as z from 'zod/mini';
import { now } from '#adapters/clock.ts';
import { HandBackRequest } from '#contracts/actions.ts';
import { DossierId } from '#contracts/dossier.ts';
import { routeRoles } from '#contracts/routes.ts';
import { httpHandler, json } from '#http/handler.ts';
import { handBack } from '../../shared/services/dossier-workflow.ts';

/**
 * POST /staff/dossiers/{dossierId}/hand-back — the result is handed back (trả kết quả), with who
 * collected it, or — sent by post — the postal service's tracking number.
 */
export const handler = httpHandler(
  { path: z.object({ dossierId: DossierId }), body: HandBackRequest, roles: routeRoles('HandBack') },
  async ({ path, body, principal }) => {
    const result = await handBack(
      path.dossierId,
      body.version,
      principal,
      now(),
      body.collector,
      body.trackingNumber,
    );
    return json(200, { dossierId: path.dossierId, ...result });
  },
);
