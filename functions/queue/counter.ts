import * as z from 'zod/mini';
import { now } from '#adapters/clock.ts';
import { counterState } from '#adapters/queue-counters.ts';
import { CounterId } from '#contracts/queue.ts';
import { routeRoles } from '#contracts/routes.ts';
import { counterAverages, parseCounterId, queueDate, waitingCount } from '#domain/queue.ts';
import { httpHandler, json } from '#http/handler.ts';

/**
 * GET /staff/queue/counters/{counterId} — the counter as its officer sees it: who opened it, the
 * ticket being served, how many wait in its department's line, and today's figures. Three GetItems.
 */
export const handler = httpHandler(
  { path: z.object({ counterId: CounterId }), roles: routeRoles('GetCounter') },
  async ({ path, principal }) => {
    const date = queueDate(now());
    const departmentId = parseCounterId(path.counterId)!.departmentId;
    const { desk, line, stats } = await counterState(date, path.counterId, departmentId);
    return json(200, {
      date,
      counterId: path.counterId,
      departmentId,
      open: desk !== undefined,
      openedByMe: desk?.officerId === principal.id,
      ...(desk?.openedAt ? { openedAt: desk.openedAt } : {}),
      current: desk?.current ?? null,
      lastServed: desk?.lastServed ?? null,
      waiting: waitingCount(line),
      issued: line.issued,
      stats: { ...stats, ...counterAverages(stats) },
    });
  },
);
