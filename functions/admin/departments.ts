import { saveDepartment } from '#adapters/catalogue-repository.ts';
import { now } from '#adapters/clock.ts';
import { DepartmentPath, DepartmentUpdate } from '#contracts/admin.ts';
import { routeRoles } from '#contracts/routes.ts';
import { httpHandler, json } from '#http/handler.ts';

/**
 * PUT /admin/departments/{id} — a department's names, mailbox and agency code (the code goes into
 * the codes of dossiers received from now on). Existing departments only; audited in the same write.
 */
export const handler = httpHandler(
  { path: DepartmentPath, body: DepartmentUpdate, roles: routeRoles('SaveDepartment') },
  async ({ path, body, principal }) =>
    json(200, await saveDepartment(path.id, body, { actor: principal.id, at: now().toISOString() })),
);
