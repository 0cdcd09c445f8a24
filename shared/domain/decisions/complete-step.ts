import { documentProblems, type UploadedDocument } from '../documents.ts';
import { DomainError, fieldError } from '../errors.ts';
import type { Actor } from '../lifecycle.ts';
import { completeStep, type DossierStep, returnForRework, submitForApproval } from '../workflow.ts';
import {
  type Decision,
  type DossierContext,
  event,
  notify,
  stepState,
  type VerifiedDocument,
  withoutToken,
} from './context.ts';
import { stepWrite } from './guards.ts';

/** What storage says of an uploaded file (absent: nothing was uploaded under its key). */
export type StoredFacts = NonNullable<UploadedDocument['stored']>;

/** The limit of a department's result file. */
export const RESULT_MAX_MB = 20;

/**
 * Where the procedure's result is a document, a step of the last stage (the one whose completion
 * makes the result ready) completes only with its result file: uploaded with this decision, or
 * already verified (a result the head sent back for rework and the officer keeps).
 */
export function resultRequired(ctx: DossierContext, step: DossierStep): boolean {
  if (ctx.procedure.resultIsDocument === false) return false;
  return step.stage === Math.max(...ctx.steps.map((s) => s.stage));
}

function assertResultGiven(
  ctx: DossierContext,
  step: DossierStep,
  resultDocumentId: string | undefined,
): void {
  if (resultDocumentId || !resultRequired(ctx, step)) return;
  const kept = ctx.documents.some(
    (x) => x.kind === 'RESULT' && x.requirementId === `result-${step.stepId}` && x.status === 'VERIFIED',
  );
  if (kept) return;
  throw new DomainError('RESULT_DOCUMENT_REQUIRED', 'document.resultRequired', [
    fieldError('resultDocumentId', 'required', 'document.resultMissing'),
  ]);
}

/** The pending result upload a decision names, if it is one of this step's. */
export function pendingResult(ctx: DossierContext, stepId: string, documentId: string) {
  const doc = ctx.documents.find(
    (x) => x.documentId === documentId && x.kind === 'RESULT' && x.requirementId === `result-${stepId}`,
  );
  return doc?.status === 'PENDING' ? doc : undefined;
}

/** The department's result document, checked as stored: a real PDF within the size limit. */
function verifiedResult(
  ctx: DossierContext,
  stepId: string,
  documentId: string,
  stored: StoredFacts | undefined,
): VerifiedDocument {
  const doc = pendingResult(ctx, stepId, documentId);
  if (!doc) {
    throw new DomainError('VALIDATION_FAILED', 'document.resultUnknown', [
      fieldError('resultDocumentId', 'unknown', 'document.resultUnknown'),
    ]);
  }
  const problems = stored
    ? documentProblems(
        {
          id: `result-${stepId}`,
          name: 'Kết quả',
          originals: 1,
          copies: 0,
          uploadMandatory: true,
          acceptedTypes: ['application/pdf'],
          maxSizeMb: RESULT_MAX_MB,
        },
        {
          documentId,
          requirementId: doc.requirementId,
          declaredType: 'application/pdf',
          declaredSize: doc.declaredSize,
          createdAt: doc.createdAt,
          stored,
        },
      )
    : [fieldError('resultDocumentId', 'DOCUMENT_MISSING', 'document.resultNotUploaded')];
  if (problems.length) throw new DomainError('DOCUMENTS_INVALID', 'document.resultInvalid', problems);
  return { documentId, sha256: stored!.sha256, size: stored!.size, contentType: 'application/pdf' };
}

export interface CompleteInput {
  resultDocumentId?: string | undefined;
  /** The result file as storage holds it (read by the executor before deciding). */
  stored?: StoredFacts | undefined;
  /** The decider is the department's head (no approval of their own result needed). */
  isHead: boolean;
}

/**
 * The department completes its step with the result (where the procedure's result is a document,
 * the file). Where the procedure requires approval, an officer's result goes to the head first:
 * the wait stays parked (its token kept) and the clock keeps running.
 */
export function completeStepDecision(
  ctx: DossierContext,
  actor: Actor,
  stepId: string,
  input: CompleteInput,
): Decision {
  const { dossier: d, now } = ctx;
  const step = ctx.steps.find((s) => s.stepId === stepId)!;
  const token = step.token ?? null;
  const forApproval = ctx.policy.requiresApproval && !input.isHead;
  if (forApproval && step.status !== 'WAITING_DEPARTMENT')
    throw new DomainError('STEP_NOT_WAITING', 'step.notOpen');
  assertResultGiven(ctx, step, input.resultDocumentId);
  // (The order of the checks is the order of the answers: the step's state, then the file.)
  const done = forApproval ? undefined : withoutToken(completeStep(step, now));
  const result = input.resultDocumentId
    ? verifiedResult(ctx, stepId, input.resultDocumentId, input.stored)
    : undefined;
  const documents = result ? { documents: [result] } : {};
  if (!done) {
    return {
      change: {
        checkVersion: true,
        ...documents,
        steps: [stepWrite(submitForApproval(step, now), token)],
        events: [event('STEP_SUBMITTED_FOR_APPROVAL', now, actor, d.status, d.status, { stepId })],
        messages: [
          notify(
            ctx,
            'APPROVAL_REQUEST',
            [],
            { departmentId: step.departmentId, date: step.dueDate! },
            { unit: step.departmentId, roles: ['DEPARTMENT_HEAD'], email: true },
          ),
        ],
      },
    };
  }
  return {
    change: {
      checkVersion: true,
      ...documents,
      steps: [stepWrite(done, token)],
      events: [
        event('STEP_COMPLETED', now, actor, d.status, d.status, {
          stepId,
          departmentId: step.departmentId,
          classification: done.classification,
        }),
      ],
    },
    answers: token ? [{ token, output: stepState(ctx, done) }] : [],
  };
}

function assertAwaitingApproval(step: DossierStep, isHead: boolean): void {
  if (!isHead) throw new DomainError('FORBIDDEN', 'step.headApprovesOnly');
  if (step.status !== 'AWAITING_APPROVAL') {
    throw new DomainError('STEP_NOT_WAITING', 'step.notAwaitingApproval');
  }
}

/** The head approves the officer's result: the step is done. */
export function approveStep(ctx: DossierContext, actor: Actor, stepId: string, isHead: boolean): Decision {
  const { dossier: d, now } = ctx;
  const step = ctx.steps.find((s) => s.stepId === stepId)!;
  assertAwaitingApproval(step, isHead);
  const token = step.token ?? null;
  const done = withoutToken(completeStep(step, now));
  return {
    change: {
      checkVersion: true,
      steps: [stepWrite(done, token, 'AWAITING_APPROVAL')],
      events: [
        event('STEP_COMPLETED', now, actor, d.status, d.status, {
          stepId,
          departmentId: step.departmentId,
          classification: done.classification,
          approved: true,
        }),
      ],
    },
    answers: token ? [{ token, output: stepState(ctx, done) }] : [],
  };
}

export interface ReworkInput {
  reasons: string[];
  isHead: boolean;
  /** The head's name, for the officer's message. */
  headName?: string | undefined;
}

/** The head sends the result back to the officer; the wait stays parked and the clock keeps running. */
export function returnStepForRework(
  ctx: DossierContext,
  actor: Actor,
  stepId: string,
  input: ReworkInput,
): Decision {
  const { dossier: d, now } = ctx;
  const step = ctx.steps.find((s) => s.stepId === stepId)!;
  assertAwaitingApproval(step, input.isHead);
  return {
    change: {
      checkVersion: true,
      steps: [stepWrite(returnForRework(step), step.token ?? null, 'AWAITING_APPROVAL')],
      events: [
        event('STEP_RETURNED_FOR_REWORK', now, actor, d.status, d.status, {
          stepId,
          reasons: input.reasons.length,
        }),
      ],
      messages: [
        notify(
          ctx,
          'RETURNED_FOR_REWORK',
          [],
          {
            departmentId: step.departmentId,
            date: step.dueDate!,
            reasons: input.reasons,
            ...(input.headName ? { personName: input.headName } : {}),
          },
          {
            unit: step.departmentId,
            ...(step.handler ? { userIds: [step.handler] } : { roles: ['DEPARTMENT_OFFICER'] }),
            email: true,
          },
        ),
      ],
    },
  };
}
