import { now } from '#adapters/clock.ts';
import { createStaffUser, listStaffUsers, updateStaffUser } from '#adapters/staff-users.ts';
import { CreateStaffUser, ListStaffUsersQuery, StaffUserPath, UpdateStaffUser } from '#contracts/admin.ts';
import { routeRoles } from '#contracts/routes.ts';
import { DomainError } from '#domain/errors.ts';
import { httpHandler, json } from '#http/handler.ts';

/**
 * Staff accounts (administrator): list, create with a role and department, change the role or
 * department, disable. Cognito in AWS, the local issuer's users locally (shared/adapters/staff-users.ts).
 */
export const listHandler = httpHandler(
  { query: ListStaffUsersQuery, roles: routeRoles('ListStaffUsers') },
  async ({ query }) => json(200, { items: await listStaffUsers(query.unit) }),
);

export const createHandler = httpHandler(
  { body: CreateStaffUser, roles: routeRoles('CreateStaffUser') },
  async ({ body, principal }) => {
    const user = await createStaffUser(body, { actor: principal.id, at: now().toISOString() });
    return json(201, user, { location: `/admin/staff-users/${encodeURIComponent(user.userId)}` });
  },
);

export const updateHandler = httpHandler(
  { path: StaffUserPath, body: UpdateStaffUser, roles: routeRoles('UpdateStaffUser') },
  async ({ path, body, principal }) => {
    // Locking oneself out of administration is refused: another administrator must do it.
    if (path.id === principal.id && (body.disabled || (body.role && body.role !== 'ADMINISTRATOR'))) {
      throw new DomainError('FORBIDDEN', 'auth.notOwnAdministration');
    }
    return json(200, await updateStaffUser(path.id, body, { actor: principal.id, at: now().toISOString() }));
  },
);
