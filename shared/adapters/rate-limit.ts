import { createHash, createHmac } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import ipaddr from 'ipaddr.js';
import { clients } from './clients.ts';
import { nowMs } from './clock.ts';
import { config } from './config.ts';
import { logger } from './logger.ts';
import { RATE_LIMIT_ITEM } from './table-design.ts';

/**
 * Failed citizen look-ups counted per source, in fixed windows (ARCHITECTURE.md, Staff auth: "one
 * answer for unknown code and wrong secret, and rate limits"). Every route that checks a look-up
 * secret counts its failures here (shared/http/citizen.ts), in the one counter of the source, so
 * spreading guesses over GET /lookup/{code} and the citizen actions gains nothing.
 *
 * The source is never stored: the item key holds a keyed HMAC of the IP address (an unkeyed hash of
 * an IPv4 address is reversed by trying all 2^32 of them). One item per source and window,
 * `pk = RATE#<hash>#<window>`, with a DynamoDB TTL `expiration` so old windows remove themselves.
 *
 * The cost model, and its trade-off:
 * - A successful look-up makes no call here: it stays the one Query on the code index. So the
 *   limit cannot be read from DynamoDB before that Query without a second call on every success.
 * - A failure makes one UpdateItem (`ADD failures 1`, ReturnValues UPDATED_NEW) that returns the
 *   window's count. Over the limit the answer is 429 instead of 404, and this warm function also
 *   remembers "blocked until the end of the window" in memory, so the next requests from that source
 *   to this instance are refused before the Query, with no call at all — the right secret included.
 * - What is given up: a function instance that has not yet seen the blocked source runs that
 *   source's next request normally; if it is a failure, its UpdateItem returns the count and the
 *   instance learns the block. So a source gets at most `limit` failures plus one per concurrent
 *   instance (of any of the secret-checking functions) per window — against a 16-character secret (about 80 bits) that is no help to a guesser,
 *   and it keeps the common case (a citizen with the right code and secret) at one call.
 * - If the counter cannot be written (throttling), the failure is still answered 404 and a warning
 *   logged: the limit fails open rather than turning a wrong secret into a 5xx.
 */
export interface RateLimitOutcome {
  /** Failures counted from this source in the current window, this one included. */
  failures: number;
  /** True when the source is now over the limit. */
  limited: boolean;
  /** Seconds until the window ends (what `Retry-After` says). */
  retryAfterSeconds: number;
}

/** Blocked sources known to this warm function: HMAC → end of the window (ms). */
const blocked = new Map<string, number>();
/** Bound on the in-memory block list, so a flood of spoofed sources cannot grow it without end. */
const MAX_BLOCKED = 10_000;

function hmacKey(): string {
  const cfg = config();
  // Without a configured key, one derived from the table name keeps counts shared by every
  // instance of the function (a random per-instance key would split them); a deployment sets
  // LOOKUP_RATE_LIMIT_KEY so the stored hashes cannot be reversed by someone who knows the names.
  return (
    cfg.LOOKUP_RATE_LIMIT_KEY ?? createHash('sha256').update(`motcua-rate#${cfg.TABLE_NAME}`).digest('hex')
  );
}

/**
 * Who a source is, for counting: an IPv4 address as it is, an IPv6 address by its /64 network.
 * One subscriber line (or one cloud host) is routinely handed a whole /64, so counting exact IPv6
 * addresses would give one client 2^64 fresh counters. An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`,
 * what a dual-stack socket reports) is the IPv4 address. Anything unparseable counts as itself.
 */
export function sourceKey(sourceIp: string): string {
  const ip = sourceIp.trim();
  if (!ipaddr.isValid(ip)) return ip;
  const parsed = ipaddr.process(ip);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
}

type Cidr = ReturnType<typeof ipaddr.parseCIDR>;
/** Parsed range lists by their text: the lists come from configuration and are parsed once. */
const parsedRanges = new Map<string, Cidr[]>();

function cidrs(ranges: string): Cidr[] {
  let parsed = parsedRanges.get(ranges);
  if (!parsed) {
    parsed = ranges
      .split(',')
      .map((r) => r.trim())
      .filter((r) => r && ipaddr.isValidCIDR(r))
      .map((r) => ipaddr.parseCIDR(r));
    if (parsedRanges.size > 32) parsedRanges.clear();
    parsedRanges.set(ranges, parsed);
  }
  return parsed;
}

/** Whether the source address lies in one of `ranges` (comma-separated CIDR ranges). */
export function inRanges(sourceIp: string, ranges: string): boolean {
  const list = cidrs(ranges);
  if (list.length === 0) return false;
  const ip = sourceIp.trim();
  // Dotted quads only: ipaddr.js also reads shorthands such as "10.20.3" (= 10.20.0.3).
  if (!ipaddr.IPv4.isValidFourPartDecimal(ip) && !ipaddr.IPv6.isValid(ip)) return false;
  const addr = ipaddr.process(ip);
  return list.some((range) => range[0].kind() === addr.kind() && addr.match(range));
}

/** The keyed hash that stands for a source in keys and memory (never the address itself). */
export function sourceHash(sourceIp: string): string {
  return createHmac('sha256', hmacKey()).update(sourceKey(sourceIp)).digest('base64url').slice(0, 32);
}

function windowOf(ms: number) {
  const windowSeconds = config().LOOKUP_RATE_LIMIT_WINDOW_SECONDS;
  const index = Math.floor(ms / 1000 / windowSeconds);
  const endMs = (index + 1) * windowSeconds * 1000;
  return { index, endMs, retryAfterSeconds: Math.max(1, Math.ceil((endMs - ms) / 1000)) };
}

/** Seconds to wait when this instance already knows the source is over the limit; no call made. */
export function knownBlock(sourceIp: string): number | undefined {
  const hash = sourceHash(sourceIp);
  const until = blocked.get(hash);
  if (until === undefined) return undefined;
  const now = nowMs();
  if (until <= now) {
    blocked.delete(hash);
    return undefined;
  }
  return Math.max(1, Math.ceil((until - now) / 1000));
}

/**
 * Forgets the blocks this instance knows, as a new instance of the function starts: for tests that
 * show the limit holds through the shared counter, not only through one instance's memory.
 */
export function forgetKnownBlocks(): void {
  blocked.clear();
}

/** Counts one failed look-up from `sourceIp`: one UpdateItem on `RATE#<hash>#<window>`. */
export async function recordFailure(sourceIp: string): Promise<RateLimitOutcome> {
  const hash = sourceHash(sourceIp);
  const now = nowMs();
  const w = windowOf(now);
  const limit = config().LOOKUP_RATE_LIMIT_MAX_FAILURES;
  let failures: number;
  try {
    const res = await clients().doc.send(
      new UpdateCommand({
        TableName: config().TABLE_NAME,
        Key: { pk: RATE_LIMIT_ITEM.pk(hash, w.index), sk: RATE_LIMIT_ITEM.sk },
        UpdateExpression: 'ADD failures :one SET #exp = if_not_exists(#exp, :exp)',
        ExpressionAttributeNames: { '#exp': RATE_LIMIT_ITEM.ttlAttribute },
        ExpressionAttributeValues: { ':one': 1, ':exp': Math.ceil(w.endMs / 1000) },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    failures = Number(res.Attributes?.failures ?? 1);
  } catch (error) {
    logger.warn('look-up rate counter not written', { error: error as Error });
    return { failures: 0, limited: false, retryAfterSeconds: w.retryAfterSeconds };
  }
  const limited = failures > limit;
  if (limited) {
    if (blocked.size >= MAX_BLOCKED) blocked.clear();
    blocked.set(hash, w.endMs);
  }
  return { failures, limited, retryAfterSeconds: w.retryAfterSeconds };
}
