import type { StaffPrincipal } from '../../contracts/auth.ts';
import type { Duration } from '../../contracts/deadline-policy.ts';
import { actorOf } from '../access.ts';
import { approveStep, completeStepDecision, returnStepForRework, type StoredFacts } from './complete-step.ts';
import type { Decision, DossierContext } from './context.ts';
import { extendStepDecision } from './extend-step.ts';
import { assertNotFinal } from './guards.ts';
import { refuseStep } from './refuse.ts';
import { departmentRequestsSupplement } from './request-supplement.ts';

/** What a department decides on its step. */
export type StepDecision =
  | { action: 'COMPLETE'; resultDocumentId?: string | undefined }
  | { action: 'REQUEST_SUPPLEMENT'; missing: string[]; reasons: string[] }
  | { action: 'EXTEND'; extension: Duration; reasons: string[] }
  | { action: 'REFUSE'; reasons: string[] }
  | { action: 'APPROVE' }
  | { action: 'RETURN_FOR_REWORK'; reasons: string[] };

/** Facts from outside the table, read by the executor before deciding. */
export interface StepFacts {
  /** The named result file as storage holds it. */
  stored?: StoredFacts | undefined;
  /** The deciding head's name (for the officer's message on a return for rework). */
  actorName?: string | undefined;
}

/** A department's decision on its step: each action is its own decision. */
export function decideStep(
  ctx: DossierContext,
  principal: StaffPrincipal,
  stepId: string,
  input: StepDecision,
  facts: StepFacts = {},
): Decision {
  assertNotFinal(ctx);
  const actor = actorOf(principal);
  const isHead = principal.roles.includes('DEPARTMENT_HEAD');
  switch (input.action) {
    case 'APPROVE':
      return approveStep(ctx, actor, stepId, isHead);
    case 'RETURN_FOR_REWORK':
      return returnStepForRework(ctx, actor, stepId, {
        reasons: input.reasons,
        isHead,
        headName: facts.actorName,
      });
    case 'COMPLETE':
      return completeStepDecision(ctx, actor, stepId, {
        resultDocumentId: input.resultDocumentId,
        stored: facts.stored,
        isHead,
      });
    case 'REQUEST_SUPPLEMENT':
      return departmentRequestsSupplement(ctx, actor, stepId, input);
    case 'EXTEND':
      return extendStepDecision(ctx, actor, stepId, input);
    case 'REFUSE':
      return refuseStep(ctx, actor, stepId, input.reasons);
  }
}
