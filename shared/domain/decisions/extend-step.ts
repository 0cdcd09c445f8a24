import type { Duration } from '../../contracts/deadline-policy.ts';
import type { Actor } from '../lifecycle.ts';
import type { ApologyLetter } from '../notices.ts';
import { extendStep } from '../workflow.ts';
import {
  type Decision,
  type DossierContext,
  event,
  laterAppointment,
  noticeMessage,
  stepState,
  withoutToken,
} from './context.ts';
import { stepWrite } from './guards.ts';

export interface ExtendInput {
  extension: Duration;
  reasons: string[];
}

/**
 * A department that cannot finish in time apologises and sets a new date, once per step and no
 * longer than the policy allows (Decree 61/2018 art. 19(9)): the apology letter (form 04) states
 * the reasons, and the citizen's appointment moves to the new date (never earlier).
 */
export function extendStepDecision(
  ctx: DossierContext,
  actor: Actor,
  stepId: string,
  input: ExtendInput,
): Decision {
  const { dossier: d, now } = ctx;
  const step = ctx.steps.find((s) => s.stepId === stepId)!;
  const token = step.token ?? null;
  const extended = withoutToken(extendStep(step, input.extension, now, ctx.cal, ctx.policy));
  const appointment = laterAppointment(ctx, extended.dueDate!);
  const letter: ApologyLetter = {
    kind: 'APOLOGY',
    departmentId: step.departmentId,
    stepId,
    from: step.dueDate!,
    to: extended.dueDate!,
    appointment: appointment.dueDate,
    reasons: input.reasons,
    late: now > new Date(step.reminderAt!),
    at: now.toISOString(),
  };
  return {
    change: {
      checkVersion: true,
      set: { appointment },
      steps: [stepWrite(extended, token)],
      events: [
        event('STEP_EXTENDED', now, actor, d.status, d.status, {
          stepId,
          departmentId: step.departmentId,
          from: letter.from,
          to: letter.to,
          apologyLate: letter.late,
          // Kept for the apology letter (form 04), which exists to state them.
          reasons: letter.reasons,
        }),
      ],
      messages: [noticeMessage(ctx, letter)],
    },
    notices: [letter],
    answers: token ? [{ token, output: stepState(ctx, extended) }] : [],
  };
}
