import { now } from '#adapters/clock.ts';
import { overdueSteps } from '#adapters/stats-repository.ts';
import { routeRoles } from '#contracts/routes.ts';
import { StatisticsQuery } from '#contracts/statistics.ts';
import { DomainError } from '#domain/errors.ts';
import { httpHandler, json } from '#http/handler.ts';
import { statisticsView } from '../../shared/services/statistics.ts';

/**
 * GET /staff/statistics — the leadership dashboard: the public figures plus the steps overdue now
 * with who holds each one. The centre's leader and administrators see every department; a
 * department head sees their own department only. At most three DynamoDB calls.
 */
export const handler = httpHandler(
  { query: StatisticsQuery, roles: routeRoles('StaffStatistics') },
  async ({ query, principal }) => {
    if (principal.departmentId && query.department && query.department !== principal.departmentId) {
      throw new DomainError('FORBIDDEN', 'auth.ownDepartmentStatisticsOnly');
    }
    const department = principal.departmentId ?? query.department;
    const view = await statisticsView({ ...query, ...(department ? { department } : {}) }, now(), {
      overdue: overdueSteps,
    });
    return json(200, view, { 'cache-control': 'no-store' });
  },
);
