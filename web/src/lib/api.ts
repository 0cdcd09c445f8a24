import { problemTitle } from '../../../shared/domain/messages.ts';
import { apiBaseUrl, loadConfig } from './config.ts';

/**
 * The API client: JSON in and out, RFC 9457 problems turned into `ApiError`s with their `code`
 * and field `errors`. Idempotent requests (GETs, and writes with an Idempotency-Key such as create
 * and submit) are retried with the same key on a lost connection, a 5xx — a 503
 * `SERVICE_UNAVAILABLE` says when with Retry-After — or a concurrent duplicate (409 + Retry-After),
 * so a flaky network or a double click never makes two dossiers. A 429 is never retried: the
 * look-up rate limit counts every attempt, and the citizen is told how long to wait instead.
 */
export interface FieldProblem {
  path: string;
  code: string;
  message: string;
}

export interface Problem {
  code: string;
  title?: string;
  titleEn?: string;
  status?: number;
  detail?: string;
  errors?: FieldProblem[];
  /** A rate limit's wait, also sent as Retry-After (LOOKUP_RATE_LIMITED). */
  retryAfterSeconds?: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    readonly retryAfterMs = 0,
  ) {
    super(problem.detail ?? problem.title ?? problem.code);
  }
  get code() {
    return this.problem.code;
  }
}

/** Status 0: the request never got an answer (offline, DNS, CORS, connection reset). */
export const NETWORK_ERROR = 'NETWORK_ERROR';
/** 429: too many failed look-up secrets from this address; wait `retryAfterMs`. */
export const LOOKUP_RATE_LIMITED = 'LOOKUP_RATE_LIMITED';
/** 503: an AWS call still failed after the SDK's retries (throttling, engine down); try again soon. */
export const SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE';

/**
 * The wait a refusal asks for, in milliseconds: the Retry-After header (delay in seconds or an
 * HTTP date, RFC 9110 §10.2.3), else the problem's `retryAfterSeconds` (the header is only
 * readable cross-origin when the API exposes it), else 0.
 */
export function retryAfterMs(header: string | null, problem: Partial<Problem>, nowMs = Date.now()): number {
  const value = header?.trim();
  if (value) {
    if (/^\d+$/.test(value)) return Number(value) * 1000;
    const at = Date.parse(value);
    if (Number.isFinite(at)) return Math.max(0, at - nowMs);
  }
  const s = problem.retryAfterSeconds;
  return typeof s === 'number' && Number.isFinite(s) && s > 0 ? Math.ceil(s) * 1000 : 0;
}

/** Whole minutes to tell a person to wait, rounded up so they never come back too early; at least 1. */
export function minutesToWait(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}

/** The catalogue entries a refusal is told with (`m().errors`). */
export interface ProblemMessages {
  network: string;
  unexpected: string;
  busy: string;
  rateLimited: (minutes: number | undefined) => string;
}

/**
 * A refusal in words for the citizen: a lost connection, the rate limit with its wait in minutes,
 * a busy service (503 after the retries), another 5xx, else the problem's title in the page's
 * language: the API's (taken from the messages table, shared/domain/messages.ts), or the same
 * table's when an answer came without one (a proxy's bare refusal).
 */
export function problemText(e: unknown, msg: ProblemMessages, lang: 'vi' | 'en'): string {
  if (!(e instanceof ApiError) || e.code === NETWORK_ERROR) return msg.network;
  if (e.code === LOOKUP_RATE_LIMITED)
    return msg.rateLimited(e.retryAfterMs > 0 ? minutesToWait(e.retryAfterMs) : undefined);
  // Any other 429 is the API's own throttling (too many requests from everyone), not this person's
  // wrong secrets: the same "busy, try again" as a 503.
  if (e.code === SERVICE_UNAVAILABLE || e.status === 503 || e.status === 429) return msg.busy;
  if (e.status >= 500) return msg.unexpected;
  return (
    (lang === 'vi' ? e.problem.title : e.problem.titleEn) ?? problemTitle(e.code, lang) ?? msg.unexpected
  );
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  idempotencyKey?: string;
  /** Attempts for idempotent requests (GET, or a write with an Idempotency-Key). */
  attempts?: number;
}

async function send(method: string, path: string, opts: RequestOptions, accept?: string): Promise<Response> {
  const headers: Record<string, string> = { ...(accept ? { accept } : {}), ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  // The page may have rendered before /config.json arrived: the API's address is in it.
  await loadConfig();
  try {
    return await fetch(`${apiBaseUrl()}${path}`, {
      method,
      headers,
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    });
  } catch {
    throw new ApiError(0, { code: NETWORK_ERROR });
  }
}

const parseJson = (text: string): unknown => {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
};

/** The `ApiError` of a refused answer, from its problem+json body and Retry-After. */
async function refusal(res: Response): Promise<ApiError> {
  const parsed = parseJson(await res.text().catch(() => ''));
  const p = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Partial<Problem>;
  return new ApiError(
    res.status,
    { ...p, code: typeof p.code === 'string' ? p.code : `HTTP_${res.status}` },
    retryAfterMs(res.headers.get('retry-after'), p),
  );
}

async function once<T>(method: string, path: string, opts: RequestOptions): Promise<T> {
  const res = await send(method, path, opts, 'application/json');
  if (!res.ok) throw await refusal(res);
  const text = await res.text().catch(() => '');
  return parseJson(text) as T;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The longest Retry-After waited for inside one click: beyond it the page stops and says so
 * rather than keep a busy button for minutes.
 */
export const MAX_RETRY_WAIT_MS = 10_000;

function retryable(e: unknown): e is ApiError {
  return (
    e instanceof ApiError &&
    e.retryAfterMs <= MAX_RETRY_WAIT_MS &&
    (e.status === 0 || e.status >= 500 || (e.status === 409 && e.code === 'IDEMPOTENCY_IN_PROGRESS'))
  );
}

/** Runs `attempt` up to `attempts` times while it fails retryably, waiting Retry-After or a backoff. */
async function withRetries<T>(attempts: number, attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (i >= attempts || !retryable(e)) throw e;
      await sleep(Math.max(e.retryAfterMs, 300 * 2 ** (i - 1)));
    }
  }
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const safe = method === 'GET' || Boolean(opts.idempotencyKey);
  const attempts = safe ? (opts.attempts ?? 4) : 1;
  return withRetries(attempts, () => once<T>(method, path, opts));
}

/** GET with a binary answer (the receipt PDF), for a download the browser saves. */
export async function requestBlob(path: string, headers: Record<string, string>): Promise<Blob> {
  return withRetries(4, async () => {
    const res = await send('GET', path, { headers });
    if (!res.ok) throw await refusal(res);
    return res.blob();
  });
}

export const newIdempotencyKey = () => `web-${crypto.randomUUID()}`;
