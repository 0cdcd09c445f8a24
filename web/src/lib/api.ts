import { apiBaseUrl } from './config.ts';

/**
 * The API client: JSON in and out, RFC 9457 problems turned into `ApiError`s with their `code`
 * and field `errors`. Idempotent writes (create, submit) are retried with the same
 * Idempotency-Key on a lost connection, a 5xx or a concurrent duplicate (409 + Retry-After), so a
 * flaky network or a double click never makes two dossiers.
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

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  idempotencyKey?: string;
  /** Attempts for idempotent requests (GET, or a write with an Idempotency-Key). */
  attempts?: number;
}

async function once<T>(method: string, path: string, opts: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(`${apiBaseUrl()}${path}`, {
      method,
      headers,
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    });
  } catch {
    throw new ApiError(0, { code: NETWORK_ERROR });
  }
  const text = await res.text().catch(() => '');
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    const p = (parsed ?? {}) as Partial<Problem>;
    const retryAfter = Number(res.headers.get('retry-after') ?? 0);
    throw new ApiError(
      res.status,
      { ...p, code: typeof p.code === 'string' ? p.code : `HTTP_${res.status}` },
      Number.isFinite(retryAfter) ? retryAfter * 1000 : 0,
    );
  }
  return parsed as T;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function retryable(e: unknown): e is ApiError {
  return (
    e instanceof ApiError &&
    (e.status === 0 || e.status >= 500 || (e.status === 409 && e.code === 'IDEMPOTENCY_IN_PROGRESS'))
  );
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const safe = method === 'GET' || Boolean(opts.idempotencyKey);
  const attempts = safe ? (opts.attempts ?? 4) : 1;
  for (let i = 1; ; i++) {
    try {
      return await once<T>(method, path, opts);
    } catch (e) {
      if (i >= attempts || !retryable(e)) throw e;
      await sleep(Math.max(e.retryAfterMs, 300 * 2 ** (i - 1)));
    }
  }
}

/** GET with a binary answer (the receipt PDF), for a download the browser saves. */
export async function requestBlob(path: string, headers: Record<string, string>): Promise<Blob> {
  let res: Response;
  try {
    res = await fetch(`${apiBaseUrl()}${path}`, { headers });
  } catch {
    throw new ApiError(0, { code: NETWORK_ERROR });
  }
  if (!res.ok) throw new ApiError(res.status, { code: `HTTP_${res.status}` });
  return res.blob();
}

export const newIdempotencyKey = () => `web-${crypto.randomUUID()}`;
