import { z } from 'zod';
import { getProcedureVersion } from '#adapters/catalogue-repository.ts';
import { inspectObject } from '#adapters/document-storage.ts';
import { getDossier, submitDossier } from '#adapters/dossier-repository.ts';
import { type IdempotentInput, idempotentOperation } from '#adapters/idempotency.ts';
import { DossierId, type SubmitDossierResponse } from '#contracts/dossier.ts';
import { checkDossierDocuments, mb, type UploadedDocument } from '#domain/documents.ts';
import { DomainError } from '#domain/errors.ts';
import { formatLookupSecret, hashLookupSecret, newLookupSecret } from '#domain/lookup-secret.ts';
import { httpHandler, json } from '#http/handler.ts';

/**
 * POST /dossiers/{dossierId}/submit — the finalize step. Every document is read back from storage
 * and checked (size, type by magic bytes, SHA-256 recorded) because S3-compatible servers need not
 * enforce the POST policy; then the dossier gets its code and lookup secret in one transaction.
 * If anything is missing or wrong, nothing changes and every problem is listed at once.
 */
const submitOnce = idempotentOperation(
  'SubmitDossier',
  async ({ payload }: IdempotentInput<{ dossierId: string }, undefined>): Promise<SubmitDossierResponse> => {
    const found = await getDossier(payload.dossierId);
    if (!found) throw new DomainError('DOSSIER_NOT_FOUND', 'Không tìm thấy hồ sơ');
    const { dossier, documents } = found;
    if (dossier.status !== 'DRAFT') throw new DomainError('DOSSIER_NOT_DRAFT', 'Hồ sơ đã được nộp');
    const procedure = await getProcedureVersion(dossier.procedureCode, dossier.procedureVersion);
    if (!procedure)
      throw new Error(`procedure version missing: ${dossier.procedureCode} v${dossier.procedureVersion}`);

    const inspected: UploadedDocument[] = await Promise.all(
      documents.map(async (d) => {
        const req = procedure.documents.find((r) => r.id === d.requirementId);
        const stored = await inspectObject(d.key, mb(req?.maxSizeMb ?? 1));
        return {
          documentId: d.documentId,
          requirementId: d.requirementId,
          declaredType: d.declaredType,
          createdAt: d.createdAt,
          ...(stored ? { stored } : {}),
        };
      }),
    );
    const { current, problems } = checkDossierDocuments(procedure.documents, inspected);
    if (problems.length) {
      throw new DomainError('DOCUMENTS_INVALID', 'Thành phần hồ sơ còn thiếu hoặc chưa hợp lệ', problems);
    }

    const secret = newLookupSecret();
    const submittedAt = new Date();
    const verified = current.map((d) => ({
      documentId: d.documentId,
      requirementId: d.requirementId,
      sha256: d.stored!.sha256,
      size: d.stored!.size,
      contentType: d.stored!.detectedType!,
    }));
    const { code } = await submitDossier({
      dossier,
      submittedAt,
      secretHash: hashLookupSecret(secret),
      documents: verified,
      event: {
        eventId: crypto.randomUUID(),
        type: 'SUBMITTED',
        at: submittedAt.toISOString(),
        actor: { kind: 'CITIZEN', id: 'citizen' },
        data: { documents: verified.length },
      },
    });
    return {
      dossierId: dossier.id,
      code,
      lookupSecret: formatLookupSecret(secret),
      status: 'SUBMITTED',
      submittedAt: submittedAt.toISOString(),
      documents: verified,
    };
  },
);

export const handler = httpHandler(
  { path: z.object({ dossierId: DossierId }), idempotencyKey: true },
  async ({ path, idempotencyKey, context }) => {
    const result = await submitOnce(
      { idempotencyKey, scope: path.dossierId, payload: { dossierId: path.dossierId }, derived: undefined },
      context,
    );
    return json(201, result);
  },
);
