import * as z from 'zod/mini';
import { now } from '#adapters/clock.ts';
import { getDesk } from '#adapters/queue-items.ts';
import { CounterId } from '#contracts/queue.ts';
import { parseCounterId, queueDate } from '#domain/queue.ts';
import { offeredForRating } from '#domain/queue-rating.ts';
import { httpHandler, json } from '#http/handler.ts';

/**
 * GET /queue/counters/{counterId}/rating — the counter's tablet asks which ticket it may offer for
 * rating: the one just served there, not yet rated, within the rating window. One GetItem.
 */
export const handler = httpHandler({ path: z.object({ counterId: CounterId }) }, async ({ path }) => {
  const at = now();
  const desk = await getDesk(queueDate(at), path.counterId);
  const offered = offeredForRating(desk?.lastServed, at);
  const ticket = offered
    ? { ticketId: offered.ticketId, number: offered.number, servedAt: offered.servedAt }
    : null;
  return json(200, {
    counterId: path.counterId,
    departmentId: parseCounterId(path.counterId)!.departmentId,
    ticket,
  });
});
