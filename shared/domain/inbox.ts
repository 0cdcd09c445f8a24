import type { DossierStatus } from './lifecycle.ts';
import type { DossierStep } from './workflow.ts';

/**
 * Where a dossier or a step sits in the work queues (the `inbox` index). Queues hold only what
 * someone must act on, sorted by when it is due, so every inbox page is one Query.
 */
export interface InboxKeys {
  inboxPk: string;
  inboxSk: string;
}

export function stepInboxKeys(dossierId: string, step: DossierStep): InboxKeys | undefined {
  if (step.status === 'WAITING_DEPARTMENT' && step.dueAt) {
    return {
      inboxPk: `INBOX#${step.departmentId}#ACTIVE`,
      inboxSk: `${step.dueAt}#${dossierId}#${step.stepId}`,
    };
  }
  if (step.status === 'AWAITING_APPROVAL' && step.dueAt) {
    return {
      inboxPk: `INBOX#${step.departmentId}#APPROVAL`,
      inboxSk: `${step.dueAt}#${dossierId}#${step.stepId}`,
    };
  }
  if (step.status === 'WAITING_CITIZEN' && step.citizenDueAt) {
    return {
      inboxPk: `INBOX#${step.departmentId}#CITIZEN`,
      inboxSk: `${step.citizenDueAt}#${dossierId}#${step.stepId}`,
    };
  }
  return undefined;
}

/** The centre's queues: intake decisions to take, results to hand back, citizens to hear from. */
export function centreInboxKeys(
  dossierId: string,
  status: DossierStatus,
  at: string,
  phase?: string,
): InboxKeys | undefined {
  if (status === 'SUBMITTED') return { inboxPk: 'INBOX#CENTRE#INTAKE', inboxSk: `${at}#${dossierId}` };
  if (status === 'RESULT_READY') return { inboxPk: 'INBOX#CENTRE#RETURN', inboxSk: `${at}#${dossierId}` };
  if (status === 'SUPPLEMENT_REQUESTED' && phase === 'INTAKE_SUPPLEMENT') {
    return { inboxPk: 'INBOX#CENTRE#CITIZEN', inboxSk: `${at}#${dossierId}` };
  }
  return undefined;
}

/**
 * The centre's queue of dossiers whose workflow failed for good (a task kept failing after its
 * retries): leadership and reception see them without waiting for the alarm. The key goes on a
 * flag item of the dossier's partition, not on its META item, so a flagged dossier keeps its
 * place in the queue it was in (intake, return) as well.
 */
export const FLAGGED_INBOX = 'INBOX#CENTRE#FLAGGED';

export function flaggedInboxKeys(dossierId: string, flaggedAt: string): InboxKeys {
  return { inboxPk: FLAGGED_INBOX, inboxSk: `${flaggedAt}#${dossierId}` };
}

export const INBOX_VIEWS = [
  'all',
  'new',
  'in-progress',
  'due-soon',
  'overdue',
  'waiting-citizen',
  'awaiting-approval',
] as const;
export const CENTRE_VIEWS = ['intake', 'return', 'waiting-citizen', 'flagged'] as const;
