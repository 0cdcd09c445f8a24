import { workingCalendar } from '../adapters/calendar-repository.ts';
import { getCentre, getProcedureVersion, listDepartments } from '../adapters/catalogue-repository.ts';
import { config } from '../adapters/config.ts';
import { inspectObject } from '../adapters/document-storage.ts';
import { type DossierAggregate, flagDossier, getDossier } from '../adapters/dossier-repository.ts';
import { newEventId } from '../adapters/ids.ts';
import { logger } from '../adapters/logger.ts';
import { deliverOutbox, type OutboxMessage } from '../adapters/outbox.ts';
import { staffNames } from '../adapters/staff-directory.ts';
import { answerWait } from '../adapters/workflow-client.ts';
import {
  commitTransition,
  registerDossierToken,
  registerStepToken,
  type Transition,
} from '../adapters/workflow-repository.ts';
import type { Collector } from '../contracts/actions.ts';
import type { StaffPrincipal } from '../contracts/auth.ts';
import type { Department, Procedure } from '../contracts/catalogue.ts';
import type { DeadlinePolicy, Duration } from '../contracts/deadline-policy.ts';
import { classify, type WorkingCalendar } from '../domain/calendar.ts';
import { calendarGapProblem, missingCalendarYear } from '../domain/calendar-gap.ts';
import { documentProblems, mb } from '../domain/documents.ts';
import type { Dossier, DossierEvent } from '../domain/dossier.ts';
import { DomainError, type FieldError } from '../domain/errors.ts';
import {
  type Actor,
  type DossierEventType,
  type DossierStatus,
  FINAL_STATUSES,
} from '../domain/lifecycle.ts';
import { buildMessage, messageLink, type Template } from '../domain/notifications.ts';
import { vnIsoDate } from '../domain/time.ts';
import {
  completeStep,
  type DossierStep,
  extendStep,
  nextDepartmentTimer,
  nextOfficeStart,
  planSteps,
  requestStepSupplement,
  resumeStepAfterSupplement,
  returnForRework,
  type StepState,
  type StepStatus,
  secondsUntil,
  stagesOf,
  startStep,
  stepPhase,
  submitForApproval,
  timerAction,
  type WaitKind,
  type WorkflowState,
  windowEnd,
} from '../domain/workflow.ts';
import { actorOf, canSeeDossier } from '../http/auth.ts';
import { signStepResult } from '../signing/result-signing.ts';

/**
 * The per-dossier workflow as application services: the tasks the state machine calls, and the
 * actions of staff and citizens that answer its waits. Each one reads the dossier, lets the domain
 * decide, commits one conditional transaction (with its events), sends its emails, and, for an
 * action, answers the parked wait with the next state. DynamoDB is the source of truth.
 */
export interface Ctx {
  agg: DossierAggregate;
  dossier: Dossier;
  steps: DossierStep[];
  procedure: Procedure;
  policy: DeadlinePolicy;
  cal: WorkingCalendar;
  departments: Map<string, Department>;
  centreEmail: string | undefined;
  now: Date;
}

const SYSTEM: Actor = { kind: 'SYSTEM', id: 'workflow' };

export async function loadCtx(dossierId: string, now: Date): Promise<Ctx> {
  const agg = await getDossier(dossierId);
  if (!agg) throw new DomainError('DOSSIER_NOT_FOUND', 'Không tìm thấy hồ sơ');
  const [procedure, cal, departments, centre] = await Promise.all([
    getProcedureVersion(agg.dossier.procedureCode, agg.dossier.procedureVersion),
    workingCalendar(),
    listDepartments(),
    getCentre(),
  ]);
  if (!procedure) throw new Error(`procedure version missing: ${agg.dossier.procedureCode}`);
  return {
    agg,
    dossier: agg.dossier,
    steps: [...agg.steps].sort((a, b) => a.stepId.localeCompare(b.stepId)),
    procedure,
    policy: procedure.deadlinePolicy,
    cal,
    departments: new Map(departments.map((d) => [d.id, d])),
    centreEmail: centre?.email,
    now,
  };
}

const isFinal = (s: DossierStatus) => FINAL_STATUSES.includes(s);

function event(
  type: DossierEventType,
  at: Date,
  actor: Actor,
  from: DossierStatus,
  to: DossierStatus,
  data?: Record<string, unknown>,
): DossierEvent {
  return {
    eventId: newEventId(),
    type,
    at: at.toISOString(),
    actor,
    fromStatus: from,
    toStatus: to,
    ...(data ? { data } : {}),
  };
}

function withoutToken(step: DossierStep): DossierStep {
  const { token: _t, tokenKind: _k, ...rest } = step;
  return rest;
}

// ---------------------------------------------------------------------------------------------
// Where the workflow stands, from the table alone.

function intakeTimerTarget(ctx: Ctx): Date {
  const wf = ctx.dossier.wf!;
  if (wf.intakeRemindedAt) return nextOfficeStart(ctx.cal, new Date(wf.intakeRemindedAt));
  return new Date(wf.intakeDueAt ?? ctx.now.toISOString());
}

function collectionTimerTarget(ctx: Ctx): Date {
  const wf = ctx.dossier.wf!;
  const from = wf.collectionRemindedAt ?? wf.readyAt ?? ctx.now.toISOString();
  return windowEnd(new Date(from), ctx.policy.collectionReminderAfter, ctx.cal);
}

export function workflowState(ctx: Ctx): WorkflowState {
  const d = ctx.dossier;
  const base = { dossierId: d.id };
  const phase = d.wf?.phase ?? 'DONE';
  switch (phase) {
    case 'INTAKE':
      return { ...base, phase, timeoutSeconds: secondsUntil(intakeTimerTarget(ctx), ctx.now) };
    case 'INTAKE_SUPPLEMENT':
      return { ...base, phase, timeoutSeconds: secondsUntil(new Date(d.wf!.citizenDueAt!), ctx.now) };
    case 'PROCESSING':
      return { ...base, phase, stages: stagesOf(ctx.steps) };
    case 'RETURN':
      return { ...base, phase, timeoutSeconds: secondsUntil(collectionTimerTarget(ctx), ctx.now) };
    default:
      return { ...base, phase: 'DONE' };
  }
}

export function stepState(ctx: Ctx, step: DossierStep): StepState {
  const base = { dossierId: ctx.dossier.id, stepId: step.stepId };
  if (isFinal(ctx.dossier.status) && step.status !== 'DONE') return { ...base, phase: 'STOP' };
  const phase = stepPhase(step);
  if (phase === 'WAIT_DEPARTMENT') {
    return { ...base, phase, timeoutSeconds: secondsUntil(nextDepartmentTimer(step, ctx.cal), ctx.now) };
  }
  if (phase === 'WAIT_CITIZEN') {
    return { ...base, phase, timeoutSeconds: secondsUntil(new Date(step.citizenDueAt!), ctx.now) };
  }
  return { ...base, phase };
}

// ---------------------------------------------------------------------------------------------
// Emails.

function citizenEmail(d: Dossier): string[] {
  return d.applicant.email ? [d.applicant.email] : [];
}

function notify(
  ctx: Ctx,
  template: Template,
  to: string[],
  extra: {
    departmentId?: string;
    date?: string;
    reasons?: string[];
    missing?: string[];
    personName?: string;
    extended?: boolean;
  } = {},
  inApp?: OutboxMessage['inApp'],
): OutboxMessage {
  const d = ctx.dossier;
  const link = messageLink(template, config().PUBLIC_WEB_URL, d);
  const department = ctx.departments.get(extra.departmentId ?? d.departmentId);
  return {
    ...buildMessage(template, to, {
      code: d.code ?? d.id,
      procedureName: d.procedureName,
      ...(department ? { departmentName: department.name } : {}),
      link,
      ...(extra.date ? { date: extra.date } : {}),
      ...(extra.reasons ? { reasons: extra.reasons } : {}),
      ...(extra.missing ? { missing: extra.missing } : {}),
      delivery: d.delivery.method,
      ...(d.resultReturn?.trackingNumber ? { trackingNumber: d.resultReturn.trackingNumber } : {}),
      ...(extra.personName ? { personName: extra.personName } : {}),
      ...(extra.extended ? { extended: true } : {}),
    }),
    ...(inApp ? { inApp } : {}),
  };
}

const deptEmail = (ctx: Ctx, departmentId: string) => {
  const e = ctx.departments.get(departmentId)?.email;
  return e ? [e] : [];
};

/**
 * Who hears of a citizen's answer on a department's step: the assigned officer (in-app and email),
 * or, while nobody is assigned, the department's head (in-app and email) and its mailbox. At intake,
 * the centre's reception and the centre's mailbox.
 */
function staffNotice(ctx: Ctx, template: Template, step: DossierStep | undefined): OutboxMessage {
  if (!step) {
    return notify(
      ctx,
      template,
      ctx.centreEmail ? [ctx.centreEmail] : [],
      {},
      {
        unit: 'CENTRE',
        roles: ['RECEPTION_OFFICER'],
      },
    );
  }
  const extra = { departmentId: step.departmentId, ...(step.dueDate ? { date: step.dueDate } : {}) };
  return step.handler
    ? notify(ctx, template, [], extra, { unit: step.departmentId, userIds: [step.handler], email: true })
    : notify(ctx, template, deptEmail(ctx, step.departmentId), extra, {
        unit: step.departmentId,
        roles: ['DEPARTMENT_HEAD'],
        email: true,
      });
}

/** The acting staff member's name, from the directory (for texts that say who acted). */
async function nameOf(principal: StaffPrincipal): Promise<string | undefined> {
  return (await staffNames([principal.id])).get(principal.id);
}

// ---------------------------------------------------------------------------------------------
// Tasks of the state machine.

export interface TaskPayload {
  task: string;
  dossierId: string;
  stepId?: string;
  wait?: WaitKind;
  token?: string;
  state?: Record<string, unknown>;
}

export async function runTask(p: TaskPayload, now: Date): Promise<unknown> {
  // A person acted on the dossier between this task's read and its write: decide again on a
  // fresh read (every task is a function of the stored state, so this is safe).
  for (let attempt = 1; ; attempt++) {
    try {
      return await runTaskOnce(p, now);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'DOSSIER_CONFLICT' || attempt >= 4) throw err;
    }
  }
}

async function runTaskOnce(p: TaskPayload, now: Date): Promise<unknown> {
  switch (p.task) {
    case 'route':
      return route(await loadCtx(p.dossierId, now));
    case 'await':
      return registerWait(p, now);
    case 'intakeTimer':
      return intakeTimer(await loadCtx(p.dossierId, now));
    case 'supplementLapsed':
      return supplementLapsed(await loadCtx(p.dossierId, now), p.stepId);
    case 'assignStep':
      return assignStep(await loadCtx(p.dossierId, now), p.stepId!);
    case 'stepTimer':
      return stepTimer(await loadCtx(p.dossierId, now), p.stepId!);
    case 'afterStages':
      return afterStages(await loadCtx(p.dossierId, now));
    case 'returnTimer':
      return returnTimer(await loadCtx(p.dossierId, now));
    case 'finish':
      return finish(await loadCtx(p.dossierId, now));
    case 'fail':
      return fail(await loadCtx(p.dossierId, now), p);
    default:
      throw new Error(`unknown workflow task ${p.task}`);
  }
}

/** First state of every execution: a fresh start and a resume after a restart are the same. */
async function route(ctx: Ctx): Promise<WorkflowState> {
  const d = ctx.dossier;
  if (!d.wf && d.status === 'SUBMITTED') {
    const intakeDueAt = windowEnd(
      new Date(d.receivedAt ?? ctx.now.toISOString()),
      ctx.policy.intakeWithin,
      ctx.cal,
    );
    const wf = { phase: 'INTAKE' as const, intakeDueAt: intakeDueAt.toISOString() };
    await commitTransition({
      dossier: d,
      checkVersion: false,
      expectStatus: ['SUBMITTED'],
      set: { wf },
      events: [],
      // The citizen hears at once that the dossier arrived, with its code and how to look it up.
      messages: [notify(ctx, 'SUBMISSION', citizenEmail(d))],
    });
    await deliverOutbox(d.id);
    return workflowState({ ...ctx, dossier: { ...d, wf } });
  }
  return workflowState(ctx);
}

/** Parks a wait: stores the token where the matching action will find it. */
async function registerWait(p: TaskPayload, now: Date): Promise<Record<string, never>> {
  const token = p.token!;
  const kind = p.wait!;
  let parked: boolean;
  if (p.stepId) {
    parked = await registerStepToken(
      p.dossierId,
      p.stepId,
      token,
      kind,
      kind === 'DEPARTMENT' ? ['WAITING_DEPARTMENT', 'AWAITING_APPROVAL'] : ['WAITING_CITIZEN'],
    );
  } else {
    const phase =
      kind === 'INTAKE' ? 'INTAKE' : kind === 'INTAKE_SUPPLEMENT' ? 'INTAKE_SUPPLEMENT' : 'RETURN';
    parked = await registerDossierToken(p.dossierId, token, kind, phase);
  }
  if (!parked) {
    // The dossier moved on between the previous state and this wait: answer it at once.
    const ctx = await loadCtx(p.dossierId, now);
    const step = p.stepId ? ctx.steps.find((s) => s.stepId === p.stepId) : undefined;
    await answerWait(token, step ? stepState(ctx, step) : workflowState(ctx));
  }
  return {};
}

async function intakeTimer(ctx: Ctx): Promise<WorkflowState> {
  const d = ctx.dossier;
  if (d.wf?.phase !== 'INTAKE' || ctx.now < intakeTimerTarget(ctx)) return workflowState(ctx);
  const wf = { ...d.wf, intakeRemindedAt: ctx.now.toISOString() };
  delete wf.token;
  delete wf.tokenKind;
  await commitTransition({
    dossier: d,
    checkVersion: false,
    expectStatus: ['SUBMITTED'],
    set: { wf },
    events: [event('INTAKE_REMINDED', ctx.now, SYSTEM, d.status, d.status)],
    messages: [
      notify(
        ctx,
        'INTAKE_REMINDER',
        ctx.centreEmail ? [ctx.centreEmail] : [],
        {},
        {
          unit: 'CENTRE',
          roles: ['RECEPTION_OFFICER'],
        },
      ),
    ],
  });
  await deliverOutbox(d.id);
  return workflowState({ ...ctx, dossier: { ...d, wf } });
}

/** The citizen's window to complete the dossier passed unanswered: the dossier ends as the procedure says. */
async function supplementLapsed(ctx: Ctx, stepId?: string): Promise<WorkflowState | StepState> {
  const d = ctx.dossier;
  const step = stepId ? ctx.steps.find((s) => s.stepId === stepId) : undefined;
  const dueAt = step ? step.citizenDueAt : d.wf?.citizenDueAt;
  const waiting = step ? step.status === 'WAITING_CITIZEN' : d.wf?.phase === 'INTAKE_SUPPLEMENT';
  if (!waiting || !dueAt || ctx.now < new Date(dueAt))
    return step ? stepState(ctx, step) : workflowState(ctx);
  const to: DossierStatus = ctx.policy.unansweredSupplement === 'REFUSE' ? 'REFUSED' : 'LAPSED';
  const cancelled = ctx.steps
    .filter((s) => !['DONE', 'REFUSED', 'CANCELLED'].includes(s.status))
    .map((s) => ({ ...withoutToken(s), status: 'CANCELLED' as const }));
  const wf = {
    ...(d.wf ?? { phase: 'DONE' as const }),
    phase: step ? ('PROCESSING' as const) : ('DONE' as const),
  };
  delete wf.token;
  await commitTransition({
    dossier: d,
    checkVersion: true,
    set: { status: to, wf },
    steps: cancelled.map((s) => ({ step: s })),
    before: ctx.steps,
    events: [event('LAPSED', ctx.now, SYSTEM, d.status, to, stepId ? { stepId } : undefined)],
    messages: [notify(ctx, 'LAPSED', citizenEmail(d))],
  });
  await deliverOutbox(d.id);
  const after = { ...ctx, dossier: { ...d, status: to, wf } };
  // Other agencies still working in parallel stop too.
  for (const s of ctx.steps) {
    if (s.stepId !== stepId && s.token)
      await answerWait(s.token, stepState(after, { ...s, status: 'CANCELLED' }));
  }
  return step ? { dossierId: d.id, stepId: step.stepId, phase: 'STOP' } : workflowState(after);
}

async function assignStep(ctx: Ctx, stepId: string): Promise<StepState> {
  const d = ctx.dossier;
  const step = ctx.steps.find((s) => s.stepId === stepId);
  if (!step) throw new Error(`step ${stepId} missing`);
  if (isFinal(d.status) || step.status !== 'PENDING') return stepState(ctx, step);
  // The first stage runs on the acceptance's clock (the appointment's), however long the workflow
  // took to get here; a later stage starts when the one before it finished. The appointment the
  // citizen was given is never moved here: only an apology (art. 19(9)) or a restarted clock after
  // a supplement (art. 19(4)) moves it, and each tells the citizen.
  const firstStage = Math.min(...ctx.steps.map((s) => s.stage));
  const accepted = acceptedAt(ctx);
  const start = step.stage === firstStage && accepted && accepted < ctx.now ? accepted : ctx.now;
  const started = { ...startStep(step, start, ctx.cal, ctx.policy), startedAt: ctx.now.toISOString() };
  await commitTransition({
    dossier: d,
    checkVersion: false,
    steps: [{ step: started, expectStatus: ['PENDING'] }],
    before: ctx.steps,
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
  });
  await deliverOutbox(d.id);
  return stepState(ctx, started);
}

async function stepTimer(ctx: Ctx, stepId: string): Promise<StepState> {
  const d = ctx.dossier;
  const step = ctx.steps.find((s) => s.stepId === stepId)!;
  const action = timerAction(step, ctx.now, ctx.cal);
  if (action === 'NONE') return stepState(ctx, step);
  const updated: DossierStep =
    action === 'REMIND'
      ? { ...step, reminded: true }
      : { ...step, reminded: true, escalatedAt: ctx.now.toISOString() };
  const message =
    action === 'REMIND'
      ? notify(
          ctx,
          'STEP_REMINDER',
          deptEmail(ctx, step.departmentId),
          { departmentId: step.departmentId, date: step.dueDate!, extended: step.extended },
          { unit: step.departmentId },
        )
      : // Escalation reaches the department (its head in-app) and the centre.
        notify(
          ctx,
          'STEP_ESCALATION',
          [...deptEmail(ctx, step.departmentId), ...(ctx.centreEmail ? [ctx.centreEmail] : [])],
          { departmentId: step.departmentId, date: step.dueDate! },
          { unit: step.departmentId, roles: ['DEPARTMENT_HEAD'], email: true },
        );
  // The first step of the dossier to go overdue also tells the citizen, with the apology owed.
  const citizenToo = action === 'ESCALATE' && !ctx.steps.some((s) => s.escalatedAt);
  await commitTransition({
    dossier: d,
    checkVersion: false,
    messages: citizenToo
      ? [message, notify(ctx, 'OVERDUE', citizenEmail(d), { date: step.dueDate! })]
      : [message],
    // The clock keeps running while the head has the result for approval.
    steps: [{ step: updated, expectStatus: [step.status] }],
    before: ctx.steps,
    events: [
      event(action === 'REMIND' ? 'STEP_REMINDED' : 'STEP_ESCALATED', ctx.now, SYSTEM, d.status, d.status, {
        stepId,
        departmentId: step.departmentId,
        dueDate: step.dueDate,
      }),
    ],
  });
  await deliverOutbox(d.id);
  return stepState(ctx, updated);
}

async function afterStages(ctx: Ctx): Promise<WorkflowState> {
  const d = ctx.dossier;
  if (isFinal(d.status)) {
    const wf = { ...(d.wf ?? { phase: 'DONE' as const }), phase: 'DONE' as const };
    if (d.wf?.phase !== 'DONE')
      await commitTransition({ dossier: d, checkVersion: false, set: { wf }, events: [] });
    return { dossierId: d.id, phase: 'DONE' };
  }
  if (d.status === 'RESULT_READY' && d.wf?.phase === 'RETURN') return workflowState(ctx);
  if (!ctx.steps.every((s) => s.status === 'DONE')) {
    throw new Error('processing ended with steps that are neither done nor stopped');
  }
  const readyAt = ctx.now.toISOString();
  const readyEvent = event('RESULT_READY', ctx.now, SYSTEM, d.status, 'RESULT_READY', {
    // Statistics: against the appointment; a date re-set with an apology counts as late.
    outcome:
      ctx.steps.some((s) => s.extended) || !d.appointment
        ? 'LATE' // (every received dossier has an appointment)
        : classify(ctx.now, new Date(d.appointment.dueAt)),
  });
  const online = onlineResult(ctx);
  if (online) return returnOnline(ctx, online, readyEvent);
  const wf = { phase: 'RETURN' as const, readyAt };
  await commitTransition({
    dossier: d,
    checkVersion: true,
    expectStatus: ['IN_PROGRESS'],
    set: { status: 'RESULT_READY', wf, resultReturn: { method: d.delivery.method, readyAt } },
    events: [readyEvent],
    messages: [notify(ctx, 'RESULT_READY', citizenEmail(d))],
  });
  await deliverOutbox(d.id);
  return workflowState({ ...ctx, dossier: { ...d, status: 'RESULT_READY', wf } });
}

/**
 * The result document a citizen who chose online delivery receives: the newest verified result of
 * the dossier's steps. Without one (a paper-only result) the result waits at the centre as usual.
 */
function onlineResult(ctx: Ctx) {
  if (ctx.dossier.delivery.method !== 'ONLINE') return undefined;
  return ctx.agg.documents
    .filter((doc) => doc.kind === 'RESULT' && doc.status === 'VERIFIED')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

/**
 * Online delivery: the result made available for download IS the return (trả kết quả), so the
 * dossier is returned at that moment — one transaction with both events, so the statistics count
 * it resolved and returned at the same instant and the look-up and the register show that time.
 */
async function returnOnline(
  ctx: Ctx,
  doc: { documentId: string },
  readyEvent: DossierEvent,
): Promise<WorkflowState> {
  const d = ctx.dossier;
  const at = ctx.now.toISOString();
  const resultReturn = { method: 'ONLINE' as const, readyAt: at, returnedAt: at, documentId: doc.documentId };
  const wf = { phase: 'DONE' as const, readyAt: at };
  await commitTransition({
    dossier: d,
    checkVersion: true,
    expectStatus: ['IN_PROGRESS'],
    set: { status: 'RETURNED', wf, resultReturn },
    events: [
      readyEvent,
      event('RESULT_RETURNED', ctx.now, SYSTEM, 'RESULT_READY', 'RETURNED', { online: true }),
    ],
    messages: [notify(ctx, 'RESULT_ONLINE', citizenEmail(d))],
  });
  await deliverOutbox(d.id);
  return { dossierId: d.id, phase: 'DONE' };
}

async function returnTimer(ctx: Ctx): Promise<WorkflowState> {
  const d = ctx.dossier;
  if (d.wf?.phase !== 'RETURN' || ctx.now < collectionTimerTarget(ctx)) return workflowState(ctx);
  const wf = { ...d.wf, collectionRemindedAt: ctx.now.toISOString() };
  delete wf.token;
  delete wf.tokenKind;
  await commitTransition({
    dossier: d,
    checkVersion: false,
    set: { wf },
    events: [event('COLLECTION_REMINDED', ctx.now, SYSTEM, d.status, d.status)],
    messages: [notify(ctx, 'COLLECTION_REMINDER', citizenEmail(d))],
  });
  await deliverOutbox(d.id);
  return workflowState({ ...ctx, dossier: { ...d, wf } });
}

async function finish(ctx: Ctx): Promise<WorkflowState> {
  const d = ctx.dossier;
  // Idempotent: a retried finish finds its own event and does nothing more.
  if (!ctx.agg.events.some((e) => e.type === 'WORKFLOW_CLOSED')) {
    // The result's time stays with the dossier (the register's result date).
    const wf = { phase: 'DONE' as const, ...(d.wf?.readyAt ? { readyAt: d.wf.readyAt } : {}) };
    await commitTransition({
      dossier: d,
      checkVersion: false,
      set: { wf },
      remove: ['gsi1pk', 'gsi1sk'],
      events: [event('WORKFLOW_CLOSED', ctx.now, SYSTEM, d.status, d.status)],
      // An online return already told the citizen (RESULT_ONLINE) at the same moment.
      messages:
        d.status === 'RETURNED' && !d.resultReturn?.documentId
          ? [notify(ctx, 'CLOSED', citizenEmail(d))]
          : [],
    });
    await deliverOutbox(d.id);
  }
  return { dossierId: d.id, phase: 'DONE' };
}

/** A task failed for good: flag the dossier for a person to look at, and say so loudly. */
async function fail(ctx: Ctx, p: TaskPayload): Promise<Record<string, never>> {
  const d = ctx.dossier;
  const error = (p.state?.error ?? {}) as { Error?: string; Cause?: string };
  // The Lambda error's message (ours are fixed texts, never personal data) says what went wrong.
  let detail = '';
  try {
    const cause = JSON.parse(error.Cause ?? '{}') as { errorMessage?: unknown };
    if (typeof cause.errorMessage === 'string') detail = `: ${cause.errorMessage.slice(0, 200)}`;
  } catch {
    // a Cause that is not Lambda's JSON: the error name is all there is
  }
  const reason = `${error.Error ?? 'UnknownError'}${p.stepId ? ` at step ${p.stepId}` : ''}${detail}`;
  // The first failure names the cause; the outer state machine failing because of it adds nothing.
  if (d.flagged) return {};
  // The flag and its place in the centre's flagged queue are one write (conditional: once).
  const flagged = await flagDossier(
    d,
    { at: ctx.now.toISOString(), reason },
    event('WORKFLOW_FAILED', ctx.now, SYSTEM, d.status, d.status, { reason }),
  );
  if (!flagged) return {};
  // An Embedded Metric Format line: CloudWatch turns it into the DossierWorkflowFailures metric
  // that the monitoring stack alarms on.
  logger.error('dossier workflow failed', {
    reason,
    _aws: {
      Timestamp: ctx.now.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: 'Motcua',
          Dimensions: [[]],
          Metrics: [{ Name: 'DossierWorkflowFailures', Unit: 'Count' }],
        },
      ],
    },
    DossierWorkflowFailures: 1,
  });
  return {};
}

// ---------------------------------------------------------------------------------------------
// Actions that answer waits (staff and citizens). Each is conditional on what the actor saw.

/** A dossier outside the caller's department answers like a dossier that does not exist. */
function assertCanSee(principal: StaffPrincipal, ctx: Ctx): void {
  if (
    !canSeeDossier(
      principal,
      ctx.steps.map((s) => s.departmentId),
      ctx.dossier.departmentId,
    )
  ) {
    throw new DomainError('DOSSIER_NOT_FOUND', 'Không tìm thấy hồ sơ');
  }
}

export interface Answer {
  token: string;
  output: unknown;
}

async function deliver(answers: Answer[]): Promise<void> {
  for (const a of answers) await answerWait(a.token, a.output);
}

/**
 * Runs an action against a fresh read; when the only conflict was a wait parking its token at
 * the same moment (the version did not change), it reads again and retries.
 */
async function act(
  dossierId: string,
  now: Date,
  expectedVersion: number | undefined,
  /** Who may act, checked before anything about the dossier's state is revealed. */
  guard: ((ctx: Ctx) => void) | undefined,
  decide: (ctx: Ctx) => Promise<{
    transition: Transition;
    answers: (ctx: Ctx) => Answer[];
    messages?: OutboxMessage[];
  }>,
): Promise<{ version: number }> {
  for (let attempt = 0; ; attempt++) {
    const ctx = await loadCtx(dossierId, now);
    guard?.(ctx);
    if (expectedVersion !== undefined && ctx.dossier.version !== expectedVersion) {
      throw new DomainError('DOSSIER_CONFLICT', 'Hồ sơ vừa được thay đổi bởi thao tác khác; hãy tải lại');
    }
    const decision = await decide(ctx).catch((err) => calendarGap(ctx, err));
    try {
      const version = await commitTransition({
        ...decision.transition,
        before: ctx.steps,
        messages: decision.messages ?? [],
      });
      await deliverOutbox(dossierId);
      await deliver(decision.answers(ctx));
      return { version };
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'DOSSIER_CONFLICT' || attempt >= 3) throw err;
      const fresh = await getDossier(dossierId);
      if (expectedVersion !== undefined && fresh?.dossier.version !== expectedVersion) throw err;
    }
  }
}

/**
 * The appointment (ngày hẹn trả) reception's acceptance gives: the statutory deadline counted from
 * the acceptance, when the dossier is received as complete (Decree 61/2018 art. 18: after 15:00 it
 * counts from the next working day). It is given once, on the receipt (form 01) and the receipt
 * email, and the first department's step runs on the same clock (docs/deadlines.md). The intake
 * form shows it before reception confirms.
 */
export function appointmentOnAccept(ctx: Ctx) {
  return ctx.cal.dueDate(receivedForDeadline(ctx, ctx.now), ctx.procedure.deadline as Duration, {
    cutoff: ctx.policy.cutoff,
  });
}

/**
 * The instant the statutory time counts from, given the acceptance: a paper dossier (counter or
 * post) is received when it reached the centre (the time reception recorded); an online one when
 * reception accepts it as complete (before that it is a submission, acknowledged without a date).
 */
function receivedForDeadline(ctx: Ctx, accepted: Date): Date {
  const d = ctx.dossier;
  if (d.channel === 'ONLINE') return accepted;
  const received = d.receivedAt ?? d.submittedAt;
  return received && new Date(received) < accepted ? new Date(received) : accepted;
}

/** When the first stage's clock starts: the appointment's own basis, once reception accepted. */
function acceptedAt(ctx: Ctx): Date | undefined {
  const e = [...ctx.agg.events].reverse().find((x) => x.type === 'INTAKE_ACCEPTED');
  return e ? receivedForDeadline(ctx, new Date(e.at)) : undefined;
}

/**
 * A decision whose deadline needs a year the calendar lacks: the dossier is flagged for the
 * centre (once), the alarm metric is emitted, and the person gets a 409 naming the year to add.
 * Any other error passes through.
 */
async function calendarGap(ctx: Ctx, err: unknown): Promise<never> {
  const year = missingCalendarYear(err);
  if (year === undefined) throw err;
  const reason = `CALENDAR_OUT_OF_RANGE: năm ${year} chưa có trong lịch làm việc`;
  const flagged = ctx.dossier.flagged
    ? false
    : await flagDossier(
        ctx.dossier,
        { at: ctx.now.toISOString(), reason },
        event('WORKFLOW_FAILED', ctx.now, SYSTEM, ctx.dossier.status, ctx.dossier.status, {
          reason,
          missingYear: year,
        }),
      );
  // Embedded Metric Format: the failures metric the monitoring stack alarms on, and its cause.
  logger.error('calendar out of range', {
    missingYear: year,
    flagged,
    _aws: {
      Timestamp: ctx.now.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: 'Motcua',
          Dimensions: [[]],
          Metrics: [
            { Name: 'DossierWorkflowFailures', Unit: 'Count' },
            { Name: 'CalendarOutOfRange', Unit: 'Count' },
          ],
        },
      ],
    },
    DossierWorkflowFailures: 1,
    CalendarOutOfRange: 1,
  });
  throw calendarGapProblem(year);
}

export type IntakeDecision =
  | { decision: 'ACCEPT' }
  | { decision: 'SUPPLEMENT'; missing: string[]; reasons: string[] }
  | { decision: 'REFUSE'; reasons: string[] };

export async function decideIntake(
  dossierId: string,
  version: number,
  input: IntakeDecision,
  principal: StaffPrincipal,
  now: Date,
) {
  const actor = actorOf(principal);
  const guard = (ctx: Ctx) => assertCanSee(principal, ctx);
  return act(dossierId, now, version, guard, async (ctx) => {
    const d = ctx.dossier;
    if (d.status !== 'SUBMITTED' || d.wf?.phase !== 'INTAKE') {
      throw new DomainError('DOSSIER_NOT_WAITING', 'Hồ sơ không ở bước chờ tiếp nhận');
    }
    const token = d.wf.token ?? null;
    const base = {
      dossier: d,
      checkVersion: true,
      expectStatus: ['SUBMITTED' as DossierStatus],
      expectToken: token,
    };
    if (input.decision === 'ACCEPT') {
      const due = appointmentOnAccept(ctx);
      const steps = planSteps(d.departmentId, ctx.procedure.deadline as Duration, ctx.policy);
      const wf = { phase: 'PROCESSING' as const };
      const appointment = { dueDate: due.dueDate, dueAt: due.dueAt.toISOString() };
      return {
        transition: {
          ...base,
          set: { status: 'IN_PROGRESS', wf, appointment },
          steps: steps.map((s) => ({ step: s })),
          events: [
            event('INTAKE_ACCEPTED', now, actor, d.status, 'IN_PROGRESS', {
              appointment: due.dueDate,
              provisional: due.provisional,
              steps: steps.map((s) => ({ stepId: s.stepId, departmentId: s.departmentId, stage: s.stage })),
            }),
          ],
        },
        messages: [notify(ctx, 'RECEIPT', citizenEmail(d), { date: due.dueDate })],
        answers: () =>
          token ? [{ token, output: { dossierId: d.id, phase: 'PROCESSING', stages: stagesOf(steps) } }] : [],
      };
    }
    if (input.decision === 'SUPPLEMENT') {
      const citizenDueAt = windowEnd(now, ctx.policy.citizenSupplementWindow, ctx.cal);
      const wf = { phase: 'INTAKE_SUPPLEMENT' as const, citizenDueAt: citizenDueAt.toISOString() };
      const notice = {
        kind: 'SUPPLEMENT',
        reasons: input.reasons,
        missing: input.missing,
        at: now.toISOString(),
        dueAt: wf.citizenDueAt,
      };
      return {
        transition: {
          ...base,
          set: { status: 'SUPPLEMENT_REQUESTED', wf, notice },
          events: [
            event('INTAKE_SUPPLEMENT_REQUESTED', now, actor, d.status, 'SUPPLEMENT_REQUESTED', {
              missing: input.missing.length,
              citizenDueAt: wf.citizenDueAt,
            }),
          ],
        },
        messages: [
          notify(ctx, 'SUPPLEMENT_REQUEST', citizenEmail(d), {
            date: vnIsoDate(new Date(wf.citizenDueAt)),
            missing: input.missing,
            reasons: input.reasons,
          }),
        ],
        answers: () =>
          token
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
    const notice = { kind: 'REFUSAL', reasons: input.reasons, missing: [], at: now.toISOString() };
    return {
      transition: {
        ...base,
        set: { status: 'REFUSED', wf: { phase: 'DONE' }, notice },
        events: [event('INTAKE_REFUSED', now, actor, d.status, 'REFUSED', { reasons: input.reasons.length })],
      },
      messages: [notify(ctx, 'REFUSAL', citizenEmail(d), { reasons: input.reasons })],
      answers: () => (token ? [{ token, output: { dossierId: d.id, phase: 'DONE' } }] : []),
    };
  });
}

export type StepDecision =
  | { action: 'COMPLETE'; resultDocumentId?: string | undefined }
  | { action: 'REQUEST_SUPPLEMENT'; missing: string[]; reasons: string[] }
  | { action: 'EXTEND'; extension: Duration; reasons: string[] }
  | { action: 'REFUSE'; reasons: string[] }
  | { action: 'APPROVE' }
  | { action: 'RETURN_FOR_REWORK'; reasons: string[] };

export async function decideStep(
  dossierId: string,
  stepId: string,
  version: number,
  input: StepDecision,
  principal: StaffPrincipal,
  now: Date,
) {
  const actor = actorOf(principal);
  const guard = (ctx: Ctx) => {
    assertCanSee(principal, ctx);
    const step = ctx.steps.find((s) => s.stepId === stepId);
    if (!step) throw new DomainError('STEP_NOT_FOUND', `Không có bước ${stepId}`);
    // A department acts on its own step only (liên thông: each agency its part).
    if (principal.departmentId !== step.departmentId) {
      throw new DomainError('FORBIDDEN', 'Bước này thuộc cơ quan khác');
    }
    assertMayDecide(principal, step);
  };
  return act(dossierId, now, version, guard, async (ctx) => {
    const d = ctx.dossier;
    const step = ctx.steps.find((s) => s.stepId === stepId)!;
    if (isFinal(d.status)) throw new DomainError('DOSSIER_NOT_WAITING', 'Hồ sơ đã kết thúc');
    const token = step.token ?? null;
    const stepCommon = { expectStatus: ['WAITING_DEPARTMENT' as StepStatus], expectToken: token };
    const isHead = principal.roles.includes('DEPARTMENT_HEAD');
    if (input.action === 'APPROVE' || input.action === 'RETURN_FOR_REWORK') {
      if (!isHead) throw new DomainError('FORBIDDEN', 'Chỉ lãnh đạo cơ quan phê duyệt kết quả');
      if (step.status !== 'AWAITING_APPROVAL') {
        throw new DomainError('STEP_NOT_WAITING', 'Bước xử lý không chờ phê duyệt');
      }
      const approval = { expectStatus: ['AWAITING_APPROVAL' as StepStatus], expectToken: token };
      if (input.action === 'APPROVE') {
        const done = withoutToken(completeStep(step, now));
        const signed = await signStepResult({
          dossier: d,
          documents: ctx.agg.documents,
          step,
          principal,
          now,
        });
        return {
          transition: {
            dossier: d,
            checkVersion: true,
            ...(signed.length ? { documents: signed } : {}),
            steps: [{ step: done, ...approval }],
            events: [
              event('STEP_COMPLETED', now, actor, d.status, d.status, {
                stepId,
                departmentId: step.departmentId,
                classification: done.classification,
                approved: true,
              }),
            ],
          },
          answers: (c: Ctx) => (token ? [{ token, output: stepState(c, done) }] : []),
        };
      }
      // Back to the officer; the wait stays parked (its token is kept) and the clock keeps running.
      const back = returnForRework(step);
      const headName = await nameOf(principal);
      return {
        transition: {
          dossier: d,
          checkVersion: true,
          steps: [{ step: back, ...approval }],
          events: [
            event('STEP_RETURNED_FOR_REWORK', now, actor, d.status, d.status, {
              stepId,
              reasons: input.reasons.length,
            }),
          ],
        },
        messages: [
          notify(
            ctx,
            'RETURNED_FOR_REWORK',
            [],
            {
              departmentId: step.departmentId,
              date: step.dueDate!,
              reasons: input.reasons,
              ...(headName ? { personName: headName } : {}),
            },
            {
              unit: step.departmentId,
              ...(step.handler ? { userIds: [step.handler] } : { roles: ['DEPARTMENT_OFFICER'] }),
              email: true,
            },
          ),
        ],
        answers: () => [],
      };
    }
    if (input.action === 'COMPLETE' && ctx.policy.requiresApproval && !isHead) {
      // The officer's result goes to the head first; the wait stays parked (token kept).
      if (step.status !== 'WAITING_DEPARTMENT')
        throw new DomainError('STEP_NOT_WAITING', 'Bước xử lý không còn mở');
      assertResultGiven(ctx, step, input.resultDocumentId);
      const result = input.resultDocumentId
        ? await verifyResultDocument(ctx, stepId, input.resultDocumentId)
        : undefined;
      const submitted = submitForApproval(step, now);
      return {
        transition: {
          dossier: d,
          checkVersion: true,
          ...(result ? { documents: [result] } : {}),
          steps: [{ step: submitted, ...stepCommon }],
          events: [event('STEP_SUBMITTED_FOR_APPROVAL', now, actor, d.status, d.status, { stepId })],
        },
        messages: [
          notify(
            ctx,
            'APPROVAL_REQUEST',
            [],
            { departmentId: step.departmentId, date: step.dueDate! },
            { unit: step.departmentId, roles: ['DEPARTMENT_HEAD'], email: true },
          ),
        ],
        answers: () => [],
      };
    }
    const answersFor = (c: Ctx, s: DossierStep): Answer[] =>
      token ? [{ token, output: stepState(c, s) }] : [];
    if (input.action === 'COMPLETE') {
      assertResultGiven(ctx, step, input.resultDocumentId);
      const done = withoutToken(completeStep(step, now));
      const result = input.resultDocumentId
        ? await verifyResultDocument(ctx, stepId, input.resultDocumentId)
        : undefined;
      const signed = await signStepResult({
        dossier: d,
        documents: ctx.agg.documents,
        step,
        principal,
        now,
        verified: result,
      });
      return {
        transition: {
          dossier: d,
          checkVersion: true,
          ...(signed.length ? { documents: signed } : {}),
          steps: [{ step: done, ...stepCommon }],
          events: [
            event('STEP_COMPLETED', now, actor, d.status, d.status, {
              stepId,
              departmentId: step.departmentId,
              classification: done.classification,
            }),
          ],
        },
        answers: (c) => answersFor(c, done),
      };
    }
    if (input.action === 'REQUEST_SUPPLEMENT') {
      const waiting = withoutToken(requestStepSupplement(step, now, ctx.cal, ctx.policy));
      const notice = {
        kind: 'SUPPLEMENT',
        reasons: input.reasons,
        missing: input.missing,
        at: now.toISOString(),
        dueAt: waiting.citizenDueAt!,
      };
      const late =
        ctx.cal.workingDaysBetween(vnIsoDate(new Date(step.startedAt!)), vnIsoDate(now)) >
        ctx.policy.departmentSupplementWithinWorkingDays;
      return {
        transition: {
          dossier: d,
          checkVersion: true,
          set: { status: 'SUPPLEMENT_REQUESTED', notice },
          steps: [{ step: waiting, ...stepCommon }],
          events: [
            event('STEP_SUPPLEMENT_REQUESTED', now, actor, d.status, 'SUPPLEMENT_REQUESTED', {
              stepId,
              missing: input.missing.length,
              citizenDueAt: waiting.citizenDueAt,
              clock: ctx.policy.supplementClock,
              ...(late ? { afterStatutoryWindow: true } : {}),
            }),
          ],
        },
        messages: [
          notify(ctx, 'SUPPLEMENT_REQUEST', citizenEmail(d), {
            departmentId: step.departmentId,
            date: vnIsoDate(new Date(waiting.citizenDueAt!)),
            missing: input.missing,
            reasons: input.reasons,
          }),
        ],
        answers: (c) => answersFor(c, waiting),
      };
    }
    if (input.action === 'EXTEND') {
      const extended = withoutToken(extendStep(step, input.extension, now, ctx.cal, ctx.policy));
      const appointmentDue = [d.appointment?.dueDate ?? '', extended.dueDate!].sort().at(-1)!;
      return {
        transition: {
          dossier: d,
          checkVersion: true,
          set: {
            appointment: {
              dueDate: appointmentDue,
              dueAt: ctx.cal.endOfOfficeHours(appointmentDue).toISOString(),
            },
          },
          steps: [{ step: extended, ...stepCommon }],
          events: [
            event('STEP_EXTENDED', now, actor, d.status, d.status, {
              stepId,
              departmentId: step.departmentId,
              from: step.dueDate,
              to: extended.dueDate,
              apologyLate: now > new Date(step.reminderAt!),
              // Kept for the apology letter (form 04), which exists to state them.
              reasons: input.reasons,
            }),
          ],
        },
        messages: [
          notify(ctx, 'APOLOGY', citizenEmail(d), {
            departmentId: step.departmentId,
            date: appointmentDue,
            reasons: input.reasons,
          }),
        ],
        answers: (c) => answersFor(c, extended),
      };
    }
    // Refusal on the merits ends the dossier; agencies working in parallel stop too.
    const refused = { ...withoutToken(step), status: 'REFUSED' as const, completedAt: now.toISOString() };
    const others = ctx.steps.filter(
      (s) => s.stepId !== stepId && !['DONE', 'REFUSED', 'CANCELLED'].includes(s.status),
    );
    const notice = { kind: 'REFUSAL', reasons: input.reasons, missing: [], at: now.toISOString() };
    return {
      transition: {
        dossier: d,
        checkVersion: true,
        set: { status: 'REFUSED', notice },
        steps: [
          { step: refused, ...stepCommon },
          ...others.map((s) => ({ step: { ...withoutToken(s), status: 'CANCELLED' as const } })),
        ],
        events: [
          event('STEP_REFUSED', now, actor, d.status, 'REFUSED', { stepId, reasons: input.reasons.length }),
        ],
      },
      messages: [
        notify(ctx, 'REFUSAL', citizenEmail(d), { departmentId: step.departmentId, reasons: input.reasons }),
      ],
      answers: (c) => {
        const after = { ...c, dossier: { ...d, status: 'REFUSED' as DossierStatus } };
        return [
          ...(token ? [{ token, output: stepState(after, refused) }] : []),
          ...others.filter((s) => s.token).map((s) => ({ token: s.token!, output: stepState(after, s) })),
        ];
      },
    };
  });
}

/**
 * Who may decide a department's step: the officer it is assigned to, or the department's head.
 * An unassigned step may be decided by any officer of the department (the head has not split the
 * work); approval and return for rework are the head's alone (checked with the action).
 */
export function assertMayDecide(principal: StaffPrincipal, step: DossierStep): void {
  if (principal.roles.includes('DEPARTMENT_HEAD')) return;
  if (step.handler && step.handler !== principal.id) {
    throw new DomainError('FORBIDDEN', 'Bước này đã được giao cho cán bộ khác');
  }
}

/**
 * Where the procedure's result is a document, a step of the last stage (the one whose completion
 * makes the result ready) completes only with its result file: uploaded with this decision, or
 * already verified (a result the head sent back for rework and the officer keeps).
 */
export function resultRequired(ctx: Ctx, step: DossierStep): boolean {
  if (ctx.procedure.resultIsDocument === false) return false;
  return step.stage === Math.max(...ctx.steps.map((s) => s.stage));
}

function assertResultGiven(ctx: Ctx, step: DossierStep, resultDocumentId: string | undefined): void {
  if (resultDocumentId || !resultRequired(ctx, step)) return;
  const kept = ctx.agg.documents.some(
    (x) => x.kind === 'RESULT' && x.requirementId === `result-${step.stepId}` && x.status === 'VERIFIED',
  );
  if (kept) return;
  throw new DomainError(
    'RESULT_DOCUMENT_REQUIRED',
    'Thủ tục này trả kết quả bằng văn bản: hãy tải tệp kết quả lên trước khi hoàn thành',
    [{ path: 'resultDocumentId', code: 'required', message: 'Chưa có tệp kết quả' }],
  );
}

/**
 * The centre hands the result back (trả kết quả), recording who collected it: required for a
 * counter or postal dossier collected at the centre. The name and CCCD stay on the dossier; the
 * event carries only the kind.
 */
export async function handBack(
  dossierId: string,
  version: number,
  principal: StaffPrincipal,
  now: Date,
  collector?: Collector,
  trackingNumber?: string,
) {
  const actor = actorOf(principal);
  return act(
    dossierId,
    now,
    version,
    (ctx) => assertCanSee(principal, ctx),
    async (ctx) => {
      const d = ctx.dossier;
      if (d.status !== 'RESULT_READY' || d.wf?.phase !== 'RETURN') {
        throw new DomainError('DOSSIER_NOT_WAITING', 'Hồ sơ chưa có kết quả để trả');
      }
      if (!collector && d.channel !== 'ONLINE' && d.delivery.method === 'AT_CENTRE') {
        throw new DomainError('VALIDATION_FAILED', 'Ghi rõ ai nhận kết quả', [
          {
            path: 'collector',
            code: 'required',
            message: 'Chọn người nhận: người nộp hoặc người được ủy quyền',
          },
        ]);
      }
      // A result sent by post is handed to the postal service: its tracking number is the receipt.
      if (d.delivery.method === 'POST' && !trackingNumber) {
        throw new DomainError('VALIDATION_FAILED', 'Ghi mã vận đơn của bưu chính', [
          { path: 'trackingNumber', code: 'required', message: 'Nhập mã vận đơn bưu chính đã gửi kết quả' },
        ]);
      }
      const token = d.wf.token ?? null;
      const resultReturn = {
        method: d.delivery.method,
        readyAt: d.resultReturn?.readyAt ?? d.wf.readyAt ?? now.toISOString(),
        ...d.resultReturn,
        returnedAt: now.toISOString(),
        ...(trackingNumber && d.delivery.method === 'POST' ? { trackingNumber } : {}),
      };
      return {
        transition: {
          dossier: d,
          checkVersion: true,
          expectStatus: ['RESULT_READY'],
          expectToken: token,
          set: {
            status: 'RETURNED',
            wf: { phase: 'DONE' },
            resultReturn,
            ...(collector ? { collector: { ...collector, at: now.toISOString() } } : {}),
          },
          events: [
            event(
              'RESULT_RETURNED',
              now,
              actor,
              d.status,
              'RETURNED',
              collector ? { collector: collector.kind } : undefined,
            ),
          ],
        },
        answers: () => (token ? [{ token, output: { dossierId: d.id, phase: 'DONE' } }] : []),
      };
    },
  );
}

const CITIZEN: Actor = { kind: 'CITIZEN', id: 'citizen' };

/**
 * Documents uploaded to answer a supplement request, read back and checked like at submission
 * (size, type by magic bytes, SHA-256); all problems are listed at once and nothing is written.
 */
async function verifySupplementDocuments(ctx: Ctx) {
  const pending = ctx.agg.documents
    .filter((doc) => doc.status === 'PENDING')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.documentId.localeCompare(a.documentId));
  const verified: { documentId: string; sha256: string; size: number; contentType: string }[] = [];
  const problems: FieldError[] = [];
  const decided = new Set<string>();
  // Newest first: the newest upload that reached storage counts for its requirement; older ones
  // were replaced (as at submission).
  for (const doc of pending) {
    const req = ctx.procedure.documents.find((r) => r.id === doc.requirementId);
    if (!req || decided.has(req.id)) continue;
    const stored = await inspectObject(doc.key, mb(req.maxSizeMb));
    if (!stored) continue; // a slot that was never used
    decided.add(req.id);
    const p = documentProblems(req, {
      documentId: doc.documentId,
      requirementId: doc.requirementId,
      declaredType: doc.declaredType,
      declaredSize: doc.declaredSize,
      createdAt: doc.createdAt,
      stored,
    });
    if (p.length) problems.push(...p);
    else
      verified.push({
        documentId: doc.documentId,
        sha256: stored.sha256,
        size: stored.size,
        contentType: stored.detectedType!,
      });
  }
  if (problems.length) throw new DomainError('DOCUMENTS_INVALID', 'Tệp bổ sung chưa hợp lệ', problems);
  return verified;
}

/** The department's result document: read back and checked (a real PDF within the size limit). */
async function verifyResultDocument(ctx: Ctx, stepId: string, documentId: string) {
  const doc = ctx.agg.documents.find(
    (x) => x.documentId === documentId && x.kind === 'RESULT' && x.requirementId === `result-${stepId}`,
  );
  if (doc?.status !== 'PENDING') {
    throw new DomainError('VALIDATION_FAILED', 'Không có tệp kết quả này', [
      { path: 'resultDocumentId', code: 'unknown', message: 'Không có tệp kết quả này' },
    ]);
  }
  const stored = await inspectObject(doc.key, mb(20));
  const problems = stored
    ? documentProblems(
        {
          id: `result-${stepId}`,
          name: 'Kết quả',
          originals: 1,
          copies: 0,
          uploadMandatory: true,
          acceptedTypes: ['application/pdf'],
          maxSizeMb: 20,
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
    : [{ path: 'resultDocumentId', code: 'DOCUMENT_MISSING', message: 'Chưa tải tệp kết quả lên' }];
  if (problems.length) throw new DomainError('DOCUMENTS_INVALID', 'Tệp kết quả chưa hợp lệ', problems);
  return { documentId, sha256: stored!.sha256, size: stored!.size, contentType: 'application/pdf' };
}

/** The citizen answers a supplement request (at intake or from a department). */
export async function provideSupplement(dossierId: string, now: Date) {
  return act(dossierId, now, undefined, undefined, async (ctx) => {
    const d = ctx.dossier;
    if (d.status !== 'SUPPLEMENT_REQUESTED') {
      throw new DomainError('DOSSIER_NOT_WAITING', 'Hồ sơ không có yêu cầu bổ sung đang chờ');
    }
    const documents = await verifySupplementDocuments(ctx);
    if (d.wf?.phase === 'INTAKE_SUPPLEMENT') {
      const token = d.wf.token ?? null;
      // The complete dossier counts as received now: intake starts again.
      const intakeDueAt = windowEnd(now, ctx.policy.intakeWithin, ctx.cal).toISOString();
      const wf = { phase: 'INTAKE' as const, intakeDueAt };
      return {
        transition: {
          dossier: d,
          checkVersion: true,
          expectStatus: ['SUPPLEMENT_REQUESTED'],
          expectToken: token,
          set: { status: 'SUBMITTED', wf, receivedAt: now.toISOString() },
          documents,
          events: [
            event('SUPPLEMENT_PROVIDED', now, CITIZEN, d.status, 'SUBMITTED', {
              documents: documents.length,
            }),
          ],
        },
        messages: [staffNotice(ctx, 'SUPPLEMENT_PROVIDED', undefined)],
        answers: (c) =>
          token
            ? [{ token, output: workflowState({ ...c, dossier: { ...d, status: 'SUBMITTED', wf } }) }]
            : [],
      };
    }
    const step = ctx.steps.find((s) => s.status === 'WAITING_CITIZEN');
    if (!step) throw new DomainError('DOSSIER_NOT_WAITING', 'Hồ sơ không có yêu cầu bổ sung đang chờ');
    const token = step.token ?? null;
    const resumed = withoutToken(resumeStepAfterSupplement(step, now, ctx.cal, ctx.policy));
    const appointmentDue = [d.appointment?.dueDate ?? '', resumed.dueDate!].sort().at(-1)!;
    return {
      transition: {
        dossier: d,
        checkVersion: true,
        expectStatus: ['SUPPLEMENT_REQUESTED'],
        set: {
          status: 'IN_PROGRESS',
          appointment: {
            dueDate: appointmentDue,
            dueAt: ctx.cal.endOfOfficeHours(appointmentDue).toISOString(),
          },
        },
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
      },
      messages: [staffNotice(ctx, 'SUPPLEMENT_PROVIDED', resumed)],
      answers: (c) =>
        token
          ? [{ token, output: stepState({ ...c, dossier: { ...d, status: 'IN_PROGRESS' } }, resumed) }]
          : [],
    };
  });
}

/** The applicant withdraws the dossier (DOMAIN.md lifecycle 7): every wait ends. */
export async function withdraw(dossierId: string, now: Date) {
  return act(dossierId, now, undefined, undefined, async (ctx) => {
    const d = ctx.dossier;
    if (isFinal(d.status) || d.status === 'RESULT_READY' || d.status === 'DRAFT') {
      throw new DomainError('DOSSIER_NOT_WAITING', 'Hồ sơ không thể rút ở trạng thái hiện tại');
    }
    const dossierToken = d.wf?.phase !== 'PROCESSING' ? (d.wf?.token ?? null) : undefined;
    const active = ctx.steps.filter((s) => !['DONE', 'REFUSED', 'CANCELLED'].includes(s.status));
    const wf = d.wf?.phase === 'PROCESSING' ? { phase: 'PROCESSING' as const } : { phase: 'DONE' as const };
    return {
      transition: {
        dossier: d,
        checkVersion: true,
        ...(dossierToken !== undefined ? { expectToken: dossierToken } : {}),
        set: { status: 'WITHDRAWN', wf },
        steps: active.map((s) => ({
          step: { ...withoutToken(s), status: 'CANCELLED' as const },
          expectToken: s.token ?? null,
        })),
        events: [event('WITHDRAWN', now, CITIZEN, d.status, 'WITHDRAWN')],
      },
      // Whoever holds the dossier now hears that it need not be decided.
      messages: active.length
        ? active.filter((s) => s.status !== 'PENDING').map((s) => staffNotice(ctx, 'WITHDRAWN_NOTICE', s))
        : [staffNotice(ctx, 'WITHDRAWN_NOTICE', undefined)],
      answers: (c) => {
        const after = { ...c, dossier: { ...d, status: 'WITHDRAWN' as DossierStatus, wf } };
        return [
          ...(dossierToken ? [{ token: dossierToken, output: { dossierId: d.id, phase: 'DONE' } }] : []),
          ...active
            .filter((s) => s.token)
            .map((s) => ({ token: s.token!, output: stepState(after, { ...s, status: 'CANCELLED' }) })),
        ];
      },
    };
  });
}
