import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { en } from '../../web/src/i18n/en.ts';
import { vi as viMessages } from '../../web/src/i18n/vi.ts';
import {
  ApiError,
  MAX_RETRY_WAIT_MS,
  minutesToWait,
  problemText,
  request,
  requestBlob,
  retryAfterMs,
} from '../../web/src/lib/api.ts';
import { loadConfig } from '../../web/src/lib/config.ts';

/**
 * The web API client's answer to "come back later": the look-up rate limit (429, never retried,
 * the wait told in minutes) and a busy service (503, retried for idempotent requests as
 * Retry-After says, a bounded number of times).
 */
const problem = (status: number, code: string, extra: Record<string, unknown> = {}, retryAfter?: string) =>
  new Response(JSON.stringify({ code, status, title: 'vi', titleEn: 'en', ...extra }), {
    status,
    headers: {
      'content-type': 'application/problem+json',
      ...(retryAfter === undefined ? {} : { 'retry-after': retryAfter }),
    },
  });
const ok = () => new Response(JSON.stringify({ fine: true }), { status: 200 });

describe('Retry-After', () => {
  it('reads delay seconds, an HTTP date, or the body when the header is not readable', () => {
    expect(retryAfterMs('120', {})).toBe(120_000);
    expect(retryAfterMs(' 2 ', {})).toBe(2000);
    const now = Date.parse('2026-03-02T08:00:00Z');
    expect(retryAfterMs('Mon, 02 Mar 2026 08:05:00 GMT', {}, now)).toBe(300_000);
    expect(retryAfterMs('Mon, 02 Mar 2026 07:55:00 GMT', {}, now)).toBe(0);
    expect(retryAfterMs(null, { retryAfterSeconds: 900 })).toBe(900_000);
    expect(retryAfterMs(null, { retryAfterSeconds: 1.2 })).toBe(2000);
    expect(retryAfterMs('soon', { retryAfterSeconds: -5 })).toBe(0);
    expect(retryAfterMs(null, {})).toBe(0);
  });

  it('is told in whole minutes, rounded up and at least one', () => {
    expect(minutesToWait(900_000)).toBe(15);
    expect(minutesToWait(899_000)).toBe(15);
    expect(minutesToWait(61_000)).toBe(2);
    expect(minutesToWait(60_000)).toBe(1);
    expect(minutesToWait(1000)).toBe(1);
    expect(minutesToWait(0)).toBe(1);
  });
});

describe('a refusal in words', () => {
  const limited = new ApiError(429, { code: 'LOOKUP_RATE_LIMITED' }, 840_000);

  it('says how many minutes to wait after too many wrong lookup secrets, Vietnamese first', () => {
    expect(problemText(limited, viMessages.errors, 'vi')).toBe(
      'Bạn đã nhập sai mã tra cứu quá nhiều lần. Vui lòng thử lại sau 14 phút.',
    );
    expect(problemText(limited, en.errors, 'en')).toBe(
      'You have entered a wrong lookup secret too many times. Please try again in 14 minutes.',
    );
    const oneMinute = new ApiError(429, { code: 'LOOKUP_RATE_LIMITED' }, 30_000);
    expect(problemText(oneMinute, en.errors, 'en')).toContain('in 1 minute.');
    const unknownWait = new ApiError(429, { code: 'LOOKUP_RATE_LIMITED' });
    expect(problemText(unknownWait, viMessages.errors, 'vi')).toContain('thử lại sau ít phút.');
  });

  it('says the system is busy on a 503, and keeps the other answers as they were', () => {
    const busy = new ApiError(503, { code: 'SERVICE_UNAVAILABLE' }, 2000);
    expect(problemText(busy, viMessages.errors, 'vi')).toBe(viMessages.errors.busy);
    expect(problemText(busy, en.errors, 'en')).toBe(en.errors.busy);
    // The API's own throttling (429 without our code) is "busy", not the wrong-secret limit.
    const throttled = new ApiError(429, { code: 'HTTP_429' });
    expect(problemText(throttled, viMessages.errors, 'vi')).toBe(viMessages.errors.busy);
    expect(problemText(new ApiError(0, { code: 'NETWORK_ERROR' }), en.errors, 'en')).toBe(en.errors.network);
    expect(problemText(new ApiError(500, { code: 'INTERNAL_ERROR' }), en.errors, 'en')).toBe(
      en.errors.unexpected,
    );
    const conflict = new ApiError(409, { code: 'DOSSIER_CONFLICT', title: 'Xung đột', titleEn: 'Conflict' });
    expect(problemText(conflict, viMessages.errors, 'vi')).toBe('Xung đột');
    expect(problemText(conflict, en.errors, 'en')).toBe('Conflict');
    expect(problemText(new Error('boom'), en.errors, 'en')).toBe(en.errors.network);
  });
});

describe('retries', () => {
  const fetchMock = vi.fn<typeof fetch>();
  // The client reads /config.json once, before its first API request: read here (none deployed,
  // so the default API address), so the counts below are the API's requests alone.
  beforeAll(async () => {
    vi.stubGlobal('fetch', async () => new Response('', { status: 404 }));
    await loadConfig();
    vi.unstubAllGlobals();
  });
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    fetchMock.mockReset();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  /** Runs `p` to its end while moving the fake clock; returns the outcome and the clock time used. */
  async function settle<T>(p: Promise<T>): Promise<{ value?: T; error?: unknown; waitedMs: number }> {
    const start = Date.now();
    const out: { value?: T; error?: unknown } = {};
    const done = p.then(
      (value) => {
        out.value = value;
      },
      (error: unknown) => {
        out.error = error;
      },
    );
    await vi.runAllTimersAsync();
    await done;
    return { ...out, waitedMs: Date.now() - start };
  }

  it('never retries the look-up rate limit, and keeps its wait from the body', async () => {
    fetchMock.mockResolvedValue(problem(429, 'LOOKUP_RATE_LIMITED', { retryAfterSeconds: 600 }));
    const r = await settle(request('GET', '/lookup/X', { headers: { 'x-lookup-secret': 'S' } }));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(r.error).toBeInstanceOf(ApiError);
    expect((r.error as ApiError).code).toBe('LOOKUP_RATE_LIMITED');
    expect((r.error as ApiError).retryAfterMs).toBe(600_000);
  });

  it('retries a GET on 503 after Retry-After, and succeeds when the service is back', async () => {
    fetchMock
      .mockResolvedValueOnce(problem(503, 'SERVICE_UNAVAILABLE', {}, '2'))
      .mockResolvedValueOnce(problem(503, 'SERVICE_UNAVAILABLE', {}, '2'))
      .mockResolvedValueOnce(ok());
    const r = await settle(request<{ fine: boolean }>('GET', '/lookup/X'));
    expect(r.value).toEqual({ fine: true });
    expect(fetchMock).toHaveBeenCalledTimes(3);
    expect(r.waitedMs).toBe(4000);
  });

  it('gives up on a busy service after four attempts with the 503 to show', async () => {
    fetchMock.mockImplementation(async () => problem(503, 'SERVICE_UNAVAILABLE', {}, '2'));
    const r = await settle(request('POST', '/dossiers/D/submit', { idempotencyKey: 'web-key-0001' }));
    expect(fetchMock).toHaveBeenCalledTimes(4);
    expect((r.error as ApiError).code).toBe('SERVICE_UNAVAILABLE');
    // Retry-After 2 s, 2 s, then the backoff's 1.2 s is shorter than Retry-After: 2 s again.
    expect(r.waitedMs).toBe(6000);
  });

  it('does not retry a write without an Idempotency-Key', async () => {
    fetchMock.mockImplementation(async () => problem(503, 'SERVICE_UNAVAILABLE', {}, '2'));
    const r = await settle(request('POST', '/lookup/X/withdraw'));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect((r.error as ApiError).status).toBe(503);
  });

  it('does not hold the page for a Retry-After longer than the bound', async () => {
    const longer = String(MAX_RETRY_WAIT_MS / 1000 + 1);
    fetchMock.mockImplementation(async () => problem(503, 'SERVICE_UNAVAILABLE', {}, longer));
    const r = await settle(request('GET', '/lookup/X'));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect((r.error as ApiError).retryAfterMs).toBe(MAX_RETRY_WAIT_MS + 1000);
  });

  it('gives the receipt PDF the same treatment: problem parsed, 503 retried, 429 not', async () => {
    fetchMock
      .mockResolvedValueOnce(problem(503, 'SERVICE_UNAVAILABLE', {}, '2'))
      .mockResolvedValueOnce(new Response(new Blob(['%PDF-1.4']), { status: 200 }));
    const pdf = await settle(requestBlob('/lookup/X/receipt.pdf', { 'x-lookup-secret': 'S' }));
    expect(await (pdf.value as Blob).text()).toBe('%PDF-1.4');
    expect(fetchMock).toHaveBeenCalledTimes(2);

    fetchMock.mockReset();
    fetchMock.mockResolvedValue(problem(429, 'LOOKUP_RATE_LIMITED', { retryAfterSeconds: 60 }, '60'));
    const limited = await settle(requestBlob('/lookup/X/receipt.pdf', { 'x-lookup-secret': 'S' }));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect((limited.error as ApiError).code).toBe('LOOKUP_RATE_LIMITED');
    expect((limited.error as ApiError).retryAfterMs).toBe(60_000);
  });
});
