import * as z from 'zod/mini';
import { now } from '#adapters/clock.ts';
import { type DossierAggregate, getDossier, newEvent } from '#adapters/dossier-repository.ts';
import { submitDossier, type VerifiedDocument } from '#adapters/dossier-submission.ts';
import { type IdempotentInput, idempotentOperation } from '#adapters/idempotency.ts';
import { logger } from '#adapters/logger.ts';
import { startDossierWorkflow } from '#adapters/workflow-client.ts';
import { DossierId, type SubmitDossierResponse } from '#contracts/dossier.ts';
import type { Dossier } from '#domain/dossier.ts';
import { DomainError } from '#domain/errors.ts';
import {
  formatLookupSecret,
  hashLookupSecret,
  hashSubmitKey,
  newLookupSecret,
  sealLookupSecret,
  unsealLookupSecret,
} from '#domain/lookup-secret.ts';
import { httpHandler, json } from '#http/handler.ts';
import { requireFeesPaid } from '../../shared/services/payments.ts';
import { verifyDocuments } from '../../shared/services/verify-documents.ts';

/**
 * POST /dossiers/{dossierId}/submit — the finalize step. Every document is read back from storage
 * and checked (size, type by magic bytes, SHA-256 recorded) because S3-compatible servers need not
 * enforce the POST policy; then the dossier gets its code and lookup secret in one transaction,
 * conditional on the version that was checked. Anything missing or wrong is refused, all problems
 * listed at once, before anything is written.
 */
interface Checked {
  dossier: Dossier;
  documents: VerifiedDocument[];
}

const submitOnce = idempotentOperation(
  'SubmitDossier',
  async ({
    derived,
    idempotencyKey,
  }: IdempotentInput<{ dossierId: string }, Checked>): Promise<SubmitDossierResponse> => {
    const secret = newLookupSecret();
    const submittedAt = now();
    const { code } = await submitDossier({
      dossier: derived.dossier,
      submittedAt,
      secretHash: hashLookupSecret(secret),
      replay: {
        sealedSecret: sealLookupSecret(secret, derived.dossier.id, idempotencyKey),
        submitKeyHash: hashSubmitKey(idempotencyKey),
      },
      documents: derived.documents,
      event: newEvent({
        type: 'SUBMITTED',
        at: submittedAt.toISOString(),
        actor: { kind: 'CITIZEN', id: 'citizen' },
        toStatus: 'SUBMITTED',
        data: {
          documents: derived.documents.length,
          // The fee exemptions claimed with it, for the reception officer to decide.
          ...(derived.dossier.feeExemptions?.length
            ? {
                feeExemptionsClaimed: derived.dossier.feeExemptions.map((r) => ({
                  fee: r.fee,
                  exemption: r.exemption,
                })),
              }
            : {}),
        },
      }),
    });
    // The dossier is safely submitted; its workflow starts now. Should that fail, the dossier is
    // listed as active and is started by the resume routine (a restart, or an operator).
    await startDossierWorkflow(derived.dossier.id).catch((error: Error) =>
      logger.error('could not start the dossier workflow', { error }),
    );
    return {
      dossierId: derived.dossier.id,
      code,
      lookupSecret: formatLookupSecret(secret),
      status: 'SUBMITTED',
      submittedAt: submittedAt.toISOString(),
      documents: derived.documents.map(({ versionId: _v, ...d }) => d),
    };
  },
);

/**
 * The first answer again, rebuilt from the dossier, for the key that submitted it when the
 * idempotency record no longer has it (the submission committed but its answer was lost, e.g. the
 * function timed out before the record was completed). Any other key gets undefined.
 */
function rebuiltAnswer(found: DossierAggregate, idempotencyKey: string): SubmitDossierResponse | undefined {
  const d = found.dossier;
  if (!d.code || !d.submittedAt || !d.sealedSecret || d.submitKeyHash !== hashSubmitKey(idempotencyKey)) {
    return undefined;
  }
  return {
    dossierId: d.id,
    code: d.code,
    lookupSecret: formatLookupSecret(unsealLookupSecret(d.sealedSecret, d.id, idempotencyKey)),
    status: 'SUBMITTED',
    submittedAt: d.submittedAt,
    documents: found.documents
      .filter((doc) => doc.status === 'VERIFIED' && doc.sha256 && doc.size !== undefined && doc.contentType)
      .map((doc) => ({
        documentId: doc.documentId,
        requirementId: doc.requirementId,
        sha256: doc.sha256!,
        size: doc.size!,
        contentType: doc.contentType!,
      })),
  };
}

async function checkDocuments(dossierId: string): Promise<Checked | { notDraft: DossierAggregate }> {
  const found = await getDossier(dossierId);
  // A counter or postal dossier is submitted by the reception officer on the staff routes (their
  // audit trail, the postal receipt time): to the public route it does not exist.
  if (found?.dossier.channel !== 'ONLINE') throw new DomainError('DOSSIER_NOT_FOUND', 'dossier.notFound');
  if (found.dossier.status !== 'DRAFT') return { notDraft: found };
  await requireFeesPaid(found.dossier, 'AT_SUBMISSION');
  return { dossier: found.dossier, documents: await verifyDocuments(found) };
}

export const handler = httpHandler(
  { path: z.object({ dossierId: DossierId }), idempotencyKey: true },
  async ({ path, idempotencyKey, context }) => {
    const input = { idempotencyKey, scope: path.dossierId, payload: { dossierId: path.dossierId } };
    const checked = await checkDocuments(path.dossierId);
    if ('notDraft' in checked) {
      // Already submitted: a retry with the key that submitted it gets the same answer (with the
      // secret) — from the idempotency record, or rebuilt from the dossier if that record was
      // lost; any other key is refused. Either way nothing is written.
      const replay =
        (await submitOnce.replay({ ...input, derived: undefined as unknown as Checked })) ??
        rebuiltAnswer(checked.notDraft, idempotencyKey);
      if (!replay) throw new DomainError('DOSSIER_NOT_DRAFT', 'dossier.submitted');
      return json(201, replay);
    }
    // A retry of a completed submission is answered by Powertools from the stored record (its
    // conditional put fails and the record is read): no separate read first.
    return json(201, await submitOnce.run({ ...input, derived: checked }, context));
  },
);
