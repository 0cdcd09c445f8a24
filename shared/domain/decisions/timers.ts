import type { DossierStatus } from '../lifecycle.ts';
import { type DossierStep, type StepState, timerAction, type WorkflowState } from '../workflow.ts';
import {
  after,
  centreEmail,
  citizenEmail,
  collectionTimerTarget,
  type Decision,
  type DossierContext,
  deptEmail,
  event,
  intakeTimerTarget,
  isOpen,
  notify,
  SYSTEM,
  stepState,
  withoutToken,
  workflowState,
} from './context.ts';

/** Reception has not decided within the intake window: reception is reminded (then each morning). */
export function intakeTimer(ctx: DossierContext): Decision<WorkflowState> {
  const d = ctx.dossier;
  if (d.wf?.phase !== 'INTAKE' || ctx.now < intakeTimerTarget(ctx)) return { result: workflowState(ctx) };
  const wf = { ...d.wf, intakeRemindedAt: ctx.now.toISOString() };
  delete wf.token;
  delete wf.tokenKind;
  return {
    change: {
      checkVersion: false,
      expectStatus: ['SUBMITTED'],
      set: { wf },
      events: [event('INTAKE_REMINDED', ctx.now, SYSTEM, d.status, d.status)],
      messages: [
        notify(
          ctx,
          'INTAKE_REMINDER',
          centreEmail(ctx),
          {},
          { unit: 'CENTRE', roles: ['RECEPTION_OFFICER'] },
        ),
      ],
    },
    result: workflowState(after(ctx, { wf })),
  };
}

/**
 * A department's step reaches its reminder or its deadline: the department is reminded, or the
 * step is escalated to its head and the centre. The first step of the dossier to go overdue also
 * tells the citizen, with the apology owed. The clock keeps running while the head has the result
 * for approval.
 */
export function stepTimer(ctx: DossierContext, stepId: string): Decision<StepState> {
  const d = ctx.dossier;
  const step = ctx.steps.find((s) => s.stepId === stepId)!;
  const action = timerAction(step, ctx.now, ctx.cal);
  if (action === 'NONE') return { result: stepState(ctx, step) };
  const updated: DossierStep =
    action === 'REMIND'
      ? { ...step, reminded: true }
      : { ...step, reminded: true, escalatedAt: ctx.now.toISOString() };
  const departmentId = step.departmentId;
  const message =
    action === 'REMIND'
      ? notify(
          ctx,
          'STEP_REMINDER',
          deptEmail(ctx, departmentId),
          { departmentId, date: step.dueDate!, extended: step.extended },
          { unit: departmentId },
        )
      : notify(
          ctx,
          'STEP_ESCALATION',
          [...deptEmail(ctx, departmentId), ...centreEmail(ctx)],
          { departmentId, date: step.dueDate! },
          { unit: departmentId, roles: ['DEPARTMENT_HEAD'], email: true },
        );
  const citizenToo = action === 'ESCALATE' && !ctx.steps.some((s) => s.escalatedAt);
  return {
    change: {
      checkVersion: false,
      messages: citizenToo
        ? [message, notify(ctx, 'OVERDUE', citizenEmail(d), { date: step.dueDate! })]
        : [message],
      steps: [{ step: updated, expectStatus: [step.status] }],
      events: [
        event(action === 'REMIND' ? 'STEP_REMINDED' : 'STEP_ESCALATED', ctx.now, SYSTEM, d.status, d.status, {
          stepId,
          departmentId,
          dueDate: step.dueDate,
        }),
      ],
    },
    result: stepState(ctx, updated),
  };
}

/** The result waits at the centre: the citizen is reminded to collect it, then again each window. */
export function returnTimer(ctx: DossierContext): Decision<WorkflowState> {
  const d = ctx.dossier;
  if (d.wf?.phase !== 'RETURN' || ctx.now < collectionTimerTarget(ctx)) return { result: workflowState(ctx) };
  const wf = { ...d.wf, collectionRemindedAt: ctx.now.toISOString() };
  delete wf.token;
  delete wf.tokenKind;
  return {
    change: {
      checkVersion: false,
      set: { wf },
      events: [event('COLLECTION_REMINDED', ctx.now, SYSTEM, d.status, d.status)],
      messages: [notify(ctx, 'COLLECTION_REMINDER', citizenEmail(d))],
    },
    result: workflowState(after(ctx, { wf })),
  };
}

/**
 * The citizen's window to complete the dossier passed unanswered: the dossier ends as the
 * procedure says (refused, or returned as lapsed), and agencies still working in parallel stop too.
 */
export function supplementLapsed(ctx: DossierContext, stepId?: string): Decision<WorkflowState | StepState> {
  const d = ctx.dossier;
  const step = stepId ? ctx.steps.find((s) => s.stepId === stepId) : undefined;
  const dueAt = step ? step.citizenDueAt : d.wf?.citizenDueAt;
  const waiting = step ? step.status === 'WAITING_CITIZEN' : d.wf?.phase === 'INTAKE_SUPPLEMENT';
  if (!waiting || !dueAt || ctx.now < new Date(dueAt))
    return { result: step ? stepState(ctx, step) : workflowState(ctx) };
  const to: DossierStatus = ctx.policy.unansweredSupplement === 'REFUSE' ? 'REFUSED' : 'LAPSED';
  const cancelled = ctx.steps
    .filter(isOpen)
    .map((s) => ({ ...withoutToken(s), status: 'CANCELLED' as const }));
  const wf = {
    ...(d.wf ?? { phase: 'DONE' as const }),
    phase: step ? ('PROCESSING' as const) : ('DONE' as const),
  };
  delete wf.token;
  const ended = after(ctx, { status: to, wf });
  return {
    change: {
      checkVersion: true,
      set: { status: to, wf },
      steps: cancelled.map((s) => ({ step: s })),
      events: [event('LAPSED', ctx.now, SYSTEM, d.status, to, stepId ? { stepId } : undefined)],
      messages: [notify(ctx, 'LAPSED', citizenEmail(d))],
    },
    answers: ctx.steps
      .filter((s) => s.stepId !== stepId && s.token)
      .map((s) => ({ token: s.token!, output: stepState(ended, { ...s, status: 'CANCELLED' }) })),
    result: step ? { dossierId: d.id, stepId: step.stepId, phase: 'STOP' } : workflowState(ended),
  };
}
