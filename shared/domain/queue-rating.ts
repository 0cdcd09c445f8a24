import { type TicketStatus, withinRatingWindow } from './queue.ts';

/**
 * Who may rate the service at a counter (Circular 01/2018 art. 13, the counter's tablet): the
 * ticket just served at that counter, once, within the rating window after it was served. The
 * rating code printed on the ticket is checked before this rule is asked (a stranger learns
 * nothing about the ticket); the rule itself is pure, so the tablet's offer and the rating's
 * refusal cannot disagree.
 */

/** The ticket a counter served last, as its desk remembers it. */
export interface LastServed {
  ticketId: string;
  number: string;
  servedAt: string;
  rated: boolean;
}

/** What the tablet offers for rating at `now`: the ticket just served, not yet rated, within the window. */
export function offeredForRating(lastServed: LastServed | undefined, now: Date): LastServed | undefined {
  return lastServed && !lastServed.rated && withinRatingWindow(lastServed.servedAt, now)
    ? lastServed
    : undefined;
}

/** The ticket as the rating sees it. */
export interface RatedTicket {
  ticketId: string;
  status: TicketStatus;
  /** The counter that called (and served) it. */
  counterId?: string;
  rated: boolean;
}

/**
 * Why `ticket` may not be rated at `counterId` at `now`, or undefined when it may: a ticket rated
 * once is refused as already rated; one not served, served at another counter, no longer the
 * counter's last served ticket, or served more than the window ago can no longer be rated there.
 */
export function ratingRefusal(
  ticket: RatedTicket,
  counterId: string,
  lastServed: LastServed | undefined,
  now: Date,
): 'TICKET_ALREADY_RATED' | 'TICKET_NOT_RATEABLE' | undefined {
  if (ticket.rated) return 'TICKET_ALREADY_RATED';
  const justServedHere =
    ticket.status === 'SERVED' &&
    ticket.counterId === counterId &&
    lastServed?.ticketId === ticket.ticketId &&
    withinRatingWindow(lastServed.servedAt, now);
  return justServedHere ? undefined : 'TICKET_NOT_RATEABLE';
}
