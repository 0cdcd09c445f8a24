import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { EDGE_RATE_LIMITS } from '../../shared/contracts/rate-limits.ts';
import { useLocalStack } from '../support/api.ts';
import { MON_2026_03_02_0900 } from '../support/workflow.ts';

/**
 * The per-client limits of the public route classes, applied by the local gateway from the same
 * table (shared/contracts/rate-limits.ts) the deployed WAF's rate-based rules are built from.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });

function from(
  source: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Record<string, unknown> }> {
  const url = new URL(path, stack().urls.api);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method,
        headers: payload === undefined ? {} : { 'content-type': 'application/json' },
        localAddress: source,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : {} });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('per-client limits of the public routes on the local gateway', () => {
  it('answers the ratings class over its limit with 429 before any handler runs, per client and window', async () => {
    const { requests, windowSeconds } = EDGE_RATE_LIMITS.ratings;
    const rate = (source: string) => from(source, 'POST', '/queue/counters/SNV-02/rating', { scores: {} });
    for (let i = 0; i < requests; i++)
      expect((await rate('127.0.0.41')).status, `request ${i + 1}`).toBe(400);
    const calls = stack().calls.snapshot();
    const refused = await rate('127.0.0.41');
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(windowSeconds);
    expect(stack().calls.since(calls)).toEqual({});
    // Another client is not affected; the class's count is its own (a look-up still passes).
    expect((await rate('127.0.0.42')).status).toBe(400);
    expect((await from('127.0.0.41', 'GET', '/lookup/000.00.00.X00-000000-0000')).status).not.toBe(429);
    // The next window counts afresh.
    await stack().clock.advance(windowSeconds * 1000);
    expect((await rate('127.0.0.41')).status).toBe(400);
  });

  it("never counts this machine's own address (the developer and the tests, as an exempt network)", async () => {
    const { requests } = EDGE_RATE_LIMITS.ratings;
    for (let i = 0; i <= requests; i++) {
      const r = await from('127.0.0.1', 'POST', '/queue/counters/SNV-02/rating', { scores: {} });
      expect(r.status).toBe(400);
    }
  });
});
