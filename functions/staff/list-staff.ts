import * as z from 'zod/mini';
import { listUnitStaff } from '#adapters/staff-directory.ts';
import { routeRoles } from '#contracts/routes.ts';
import { staffDirectoryDepartment } from '#http/auth.ts';
import { httpHandler, json } from '#http/handler.ts';

const Query = z.strictObject({
  department: z.optional(z.string().check(z.regex(/^[A-Z][A-Z0-9]{1,7}$/))),
});

/**
 * GET /staff/officers?department= — the staff of a department, for the head's assignment form: a
 * department head sees their own department only; the centre's leader and the administrator name
 * one. Read from the staff directory in the table (one Query per page of the index), not Cognito.
 */
export const handler = httpHandler(
  { query: Query, roles: routeRoles('ListStaff') },
  async ({ query, principal }) => {
    const departmentId = staffDirectoryDepartment(principal, query.department);
    const staff = await listUnitStaff(departmentId);
    return json(200, { departmentId, items: staff });
  },
);
