import { GetObjectCommand } from '@aws-sdk/client-s3';
import * as z from 'zod/mini';
import { config } from '#adapters/config.ts';
import { s3Client } from '#adapters/s3-client.ts';
import { DossierCode } from '#contracts/dossier.ts';
import type { VerificationReport } from '#contracts/verification.ts';
import { onlineResult } from '#domain/citizen-view.ts';
import { citizenDossier } from '#http/citizen.ts';
import { httpHandler, json } from '#http/handler.ts';
import { verifyPdf } from '#signing/verification.ts';

/**
 * GET /lookup/{code}/result/verification with header `X-Lookup-Secret` — the same check as
 * POST /verify, on the result stored for the dossier (the one the citizen downloads): who signed
 * it, when, and whether the signature verifies now. 409 `RESULT_NOT_AVAILABLE` before the result
 * is returned online; an unknown code and a wrong secret get the look-up's one 404.
 */
export const handler = httpHandler(
  { path: z.object({ code: DossierCode }) },
  async ({ path, headers, event }) => {
    const found = await citizenDossier(path.code, { headers, event });
    const doc = onlineResult(found);
    const got = await s3Client().send(
      new GetObjectCommand({
        Bucket: config().DOCUMENTS_BUCKET,
        Key: doc.key,
        ...(doc.versionId ? { VersionId: doc.versionId } : {}),
      }),
    );
    const report: VerificationReport = await verifyPdf(Buffer.from(await got.Body!.transformToByteArray()));
    return json(200, report);
  },
);
