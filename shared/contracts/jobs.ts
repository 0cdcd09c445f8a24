/**
 * The background job table, like the route table (routes.ts): every job that runs on a schedule is
 * declared once here. The local stack (infra/local/stack.ts) runs each on the local clock every
 * `everyMinutes`; CDK (infra/stacks/jobs-stack.ts) deploys each as its own Lambda function invoked
 * by an EventBridge Scheduler schedule at the same rate. tests/infra/jobs.test.ts fails when a job
 * runs locally without a deployed schedule, or the other way round.
 *
 * A job must be safe to run twice at once and to skip a run: each is a sweep that redoes what is
 * still due (the next run retries what a failed run left).
 */
import type { RouteDef } from './route-def.ts';

export interface JobDef extends RouteDef {
  /** How often the job runs (minutes of clock time locally, a `rate(...)` schedule in AWS). */
  everyMinutes: number;
  /** One line for operators: what the job does and what a failure means. */
  description: string;
}

const job = (
  j: Omit<JobDef, 'auth' | 'method' | 'path' | 'timeoutSeconds' | 'memoryMb'> & Partial<JobDef>,
): JobDef => ({ auth: 'STAFF', method: 'POST', path: '', timeoutSeconds: 120, memoryMb: 512, ...j });

export const JOBS: JobDef[] = [
  job({
    id: 'SweepOutbox',
    handler: 'functions/jobs/sweep-outbox.ts',
    everyMinutes: 5,
    access: { table: 'write', email: true },
    description:
      'Retries the notifications (email, in-app) that failed at their transition; a failure delays notices.',
  }),
  job({
    id: 'OverdueScan',
    handler: 'functions/jobs/overdue-scan.ts',
    everyMinutes: 60,
    access: { table: 'read' },
    description:
      'Counts the dossiers past a statutory deadline per department and emits Motcua/OverdueDossiers.',
  }),
  job({
    id: 'SweepDossierNumbers',
    handler: 'functions/jobs/sweep-dossier-numbers.ts',
    everyMinutes: 60,
    access: { table: 'write' },
    description:
      'Voids in the register the dossier numbers taken by requests that ended before using them; a failure leaves gaps unexplained until the next run.',
  }),
  job({
    id: 'ExpireDrafts',
    handler: 'functions/jobs/expire-drafts.ts',
    everyMinutes: 60,
    access: { table: 'write' },
    description:
      'Deletes the online drafts never submitted and unchanged for DRAFT_EXPIRY_DAYS (30) with their uploads; a failure keeps them until the next run.',
  }),
  job({
    id: 'ReconcilePayments',
    handler: 'functions/jobs/reconcile-payments.ts',
    everyMinutes: 15,
    access: { table: 'write', payments: true },
    description:
      'Asks the payment gateway about payments with no notification after 15 minutes and settles them, then makes the refunds owed; a failure leaves them pending until the next run.',
  }),
];
