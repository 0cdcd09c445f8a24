import * as z from 'zod/mini';
import { now } from '#adapters/clock.ts';
import { IntakeDecisionRequest } from '#contracts/actions.ts';
import { DossierId } from '#contracts/dossier.ts';
import { routeRoles } from '#contracts/routes.ts';
import { httpHandler, json } from '#http/handler.ts';
import { decideFeeExemption, decideIntake } from '../../shared/services/dossier-workflow.ts';

/**
 * POST /staff/dossiers/{dossierId}/intake — the centre accepts, asks for a supplement, or refuses;
 * before accepting, it confirms or refuses each fee exemption the citizen claimed.
 */
export const handler = httpHandler(
  {
    path: z.object({ dossierId: DossierId }),
    body: IntakeDecisionRequest,
    roles: routeRoles('IntakeDecision'),
  },
  async ({ path, body, principal }) => {
    if (body.decision === 'CONFIRM_EXEMPTION' || body.decision === 'REFUSE_EXEMPTION') {
      const result = await decideFeeExemption(path.dossierId, body, principal, now());
      return json(200, { dossierId: path.dossierId, ...result });
    }
    const { version, ...decision } = body;
    const result = await decideIntake(path.dossierId, version, decision, principal, now());
    return json(200, { dossierId: path.dossierId, ...result });
  },
);
