import type { Actor } from '../lifecycle.ts';
import { type SupplementRequest, storedNotice } from '../notices.ts';
import { extraItemLabel, numberExtraItems } from '../supplement-items.ts';
import { vnIsoDate } from '../time.ts';
import { requestStepSupplement, secondsUntil, windowEnd } from '../workflow.ts';
import {
  type Decision,
  type DossierContext,
  event,
  noticeMessage,
  stepState,
  withoutToken,
} from './context.ts';
import { assertIntakeOpen, stepWrite } from './guards.ts';

/** What is missing and why: everything in one request (Decree 61/2018 art. 16(2)(b)). */
export interface SupplementInput {
  missing: string[];
  reasons: string[];
  /** Items not in the procedure's document list (shared/domain/supplement-items.ts). */
  extraItems?: { name: string; note?: string | undefined }[];
}

/** Everything asked for, free items included, and the free items with their ids. */
function itemsOf(input: SupplementInput) {
  const extras = numberExtraItems(input.extraItems);
  return {
    missing: [...input.missing, ...extras.map(extraItemLabel)],
    ...(extras.length ? { extras } : {}),
  };
}

/**
 * A department asks the citizen to complete the dossier (Decree 61/2018 art. 19(4)). The step
 * waits for the citizen and its clock stops (restarts or resumes on the answer, as the procedure's
 * policy says); the dossier shows the request (form 02) and the citizen is emailed with the
 * window's end. A request later than the statutory window (3 working days from the step's start)
 * is still made, and recorded as late.
 */
export function departmentRequestsSupplement(
  ctx: DossierContext,
  actor: Actor,
  stepId: string,
  input: SupplementInput,
): Decision {
  const { dossier: d, now, cal, policy } = ctx;
  const step = ctx.steps.find((s) => s.stepId === stepId)!;
  const token = step.token ?? null;
  const waiting = withoutToken(requestStepSupplement(step, now, cal, policy));
  const notice: SupplementRequest = {
    kind: 'SUPPLEMENT',
    departmentId: step.departmentId,
    ...itemsOf(input),
    reasons: input.reasons,
    at: now.toISOString(),
    dueAt: waiting.citizenDueAt!,
  };
  const late =
    cal.workingDaysBetween(vnIsoDate(new Date(step.startedAt!)), vnIsoDate(now)) >
    policy.departmentSupplementWithinWorkingDays;
  return {
    change: {
      checkVersion: true,
      set: { status: 'SUPPLEMENT_REQUESTED', notice: storedNotice(notice) },
      steps: [stepWrite(waiting, token)],
      events: [
        event('STEP_SUPPLEMENT_REQUESTED', now, actor, d.status, 'SUPPLEMENT_REQUESTED', {
          stepId,
          missing: notice.missing.length,
          citizenDueAt: waiting.citizenDueAt,
          clock: policy.supplementClock,
          ...(late ? { afterStatutoryWindow: true } : {}),
        }),
      ],
      messages: [noticeMessage(ctx, notice)],
    },
    notices: [notice],
    answers: token ? [{ token, output: stepState(ctx, waiting) }] : [],
  };
}

/**
 * Reception finds the dossier incomplete at intake (Decree 61/2018 art. 16(2)(b)): the citizen
 * gets one request listing everything missing, with the window to answer; the intake wait ends and
 * the workflow waits for the citizen.
 */
export function centreRequestsSupplement(
  ctx: DossierContext,
  actor: Actor,
  input: SupplementInput,
): Decision {
  const { dossier: d, now } = ctx;
  const token = assertIntakeOpen(ctx);
  const citizenDueAt = windowEnd(now, ctx.policy.citizenSupplementWindow, ctx.cal);
  const wf = { phase: 'INTAKE_SUPPLEMENT' as const, citizenDueAt: citizenDueAt.toISOString() };
  const notice: SupplementRequest = {
    kind: 'SUPPLEMENT',
    ...itemsOf(input),
    reasons: input.reasons,
    at: now.toISOString(),
    dueAt: wf.citizenDueAt,
  };
  return {
    change: {
      checkVersion: true,
      expectStatus: ['SUBMITTED'],
      expectToken: token,
      set: { status: 'SUPPLEMENT_REQUESTED', wf, notice: storedNotice(notice) },
      events: [
        event('INTAKE_SUPPLEMENT_REQUESTED', now, actor, d.status, 'SUPPLEMENT_REQUESTED', {
          missing: notice.missing.length,
          citizenDueAt: wf.citizenDueAt,
        }),
      ],
      messages: [noticeMessage(ctx, notice)],
    },
    notices: [notice],
    answers: token
      ? [
          {
            token,
            output: {
              dossierId: d.id,
              phase: 'INTAKE_SUPPLEMENT',
              timeoutSeconds: secondsUntil(citizenDueAt, now),
            },
          },
        ]
      : [],
  };
}
