import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getDepartment } from '../adapters/catalogue-repository.ts';
import { config } from '../adapters/config.ts';
import { s3Client } from '../adapters/s3-client.ts';
import { staffNames } from '../adapters/staff-directory.ts';
import type { StaffPrincipal } from '../contracts/auth.ts';
import { webLinks } from '../contracts/web-routes.ts';
import type { Dossier, DossierDocument } from '../domain/dossier.ts';
import { DomainError } from '../domain/errors.ts';
import { type SignedResultFacts, sha256Hex, type VerifiedResult } from './issued.ts';
import { ownerSigner } from './owner-signer.ts';
import { signPdfPades } from './pades.ts';

/**
 * Signs a department's result when it becomes final: the head approves it, or the officer completes
 * the step where no approval is needed (Decree 45/2020 art. 24: the electronic result carries the
 * competent agency's digital signature). The signed file is a new object beside the upload; the
 * document then points at it and its SHA-256 is the one on record, so the citizen downloads the
 * signed file and anyone can check a copy against the record (shared/signing/verification.ts).
 *
 * Runs before the decision's transaction: a decision that then fails leaves an unreferenced object
 * that the next attempt overwrites (same key), never a half-recorded signature.
 *
 * `verified`: the result this decision verified (an upload with this decision). Without it, the
 * step's result verified earlier (the head approves what the officer sent, or the officer keeps a
 * result sent back for rework). Returns the documents the decision writes: none without a result.
 */
export async function signStepResult(opts: {
  dossier: Dossier;
  documents: readonly DossierDocument[];
  step: { stepId: string; departmentId: string };
  principal: StaffPrincipal;
  now: Date;
  verified?: VerifiedResult | undefined;
}): Promise<VerifiedResult[]> {
  const { dossier, step, now } = opts;
  const doc = opts.verified
    ? opts.documents.find((d) => d.documentId === opts.verified!.documentId)
    : opts.documents
        .filter(
          (d) =>
            d.kind === 'RESULT' &&
            d.requirementId === `result-${step.stepId}` &&
            d.status === 'VERIFIED' &&
            !d.signature,
        )
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  if (!doc) return opts.verified ? [opts.verified] : [];
  const base: VerifiedResult = opts.verified ?? {
    documentId: doc.documentId,
    sha256: doc.sha256!,
    size: doc.size!,
    contentType: doc.contentType ?? 'application/pdf',
  };
  const [department, names] = await Promise.all([
    getDepartment(step.departmentId),
    staffNames([opts.principal.id]),
  ]);
  const departmentName = department?.name ?? step.departmentId;
  const signerName = names.get(opts.principal.id) ?? departmentName;
  const got = await s3Client().send(
    new GetObjectCommand({
      Bucket: config().DOCUMENTS_BUCKET,
      Key: doc.key,
      ...(doc.versionId && !opts.verified ? { VersionId: doc.versionId } : {}),
    }),
  );
  const original = await got.Body!.transformToByteArray();
  let signed: Buffer;
  try {
    signed = await signPdfPades(original, await ownerSigner(step.departmentId), {
      signerName,
      reason: `Kết quả giải quyết hồ sơ ${dossier.code ?? dossier.id} — ${departmentName}`,
      location: departmentName,
      contactInfo: webLinks.verify(config().PUBLIC_WEB_URL),
      signingTime: now,
    });
  } catch (err) {
    if (err instanceof DomainError) throw err;
    // A PDF whose structure the placeholder cannot extend (no cross-reference table we can read).
    throw new DomainError('RESULT_NOT_SIGNABLE', 'Không ký số được tệp kết quả này: hãy xuất lại tệp PDF', [
      { path: 'resultDocumentId', code: 'not_signable', message: 'Tệp PDF không ký số được' },
    ]);
  }
  const key = `${doc.key}.signed.pdf`;
  const put = await s3Client().send(
    new PutObjectCommand({
      Bucket: config().DOCUMENTS_BUCKET,
      Key: key,
      Body: signed,
      ContentType: 'application/pdf',
    }),
  );
  const facts: SignedResultFacts = {
    key,
    ...(put.VersionId ? { versionId: put.VersionId } : {}),
    unsignedSha256: base.sha256,
    signerName,
    departmentId: step.departmentId,
    departmentName,
    signedAt: now.toISOString(),
    code: dossier.code ?? '',
    procedureName: dossier.procedureName,
  };
  return [{ ...base, sha256: sha256Hex(signed), size: signed.length, signed: facts }];
}
