/**
 * The per-client rate limits of the public routes at the edge: one table that the AWS WAF in front
 * of the deployed API (infra/stacks/edge-stack.ts, one rate-based rule per class) and the local
 * gateway (infra/local/gateway.ts, the same windows counted on the stack's clock) both read. API
 * Gateway's own throttles are per route for all callers together; these are per client, so one
 * client cannot starve every citizen's look-up.
 *
 * A client is its source address (the viewer's, at CloudFront). The queue-ticket burst is the one
 * of shared/contracts/queue-limits.ts, which also holds the tickets' daily limits; the hall's kiosks
 * are left out of that class only (they take tickets for everyone who walks in), and the sources an
 * environment lists in `edgeExemptSources` (the centre's own network) out of every class. The failed look-up
 * limit (LOOKUP_RATE_LIMIT_*: failures, not requests) is the handlers' own and stays in the
 * environment config.
 *
 * AWS WAF rate-based rules take a limit ≥ 10 requests and a window of 60, 120, 300 or 600 seconds;
 * both sides count every request of the class (refused ones too) in the window.
 */
import { QUEUE_TICKET_LIMITS } from './queue-limits.ts';
import type { RouteDef } from './route-def.ts';
import { ROUTES } from './routes.ts';

export const RATE_LIMIT_CLASSES = ['lookups', 'submissions', 'queueTickets', 'ratings'] as const;
export type RateLimitClass = (typeof RATE_LIMIT_CLASSES)[number];

export interface EdgeRateLimit {
  /** Requests of the class one client may make in any window. */
  readonly requests: number;
  readonly windowSeconds: 60 | 120 | 300 | 600;
  /** Whether the hall's kiosks (QUEUE_KIOSK_SOURCES) are exempt. */
  readonly kiosksExempt: boolean;
}

export const EDGE_RATE_LIMITS: Readonly<Record<RateLimitClass, EdgeRateLimit>> = {
  /**
   * The dossier look-up and the citizen's actions on it (code + secret): a citizen checking a
   * dossier makes a handful of requests; 300 in 5 minutes leaves room for a shared address (a
   * family, an office) and stops bulk guessing long before the per-failure limit is the only one.
   */
  lookups: { requests: 300, windowSeconds: 300, kiosksExempt: false },
  /** Drafts, upload slots and submissions: one dossier is about ten requests. */
  submissions: { requests: 100, windowSeconds: 300, kiosksExempt: false },
  /** Taking a queue ticket: the burst rule of queue-limits.ts. */
  queueTickets: {
    requests: QUEUE_TICKET_LIMITS.burst.requests,
    windowSeconds: QUEUE_TICKET_LIMITS.burst.windowSeconds,
    kiosksExempt: true,
  },
  /** Rating a dossier or a counter's service: one rating each, a few retries. */
  ratings: { requests: 20, windowSeconds: 300, kiosksExempt: false },
};

/**
 * The local stack's exempt sources: this machine (the developer's browser, the tests and the bench
 * stand where an operator's own network would be listed in `edgeExemptSources`). Tests of the
 * limits call from other loopback addresses (127.0.0.x), which are counted like any client.
 */
export const LOCAL_EDGE_EXEMPT_SOURCES = '127.0.0.1/32,::1/128';

/** The class of a route, or undefined when no per-client limit applies (staff routes, catalogue reads). */
export function rateLimitClassOf(
  route: Pick<RouteDef, 'auth' | 'method' | 'path'>,
): RateLimitClass | undefined {
  if (route.auth !== 'PUBLIC') return undefined;
  if (route.method === 'POST' && route.path.endsWith('/rating')) return 'ratings';
  if (route.method === 'POST' && route.path === '/queue/tickets') return 'queueTickets';
  if (route.path.startsWith('/lookup/')) return 'lookups';
  if (route.path === '/dossiers' || route.path.startsWith('/dossiers/')) return 'submissions';
  return undefined;
}

/** The routes of one class (from the route table). */
export const routesOfClass = (cls: RateLimitClass, routes: readonly RouteDef[] = ROUTES): RouteDef[] =>
  routes.filter((r) => rateLimitClassOf(r) === cls);

/**
 * A regular expression matching the request paths of `routes` (all of one method) under `prefix`
 * (CloudFront's `/api`): `{param}` is one path segment. What the WAF rule's scope-down matches.
 */
export function pathPattern(routes: readonly Pick<RouteDef, 'path'>[], prefix = ''): string {
  const alternatives = [
    ...new Set(routes.map((r) => r.path.replace(/\{[^}]+\}/g, '[^/]+').replaceAll('.', '\\.'))),
  ];
  return `^${prefix.replaceAll('.', '\\.')}(${alternatives.join('|')})$`;
}
