import * as z from 'zod/mini';
import { now } from '#adapters/clock.ts';
import { StepDecisionRequest } from '#contracts/actions.ts';
import { DossierId } from '#contracts/dossier.ts';
import { routeRoles } from '#contracts/routes.ts';
import { httpHandler, json } from '#http/handler.ts';
import { decideStep } from '../../shared/services/dossier-workflow.ts';

/**
 * POST /staff/dossiers/{dossierId}/steps/{stepId}/decision — a department completes its step,
 * asks for a supplement, extends the date once with an apology, or refuses.
 */
export const handler = httpHandler(
  {
    path: z.object({ dossierId: DossierId, stepId: z.string().check(z.regex(/^S\d{2}$/)) }),
    body: StepDecisionRequest,
    roles: routeRoles('StepDecision'),
  },
  async ({ path, body, principal }) => {
    const { version, ...decision } = body;
    const result = await decideStep(path.dossierId, path.stepId, version, decision, principal, now());
    return json(200, { dossierId: path.dossierId, stepId: path.stepId, ...result });
  },
);
