import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { config } from '../adapters/config.ts';
import { s3Client } from '../adapters/s3-client.ts';
import { staffNames } from '../adapters/staff-directory.ts';
import type { StaffPrincipal } from '../contracts/auth.ts';
import { webLinks } from '../contracts/web-routes.ts';
import { RESULT_MAX_MB } from '../domain/decisions/complete-step.ts';
import type { Decision, DossierContext } from '../domain/decisions/context.ts';
import { mb } from '../domain/documents.ts';
import type { DossierDocument } from '../domain/dossier.ts';
import { DomainError, fieldError } from '../domain/errors.ts';
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
 * Signing is I/O (S3, KMS), so it runs before the pure decision, as the executor's `prepare`; the
 * decision then carries the signed document (`withSignedResult`). A decision that fails or is
 * refused leaves an unreferenced object that the next attempt overwrites (same key), never a
 * half-recorded signature. What is not a PDF is not signed here: the decision refuses it.
 */
export async function prepareResultSignature(opts: {
  ctx: DossierContext;
  principal: StaffPrincipal;
  stepId: string;
  action: string;
  resultDocumentId?: string | undefined;
  stored?: { size: number; detectedType: string | undefined; sha256: string } | undefined;
}): Promise<VerifiedResult | undefined> {
  const { ctx, principal, stepId } = opts;
  const step = ctx.steps.find((s) => s.stepId === stepId);
  if (!step) return undefined;
  const isHead = principal.roles.includes('DEPARTMENT_HEAD');
  const final =
    opts.action === 'APPROVE'
      ? isHead && step.status === 'AWAITING_APPROVAL'
      : opts.action === 'COMPLETE' && (!ctx.policy.requiresApproval || isHead);
  if (!final) return undefined;
  if (opts.resultDocumentId) {
    const pending = ctx.documents.find(
      (d) => d.documentId === opts.resultDocumentId && d.kind === 'RESULT' && d.status === 'PENDING',
    );
    const s = opts.stored;
    if (!pending || !s || s.detectedType !== 'application/pdf' || s.size > mb(RESULT_MAX_MB))
      return undefined;
    return signDocument(ctx, step, principal, pending, {
      documentId: pending.documentId,
      sha256: s.sha256,
      size: s.size,
      contentType: 'application/pdf',
    });
  }
  const kept = ctx.documents
    .filter(
      (d) =>
        d.kind === 'RESULT' &&
        d.requirementId === `result-${stepId}` &&
        d.status === 'VERIFIED' &&
        !d.signature,
    )
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  if (!kept) return undefined;
  return signDocument(ctx, step, principal, kept, {
    documentId: kept.documentId,
    sha256: kept.sha256!,
    size: kept.size!,
    contentType: kept.contentType ?? 'application/pdf',
  });
}

/**
 * The decision with the signed result in its writes, when the decision completed the step (the
 * signature belongs to a final result only); otherwise the decision as it was.
 */
export function withSignedResult(decision: Decision, signed: VerifiedResult | undefined): Decision {
  const change = decision.change;
  if (!signed || !change?.events.some((e) => e.type === 'STEP_COMPLETED')) return decision;
  const others = (change.documents ?? []).filter((d) => d.documentId !== signed.documentId);
  return { ...decision, change: { ...change, documents: [...others, signed] } };
}

async function signDocument(
  ctx: DossierContext,
  step: { stepId: string; departmentId: string },
  principal: StaffPrincipal,
  doc: DossierDocument,
  base: VerifiedResult,
): Promise<VerifiedResult> {
  const { dossier, now } = ctx;
  const department = ctx.departments.get(step.departmentId);
  const departmentName = department?.name ?? step.departmentId;
  const signerName = (await staffNames([principal.id])).get(principal.id) ?? departmentName;
  const got = await s3Client().send(
    new GetObjectCommand({
      Bucket: config().DOCUMENTS_BUCKET,
      Key: doc.key,
      ...(doc.versionId ? { VersionId: doc.versionId } : {}),
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
    // A PDF whose structure the placeholder cannot extend (no cross-reference table it can read).
    throw new DomainError('RESULT_NOT_SIGNABLE', 'signing.resultNotSignable', [
      fieldError('resultDocumentId', 'not_signable', 'signing.resultNotSignableField'),
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
  return { ...base, sha256: sha256Hex(signed), size: signed.length, signed: facts };
}
