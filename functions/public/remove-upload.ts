import * as z from 'zod/mini';
import { now } from '#adapters/clock.ts';
import { getDossier, newEvent } from '#adapters/dossier-repository.ts';
import { removeDocument } from '#adapters/dossier-uploads.ts';
import { DocumentId, DossierId, type RemoveUploadResponse } from '#contracts/dossier.ts';
import { DomainError } from '#domain/errors.ts';
import { httpHandler, json } from '#http/handler.ts';

/**
 * DELETE /dossiers/{dossierId}/uploads/{documentId} — the applicant takes a file off their online
 * draft (the "Xoá tệp" button of the form). The draft's id is the caller's hold on it, as for the
 * upload slots and the submission. The document is marked removed, never counted by the submission,
 * and its event kept; removing it again answers the same.
 */
export const handler = httpHandler(
  { path: z.object({ dossierId: DossierId, documentId: DocumentId }) },
  async ({ path }) => {
    const found = await getDossier(path.dossierId);
    // Counter and postal drafts are edited on the staff routes only: here they do not exist.
    if (found?.dossier.channel !== 'ONLINE') throw new DomainError('DOSSIER_NOT_FOUND', 'dossier.notFound');
    // Only the applicant's own uploads of this draft (never a department's result document).
    const doc = found.documents.find((d) => d.documentId === path.documentId && d.kind !== 'RESULT');
    if (!doc) throw new DomainError('DOCUMENT_NOT_FOUND', 'document.notFound');
    const answer: RemoveUploadResponse = {
      documentId: doc.documentId,
      requirementId: doc.requirementId,
      status: 'REMOVED',
    };
    if (doc.status === 'REMOVED') return json(200, answer);
    if (found.dossier.status !== 'DRAFT') {
      throw new DomainError('DOSSIER_NOT_DRAFT', 'dossier.submittedNoRemove');
    }
    const at = now().toISOString();
    await removeDocument(
      found.dossier,
      doc.documentId,
      at,
      newEvent({
        type: 'UPLOAD_REMOVED',
        at,
        actor: { kind: 'CITIZEN', id: 'citizen' },
        fromStatus: 'DRAFT',
        toStatus: 'DRAFT',
        data: { documentIds: [doc.documentId] },
      }),
    );
    return json(200, answer);
  },
);
