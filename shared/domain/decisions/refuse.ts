import type { Actor } from '../lifecycle.ts';
import { type Refusal, storedNotice } from '../notices.ts';
import {
  after,
  type Decision,
  type DossierContext,
  event,
  isOpen,
  noticeMessage,
  stepState,
  withoutToken,
} from './context.ts';
import { assertIntakeOpen, stepWrite } from './guards.ts';

/** Reception refuses the dossier at intake (form 03, with the reasons): it ends there. */
export function refuseAtIntake(ctx: DossierContext, actor: Actor, reasons: string[]): Decision {
  const { dossier: d, now } = ctx;
  const token = assertIntakeOpen(ctx);
  const notice: Refusal = { kind: 'REFUSAL', reasons, at: now.toISOString() };
  return {
    change: {
      checkVersion: true,
      expectStatus: ['SUBMITTED'],
      expectToken: token,
      set: { status: 'REFUSED', wf: { phase: 'DONE' }, notice: storedNotice(notice) },
      events: [event('INTAKE_REFUSED', now, actor, d.status, 'REFUSED', { reasons: reasons.length })],
      messages: [noticeMessage(ctx, notice)],
    },
    notices: [notice],
    answers: token ? [{ token, output: { dossierId: d.id, phase: 'DONE' } }] : [],
  };
}

/** A department refuses on the merits: the dossier ends, and agencies working in parallel stop too. */
export function refuseStep(ctx: DossierContext, actor: Actor, stepId: string, reasons: string[]): Decision {
  const { dossier: d, now } = ctx;
  const step = ctx.steps.find((s) => s.stepId === stepId)!;
  const token = step.token ?? null;
  const refused = { ...withoutToken(step), status: 'REFUSED' as const, completedAt: now.toISOString() };
  const others = ctx.steps.filter((s) => s.stepId !== stepId && isOpen(s));
  const notice: Refusal = {
    kind: 'REFUSAL',
    departmentId: step.departmentId,
    reasons,
    at: now.toISOString(),
  };
  const ended = after(ctx, { status: 'REFUSED' });
  return {
    change: {
      checkVersion: true,
      set: { status: 'REFUSED', notice: storedNotice(notice) },
      steps: [
        stepWrite(refused, token),
        ...others.map((s) => ({ step: { ...withoutToken(s), status: 'CANCELLED' as const } })),
      ],
      events: [event('STEP_REFUSED', now, actor, d.status, 'REFUSED', { stepId, reasons: reasons.length })],
      messages: [noticeMessage(ctx, notice)],
    },
    notices: [notice],
    answers: [
      ...(token ? [{ token, output: stepState(ended, refused) }] : []),
      ...others.filter((s) => s.token).map((s) => ({ token: s.token!, output: stepState(ended, s) })),
    ],
  };
}
