import { randomUUID } from 'node:crypto';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { sumCalls } from '../infra/local/call-counter.ts';
import { LOCAL_NAMES, startLocalStack } from '../infra/local/stack.ts';
import { assertSessionCurrent, PROFILE_CACHE_MS } from '../shared/http/session.ts';
import { call } from '../tests/support/api.ts';
import type { PartReport, ReportRow } from './report.ts';
import { summarise, timeEach } from './stats.ts';

/**
 * The cost of the staff revocation check (issue 20 item 8): every staff request reads the caller's
 * profile (`disabled`, `revokedAt`) through a per-instance cache of PROFILE_CACHE_MS, so a disabled
 * or moved officer is refused within that time. Measured in one run on the local stack:
 *
 * - the check itself on a cache hit (in process, no request) and on a miss (one GetItem), next to
 *   a raw GetItem of the same item from an SDK client (the baseline);
 * - a light staff request (GET /staff/notifications: gateway, JWT, role and revocation checks,
 *   handler) with the check answering from its cache, and the DynamoDB requests it makes.
 *
 * What a request pays: the hit on every request, and a miss at most once per PROFILE_CACHE_MS per
 * officer per warm function instance.
 */
const USERNAME = 'stc.chuyenvien';

export async function benchSession(): Promise<PartReport> {
  const N = Number(process.env.BENCH_SESSION_N ?? 500);
  const stack = await startLocalStack({ resume: false });
  const raw = new DynamoDBClient({ region: 'ap-southeast-1', endpoint: stack.urls.dynamodb });
  try {
    const token = await stack.auth.tokenFor(USERNAME);
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      sub: string;
      iat: number;
    };
    const principal = { id: claims.sub, roles: [] };
    const event = (sub: string) =>
      ({
        requestContext: { authorizer: { jwt: { claims: { sub, iat: claims.iat } } } },
      }) as unknown as APIGatewayProxyEventV2;
    const profileKey = { pk: { S: `USER#${claims.sub}` }, sk: { S: 'PROFILE' } };
    const profile = await raw.send(new GetItemCommand({ TableName: LOCAL_NAMES.table, Key: profileKey }));
    if (!profile.Item) throw new Error(`no profile item for ${USERNAME}`);
    const headers = { authorization: `Bearer ${token}` };

    // Warm-up: every path once (connections, code, caches).
    for (let i = 0; i < 20; i++) {
      await raw.send(new GetItemCommand({ TableName: LOCAL_NAMES.table, Key: profileKey }));
      await assertSessionCurrent(event(claims.sub), { ...principal, id: randomUUID() });
      const res = await call(stack.urls.api, 'GET', '/staff/notifications', { headers });
      if (res.status !== 200) throw new Error(`GET /staff/notifications ${res.status}`);
    }

    // Interleaved, one of each per round, so a change of load on the machine shifts all three alike.
    // A miss: an officer this instance has not seen within PROFILE_CACHE_MS (a fresh id each time:
    // the same one GetItem, whether or not the profile exists). A hit: the same officer again.
    const times = { baseline: [] as number[], miss: [] as number[], hit: [] as number[] };
    const timed = async (into: number[], fn: () => Promise<unknown>) => {
      const t = performance.now();
      await fn();
      into.push(performance.now() - t);
    };
    await assertSessionCurrent(event(claims.sub), principal);
    const checkCalls = stack.calls.snapshot();
    const started = performance.now();
    for (let i = 0; i < N; i++) {
      await timed(times.baseline, () =>
        raw.send(
          new GetItemCommand({
            TableName: LOCAL_NAMES.table,
            Key: profileKey,
            ProjectionExpression: 'disabled, revokedAt',
          }),
        ),
      );
      await timed(times.miss, () =>
        assertSessionCurrent(event(claims.sub), { ...principal, id: randomUUID() }),
      );
      await timed(times.hit, () => assertSessionCurrent(event(claims.sub), principal));
    }
    const wallMs = performance.now() - started;
    // The raw client's N GetItems, and one per miss; none for the hits.
    const checkRequests = (sumCalls(stack.calls.since(checkCalls), 'dynamodb:') - N) / N;
    const missRequests = checkRequests;
    const hitRequests = 0;
    const baseline = { durations: times.baseline, wallMs };
    const miss = { durations: times.miss, wallMs };
    const hit = { durations: times.hit, wallMs };
    // The whole staff request, the check answering from its cache (as on all but one request per
    // PROFILE_CACHE_MS per officer and instance).
    const reqCalls = stack.calls.snapshot();
    const request = await timeEach(N, async () => {
      const res = await call(stack.urls.api, 'GET', '/staff/notifications', { headers });
      if (res.status !== 200) throw new Error(`GET /staff/notifications ${res.status}`);
    });
    const requestCalls = stack.calls.since(reqCalls);
    const requestRequests = sumCalls(requestCalls, 'dynamodb:') / N;
    const requestKinds = Object.entries(requestCalls)
      .filter(([k]) => k.startsWith('dynamodb:'))
      .map(([k, v]) => `${k.replace('dynamodb:', '')} ×${(v / N).toFixed(2)}`)
      .join(', ');

    const s = {
      baseline: summarise(baseline.durations, baseline.wallMs),
      miss: summarise(miss.durations, miss.wallMs),
      hit: summarise(hit.durations, hit.wallMs),
      request: summarise(request.durations, request.wallMs),
    };
    const hitShare = s.hit.mean / s.request.mean;
    const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
    const rows: ReportRow[] = [
      {
        operation: 'raw DynamoDB GetItem of a staff profile (disabled, revokedAt)',
        baseline: true,
        latency: s.baseline,
        awsCalls: { 'dynamodb:GetItem': 1 },
      },
      {
        operation: `revocation check, cache miss (first request of an officer per ${PROFILE_CACHE_MS / 1000} s per instance)`,
        latency: s.miss,
        versus: { baseline: 'raw GetItem', metric: 'p99', ratio: s.miss.p99 / s.baseline.p99 },
        values: { 'DynamoDB requests': Number(missRequests.toFixed(2)) },
      },
      {
        operation: 'revocation check, cache hit (every other request)',
        latency: s.hit,
        values: {
          'DynamoDB requests': Number(hitRequests.toFixed(2)),
          'mean µs': Number((s.hit.mean * 1000).toFixed(1)),
        },
      },
      {
        operation: 'GET /staff/notifications (gateway, JWT, roles, revocation check from cache, handler)',
        latency: s.request,
        values: { 'DynamoDB requests': Number(requestRequests.toFixed(2)) },
      },
    ];
    const details = [
      `staff revocation check (shared/http/session.ts), ${N} calls each, local stack in this process, engines in memory:`,
      `  raw GetItem of the profile: mean ${s.baseline.mean.toFixed(2)} ms, p99 ${s.baseline.p99.toFixed(2)} ms (baseline)`,
      `  check, cache miss: mean ${s.miss.mean.toFixed(2)} ms, p99 ${s.miss.p99.toFixed(2)} ms = ×${(s.miss.mean / s.baseline.mean).toFixed(2)} the raw GetItem (mean); ${missRequests.toFixed(2)} DynamoDB request`,
      `  check, cache hit: mean ${us(s.hit.mean)}, p99 ${us(s.hit.p99)}; no DynamoDB request (the hits and misses together made ${missRequests.toFixed(2)} per miss)`,
      `  GET /staff/notifications: mean ${s.request.mean.toFixed(2)} ms, p99 ${s.request.p99.toFixed(2)} ms; ${requestRequests.toFixed(2)} DynamoDB requests per request (${requestKinds}: the handler's own)`,
      `  cost per staff request: ${us(s.hit.mean)} on a hit (${(hitShare * 100).toFixed(3)} % of the request), plus one GetItem (${s.miss.mean.toFixed(2)} ms here; 0.5 read request unit in AWS) at most once per ${PROFILE_CACHE_MS / 1000} s per officer per warm instance`,
    ];
    return {
      part: 'session',
      title: 'Staff revocation check: cost per request',
      rows,
      targets: [
        {
          issue: 20,
          name: 'revocation check: measured cost per request (cache hit; a miss is one GetItem)',
          target: 'reported',
          measured: `${us(s.hit.mean)} on a hit = ${(hitShare * 100).toFixed(3)} % of GET /staff/notifications; miss ${s.miss.mean.toFixed(2)} ms vs raw GetItem ${s.baseline.mean.toFixed(2)} ms`,
          met: missRequests <= 1.01,
        },
      ],
      details,
      data: {
        n: N,
        cacheMs: PROFILE_CACHE_MS,
        ...s,
        requests: { miss: missRequests, hit: hitRequests, request: requestRequests },
      },
    };
  } finally {
    raw.destroy();
    await stack.stop();
  }
}
