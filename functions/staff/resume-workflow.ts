import * as z from 'zod/mini';
import { now } from '#adapters/clock.ts';
import { ResumeWorkflowRequest } from '#contracts/actions.ts';
import { DossierId } from '#contracts/dossier.ts';
import { routeRoles } from '#contracts/routes.ts';
import { httpHandler, json } from '#http/handler.ts';
import { resumeFlaggedWorkflow } from '../../shared/services/resume-workflows.ts';

/**
 * POST /staff/dossiers/{dossierId}/workflow/resume — the centre lifts a workflow failure it has
 * dealt with (what was done, in the dossier's history) and the workflow carries on.
 */
export const handler = httpHandler(
  {
    path: z.object({ dossierId: DossierId }),
    body: ResumeWorkflowRequest,
    roles: routeRoles('ResumeWorkflow'),
  },
  async ({ path, body, principal }) => {
    const result = await resumeFlaggedWorkflow(path.dossierId, body, principal, now());
    return json(200, { dossierId: path.dossierId, version: result.version });
  },
);
