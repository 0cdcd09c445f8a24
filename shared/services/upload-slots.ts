import { getProcedureVersion } from '../adapters/catalogue-repository.ts';
import { now } from '../adapters/clock.ts';
import { presignUpload } from '../adapters/document-storage.ts';
import { type DossierAggregate, newEvent } from '../adapters/dossier-repository.ts';
import { addDocuments } from '../adapters/dossier-uploads.ts';
import { newDocumentId } from '../adapters/ids.ts';
import type { UploadSlot, UploadSlotsRequest } from '../contracts/dossier.ts';
import { mb } from '../domain/documents.ts';
import type { DossierDocument } from '../domain/dossier.ts';
import { DomainError, type FieldError, fieldError } from '../domain/errors.ts';
import type { Actor } from '../domain/lifecycle.ts';
import { message } from '../domain/messages.ts';
import { EXTRA_ITEM_ID, requirementsWithExtras } from '../domain/supplement-items.ts';
import { normalizeText } from '../domain/text.ts';

/** Uploads one dossier may request over its life (replacements and supplements included). */
export const MAX_UPLOADS_PER_DOSSIER = 60;

/** Tries of one slot request whose write met a change of the dossier (read again, checked again). */
const UPLOAD_SLOT_ATTEMPTS = 3;

/**
 * One presigned POST per document, limited to the requirement's accepted type and to the declared
 * size (itself at most the requirement's maximum) and pinned to one random key, for a
 * draft or for a dossier whose supplement request is open. Keys are random; the file name is kept
 * only as data.
 *
 * A citizen who chooses several files at once sends several requests at once: their writes commute
 * (conditional on the status and the count of uploads, not on the version). A write refused because
 * the dossier changed is tried again on a fresh read, which then gives the precise reason.
 */
export async function issueUploadSlots(
  load: () => Promise<DossierAggregate>,
  body: UploadSlotsRequest,
  expectStatus: 'DRAFT' | 'SUPPLEMENT_REQUESTED',
  /** Who asked: the citizen online, or the reception officer scanning a paper dossier. */
  actor: Actor = { kind: 'CITIZEN', id: 'citizen' },
): Promise<UploadSlot[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await issueOnce(await load(), body, expectStatus, actor);
    } catch (err) {
      const conflict = err instanceof DomainError && err.code === 'DOSSIER_CONFLICT';
      if (!conflict || attempt >= UPLOAD_SLOT_ATTEMPTS) throw err;
    }
  }
}

async function issueOnce(
  found: DossierAggregate,
  body: UploadSlotsRequest,
  expectStatus: 'DRAFT' | 'SUPPLEMENT_REQUESTED',
  actor: Actor,
): Promise<UploadSlot[]> {
  const { dossier, documents } = found;
  if (dossier.status !== expectStatus) {
    throw expectStatus === 'DRAFT'
      ? new DomainError('DOSSIER_NOT_DRAFT', 'dossier.submittedNoUpload')
      : new DomainError('DOSSIER_NOT_WAITING', 'dossier.noSupplementPending');
  }
  if (documents.length + body.documents.length > MAX_UPLOADS_PER_DOSSIER) {
    throw new DomainError(
      'TOO_MANY_UPLOADS',
      message('document.maxUploads', { max: MAX_UPLOADS_PER_DOSSIER }),
    );
  }
  const procedure = await getProcedureVersion(dossier.procedureCode, dossier.procedureVersion);
  if (!procedure)
    throw new Error(`procedure version missing: ${dossier.procedureCode} v${dossier.procedureVersion}`);

  // While a supplement request is pending, its free items have upload slots of their own.
  const requirements =
    expectStatus === 'SUPPLEMENT_REQUESTED'
      ? requirementsWithExtras(procedure.documents, dossier.notice)
      : procedure.documents;
  const errors: FieldError[] = [];
  body.documents.forEach((d, i) => {
    const req = requirements.find((r) => r.id === d.requirementId);
    const p = `documents.${i}`;
    if (!req) {
      errors.push(
        fieldError(`${p}.requirementId`, 'DOCUMENT_REQUIREMENT_UNKNOWN', 'document.requirementUnknown'),
      );
    } else if (!(req.acceptedTypes as readonly string[]).includes(d.contentType)) {
      errors.push(
        fieldError(
          `${p}.contentType`,
          'DOCUMENT_TYPE_NOT_ACCEPTED',
          message('document.onlyTypes', { types: req.acceptedTypes.join(', ') }),
        ),
      );
    } else if (d.size > mb(req.maxSizeMb)) {
      errors.push(
        fieldError(`${p}.size`, 'DOCUMENT_TOO_LARGE', message('document.maxMb', { max: req.maxSizeMb })),
      );
    }
  });
  if (errors.length) throw new DomainError('VALIDATION_FAILED', 'document.notMatching', errors);

  const createdAt = now().toISOString();
  const slots: UploadSlot[] = [];
  const newDocs: DossierDocument[] = [];
  for (const d of body.documents) {
    const req = requirements.find((r) => r.id === d.requirementId)!;
    const documentId = newDocumentId();
    const key = `dossiers/${dossier.id}/${documentId}`;
    // The form admits exactly what was declared (checked against the maximum above): S3 refuses
    // any other length, and the submission checks the stored size equals it.
    const maxBytes = d.size;
    const post = await presignUpload({ key, contentType: d.contentType, bytes: d.size });
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
      ...(EXTRA_ITEM_ID.test(req.id) ? { label: req.name } : {}),
    });
  }
  await addDocuments(
    dossier,
    newDocs,
    newEvent({
      type: 'UPLOAD_SLOTS_ISSUED',
      at: createdAt,
      actor,
      fromStatus: dossier.status,
      toStatus: dossier.status,
      data: { documentIds: newDocs.map((d) => d.documentId) },
    }),
    expectStatus,
    { maxUploads: MAX_UPLOADS_PER_DOSSIER, stored: documents.length },
  );
  return slots;
}
