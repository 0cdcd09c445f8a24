import { inspectObject } from '../adapters/document-storage.ts';
import { stagePaid } from '../adapters/payment-store.ts';
import { staffNames } from '../adapters/staff-directory.ts';
import type { Collector } from '../contracts/actions.ts';
import type { StaffPrincipal } from '../contracts/auth.ts';
import { actorOf, assertCanSee } from '../domain/access.ts';
import { answerSupplement, pendingUploads } from '../domain/decisions/answer-supplement.ts';
import { pendingResult, RESULT_MAX_MB, type StoredFacts } from '../domain/decisions/complete-step.ts';
import type { DossierContext } from '../domain/decisions/context.ts';
import { decideExemption, type ExemptionDecision } from '../domain/decisions/fee-exemption.ts';
import { assertMayActOnStep } from '../domain/decisions/guards.ts';
import { handBackResult } from '../domain/decisions/hand-back.ts';
import { type IntakeDecision, decideIntake as intakeDecision } from '../domain/decisions/intake-decision.ts';
import {
  type StepDecision,
  type StepFacts,
  decideStep as stepDecision,
} from '../domain/decisions/step-decision.ts';
import { withdrawDossier } from '../domain/decisions/withdraw.ts';
import { mb } from '../domain/documents.ts';
import { DomainError } from '../domain/errors.ts';
import { feesDue, paymentRequired } from '../domain/fees.ts';
import { requirementsWithExtras } from '../domain/supplement-items.ts';
import type { VerifiedResult } from '../signing/issued.ts';
import { prepareResultSignature, withSignedResult } from '../signing/result-signing.ts';
import { execute } from './workflow-executor.ts';

/**
 * The actions of staff and citizens that answer the workflow's waits. Each is one decision
 * (shared/domain/decisions/) run by the executor: load, authorize, decide, commit, deliver, answer.
 */

/** Reception accepts the dossier, asks for a supplement, or refuses it. */
export function decideIntake(
  dossierId: string,
  version: number,
  input: IntakeDecision,
  principal: StaffPrincipal,
  now: Date,
) {
  return execute(dossierId, now, {
    version,
    authorize: (ctx) => assertCanSee(principal, ctx.dossier, ctx.steps),
    decide: (ctx) => intakeDecision(ctx, principal, input),
  });
}

/** The reception officer confirms or refuses a claimed exemption, at intake. */
export function decideFeeExemption(
  dossierId: string,
  input: ExemptionDecision,
  principal: StaffPrincipal,
  now: Date,
) {
  return execute<string | undefined>(dossierId, now, {
    authorize: (ctx) => assertCanSee(principal, ctx.dossier, ctx.steps),
    prepare: async () => (await staffNames([principal.id])).get(principal.id),
    decide: (ctx, name) => decideExemption(ctx, principal, input, name),
  });
}

/** A department completes its step, asks for a supplement, apologises with a new date, or refuses. */
export function decideStep(
  dossierId: string,
  stepId: string,
  version: number,
  input: StepDecision,
  principal: StaffPrincipal,
  now: Date,
) {
  return execute<StepFacts & { signed?: VerifiedResult | undefined }>(dossierId, now, {
    version,
    authorize: (ctx) => assertMayActOnStep(principal, ctx, stepId),
    prepare: async (ctx) => {
      if (input.action === 'RETURN_FOR_REWORK')
        return { actorName: (await staffNames([principal.id])).get(principal.id) };
      const doc = input.action === 'COMPLETE' && input.resultDocumentId;
      const pending = doc ? pendingResult(ctx, stepId, doc) : undefined;
      const stored = pending ? { stored: await inspectObject(pending.key, mb(RESULT_MAX_MB)) } : {};
      // A result that becomes final is signed by its department (shared/signing/result-signing.ts).
      const signed = await prepareResultSignature({ ctx, principal, stepId, ...input, ...stored });
      return { ...stored, signed };
    },
    decide: (ctx, facts) =>
      withSignedResult(stepDecision(ctx, principal, stepId, input, facts), facts.signed),
  });
}

/** The centre hands the result back, recording who collected it (or the post's tracking number). */
export function handBack(
  dossierId: string,
  version: number,
  principal: StaffPrincipal,
  now: Date,
  collector?: Collector,
  trackingNumber?: string,
) {
  return execute(dossierId, now, {
    version,
    authorize: (ctx) => assertCanSee(principal, ctx.dossier, ctx.steps),
    prepare: (ctx) => requirePaidBeforeResult(ctx),
    decide: (ctx) => handBackResult(ctx, actorOf(principal), { collector, trackingNumber }),
  });
}

/**
 * The before-result rule at the counter and for the post (docs/payments.md): where the procedure
 * collects its fees online, the result is handed over once its BEFORE_RESULT fees are paid — a
 * refused exemption's fee among them. 402 FEE_NOT_PAID otherwise; the citizen pays on the look-up page.
 */
async function requirePaidBeforeResult(ctx: DossierContext): Promise<undefined> {
  const d = ctx.dossier;
  const due = feesDue(ctx.procedure, d.channel, d.feeExemptions);
  if (!paymentRequired(due, 'BEFORE_RESULT') || (await stagePaid(d.id, 'BEFORE_RESULT'))) return undefined;
  throw new DomainError('FEE_NOT_PAID', 'fees.unpaidAtHandBack', [], {
    stage: 'BEFORE_RESULT',
    amountVnd: due.totals.BEFORE_RESULT,
  });
}

/** What storage holds of the uploads pending on the dossier (the supplement's documents). */
async function storedUploads(ctx: DossierContext): Promise<Map<string, StoredFacts | undefined>> {
  const out = new Map<string, StoredFacts | undefined>();
  if (ctx.dossier.status !== 'SUPPLEMENT_REQUESTED') return out;
  const found = new Set<string>();
  // Newest first, as the decision reads them: the newest upload that reached storage counts.
  for (const doc of pendingUploads(ctx)) {
    const req = requirementsWithExtras(ctx.procedure.documents, ctx.dossier.notice).find(
      (r) => r.id === doc.requirementId,
    );
    if (!req || found.has(req.id)) continue;
    const stored = await inspectObject(doc.key, mb(req.maxSizeMb));
    out.set(doc.documentId, stored);
    if (stored) found.add(req.id);
  }
  return out;
}

/** The citizen answers a supplement request (at intake or from a department). */
export function provideSupplement(dossierId: string, now: Date) {
  return execute(dossierId, now, { prepare: storedUploads, decide: answerSupplement });
}

/** The applicant withdraws the dossier: every wait ends. */
export function withdraw(dossierId: string, now: Date) {
  return execute(dossierId, now, { decide: withdrawDossier });
}
