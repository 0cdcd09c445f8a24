import * as z from 'zod/mini';
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
    return json(201, { slots: await issueUploadSlots(found, body, 'SUPPLEMENT_REQUESTED') });
  },
);
