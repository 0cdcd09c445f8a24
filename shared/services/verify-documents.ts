import { getProcedureVersion } from '../adapters/catalogue-repository.ts';
import { inspectObject } from '../adapters/document-storage.ts';
import type { DossierAggregate } from '../adapters/dossier-repository.ts';
import type { VerifiedDocument } from '../adapters/dossier-submission.ts';
import type { Procedure } from '../contracts/catalogue.ts';
import { checkDossierDocuments, mb, type UploadedDocument } from '../domain/documents.ts';
import type { Dossier } from '../domain/dossier.ts';
import { DomainError } from '../domain/errors.ts';

/** The procedure version the dossier was created under; its absence is a fault, not a refusal. */
export async function procedureOf(d: Dossier): Promise<Procedure> {
  const procedure = await getProcedureVersion(d.procedureCode, d.procedureVersion);
  if (!procedure) throw new Error(`procedure version missing: ${d.procedureCode} v${d.procedureVersion}`);
  return procedure;
}

/**
 * Every document of a draft read back from storage and checked against its procedure version
 * (size, type by magic bytes, SHA-256 recorded), because S3-compatible servers need not enforce the
 * POST policy. The same check for an online submission and a counter or postal one, so departments
 * cannot tell the channels apart. All problems are refused at once (DOCUMENTS_INVALID).
 */
export async function verifyDocuments(
  found: Pick<DossierAggregate, 'dossier' | 'documents'>,
): Promise<VerifiedDocument[]> {
  const procedure = await procedureOf(found.dossier);
  const inspected: UploadedDocument[] = await Promise.all(
    // A document the applicant removed from the draft is not theirs to count any more.
    found.documents
      .filter((doc) => doc.status !== 'REMOVED')
      .map(async (doc) => {
        const req = procedure.documents.find((r) => r.id === doc.requirementId);
        const stored = await inspectObject(doc.key, mb(req?.maxSizeMb ?? 1));
        return {
          documentId: doc.documentId,
          requirementId: doc.requirementId,
          declaredType: doc.declaredType,
          declaredSize: doc.declaredSize,
          createdAt: doc.createdAt,
          ...(stored ? { stored } : {}),
        };
      }),
  );
  const { current, problems } = checkDossierDocuments(procedure.documents, inspected);
  if (problems.length) {
    throw new DomainError('DOCUMENTS_INVALID', 'document.dossierInvalid', problems);
  }
  return current.map((doc) => ({
    documentId: doc.documentId,
    requirementId: doc.requirementId,
    sha256: doc.stored!.sha256,
    size: doc.stored!.size,
    contentType: doc.stored!.detectedType!,
    ...(doc.stored!.versionId ? { versionId: doc.stored!.versionId } : {}),
  }));
}
