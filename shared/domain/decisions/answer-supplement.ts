import { documentProblems } from '../documents.ts';
import { DomainError, type FieldError } from '../errors.ts';
import { requirementsWithExtras } from '../supplement-items.ts';
import { resumeStepAfterSupplement, windowEnd } from '../workflow.ts';
import type { StoredFacts } from './complete-step.ts';
import {
  after,
  CITIZEN,
  type Decision,
  type DossierContext,
  event,
  laterAppointment,
  staffNotice,
  stepState,
  type VerifiedDocument,
  withoutToken,
  workflowState,
} from './context.ts';

/** The uploads pending on the dossier, newest first (the order their checks are made in). */
export function pendingUploads(ctx: DossierContext) {
  return ctx.documents
    .filter((doc) => doc.status === 'PENDING')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.documentId.localeCompare(a.documentId));
}

/**
 * Documents uploaded to answer a supplement request, checked like at submission (size, type by
 * magic bytes, SHA-256) from what storage holds; all problems are listed at once and nothing is
 * written. Newest first: the newest upload that reached storage counts for its requirement; older
 * ones were replaced (as at submission).
 */
function verifiedUploads(ctx: DossierContext, stored: ReadonlyMap<string, StoredFacts | undefined>) {
  const verified: VerifiedDocument[] = [];
  const problems: FieldError[] = [];
  const decided = new Set<string>();
  const requirements = requirementsWithExtras(ctx.procedure.documents, ctx.dossier.notice);
  for (const doc of pendingUploads(ctx)) {
    const req = requirements.find((r) => r.id === doc.requirementId);
    if (!req || decided.has(req.id)) continue;
    const facts = stored.get(doc.documentId);
    if (!facts) continue; // a slot that was never used
    decided.add(req.id);
    const p = documentProblems(req, {
      documentId: doc.documentId,
      requirementId: doc.requirementId,
      declaredType: doc.declaredType,
      declaredSize: doc.declaredSize,
      createdAt: doc.createdAt,
      stored: facts,
    });
    if (p.length) problems.push(...p);
    else
      verified.push({
        documentId: doc.documentId,
        sha256: facts.sha256,
        size: facts.size,
        contentType: facts.detectedType!,
      });
  }
  if (problems.length) throw new DomainError('DOCUMENTS_INVALID', 'document.supplementInvalid', problems);
  return verified;
}

const notWaiting = () => new DomainError('DOSSIER_NOT_WAITING', 'dossier.noSupplementPending');

/**
 * The citizen answers a supplement request with the missing documents. At intake the complete
 * dossier counts as received now and intake starts again; from a department, its step's clock
 * restarts or resumes (Decree 61/2018 art. 19(4)) and the appointment moves if the new due date is
 * later. Whoever asked hears of the answer.
 */
export function answerSupplement(
  ctx: DossierContext,
  stored: ReadonlyMap<string, StoredFacts | undefined>,
): Decision {
  const { dossier: d, now } = ctx;
  if (d.status !== 'SUPPLEMENT_REQUESTED') throw notWaiting();
  const documents = verifiedUploads(ctx, stored);
  if (d.wf?.phase === 'INTAKE_SUPPLEMENT') {
    const token = d.wf.token ?? null;
    const intakeDueAt = windowEnd(now, ctx.policy.intakeWithin, ctx.cal).toISOString();
    const wf = { phase: 'INTAKE' as const, intakeDueAt };
    return {
      change: {
        checkVersion: true,
        expectStatus: ['SUPPLEMENT_REQUESTED'],
        expectToken: token,
        set: { status: 'SUBMITTED', wf, receivedAt: now.toISOString() },
        documents,
        events: [
          event('SUPPLEMENT_PROVIDED', now, CITIZEN, d.status, 'SUBMITTED', { documents: documents.length }),
        ],
        messages: [staffNotice(ctx, 'SUPPLEMENT_PROVIDED', undefined)],
      },
      answers: token ? [{ token, output: workflowState(after(ctx, { status: 'SUBMITTED', wf })) }] : [],
    };
  }
  const step = ctx.steps.find((s) => s.status === 'WAITING_CITIZEN');
  if (!step) throw notWaiting();
  const token = step.token ?? null;
  const resumed = withoutToken(resumeStepAfterSupplement(step, now, ctx.cal, ctx.policy));
  return {
    change: {
      checkVersion: true,
      expectStatus: ['SUPPLEMENT_REQUESTED'],
      set: { status: 'IN_PROGRESS', appointment: laterAppointment(ctx, resumed.dueDate!) },
      steps: [{ step: resumed, expectStatus: ['WAITING_CITIZEN'], expectToken: token }],
      documents,
      events: [
        event('SUPPLEMENT_PROVIDED', now, CITIZEN, d.status, 'IN_PROGRESS', {
          documents: documents.length,
          stepId: step.stepId,
          clock: ctx.policy.supplementClock,
          dueDate: resumed.dueDate,
        }),
      ],
      messages: [staffNotice(ctx, 'SUPPLEMENT_PROVIDED', resumed)],
    },
    answers: token ? [{ token, output: stepState(after(ctx, { status: 'IN_PROGRESS' }), resumed) }] : [],
  };
}
