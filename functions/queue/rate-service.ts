import * as z from 'zod/mini';
import { now } from '#adapters/clock.ts';
import { rateTicket } from '#adapters/queue-ratings.ts';
import { CounterId, CounterRatingRequest } from '#contracts/queue.ts';
import { httpHandler, json } from '#http/handler.ts';

/**
 * POST /queue/counters/{counterId}/rating — the citizen rates the service on the counter's tablet
 * (no login), with the indices of Circular 01/2018 art. 13: only with the rating code printed on
 * the ticket (403 otherwise: counter and ticket ids are guessable, the code is not), once per
 * served ticket (a second attempt is 409), only for the ticket just served at this counter and
 * within the rating window.
 */
export const handler = httpHandler(
  { path: z.object({ counterId: CounterId }), body: CounterRatingRequest },
  async ({ path, body }) => {
    const at = now();
    const { total, max } = await rateTicket({
      counterId: path.counterId,
      ticketId: body.ticketId,
      ratingCode: body.ratingCode,
      scores: body.scores,
      ...(body.comment ? { comment: body.comment } : {}),
      at: at.toISOString(),
    });
    return json(201, { ticketId: body.ticketId, rated: true, total, max });
  },
);
