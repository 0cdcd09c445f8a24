import * as z from 'zod';
import { getDossier } from '#adapters/dossier-repository.ts';
import { dossierFormPdf } from '#adapters/form-storage.ts';
import { DossierCode } from '#contracts/dossier.ts';
import { DomainError } from '#domain/errors.ts';
import { citizenDossierId } from '#http/citizen.ts';
import { httpHandler } from '#http/handler.ts';
import { pdfResponse } from '../../shared/forms/pdf-response.ts';

/**
 * GET /lookup/{code}/receipt.pdf with header `X-Lookup-Secret` — form 01, the receipt with the
 * appointment date, once the centre has accepted the dossier (`FORM_NOT_AVAILABLE` before). An
 * unknown code and a wrong secret get the same 404 as the look-up.
 */
export const handler = httpHandler({ path: z.object({ code: DossierCode }) }, async ({ path, headers }) => {
  const dossierId = await citizenDossierId(path.code, headers);
  const facts = await getDossier(dossierId);
  if (!facts) throw new DomainError('DOSSIER_NOT_FOUND', 'Không tìm thấy hồ sơ với mã và mã tra cứu đã nhập');
  const pdf = await dossierFormPdf(facts, '01');
  return pdfResponse(pdf.bytes, '01', path.code);
});
