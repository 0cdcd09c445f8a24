import * as z from 'zod/mini';
import { dossierFormPdf } from '#adapters/form-storage.ts';
import { DossierCode } from '#contracts/dossier.ts';
import { citizenDossier } from '#http/citizen.ts';
import { httpHandler } from '#http/handler.ts';
import { pdfResponse } from '../../shared/forms/pdf-response.ts';

/**
 * GET /lookup/{code}/receipt.pdf with header `X-Lookup-Secret` — form 01, the receipt with the
 * appointment date, once the centre has accepted the dossier (`FORM_NOT_AVAILABLE` before). An
 * unknown code and a wrong secret get the same 404 as the look-up, and count towards the same rate
 * limit (shared/http/citizen.ts).
 */
export const handler = httpHandler(
  { path: z.object({ code: DossierCode }) },
  async ({ path, headers, event }) => {
    const facts = await citizenDossier(path.code, { headers, event });
    const pdf = await dossierFormPdf(facts, '01');
    return pdfResponse(pdf.bytes, '01', path.code);
  },
);
