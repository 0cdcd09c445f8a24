import { now } from '#adapters/clock.ts';
import { StatisticsQuery } from '#contracts/statistics.ts';
import { httpHandler, json } from '#http/handler.ts';
import { statisticsView } from '../../shared/services/statistics.ts';

/**
 * GET /statistics?from=yyyy-MM&to=yyyy-MM&department=&procedure= — the centre's published figures
 * (Decree 61 art. 31): received, online share, resolved early / on time / late, in progress,
 * overdue now, refused, withdrawn, satisfaction; per department, per procedure and per month.
 * No login; live from the counters (two DynamoDB calls), cached briefly at the edge.
 */
export const handler = httpHandler({ query: StatisticsQuery }, async ({ query }) => {
  const { calls: _calls, ...view } = await statisticsView(query, now());
  return json(200, view, { 'cache-control': 'public, max-age=30' });
});
