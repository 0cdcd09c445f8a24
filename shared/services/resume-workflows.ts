import { flagDossier, getDossier, unflagDossier } from '../adapters/dossier-repository.ts';
import { newEventId } from '../adapters/ids.ts';
import { startDossierWorkflow } from '../adapters/workflow-client.ts';
import { workflowIndexes } from '../adapters/workflow-indexes.ts';
import type { StaffPrincipal } from '../contracts/auth.ts';
import { actorOf } from '../domain/access.ts';
import type { DossierEvent } from '../domain/dossier.ts';
import { DomainError } from '../domain/errors.ts';
import { normalizeText } from '../domain/text.ts';
import type { WorkflowIndexes } from './ports.ts';

/**
 * Starts a fresh execution for every dossier whose workflow should be running. The execution's
 * first state reads the dossier and continues where the table says it stands, with the remaining
 * time computed from the stored deadlines — so a restarted local stack (or an operator after an
 * incident in AWS) loses no timer. Not a request path: it reads the sparse active-workflow index.
 */
export async function resumeActiveWorkflows(
  attempt: string,
  indexes: Pick<WorkflowIndexes, 'activeDossierIds'> = workflowIndexes,
): Promise<number> {
  let n = 0;
  for await (const id of indexes.activeDossierIds()) {
    await startDossierWorkflow(id, attempt);
    n++;
  }
  return n;
}

/**
 * The centre lifts the flag of a dossier whose workflow failed for good, once the cause is fixed,
 * and the workflow resumes where the table says the dossier stands (a fresh execution, as after a
 * restart). The flag goes first, in one transaction with the event (who, why); then the execution
 * starts. Should the start fail, the dossier is flagged again with that reason, so it is back on
 * the centre's queue rather than left without a workflow.
 */
export async function resumeFlaggedWorkflow(
  dossierId: string,
  input: { flaggedAt: string; note: string },
  principal: StaffPrincipal,
  now: Date,
): Promise<{ version: number; executionArn?: string }> {
  // The flagged queue is the centre's: a department account never sees or clears it.
  if (principal.departmentId) throw new DomainError('FORBIDDEN', 'auth.centreInbox');
  const found = await getDossier(dossierId);
  if (!found) throw new DomainError('DOSSIER_NOT_FOUND', 'dossier.notFound');
  const d = found.dossier;
  const flag = d.flagged;
  if (!flag || flag.at !== input.flaggedAt) {
    throw new DomainError('DOSSIER_NOT_FLAGGED', 'dossier.notFlagged');
  }
  const resumed: DossierEvent = {
    eventId: newEventId(),
    type: 'WORKFLOW_RESUMED',
    at: now.toISOString(),
    actor: actorOf(principal),
    fromStatus: d.status,
    toStatus: d.status,
    data: { text: normalizeText(input.note), failure: flag.reason, flaggedAt: flag.at },
  };
  if (!(await unflagDossier(d, flag.at, resumed))) {
    throw new DomainError('DOSSIER_NOT_FLAGGED', 'dossier.notFlagged');
  }
  try {
    const executionArn = await startDossierWorkflow(dossierId, `resume-${resumed.eventId}`);
    return { version: d.version + 1, ...(executionArn ? { executionArn } : {}) };
  } catch (err) {
    const reason = `ResumeFailed: ${(err as Error).name ?? 'Error'}`;
    const again: DossierEvent = {
      eventId: newEventId(),
      type: 'WORKFLOW_FAILED',
      at: new Date(now.getTime() + 1).toISOString(),
      actor: { kind: 'SYSTEM', id: 'workflow' },
      fromStatus: d.status,
      toStatus: d.status,
      data: { reason },
    };
    await flagDossier({ ...d, version: d.version + 1 }, { at: again.at, reason }, again).catch(() => false);
    throw err;
  }
}
