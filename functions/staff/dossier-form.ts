import * as z from 'zod/mini';
import { dossierFormPdf } from '#adapters/form-storage.ts';
import { DossierId } from '#contracts/dossier.ts';
import { routeRoles } from '#contracts/routes.ts';
import { httpHandler } from '#http/handler.ts';
import { FORM_CODES } from '../../shared/forms/model.ts';
import { pdfResponse } from '../../shared/forms/pdf-response.ts';
import { loadVisibleDossier } from '../../shared/services/visible-dossier.ts';

/**
 * GET /staff/dossiers/{dossierId}/forms/{form} — the official forms 01–05 (Circular 01/2018) that
 * apply to the dossier's state: 01 once accepted, 02 with a supplement notice, 03 once refused,
 * 04 after an apology and new date, 05 once submitted; `FORM_NOT_AVAILABLE` otherwise.
 */
export const handler = httpHandler(
  { path: z.object({ dossierId: DossierId, form: z.enum(FORM_CODES) }), roles: routeRoles('DossierFormPdf') },
  async ({ path, principal }) => {
    const facts = await loadVisibleDossier(path.dossierId, principal);
    const pdf = await dossierFormPdf(facts, path.form);
    return pdfResponse(pdf.bytes, path.form, facts.dossier.code!);
  },
);
