import { z } from 'zod';
import { DossierId } from '#contracts/dossier.ts';
import { DomainError } from '#domain/errors.ts';
import { staffActor } from '#http/auth.ts';
import { httpHandler } from '#http/handler.ts';

/** GET /staff/dossiers/{dossierId}/forms/{form}.pdf — official forms 01–05 (being built). */
export const handler = httpHandler(
  { path: z.object({ dossierId: DossierId, form: z.enum(['01', '02', '03', '04', '05']) }) },
  async ({ event }) => {
    staffActor(event);
    throw new DomainError('DOSSIER_NOT_FOUND', 'Chưa có biểu mẫu');
  },
);
