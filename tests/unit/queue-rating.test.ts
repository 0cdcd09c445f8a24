import { describe, expect, it } from 'vitest';
import { RATING_WINDOW_MINUTES } from '../../shared/domain/queue.ts';
import { type LastServed, offeredForRating, ratingRefusal } from '../../shared/domain/queue-rating.ts';

const servedAt = '2026-03-02T02:00:00.000Z';
const minutesAfter = (m: number) => new Date(Date.parse(servedAt) + m * 60_000);
const last: LastServed = { ticketId: '20260302-STP-015', number: 'A-015', servedAt, rated: false };
const ticket = { ticketId: last.ticketId, status: 'SERVED' as const, counterId: 'STP-01', rated: false };

describe('who may rate the service at a counter', () => {
  it('offers the ticket just served, until the window closes or it is rated', () => {
    expect(offeredForRating(last, minutesAfter(0))).toEqual(last);
    expect(offeredForRating(last, minutesAfter(RATING_WINDOW_MINUTES))).toEqual(last);
    expect(offeredForRating(last, minutesAfter(RATING_WINDOW_MINUTES + 0.01))).toBeUndefined();
    expect(offeredForRating({ ...last, rated: true }, minutesAfter(1))).toBeUndefined();
    expect(offeredForRating(undefined, minutesAfter(1))).toBeUndefined();
    // A clock behind the serving time offers nothing.
    expect(offeredForRating(last, minutesAfter(-1))).toBeUndefined();
  });

  it('lets the holder rate the ticket just served at that counter, within the window', () => {
    expect(ratingRefusal(ticket, 'STP-01', last, minutesAfter(5))).toBeUndefined();
  });

  it('refuses a second rating as already rated, whatever else holds', () => {
    expect(ratingRefusal({ ...ticket, rated: true }, 'STP-01', last, minutesAfter(5))).toBe(
      'TICKET_ALREADY_RATED',
    );
    expect(ratingRefusal({ ...ticket, rated: true }, 'STP-02', undefined, minutesAfter(60))).toBe(
      'TICKET_ALREADY_RATED',
    );
  });

  it('refuses a ticket not served, served elsewhere, no longer the last one, or past the window', () => {
    const at = minutesAfter(5);
    expect(ratingRefusal({ ...ticket, status: 'ABSENT' }, 'STP-01', last, at)).toBe('TICKET_NOT_RATEABLE');
    expect(ratingRefusal({ ...ticket, status: 'CALLED' }, 'STP-01', last, at)).toBe('TICKET_NOT_RATEABLE');
    expect(ratingRefusal(ticket, 'STP-02', last, at)).toBe('TICKET_NOT_RATEABLE');
    expect(ratingRefusal(ticket, 'STP-01', { ...last, ticketId: '20260302-STP-016' }, at)).toBe(
      'TICKET_NOT_RATEABLE',
    );
    expect(ratingRefusal(ticket, 'STP-01', undefined, at)).toBe('TICKET_NOT_RATEABLE');
    expect(ratingRefusal(ticket, 'STP-01', last, minutesAfter(RATING_WINDOW_MINUTES + 1))).toBe(
      'TICKET_NOT_RATEABLE',
    );
  });
});
