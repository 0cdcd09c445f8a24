import * as z from 'zod/mini';
import { now } from '#adapters/clock.ts';
import { routeRoles } from '#contracts/routes.ts';
import { DomainError } from '#domain/errors.ts';
import { httpHandler, json } from '#http/handler.ts';
import { registerCsv, registerRows } from '../../shared/services/register.ts';

const IsoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'yyyy-MM-dd'));
const Query = z.strictObject({
  from: IsoDate,
  to: IsoDate,
  department: z.optional(z.string().check(z.regex(/^[A-Z][A-Z0-9]{1,7}$/))),
  format: z._default(z.enum(['json', 'csv']), 'json'),
});

/**
 * GET /staff/reports/register?from=&to=&department=&format=json|csv — the dossier register
 * (form 06) of a period. A department head gets their own department's dossiers only.
 */
export const handler = httpHandler(
  { query: Query, roles: routeRoles('DossierRegister') },
  async ({ query, principal }) => {
    if (principal.departmentId && query.department && query.department !== principal.departmentId) {
      throw new DomainError('FORBIDDEN', 'auth.ownDepartmentRegisterOnly');
    }
    const department = principal.departmentId ?? query.department;
    const rows = await registerRows({ from: query.from, to: query.to, department }, now());
    if (query.format === 'csv') {
      return {
        statusCode: 200,
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="so-theo-doi-ho-so_${query.from}_${query.to}.csv"`,
          'cache-control': 'no-store',
        },
        body: registerCsv(rows),
      };
    }
    return json(200, { from: query.from, to: query.to, items: rows }, { 'cache-control': 'no-store' });
  },
);
