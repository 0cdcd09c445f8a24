import * as z from 'zod/mini';
import { getProcedure } from '#adapters/catalogue-repository.ts';
import { ProcedureCode } from '#contracts/catalogue.ts';
import { DomainError } from '#domain/errors.ts';
import { message } from '#domain/messages.ts';
import { httpHandler, json } from '#http/handler.ts';

/** GET /procedures/{code} — the whole current definition: documents, deadline, fees, form fields. */
export const handler = httpHandler({ path: z.object({ code: ProcedureCode }) }, async ({ path }) => {
  const procedure = await getProcedure(path.code);
  if (!procedure)
    throw new DomainError('PROCEDURE_NOT_FOUND', message('procedure.notFound', { code: path.code }));
  return json(200, procedure, { 'cache-control': 'public, max-age=60' });
});
