import { now } from '#adapters/clock.ts';
import { listDesks } from '#adapters/queue-tickets.ts';
import type { DisplayView } from '#contracts/queue.ts';
import { queueDate } from '#domain/queue.ts';
import { httpHandler, json } from '#http/handler.ts';

/**
 * GET /queue/display — what the hall's screen shows: the number each counter called last, newest
 * first. Polled every 2–3 s, so it is one Query of the day's partition and nothing else.
 */
export const handler = httpHandler({}, async () => {
  const date = queueDate(now());
  const counters = (await listDesks(date)).sort(
    (a, b) => (b.calledAt ?? '').localeCompare(a.calledAt ?? '') || a.counterId.localeCompare(b.counterId),
  );
  const view: DisplayView = { date, counters };
  return json(200, view);
});
