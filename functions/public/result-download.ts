import * as z from 'zod/mini';
import { nowMs } from '#adapters/clock.ts';
import { presignAttachment, RESULT_LINK_SECONDS } from '#adapters/document-storage.ts';
import { DossierCode, type ResultDownload } from '#contracts/dossier.ts';
import { onlineResult } from '#domain/citizen-view.ts';
import { citizenDossier } from '#http/citizen.ts';
import { httpHandler, json } from '#http/handler.ts';
import { requireFeesPaid } from '../../shared/services/payments.ts';

/**
 * GET /lookup/{code}/result with header `X-Lookup-Secret` — the result of a dossier returned online:
 * a link valid for two minutes that downloads the result PDF as an attachment, with its verified
 * content type forced. Before the result is returned online (or for a result collected at the
 * centre or sent by post) the answer is 409 `RESULT_NOT_AVAILABLE`. An unknown code and a wrong
 * secret get the same 404 as the look-up and count towards the same rate limit.
 */
export const handler = httpHandler(
  { path: z.object({ code: DossierCode }) },
  async ({ path, headers, event }) => {
    const found = await citizenDossier(path.code, { headers, event });
    const doc = onlineResult(found);
    await requireFeesPaid(found.dossier, 'BEFORE_RESULT');
    const fileName = `ket-qua-${path.code}.pdf`;
    const url = await presignAttachment({
      key: doc.key,
      fileName,
      contentType: doc.contentType ?? 'application/pdf',
      versionId: doc.versionId,
    });
    const body: ResultDownload = {
      url,
      expiresAt: new Date(nowMs() + RESULT_LINK_SECONDS * 1000).toISOString(),
      fileName,
    };
    return json(200, body);
  },
);
