import type { DeadlinePolicy, Duration } from '../contracts/deadline-policy.ts';
import { classify, type WorkingCalendar } from './calendar.ts';
import { DomainError } from './errors.ts';
import { message } from './messages.ts';
import { vnIsoDate } from './time.ts';

/**
 * The per-dossier workflow's facts, decided here and stored in DynamoDB (the source of truth).
 * The state machine only carries `{ dossierId, phase, timeoutSeconds }` between waits, so an
 * execution can always be rebuilt from the table (after a restart, or by an operator).
 */
export type WorkflowPhase = 'INTAKE' | 'INTAKE_SUPPLEMENT' | 'PROCESSING' | 'RETURN' | 'DONE';
export type StepPhase = 'WAIT_DEPARTMENT' | 'WAIT_CITIZEN' | 'DONE' | 'STOP';
export type WaitKind = 'INTAKE' | 'INTAKE_SUPPLEMENT' | 'DEPARTMENT' | 'CITIZEN' | 'RETURN';

/** What travels between top-level states of the state machine. */
export interface WorkflowState {
  dossierId: string;
  phase: WorkflowPhase;
  timeoutSeconds?: number;
  stages?: { steps: string[] }[];
}

/** What travels between the states of one department step (inside the Map). */
export interface StepState {
  dossierId: string;
  stepId: string;
  phase: StepPhase;
  timeoutSeconds?: number;
}

export type StepStatus =
  | 'PENDING'
  | 'WAITING_DEPARTMENT'
  /** The officer has finished; the department head must approve (procedures that require it). */
  | 'AWAITING_APPROVAL'
  | 'WAITING_CITIZEN'
  | 'DONE'
  | 'REFUSED'
  | 'CANCELLED';
export type Classification = 'EARLY' | 'ON_TIME' | 'LATE';

/** One department's part of the processing (for liên thông, one agency of the chain). */
export interface DossierStep {
  stepId: string;
  stage: number;
  departmentId: string;
  task: string;
  /** The time this agency is allowed (its share of the statutory deadline). */
  allotted: Duration;
  status: StepStatus;
  /** When this step's clock started (restarted by a supplement under RESTART). */
  startedAt?: string;
  dueDate?: string;
  dueAt?: string;
  reminderAt?: string;
  /** PAUSE policy: office minutes that were left when the clock stopped for a supplement. */
  remainingMinutes?: number;
  reminded: boolean;
  escalatedAt?: string;
  /** Apology letter and new date, allowed once (Decree 61/2018 art. 19(9)). */
  extended: boolean;
  citizenDueAt?: string;
  /** When the officer submitted the result for approval. */
  submittedForApprovalAt?: string | undefined;
  supplementRequests: number;
  completedAt?: string;
  classification?: Classification;
  handler?: string;
  /** The task token of the wait this step is parked in, if any. */
  token?: string;
  tokenKind?: WaitKind;
}

/**
 * Splits a whole number of days among shares by the largest remainder (Hamilton's method): each
 * gets the floor of its exact part, and the days left by the rounding go to the largest fractions
 * (the earlier share on a tie). The parts add up to exactly `total` — the rounding is allocated,
 * never added. With at least as many days as shares, every share gets a day, taken from the
 * largest part.
 */
export function allocateDays(total: number, shares: readonly number[]): number[] {
  const sum = shares.reduce((a, b) => a + b, 0);
  if (!shares.length || total <= 0 || sum <= 0) return shares.map(() => 0);
  const exact = shares.map((x) => (total * x) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, frac: x - Math.floor(x) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  if (total >= shares.length) {
    for (let i = 0; i < parts.length; i++) {
      if (parts[i]! > 0) continue;
      const largest = parts.indexOf(Math.max(...parts));
      parts[largest]! -= 1;
      parts[i] = 1;
    }
  }
  return parts;
}

/**
 * Each step's time from the procedure's total (liên thông, Decree 61/2018 art. 18–19): stages run
 * one after another and share the total by the largest remainder, so the stages add up to exactly
 * the statutory time when their shares add up to 1 (less, in proportion, when the chain claims
 * less than the whole). Agencies of one stage run in parallel within the stage's time.
 */
export function allotSteps(total: Duration, chain: readonly { share: number; stage: number }[]): Duration[] {
  if (total.unit === 'SAME_DAY') return chain.map(() => total);
  const stages = [...new Set(chain.map((c) => c.stage))].sort((a, b) => a - b);
  const stageShare = stages.map((st) => Math.max(...chain.filter((c) => c.stage === st).map((c) => c.share)));
  const claimed = stageShare.reduce((a, b) => a + b, 0);
  // A chain that claims the whole time (or more) gets exactly the total; less, its part of it.
  const days = claimed >= 1 - 1e-9 ? total.amount : Math.round(total.amount * claimed);
  const perStage = allocateDays(days, stageShare);
  return chain.map((c) => {
    const k = stages.indexOf(c.stage);
    const stageDays = perStage[k]!;
    const own = c.share >= stageShare[k]! ? stageDays : Math.floor((stageDays * c.share) / stageShare[k]!);
    return { amount: Math.min(stageDays, Math.max(stageDays > 0 ? 1 : 0, own)), unit: total.unit };
  });
}

/** The steps of a dossier from its procedure's policy: the lead department alone, or a liên thông chain. */
export function planSteps(
  leadDepartmentId: string,
  deadline: Duration,
  policy: DeadlinePolicy,
): DossierStep[] {
  const chain = policy.interAgency?.steps ?? [
    { departmentId: leadDepartmentId, task: 'Giải quyết hồ sơ', share: 1, stage: 0 },
  ];
  const allotted = allotSteps(deadline, chain);
  return chain.map((s, i) => ({
    stepId: `S${String(i + 1).padStart(2, '0')}`,
    stage: s.stage,
    departmentId: s.departmentId,
    task: s.task,
    allotted: allotted[i]!,
    status: 'PENDING',
    reminded: false,
    extended: false,
    supplementRequests: 0,
  }));
}

/** Stages in order, each listing the steps that run in parallel in it. */
export function stagesOf(steps: DossierStep[]): { steps: string[] }[] {
  const byStage = new Map<number, string[]>();
  for (const s of [...steps].sort((a, b) => a.stage - b.stage || a.stepId.localeCompare(b.stepId))) {
    byStage.set(s.stage, [...(byStage.get(s.stage) ?? []), s.stepId]);
  }
  return [...byStage.values()].map((ids) => ({ steps: ids }));
}

export interface Schedule {
  dueDate: string;
  dueAt: string;
  reminderAt: string;
}

function schedule(cal: WorkingCalendar, start: Date, allotted: Duration, policy: DeadlinePolicy): Schedule {
  const due = cal.dueDate(start, allotted, { cutoff: policy.cutoff });
  const reminder = cal.reminderAt(due.dueDate, policy.reminderLeadWorkingDays);
  return { dueDate: due.dueDate, dueAt: due.dueAt.toISOString(), reminderAt: reminder.toISOString() };
}

/** Starts a step's statutory clock now: deadline, reminder time; no reminder if it is already past. */
export function startStep(
  step: DossierStep,
  now: Date,
  cal: WorkingCalendar,
  policy: DeadlinePolicy,
): DossierStep {
  const s = schedule(cal, now, step.allotted, policy);
  return {
    ...step,
    status: 'WAITING_DEPARTMENT',
    startedAt: now.toISOString(),
    ...s,
    reminded: new Date(s.reminderAt) <= now,
    escalatedAt: undefined,
    remainingMinutes: undefined,
  };
}

/** The next instant at which the workflow must wake up for this step while the department works on it. */
export function nextDepartmentTimer(step: DossierStep, cal: WorkingCalendar): Date {
  const dueAt = new Date(step.dueAt!);
  if (!step.reminded && step.reminderAt && new Date(step.reminderAt) < dueAt)
    return new Date(step.reminderAt);
  if (!step.escalatedAt) return dueAt;
  // Overdue: remind the head and the centre again each working day until the step is done.
  return nextOfficeStart(cal, new Date(step.escalatedAt));
}

export type TimerAction = 'REMIND' | 'ESCALATE' | 'NONE';

/** What is due when the workflow wakes up for a step at `now`. */
export function timerAction(step: DossierStep, now: Date, cal: WorkingCalendar): TimerAction {
  // The statutory clock keeps running while the head has the result to approve.
  if (step.status !== 'WAITING_DEPARTMENT' && step.status !== 'AWAITING_APPROVAL') return 'NONE';
  const dueAt = new Date(step.dueAt!);
  if (now >= dueAt) {
    if (!step.escalatedAt || now >= nextOfficeStart(cal, new Date(step.escalatedAt))) return 'ESCALATE';
    return 'NONE';
  }
  if (!step.reminded && step.reminderAt && now >= new Date(step.reminderAt)) return 'REMIND';
  return 'NONE';
}

/** Paused clocks count whole minutes: an instant is taken at the start of its minute. */
const toMinute = (d: Date) => new Date(Math.floor(d.getTime() / 60_000) * 60_000);

/** The start of office hours on the working day after the Vietnamese date of `instant`. */
export function nextOfficeStart(cal: WorkingCalendar, instant: Date): Date {
  return cal.startOfOfficeHours(cal.addWorkingDays(vnIsoDate(instant), 1));
}

export function secondsUntil(target: Date, now: Date): number {
  return Math.max(1, Math.ceil((target.getTime() - now.getTime()) / 1000));
}

/** The department asks for a supplement (art. 19(4)): the clock stops until the citizen answers. */
export function requestStepSupplement(
  step: DossierStep,
  now: Date,
  cal: WorkingCalendar,
  policy: DeadlinePolicy,
): DossierStep {
  if (step.status !== 'WAITING_DEPARTMENT') {
    throw new DomainError('STEP_NOT_WAITING', 'step.notWaitingDepartment');
  }
  const citizenDue = windowEnd(now, policy.citizenSupplementWindow, cal);
  return {
    ...step,
    status: 'WAITING_CITIZEN',
    citizenDueAt: citizenDue.toISOString(),
    supplementRequests: step.supplementRequests + 1,
    remainingMinutes:
      policy.supplementClock === 'PAUSE'
        ? Math.round(cal.workingMinutesBetween(toMinute(now), new Date(step.dueAt!)))
        : undefined,
  };
}

/** The citizen answered: the clock restarts from the start (art. 19(4)) or resumes (PAUSE policy). */
export function resumeStepAfterSupplement(
  step: DossierStep,
  now: Date,
  cal: WorkingCalendar,
  policy: DeadlinePolicy,
): DossierStep {
  if (step.status !== 'WAITING_CITIZEN') {
    throw new DomainError('STEP_NOT_WAITING', 'dossier.notAwaitingSupplement');
  }
  if (policy.supplementClock === 'RESTART' || step.remainingMinutes === undefined) {
    return { ...startStep(step, now, cal, policy), citizenDueAt: undefined };
  }
  let dueAt = cal.addWorkingMinutes(toMinute(now), Math.max(0, step.remainingMinutes));
  let dueDate = vnIsoDate(dueAt);
  // No time was left (the request came after the deadline) and the answer came on a rest day:
  // the deadline cannot fall on a rest day (Civil Code art. 148).
  if (!cal.isWorkingDay(dueDate)) {
    dueDate = cal.nextWorkingDayOnOrAfter(dueDate);
    dueAt = cal.endOfOfficeHours(dueDate);
  }
  const reminderAt = cal.reminderAt(dueDate, policy.reminderLeadWorkingDays);
  return {
    ...step,
    status: 'WAITING_DEPARTMENT',
    dueDate,
    dueAt: dueAt.toISOString(),
    reminderAt: reminderAt.toISOString(),
    reminded: reminderAt <= now,
    escalatedAt: undefined,
    remainingMinutes: undefined,
    citizenDueAt: undefined,
  };
}

/** Apology letter with a new date: once only, and no longer than the policy allows (art. 19(9)). */
export function extendStep(
  step: DossierStep,
  extension: Duration,
  now: Date,
  cal: WorkingCalendar,
  policy: DeadlinePolicy,
): DossierStep {
  if (step.status !== 'WAITING_DEPARTMENT') {
    throw new DomainError('STEP_NOT_WAITING', 'step.notWaitingDepartment');
  }
  if (step.extended) throw new DomainError('DEADLINE_EXTENSION_USED', 'step.extensionUsed');
  if (extension.unit !== policy.maxExtension.unit || extension.amount > policy.maxExtension.amount) {
    throw new DomainError(
      'VALIDATION_FAILED',
      message('step.extensionMax', { amount: policy.maxExtension.amount, unit: policy.maxExtension.unit }),
    );
  }
  const dueDate =
    extension.unit === 'WORKING_DAYS'
      ? cal.addWorkingDays(step.dueDate!, extension.amount)
      : cal.nextWorkingDayOnOrAfter(cal.addCalendarDays(step.dueDate!, extension.amount));
  const dueAt = cal.endOfOfficeHours(dueDate);
  const reminderAt = cal.reminderAt(dueDate, policy.reminderLeadWorkingDays);
  return {
    ...step,
    extended: true,
    dueDate,
    dueAt: dueAt.toISOString(),
    reminderAt: reminderAt.toISOString(),
    reminded: reminderAt <= now,
    escalatedAt: undefined,
  };
}

/** The officer submits the result for the head's approval (the clock keeps running). */
export function submitForApproval(step: DossierStep, now: Date): DossierStep {
  if (step.status !== 'WAITING_DEPARTMENT') {
    throw new DomainError('STEP_NOT_WAITING', 'step.notWaitingDepartment');
  }
  return { ...step, status: 'AWAITING_APPROVAL', submittedForApprovalAt: now.toISOString() };
}

/** The head sends the result back to the officer. */
export function returnForRework(step: DossierStep): DossierStep {
  if (step.status !== 'AWAITING_APPROVAL') {
    throw new DomainError('STEP_NOT_WAITING', 'step.notAwaitingApproval');
  }
  return { ...step, status: 'WAITING_DEPARTMENT', submittedForApprovalAt: undefined };
}

/** Completes a step: directly, or by the head's approval of a submitted result. */
export function completeStep(step: DossierStep, now: Date): DossierStep {
  if (step.status !== 'WAITING_DEPARTMENT' && step.status !== 'AWAITING_APPROVAL') {
    throw new DomainError('STEP_NOT_WAITING', 'step.notWaitingDepartment');
  }
  return {
    ...step,
    status: 'DONE',
    completedAt: now.toISOString(),
    classification: classify(now, new Date(step.dueAt!)),
  };
}

/** The end of a window counted like a statutory period (Civil Code arts. 147–148). */
export function windowEnd(from: Date, window: Duration, cal: WorkingCalendar): Date {
  return cal.dueDate(from, window, { cutoff: '23:59' }).dueAt;
}

/** Where a step's sub-workflow goes next, from the stored step alone. */
export function stepPhase(step: DossierStep): StepPhase {
  switch (step.status) {
    case 'WAITING_DEPARTMENT':
    case 'AWAITING_APPROVAL':
    case 'PENDING':
      return 'WAIT_DEPARTMENT';
    case 'WAITING_CITIZEN':
      return 'WAIT_CITIZEN';
    case 'DONE':
      return 'DONE';
    default:
      return 'STOP';
  }
}
