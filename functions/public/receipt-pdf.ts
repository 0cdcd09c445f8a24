import { z } from 'zod';
import { DossierCode } from '#contracts/dossier.ts';
import { DomainError } from '#domain/errors.ts';
import { httpHandler } from '#http/handler.ts';

/** GET /lookup/{code}/receipt.pdf (header X-Lookup-Secret) — form 01, the receipt (being built). */
export const handler = httpHandler({ path: z.object({ code: DossierCode }) }, async () => {
  throw new DomainError('DOSSIER_NOT_FOUND', 'Chưa có phiếu tiếp nhận');
});
