import type { StaffPrincipal } from '../../contracts/auth.ts';
import { assertCanSee, assertMayDecide } from '../access.ts';
import { DomainError } from '../errors.ts';
import { message } from '../messages.ts';
import type { DossierStep, StepStatus } from '../workflow.ts';
import { type DossierContext, isFinal } from './context.ts';

/** The intake wait is open (the dossier is with reception); its token, or null when none is parked. */
export function assertIntakeOpen(ctx: DossierContext): string | null {
  const d = ctx.dossier;
  if (d.status !== 'SUBMITTED' || d.wf?.phase !== 'INTAKE') {
    throw new DomainError('DOSSIER_NOT_WAITING', 'dossier.notAtIntake');
  }
  return d.wf.token ?? null;
}

export function assertNotFinal(ctx: DossierContext): void {
  if (isFinal(ctx.dossier.status)) throw new DomainError('DOSSIER_NOT_WAITING', 'dossier.final');
}

/** A step write conditional on the step still being in the state (and wait) the decision saw. */
export function stepWrite(
  step: DossierStep,
  token: string | null,
  expect: StepStatus = 'WAITING_DEPARTMENT',
): { step: DossierStep; expectStatus: StepStatus[]; expectToken: string | null } {
  return { step, expectStatus: [expect], expectToken: token };
}

/**
 * Who may act on a department's step, checked before anything about the dossier's state is
 * revealed: someone who may see the dossier, of the step's department (liên thông: each agency its
 * part), and the step's officer or the department's head.
 */
export function assertMayActOnStep(principal: StaffPrincipal, ctx: DossierContext, stepId: string): void {
  assertCanSee(principal, ctx.dossier, ctx.steps);
  const step = ctx.steps.find((s) => s.stepId === stepId);
  if (!step) throw new DomainError('STEP_NOT_FOUND', message('step.notFound', { stepId }));
  if (principal.departmentId !== step.departmentId) {
    throw new DomainError('FORBIDDEN', 'step.otherDepartment');
  }
  assertMayDecide(principal, step);
}
