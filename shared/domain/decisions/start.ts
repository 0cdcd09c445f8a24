import { type StepState, startStep, type WorkflowState, windowEnd } from '../workflow.ts';
import {
  acceptedAt,
  after,
  citizenEmail,
  type Decision,
  type DossierContext,
  deptEmail,
  event,
  isFinal,
  notify,
  SYSTEM,
  stepState,
  workflowState,
} from './context.ts';

/**
 * First state of every execution: a fresh start and a resume after a restart are the same. A new
 * submission starts intake with its deadline, and the citizen hears at once that the dossier
 * arrived, with its code and how to look it up.
 */
export function startWorkflow(ctx: DossierContext): Decision<WorkflowState> {
  const d = ctx.dossier;
  if (d.wf || d.status !== 'SUBMITTED') return { result: workflowState(ctx) };
  const intakeDueAt = windowEnd(
    new Date(d.receivedAt ?? ctx.now.toISOString()),
    ctx.policy.intakeWithin,
    ctx.cal,
  );
  const wf = { phase: 'INTAKE' as const, intakeDueAt: intakeDueAt.toISOString() };
  return {
    change: {
      checkVersion: false,
      expectStatus: ['SUBMITTED'],
      set: { wf },
      events: [],
      messages: [notify(ctx, 'SUBMISSION', citizenEmail(d))],
    },
    result: workflowState(after(ctx, { wf })),
  };
}

/**
 * A department's step starts: its deadline from the calendar, and the department is told. The
 * first stage runs on the acceptance's clock (the appointment's), however long the workflow took
 * to get here; a later stage starts when the one before it finished. The appointment the citizen
 * was given is never moved here: only an apology (art. 19(9)) or a restarted clock after a
 * supplement (art. 19(4)) moves it, and each tells the citizen.
 */
export function assignStep(ctx: DossierContext, stepId: string): Decision<StepState> {
  const d = ctx.dossier;
  const step = ctx.steps.find((s) => s.stepId === stepId);
  if (!step) throw new Error(`step ${stepId} missing`);
  if (isFinal(d.status) || step.status !== 'PENDING') return { result: stepState(ctx, step) };
  const firstStage = Math.min(...ctx.steps.map((s) => s.stage));
  const accepted = acceptedAt(ctx);
  const start = step.stage === firstStage && accepted && accepted < ctx.now ? accepted : ctx.now;
  const started = { ...startStep(step, start, ctx.cal, ctx.policy), startedAt: ctx.now.toISOString() };
  return {
    change: {
      checkVersion: false,
      steps: [{ step: started, expectStatus: ['PENDING'] }],
      events: [
        event('STEP_ASSIGNED', ctx.now, SYSTEM, d.status, d.status, {
          stepId,
          departmentId: step.departmentId,
          dueDate: started.dueDate,
        }),
      ],
      messages: [
        notify(
          ctx,
          'NEW_TASK',
          deptEmail(ctx, step.departmentId),
          { departmentId: step.departmentId, date: started.dueDate! },
          { unit: step.departmentId },
        ),
      ],
    },
    result: stepState(ctx, started),
  };
}
