import * as z from 'zod/mini';
import { getDossier } from '#adapters/dossier-repository.ts';
import { DossierId, UploadSlotsRequest } from '#contracts/dossier.ts';
import { DomainError } from '#domain/errors.ts';
import { httpHandler, json } from '#http/handler.ts';
import { issueUploadSlots } from '../../shared/services/upload-slots.ts';

/** POST /dossiers/{dossierId}/uploads — presigned POST slots for the documents of an online draft. */
export const handler = httpHandler(
  { path: z.object({ dossierId: DossierId }), body: UploadSlotsRequest },
  async ({ path, body }) => {
    const load = async () => {
      const found = await getDossier(path.dossierId);
      // Counter and postal drafts take their scans on the staff routes only: here they do not exist.
      if (found?.dossier.channel !== 'ONLINE') throw new DomainError('DOSSIER_NOT_FOUND', 'dossier.notFound');
      return found;
    };
    return json(201, { slots: await issueUploadSlots(load, body, 'DRAFT') });
  },
);
