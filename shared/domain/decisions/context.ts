import type { Department, Procedure } from '../../contracts/catalogue.ts';
import type { DeadlinePolicy, Duration } from '../../contracts/deadline-policy.ts';
import type { WorkingCalendar } from '../calendar.ts';
import type { Dossier, DossierDocument, DossierEvent } from '../dossier.ts';
import { type Actor, type DossierEventType, type DossierStatus, FINAL_STATUSES } from '../lifecycle.ts';
import type { CitizenNotice } from '../notices.ts';
import {
  buildMessage,
  type MessageContext,
  messageLink,
  type OutboxMessage,
  type Template,
} from '../notifications.ts';
import { vnIsoDate } from '../time.ts';
import {
  type DossierStep,
  nextDepartmentTimer,
  nextOfficeStart,
  type StepState,
  type StepStatus,
  secondsUntil,
  stagesOf,
  stepPhase,
  type WorkflowState,
  windowEnd,
} from '../workflow.ts';

/**
 * What every workflow decision sees and returns. A decision is a pure function of the dossier as
 * read (with its procedure, calendar and departments), the actor, the input and `now`; it returns
 * what changes, and the executor (shared/services/workflow-executor.ts) loads, authorizes, commits
 * it in one conditional transaction with its outbox messages, and answers the parked waits.
 */
export interface DossierContext {
  dossier: Dossier;
  /** All the dossier's steps as read, sorted by step id. */
  steps: DossierStep[];
  documents: DossierDocument[];
  events: DossierEvent[];
  procedure: Procedure;
  policy: DeadlinePolicy;
  cal: WorkingCalendar;
  departments: Map<string, Department>;
  centreEmail: string | undefined;
  /** The public web app's address, for the links in messages. */
  webUrl: string;
  now: Date;
}

/** An event as decided; the executor gives it its id. */
export type NewEvent = Omit<DossierEvent, 'eventId'>;

export interface VerifiedDocument {
  documentId: string;
  sha256: string;
  size: number;
  contentType: string;
}

/**
 * The guarded writes of a dossier and its steps: what a decision asks for and what the repository's
 * one transaction (commitTransition, shared/adapters/workflow-repository.ts) writes.
 */
export interface DossierWrites {
  /** Decisions of people bump the version and require the version they saw (409 otherwise). */
  checkVersion: boolean;
  expectStatus?: DossierStatus[];
  set?: Partial<Dossier> & Record<string, unknown>;
  remove?: string[];
  /** The dossier-level wait token read before deciding (null: none); guards against a wait parking meanwhile. */
  expectToken?: string | null;
  steps?: { step: DossierStep; expectStatus?: StepStatus[]; expectToken?: string | null }[];
  /** Written to the outbox in the same transaction, delivered right after. */
  messages?: OutboxMessage[];
}

/** What one decision writes: one conditional transaction on the dossier it read. */
export interface Change extends DossierWrites {
  documents?: VerifiedDocument[];
  events: NewEvent[];
}

/** A parked wait of the state machine and the state it continues with. */
export interface Answer {
  token: string;
  output: unknown;
}

export interface Decision<R = unknown> {
  /** Absent: nothing to write. */
  change?: Change;
  /** The notices issued to the citizen (their emails are among the change's messages). */
  notices?: CitizenNotice[];
  /** Waits to answer once the change is committed. */
  answers?: Answer[];
  /** For a task of the state machine: the state it continues with. */
  result?: R;
}

export const SYSTEM: Actor = { kind: 'SYSTEM', id: 'workflow' };
export const CITIZEN: Actor = { kind: 'CITIZEN', id: 'citizen' };

export const isFinal = (s: DossierStatus) => FINAL_STATUSES.includes(s);

/** Steps still open (neither done nor stopped). */
export const isOpen = (s: DossierStep) => !['DONE', 'REFUSED', 'CANCELLED'].includes(s.status);

export function event(
  type: DossierEventType,
  at: Date,
  actor: Actor,
  from: DossierStatus,
  to: DossierStatus,
  data?: Record<string, unknown>,
): NewEvent {
  return { type, at: at.toISOString(), actor, fromStatus: from, toStatus: to, ...(data ? { data } : {}) };
}

export function withoutToken(step: DossierStep): DossierStep {
  const { token: _t, tokenKind: _k, ...rest } = step;
  return rest;
}

/** The appointment moves only later, never earlier: the later of the current one and `dueDate`. */
export function laterAppointment(ctx: DossierContext, dueDate: string) {
  const d = [ctx.dossier.appointment?.dueDate ?? '', dueDate].sort().at(-1)!;
  return { dueDate: d, dueAt: ctx.cal.endOfOfficeHours(d).toISOString() };
}

// ---------------------------------------------------------------------------------------------
// Where the workflow stands, from the table alone.

export function intakeTimerTarget(ctx: DossierContext): Date {
  const wf = ctx.dossier.wf!;
  if (wf.intakeRemindedAt) return nextOfficeStart(ctx.cal, new Date(wf.intakeRemindedAt));
  return new Date(wf.intakeDueAt ?? ctx.now.toISOString());
}

export function collectionTimerTarget(ctx: DossierContext): Date {
  const wf = ctx.dossier.wf!;
  const from = wf.collectionRemindedAt ?? wf.readyAt ?? ctx.now.toISOString();
  return windowEnd(new Date(from), ctx.policy.collectionReminderAfter, ctx.cal);
}

export function workflowState(ctx: DossierContext): WorkflowState {
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

export function stepState(ctx: DossierContext, step: DossierStep): StepState {
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

/** The context as it will be after a change of the dossier (for the states that answer waits). */
export function after(ctx: DossierContext, set: Partial<Dossier>): DossierContext {
  return { ...ctx, dossier: { ...ctx.dossier, ...set } };
}

// ---------------------------------------------------------------------------------------------
// Deadlines counted from the acceptance.

/**
 * The instant the statutory time counts from, given the acceptance: a paper dossier (counter or
 * post) is received when it reached the centre (the time reception recorded); an online one when
 * reception accepts it as complete (before that it is a submission, acknowledged without a date).
 */
function receivedForDeadline(ctx: DossierContext, accepted: Date): Date {
  const d = ctx.dossier;
  if (d.channel === 'ONLINE') return accepted;
  const received = d.receivedAt ?? d.submittedAt;
  return received && new Date(received) < accepted ? new Date(received) : accepted;
}

/**
 * The appointment (ngày hẹn trả) reception's acceptance gives: the statutory deadline counted from
 * the acceptance, when the dossier is received as complete (Decree 61/2018 art. 18: after 15:00 it
 * counts from the next working day). It is given once, on the receipt (form 01) and the receipt
 * email, and the first department's step runs on the same clock (docs/deadlines.md). The intake
 * form shows it before reception confirms.
 */
export function appointmentOnAccept(ctx: DossierContext) {
  return ctx.cal.dueDate(receivedForDeadline(ctx, ctx.now), ctx.procedure.deadline as Duration, {
    cutoff: ctx.policy.cutoff,
  });
}

/** When the first stage's clock starts: the appointment's own basis, once reception accepted. */
export function acceptedAt(ctx: DossierContext): Date | undefined {
  const e = [...ctx.events].reverse().find((x) => x.type === 'INTAKE_ACCEPTED');
  return e ? receivedForDeadline(ctx, new Date(e.at)) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Messages.

export function citizenEmail(d: Dossier): string[] {
  return d.applicant.email ? [d.applicant.email] : [];
}

export function deptEmail(ctx: DossierContext, departmentId: string): string[] {
  const e = ctx.departments.get(departmentId)?.email;
  return e ? [e] : [];
}

export function centreEmail(ctx: DossierContext): string[] {
  return ctx.centreEmail ? [ctx.centreEmail] : [];
}

export interface MessageExtra {
  departmentId?: string;
  date?: string;
  reasons?: string[];
  missing?: string[];
  personName?: string;
  extended?: boolean;
  fee?: MessageContext['fee'];
}

export function notify(
  ctx: DossierContext,
  template: Template,
  to: string[],
  extra: MessageExtra = {},
  inApp?: OutboxMessage['inApp'],
): OutboxMessage {
  const d = ctx.dossier;
  const link = messageLink(template, ctx.webUrl, d);
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
      ...(extra.fee ? { fee: extra.fee } : {}),
    }),
    ...(inApp ? { inApp } : {}),
  };
}

/** The citizen's email announcing a notice. */
export function noticeMessage(ctx: DossierContext, n: CitizenNotice): OutboxMessage {
  const to = citizenEmail(ctx.dossier);
  const dept = 'departmentId' in n && n.departmentId ? { departmentId: n.departmentId } : {};
  switch (n.kind) {
    case 'SUPPLEMENT':
      return notify(ctx, 'SUPPLEMENT_REQUEST', to, {
        ...dept,
        date: vnIsoDate(new Date(n.dueAt)),
        missing: n.missing,
        reasons: n.reasons,
      });
    case 'REFUSAL':
      return notify(ctx, 'REFUSAL', to, { ...dept, reasons: n.reasons });
    case 'RECEIPT':
      return notify(ctx, 'RECEIPT', to, { date: n.appointment });
    case 'APOLOGY':
      return notify(ctx, 'APOLOGY', to, { ...dept, date: n.appointment, reasons: n.reasons });
  }
}

/**
 * Who hears of a citizen's answer on a department's step: the assigned officer (in-app and email),
 * or, while nobody is assigned, the department's head (in-app and email) and its mailbox. At intake,
 * the centre's reception and the centre's mailbox.
 */
export function staffNotice(
  ctx: DossierContext,
  template: Template,
  step: DossierStep | undefined,
): OutboxMessage {
  if (!step) {
    return notify(ctx, template, centreEmail(ctx), {}, { unit: 'CENTRE', roles: ['RECEPTION_OFFICER'] });
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
