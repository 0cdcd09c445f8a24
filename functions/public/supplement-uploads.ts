import * as z from 'zod/mini';
import { getDossier } from '#adapters/dossier-repository.ts';
import { DossierCode, UploadSlotsRequest } from '#contracts/dossier.ts';
import { citizenDossier } from '#http/citizen.ts';
import { httpHandler, json } from '#http/handler.ts';
import { issueUploadSlots } from '../../shared/services/upload-slots.ts';

/**
 * POST /lookup/{code}/uploads (header X-Lookup-Secret) — presigned POST slots for the documents a
 * supplement request asks for; they are verified when the citizen sends the supplement.
 */
export const handler = httpHandler(
  { path: z.object({ code: DossierCode }), body: UploadSlotsRequest },
  async ({ path, body, headers, event }) => {
    const found = await citizenDossier(path.code, { headers, event });
    // The secret is checked once; a retry after another upload's write reads the dossier again.
    let reads = 0;
    const load = async () => (reads++ === 0 ? found : ((await getDossier(found.dossier.id)) ?? found));
    return json(201, { slots: await issueUploadSlots(load, body, 'SUPPLEMENT_REQUESTED') });
  },
);
