import { workingCalendar } from '../adapters/calendar-repository.ts';
import { getCentre, getProcedureVersion, listDepartments } from '../adapters/catalogue-repository.ts';
import { config } from '../adapters/config.ts';
import { flagDossier, getDossier } from '../adapters/dossier-repository.ts';
import { newEventId } from '../adapters/ids.ts';
import { logger } from '../adapters/logger.ts';
import { emitMetric } from '../adapters/metrics.ts';
import { deliverCommitted } from '../adapters/outbox.ts';
import { answerWait } from '../adapters/workflow-client.ts';
import { commitTransition } from '../adapters/workflow-repository.ts';
import { calendarGapProblem, missingCalendarYear } from '../domain/calendar-gap.ts';
import {
  type Answer,
  type Change,
  type Decision,
  type DossierContext,
  event,
  SYSTEM,
} from '../domain/decisions/context.ts';
import { DomainError } from '../domain/errors.ts';

/**
 * The one executor of the workflow's decisions (shared/domain/decisions/): load the dossier with
 * what a decision needs, authorize the caller, let the decision decide, commit what it changes in
 * one conditional transaction (events and outbox messages included), deliver the messages, and
 * answer the state machine's parked waits. DynamoDB is the source of truth; the waits follow it.
 */

export async function loadContext(dossierId: string, now: Date): Promise<DossierContext> {
  const agg = await getDossier(dossierId);
  if (!agg) throw new DomainError('DOSSIER_NOT_FOUND', 'dossier.notFound');
  const [procedure, cal, departments, centre] = await Promise.all([
    getProcedureVersion(agg.dossier.procedureCode, agg.dossier.procedureVersion),
    workingCalendar(),
    listDepartments(),
    getCentre(),
  ]);
  if (!procedure) throw new Error(`procedure version missing: ${agg.dossier.procedureCode}`);
  return {
    dossier: agg.dossier,
    steps: [...agg.steps].sort((a, b) => a.stepId.localeCompare(b.stepId)),
    documents: agg.documents,
    events: agg.events,
    procedure,
    policy: procedure.deadlinePolicy,
    cal,
    departments: new Map(departments.map((d) => [d.id, d])),
    centreEmail: centre?.email,
    webUrl: config().PUBLIC_WEB_URL,
    now,
  };
}

/** Commits a decision's change (one transaction) and delivers its messages; returns the new version. */
export async function commit(ctx: DossierContext, change: Change): Promise<number> {
  const { version, outbox } = await commitTransition({
    ...change,
    dossier: ctx.dossier,
    before: ctx.steps,
    events: change.events.map((e) => ({ eventId: newEventId(), ...e })),
    messages: change.messages ?? [],
  });
  await deliverCommitted(outbox);
  return version;
}

export async function answerWaits(answers: readonly Answer[] | undefined): Promise<void> {
  for (const a of answers ?? []) await answerWait(a.token, a.output);
}

/** A task of the state machine: commit its decision (if it changes anything), answer, continue. */
export async function runDecision<R>(ctx: DossierContext, decision: Decision<R>): Promise<R> {
  if (decision.change) await commit(ctx, decision.change);
  await answerWaits(decision.answers);
  return decision.result as R;
}

export interface Action<F> {
  /** The version the person saw (a decision of a person); a different one is a conflict. */
  version?: number;
  /** Who may act, checked before anything about the dossier's state is revealed. */
  authorize?: (ctx: DossierContext) => void;
  /** Facts the decision needs from outside the table (stored files, names), read first. */
  prepare?: (ctx: DossierContext) => Promise<F>;
  decide: (ctx: DossierContext, facts: F) => Decision;
}

/**
 * Runs an action of a person against a fresh read; when the only conflict was a wait parking its
 * token at the same moment (the version did not change), it reads again and retries.
 */
export async function execute<F = undefined>(
  dossierId: string,
  now: Date,
  action: Action<F>,
): Promise<{ version: number }> {
  for (let attempt = 0; ; attempt++) {
    const ctx = await loadContext(dossierId, now);
    action.authorize?.(ctx);
    if (action.version !== undefined && ctx.dossier.version !== action.version) {
      throw new DomainError('DOSSIER_CONFLICT', 'dossier.changedByOther');
    }
    const decision = await (async () => {
      const facts = (action.prepare ? await action.prepare(ctx) : undefined) as F;
      return action.decide(ctx, facts);
    })().catch((err) => calendarGap(ctx, err));
    try {
      const version = decision.change ? await commit(ctx, decision.change) : ctx.dossier.version;
      await answerWaits(decision.answers);
      return { version };
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'DOSSIER_CONFLICT' || attempt >= 3) throw err;
      const fresh = await getDossier(dossierId);
      if (action.version !== undefined && fresh?.dossier.version !== action.version) throw err;
    }
  }
}

/** Flags the dossier for a person to look at (once: false when it already was). */
export async function flag(ctx: DossierContext, reason: string, data: Record<string, unknown> = {}) {
  const d = ctx.dossier;
  return flagDossier(
    d,
    { at: ctx.now.toISOString(), reason },
    {
      eventId: newEventId(),
      ...event('WORKFLOW_FAILED', ctx.now, SYSTEM, d.status, d.status, { reason, ...data }),
    },
  );
}

/**
 * A decision whose deadline needs a year the calendar lacks: the dossier is flagged for the
 * centre (once), the alarm metric is emitted, and the person gets a 409 naming the year to add.
 * Any other error passes through.
 */
async function calendarGap(ctx: DossierContext, err: unknown): Promise<never> {
  const year = missingCalendarYear(err);
  if (year === undefined) throw err;
  const reason = `CALENDAR_OUT_OF_RANGE: năm ${year} chưa có trong lịch làm việc`;
  const flagged = ctx.dossier.flagged ? false : await flag(ctx, reason, { missingYear: year });
  logger.error('calendar out of range', { missingYear: year, flagged });
  // The metrics the monitoring stack alarms on.
  emitMetric('DossierWorkflowFailures', 1);
  emitMetric('CalendarOutOfRange', 1);
  throw calendarGapProblem(year);
}
