import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { getProcedureVersion } from '#adapters/catalogue-repository.ts';
import { now } from '#adapters/clock.ts';
import { presignUpload } from '#adapters/document-storage.ts';
import { addDocuments, getDossier, newEvent } from '#adapters/dossier-repository.ts';
import { DossierId, type UploadSlot, UploadSlotsRequest } from '#contracts/dossier.ts';
import { mb } from '#domain/documents.ts';
import type { DossierDocument } from '#domain/dossier.ts';
import { DomainError, type FieldError } from '#domain/errors.ts';
import { normalizeText } from '#domain/text.ts';
import { httpHandler, json } from '#http/handler.ts';

/** Uploads one draft may request over its life (replacements included). */
export const MAX_UPLOADS_PER_DOSSIER = 60;

/**
 * POST /dossiers/{dossierId}/uploads — one presigned POST per document, limited to the
 * requirement's accepted type and size. Keys are random; the file name is kept only as data.
 */
export const handler = httpHandler(
  { path: z.object({ dossierId: DossierId }), body: UploadSlotsRequest },
  async ({ path, body }) => {
    const found = await getDossier(path.dossierId);
    if (!found) throw new DomainError('DOSSIER_NOT_FOUND', 'Không tìm thấy hồ sơ');
    const { dossier, documents } = found;
    if (dossier.status !== 'DRAFT')
      throw new DomainError('DOSSIER_NOT_DRAFT', 'Hồ sơ đã nộp, không thể tải thêm tệp');
    if (documents.length + body.documents.length > MAX_UPLOADS_PER_DOSSIER) {
      throw new DomainError(
        'TOO_MANY_UPLOADS',
        `Tối đa ${MAX_UPLOADS_PER_DOSSIER} lượt tải lên cho một hồ sơ`,
      );
    }
    const procedure = await getProcedureVersion(dossier.procedureCode, dossier.procedureVersion);
    if (!procedure)
      throw new Error(`procedure version missing: ${dossier.procedureCode} v${dossier.procedureVersion}`);

    const errors: FieldError[] = [];
    body.documents.forEach((d, i) => {
      const req = procedure.documents.find((r) => r.id === d.requirementId);
      const p = `documents.${i}`;
      if (!req)
        errors.push({
          path: `${p}.requirementId`,
          code: 'DOCUMENT_REQUIREMENT_UNKNOWN',
          message: 'Không có thành phần hồ sơ này',
        });
      else if (!(req.acceptedTypes as readonly string[]).includes(d.contentType)) {
        errors.push({
          path: `${p}.contentType`,
          code: 'DOCUMENT_TYPE_NOT_ACCEPTED',
          message: `Chỉ nhận: ${req.acceptedTypes.join(', ')}`,
        });
      } else if (d.size > mb(req.maxSizeMb)) {
        errors.push({ path: `${p}.size`, code: 'DOCUMENT_TOO_LARGE', message: `Tối đa ${req.maxSizeMb} MB` });
      }
    });
    if (errors.length) throw new DomainError('VALIDATION_FAILED', 'Có tệp không phù hợp với yêu cầu', errors);

    const createdAt = now().toISOString();
    const slots: UploadSlot[] = [];
    const newDocs: DossierDocument[] = [];
    for (const d of body.documents) {
      const req = procedure.documents.find((r) => r.id === d.requirementId)!;
      const documentId = randomUUID();
      const key = `dossiers/${dossier.id}/${documentId}`;
      const maxBytes = mb(req.maxSizeMb);
      const post = await presignUpload({ key, contentType: d.contentType, maxBytes });
      slots.push({
        documentId,
        requirementId: req.id,
        url: post.url,
        fields: post.fields,
        maxBytes,
        expiresAt: post.expiresAt,
      });
      newDocs.push({
        documentId,
        requirementId: req.id,
        key,
        fileName: normalizeText(d.fileName),
        declaredType: d.contentType,
        declaredSize: d.size,
        createdAt,
        status: 'PENDING',
      });
    }
    await addDocuments(
      dossier,
      newDocs,
      newEvent({
        type: 'UPLOAD_SLOTS_ISSUED',
        at: createdAt,
        actor: { kind: 'CITIZEN', id: 'citizen' },
        fromStatus: 'DRAFT',
        toStatus: 'DRAFT',
        data: { documentIds: newDocs.map((d) => d.documentId) },
      }),
    );
    return json(201, { slots });
  },
);
