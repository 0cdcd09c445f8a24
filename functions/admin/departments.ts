import {
  getAdminDepartment,
  listAdminDepartments,
  saveDepartment,
} from '#adapters/catalogue-department-edits.ts';
import { now } from '#adapters/clock.ts';
import { DepartmentPath, DepartmentUpdate } from '#contracts/admin.ts';
import { routeRoles } from '#contracts/routes.ts';
import { DomainError } from '#domain/errors.ts';
import { message } from '#domain/messages.ts';
import { httpHandler, json } from '#http/handler.ts';

/**
 * The province's departments (sở, ban, ngành) for the administrator: names, the mailbox of their
 * task notifications, and the agency code that opens the codes of the dossiers they receive.
 */

/** GET /admin/departments — every department with its version and last change (one Query). */
export const listHandler = httpHandler({ roles: routeRoles('ListAdminDepartments') }, async () =>
  json(200, { items: await listAdminDepartments() }),
);

/** GET /admin/departments/{id} — one department and the `version` its next save must carry. */
export const getHandler = httpHandler(
  { path: DepartmentPath, roles: routeRoles('GetAdminDepartment') },
  async ({ path }) => {
    const found = await getAdminDepartment(path.id);
    if (!found)
      throw new DomainError('DEPARTMENT_NOT_FOUND', message('department.notFound', { id: path.id }));
    return json(200, found);
  },
);

/**
 * PUT /admin/departments/{id} — saves a department's details if `version` is still the stored one
 * (else 409 DEPARTMENT_CONFLICT); audited in the same write with who and when. The agency code goes
 * into the codes of dossiers received from now on; codes already given never change.
 */
export const handler = httpHandler(
  { path: DepartmentPath, body: DepartmentUpdate, roles: routeRoles('SaveDepartment') },
  async ({ path, body, principal }) =>
    json(200, await saveDepartment(path.id, body, { actor: principal.id, at: now().toISOString() })),
);
