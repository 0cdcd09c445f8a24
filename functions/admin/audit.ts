import { adminChangesPage } from '#adapters/admin-audit.ts';
import { trailCursor, trailOfUser } from '#adapters/audit.ts';
import { AuditMonthQuery, TrailPath, TrailQuery } from '#contracts/admin.ts';
import { routeRoles } from '#contracts/routes.ts';
import { httpHandler, json } from '#http/handler.ts';

/** GET /admin/audit?month=yyyy-MM — the month's administration changes, oldest first, paged. */
export const monthHandler = httpHandler(
  { query: AuditMonthQuery, roles: routeRoles('AdminAuditMonth') },
  async ({ query }) => json(200, { month: query.month, ...(await adminChangesPage(query.month, query)) }),
);

/**
 * GET /staff/audit/users/{userId} — what one person did, newest first, paged: their administration
 * changes and their dossier events (one Query of gsi1 `ACTOR#<user>` per page).
 */
export const userTrailHandler = httpHandler(
  { path: TrailPath, query: TrailQuery, roles: routeRoles('UserAuditTrail') },
  async ({ path, query }) => {
    if (query.cursor) trailCursor(query.cursor, path.userId);
    const page = await trailOfUser(path.userId, { limit: query.limit, cursor: query.cursor });
    return json(200, { userId: path.userId, ...page });
  },
);
