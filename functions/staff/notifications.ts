import * as z from 'zod/mini';
import { listNotifications, markNotificationRead } from '#adapters/outbox.ts';
import { routeRoles } from '#contracts/routes.ts';
import { httpHandler, json } from '#http/handler.ts';

/** GET /staff/notifications — my in-app notifications, newest first, with the unread count. */
export const listHandler = httpHandler(
  {
    query: z.strictObject({ limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20) }),
    roles: routeRoles('ListNotifications'),
  },
  async ({ query, principal }) => json(200, await listNotifications(principal.id, query.limit)),
);

/** POST /staff/notifications/{notificationId}/read — mark one read (idempotent). */
export const readHandler = httpHandler(
  {
    path: z.object({ notificationId: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/)) }),
    roles: routeRoles('ReadNotification'),
  },
  async ({ path, principal }) => {
    const changed = await markNotificationRead(principal.id, path.notificationId);
    return json(200, { notificationId: path.notificationId, read: true, changed });
  },
);
