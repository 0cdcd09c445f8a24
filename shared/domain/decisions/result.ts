import { classify } from '../calendar.ts';
import type { WorkflowState } from '../workflow.ts';
import {
  after,
  citizenEmail,
  type Decision,
  type DossierContext,
  event,
  isFinal,
  type NewEvent,
  notify,
  SYSTEM,
  workflowState,
} from './context.ts';

/**
 * The result document a citizen who chose online delivery receives: the newest verified result of
 * the dossier's steps. Without one (a paper-only result) the result waits at the centre as usual.
 */
function onlineResult(ctx: DossierContext) {
  if (ctx.dossier.delivery.method !== 'ONLINE') return undefined;
  return ctx.documents
    .filter((doc) => doc.kind === 'RESULT' && doc.status === 'VERIFIED')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

/**
 * Every department's step is over. A dossier that ended meanwhile (refused, withdrawn, lapsed)
 * closes; otherwise the result is ready: it waits for return at the centre (or by post), or — online
 * delivery — is returned at once.
 */
export function afterStages(ctx: DossierContext): Decision<WorkflowState> {
  const d = ctx.dossier;
  const done = { dossierId: d.id, phase: 'DONE' as const };
  if (isFinal(d.status)) {
    const wf = { ...(d.wf ?? { phase: 'DONE' as const }), phase: 'DONE' as const };
    return d.wf?.phase !== 'DONE'
      ? { change: { checkVersion: false, set: { wf }, events: [] }, result: done }
      : { result: done };
  }
  if (d.status === 'RESULT_READY' && d.wf?.phase === 'RETURN') return { result: workflowState(ctx) };
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
  return {
    change: {
      checkVersion: true,
      expectStatus: ['IN_PROGRESS'],
      set: { status: 'RESULT_READY', wf, resultReturn: { method: d.delivery.method, readyAt } },
      events: [readyEvent],
      messages: [notify(ctx, 'RESULT_READY', citizenEmail(d))],
    },
    result: workflowState(after(ctx, { status: 'RESULT_READY', wf })),
  };
}

/**
 * Online delivery: the result made available for download IS the return (trả kết quả), so the
 * dossier is returned at that moment — one transaction with both events, so the statistics count
 * it resolved and returned at the same instant and the look-up and the register show that time.
 */
function returnOnline(
  ctx: DossierContext,
  doc: { documentId: string },
  readyEvent: NewEvent,
): Decision<WorkflowState> {
  const d = ctx.dossier;
  const at = ctx.now.toISOString();
  const resultReturn = { method: 'ONLINE' as const, readyAt: at, returnedAt: at, documentId: doc.documentId };
  return {
    change: {
      checkVersion: true,
      expectStatus: ['IN_PROGRESS'],
      set: { status: 'RETURNED', wf: { phase: 'DONE', readyAt: at }, resultReturn },
      events: [
        readyEvent,
        event('RESULT_RETURNED', ctx.now, SYSTEM, 'RESULT_READY', 'RETURNED', { online: true }),
      ],
      messages: [notify(ctx, 'RESULT_ONLINE', citizenEmail(d))],
    },
    result: { dossierId: d.id, phase: 'DONE' },
  };
}

/** The workflow ends: the dossier leaves the active index; the citizen hears it is closed. */
export function finish(ctx: DossierContext): Decision<WorkflowState> {
  const d = ctx.dossier;
  const result = { dossierId: d.id, phase: 'DONE' as const };
  // Idempotent: a retried finish finds its own event and does nothing more.
  if (ctx.events.some((e) => e.type === 'WORKFLOW_CLOSED')) return { result };
  // The result's time stays with the dossier (the register's result date).
  const wf = { phase: 'DONE' as const, ...(d.wf?.readyAt ? { readyAt: d.wf.readyAt } : {}) };
  return {
    change: {
      checkVersion: false,
      set: { wf },
      remove: ['gsi1pk', 'gsi1sk'],
      events: [event('WORKFLOW_CLOSED', ctx.now, SYSTEM, d.status, d.status)],
      // An online return already told the citizen (RESULT_ONLINE) at the same moment.
      messages:
        d.status === 'RETURNED' && !d.resultReturn?.documentId
          ? [notify(ctx, 'CLOSED', citizenEmail(d))]
          : [],
    },
    result,
  };
}
