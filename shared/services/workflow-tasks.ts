import { logger } from '../adapters/logger.ts';
import { emitMetric } from '../adapters/metrics.ts';
import { answerWait } from '../adapters/workflow-client.ts';
import { registerDossierToken, registerStepToken } from '../adapters/workflow-repository.ts';
import { stepState, workflowState } from '../domain/decisions/context.ts';
import { afterStages, finish } from '../domain/decisions/result.ts';
import { assignStep, startWorkflow } from '../domain/decisions/start.ts';
import { intakeTimer, returnTimer, stepTimer, supplementLapsed } from '../domain/decisions/timers.ts';
import { DomainError } from '../domain/errors.ts';
import type { WaitKind } from '../domain/workflow.ts';
import { flag, loadContext, runDecision } from './workflow-executor.ts';

/**
 * The tasks the state machine calls (infra/workflow/dossier.asl.json). Each reads the dossier,
 * lets its decision (shared/domain/decisions/) decide from the stored state and the clock, and the
 * executor commits, delivers and answers; the task returns the state the machine continues with.
 */
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
  if (p.task === 'await') return registerWait(p, now);
  const ctx = await loadContext(p.dossierId, now);
  switch (p.task) {
    case 'route':
      return runDecision(ctx, startWorkflow(ctx));
    case 'intakeTimer':
      return runDecision(ctx, intakeTimer(ctx));
    case 'supplementLapsed':
      return runDecision(ctx, supplementLapsed(ctx, p.stepId));
    case 'assignStep':
      return runDecision(ctx, assignStep(ctx, p.stepId!));
    case 'stepTimer':
      return runDecision(ctx, stepTimer(ctx, p.stepId!));
    case 'afterStages':
      return runDecision(ctx, afterStages(ctx));
    case 'returnTimer':
      return runDecision(ctx, returnTimer(ctx));
    case 'finish':
      return runDecision(ctx, finish(ctx));
    case 'fail':
      return fail(p, now);
    default:
      throw new Error(`unknown workflow task ${p.task}`);
  }
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
    const ctx = await loadContext(p.dossierId, now);
    const step = p.stepId ? ctx.steps.find((s) => s.stepId === p.stepId) : undefined;
    await answerWait(token, step ? stepState(ctx, step) : workflowState(ctx));
  }
  return {};
}

/** A task failed for good: flag the dossier for a person to look at, and say so loudly. */
async function fail(p: TaskPayload, now: Date): Promise<Record<string, never>> {
  const ctx = await loadContext(p.dossierId, now);
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
  if (ctx.dossier.flagged) return {};
  // The flag and its place in the centre's flagged queue are one write (conditional: once).
  if (!(await flag(ctx, reason))) return {};
  // The DossierWorkflowFailures metric that the monitoring stack alarms on.
  logger.error('dossier workflow failed', { reason });
  emitMetric('DossierWorkflowFailures', 1);
  return {};
}
