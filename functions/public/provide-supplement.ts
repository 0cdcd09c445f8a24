import * as z from 'zod/mini';
import { now } from '#adapters/clock.ts';
import { DossierCode } from '#contracts/dossier.ts';
import { citizenDossierId } from '#http/citizen.ts';
import { httpHandler, json } from '#http/handler.ts';
import { provideSupplement } from '../../shared/services/dossier-workflow.ts';

/**
 * POST /lookup/{code}/supplement (header X-Lookup-Secret) — the citizen has completed the dossier;
 * the statutory clock restarts or resumes as the procedure's policy says.
 */
export const handler = httpHandler(
  { path: z.object({ code: DossierCode }) },
  async ({ path, headers, event }) => {
    const dossierId = await citizenDossierId(path.code, { headers, event });
    await provideSupplement(dossierId, now());
    return json(200, { code: path.code, status: 'ACCEPTED_FOR_PROCESSING' });
  },
);
