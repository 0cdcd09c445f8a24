import * as z from 'zod/mini';
import { now } from '#adapters/clock.ts';
import { DossierCode } from '#contracts/dossier.ts';
import { citizenDossierId } from '#http/citizen.ts';
import { httpHandler, json } from '#http/handler.ts';
import { withdraw } from '../../shared/services/dossier-workflow.ts';

/** POST /lookup/{code}/withdraw (header X-Lookup-Secret) — the applicant withdraws the dossier. */
export const handler = httpHandler(
  { path: z.object({ code: DossierCode }) },
  async ({ path, headers, event }) => {
    const dossierId = await citizenDossierId(path.code, { headers, event });
    await withdraw(dossierId, now());
    return json(200, { code: path.code, status: 'WITHDRAWN' });
  },
);
