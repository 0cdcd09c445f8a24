import { counterStatsOfMonth } from '#adapters/queue-figures.ts';
import { CounterStatsQuery } from '#contracts/queue.ts';
import { routeRoles } from '#contracts/routes.ts';
import { counterAverages } from '#domain/queue.ts';
import { httpHandler, json } from '#http/handler.ts';

/**
 * GET /staff/queue/stats?month=YYYY-MM — each counter's figures for each day of a month: tickets
 * called, served and absent, total and average waiting and serving time, ratings. One Query.
 */
export const handler = httpHandler(
  { query: CounterStatsQuery, roles: routeRoles('CounterStats') },
  async ({ query }) => {
    const rows = await counterStatsOfMonth(query.month);
    return json(200, {
      month: query.month,
      items: rows.map((r) => ({ ...r, ...counterAverages(r) })),
    });
  },
);
