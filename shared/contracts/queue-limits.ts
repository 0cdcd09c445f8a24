/**
 * How many queue tickets one client may take: the one table the handler (the daily limits), the
 * local gateway and the WAF in front of the deployed API (the burst rule, the `queueTickets` class
 * of shared/contracts/rate-limits.ts: a rate-based rule on `POST /queue/tickets`) read. Without limits one anonymous client took a
 * department's whole day of numbers (999 in 18 s) and every visitor after it was turned away.
 *
 * A client is its source address: an IPv4 address, or an IPv6 /64 network (one subscriber line
 * gets a whole /64; shared/adapters/rate-limit.ts `sourceKey`). The kiosks in the hall are known by
 * their addresses (QUEUE_KIOSK_SOURCES, CIDR ranges): a kiosk issues tickets for everyone who walks
 * in, so it has its own, larger daily limit, and the burst rule does not apply to it.
 *
 * Each number may be overridden per deployment by the environment variable named beside it.
 */
export const QUEUE_TICKET_LIMITS = {
  /** Tickets one client may take per Vietnamese day, all departments together. QUEUE_TICKETS_PER_CLIENT_PER_DAY */
  perClientPerDay: 6,
  /** Tickets one kiosk may issue per Vietnamese day. QUEUE_TICKETS_PER_KIOSK_PER_DAY */
  perKioskPerDay: 3000,
  /**
   * The burst rule at the edge: requests to `POST /queue/tickets` from one client (not a kiosk) in
   * any window of `windowSeconds`. AWS WAF rate-based rules take a limit ≥ 10 and a window of 60,
   * 120, 300 or 600 seconds.
   */
  burst: { requests: 10, windowSeconds: 300 },
} as const;

/** The local stack's kiosks: this machine (the developer's browser and the tests stand at the kiosk). */
export const LOCAL_KIOSK_SOURCES = '127.0.0.1/32,::1/128';
