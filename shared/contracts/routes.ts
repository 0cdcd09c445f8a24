/**
 * The HTTP API route table. The CDK API stack makes one Lambda function and one route per entry,
 * and the local gateway (infra/local/gateway.ts) serves exactly these routes with the same
 * handlers. `access` drives least-privilege grants in CDK. The entries are grouped by audience in
 * routes-citizen.ts, routes-staff.ts, routes-queue.ts and routes-admin.ts; what an entry says is in
 * route-def.ts.
 */
import type { Role } from './auth.ts';
import type { RouteDef } from './route-def.ts';
import { ADMIN_ROUTES } from './routes-admin.ts';
import { CITIZEN_ROUTES } from './routes-citizen.ts';
import { QUEUE_ROUTES } from './routes-queue.ts';
import { STAFF_ROUTES } from './routes-staff.ts';

export const ROUTES: RouteDef[] = [...CITIZEN_ROUTES, ...STAFF_ROUTES, ...QUEUE_ROUTES, ...ADMIN_ROUTES];

/**
 * The Lambda functions the state machine invokes (not HTTP routes). One function serves every
 * Task state of the dossier workflow; `payload.task` names the step.
 */
export const WORKFLOW_FUNCTIONS: RouteDef[] = [
  {
    id: 'WorkflowTasks',
    method: 'POST',
    path: '',
    handler: 'functions/workflow/tasks.ts',
    auth: 'STAFF',
    access: { table: 'write', workflow: 'answer', email: true },
    timeoutSeconds: 60,
    memoryMb: 512,
  },
];

/** The roles a staff route admits, from the table above (one place for the policy). */
export function routeRoles(id: string): readonly Role[] {
  const route = ROUTES.find((r) => r.id === id);
  if (!route?.roles) throw new Error(`route ${id} has no roles`);
  return route.roles;
}
