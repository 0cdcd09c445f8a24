import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countWrites } from '../../infra/local/call-counter.ts';
import { resetConfig } from '../../shared/adapters/config.ts';
import { RATING_INDICES } from '../../shared/contracts/dossier.ts';
import { call, draftWithDocuments, newKey, privateEnterpriseRequest, useLocalStack } from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';

/**
 * At least 1,000 generated malformed requests per public endpoint: never a 5xx, and a refused
 * request never writes anything (counted at the local DynamoDB and S3 engines).
 */
const stack = useLocalStack();
const api = () => stack().urls.api;
const RUNS = 1000;

interface Outcome {
  status: number;
  writes: number;
  /** Calls by operation, for the secret checks whose refusals count failures in a RATE# item. */
  calls: Record<string, number>;
  /** The problem's machine code, when the answer is problem+json. */
  code?: string;
}

async function send(
  method: string,
  path: string,
  opts: { rawBody?: string; headers?: Record<string, string> } = {},
): Promise<Outcome> {
  const before = stack().calls.snapshot();
  const res = await call(api(), method, path, opts);
  const calls = stack().calls.since(before);
  const writes = countWrites(calls);
  if (
    res.status >= 400 &&
    res.status < 500 &&
    typeof res.body === 'object' &&
    res.body &&
    'code' in res.body
  ) {
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  }
  const code =
    typeof res.body === 'object' && res.body && 'code' in res.body && typeof res.body.code === 'string'
      ? res.body.code
      : undefined;
  return { status: res.status, writes, calls, ...(code ? { code } : {}) };
}

function check(outcomes: Outcome[], allowedWrite?: (o: Outcome) => boolean) {
  expect(outcomes).toHaveLength(RUNS);
  expect(outcomes.filter((o) => o.status >= 500)).toEqual([]);
  expect(outcomes.filter((o) => o.status >= 400 && o.writes > 0 && !allowedWrite?.(o))).toEqual([]);
  // The generators really produce bad input: nearly everything is refused.
  expect(outcomes.filter((o) => o.status >= 400).length).toBeGreaterThanOrEqual(RUNS * 0.95);
}

const segment = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('..', '%', '%ZZ', '%00', ' ', 'null', '2.00161', '2.0016100', '000.99.01.H55-261128-0001x'),
  fc.uuid().map((u) => u.toUpperCase()),
  fc.uuid(),
);
const enc = (s: string) => encodeURIComponent(s).replace(/%25/g, () => (Math.random() < 0.3 ? '%' : '%25'));

/** Query strings with at least one parameter the endpoint must refuse, among arbitrary others. */
const anyPair = fc.tuple(fc.constantFrom('q', 'department', 'field', 'limit', 'offset'), segment);
const badPair = fc.oneof(
  fc.tuple(fc.constantFrom('x', 'secret', 'Q', 'page', 'sort', '__proto__'), segment),
  fc.tuple(fc.constant('limit'), fc.constantFrom('0', '201', '-1', 'abc', '1.5', '', '1e9', 'NaN')),
  fc.tuple(fc.constant('offset'), fc.constantFrom('-1', 'x', '100001', '0x10', 'Infinity')),
  fc.tuple(fc.constant('department'), fc.oneof(fc.constantFrom('', 's', 'S', 'TOOLONGID1', 'stc', 'ST C'))),
  fc.tuple(fc.constant('q'), fc.string({ minLength: 201, maxLength: 400 })),
);
const toQuery = (pairs: [string, string][]) =>
  pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
const badQueryString = fc
  .tuple(fc.array(anyPair, { maxLength: 4 }), badPair, fc.nat())
  .map(([pairs, bad, at]) => {
    const all: [string, string][] = [...pairs];
    all.splice(at % (pairs.length + 1), 0, bad);
    return toQuery(all);
  });
const anyQueryString = fc.array(anyPair, { maxLength: 5 }).map(toQuery);

/** A valid body with one part replaced, removed or retyped, or something that is not a body at all. */
const validBody = privateEnterpriseRequest();
const paths: string[][] = [
  ['procedureCode'],
  ['applicant'],
  ['applicant', 'type'],
  ['applicant', 'idNumber'],
  ['applicant', 'phone'],
  ['applicant', 'fullName'],
  ['applicant', 'email'],
  ['fields'],
  ['fields', 'enterpriseName'],
  ['fields', 'investedCapitalVnd'],
  ['delivery'],
  ['delivery', 'method'],
];
function mutate(path: string[], value: unknown, remove: boolean) {
  const copy = structuredClone(validBody) as Record<string, unknown>;
  let node = copy;
  for (const p of path.slice(0, -1)) node = node[p] as Record<string, unknown>;
  const last = path.at(-1)!;
  if (remove) delete node[last];
  else node[last] = value;
  return JSON.stringify(copy);
}
const badValue = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.string({ maxLength: 30 }),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.constantFrom(
    '012345678901234567890',
    '+84123',
    '0'.repeat(12),
    'INDIVIDUAL ',
    'POST_OFFICE',
    '<script>',
  ),
);
const body = fc.oneof(
  fc.tuple(fc.constantFrom(...paths), badValue, fc.boolean()).map(([p, v, r]) => mutate(p, v, r)),
  fc.json(),
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    '',
    '{',
    '[]',
    'null',
    '{"procedureCode":"2.001610"}',
    JSON.stringify(validBody).slice(0, -1),
  ),
  fc.anything().map((v) => JSON.stringify(v) ?? 'undefined'),
);
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  '',
);
const idempotencyKey = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('', 'short', 'x'.repeat(200), 'có dấu tiếng việt'),
  fc.uuid(),
);

function headers(ct: string, key: string | undefined): Record<string, string> {
  const h: Record<string, string> = {};
  if (ct) h['content-type'] = ct;
  if (key !== undefined) {
    // fetch refuses header values outside Latin-1; send those percent-encoded, as a proxy would.
    h['idempotency-key'] = /^[\x20-\x7e]*$/.test(key) ? key : encodeURIComponent(key);
  }
  return h;
}

async function runs<T>(
  arb: fc.Arbitrary<T>,
  fn: (v: T) => Promise<Outcome>,
  allowedWrite?: (o: Outcome) => boolean,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  await fc.assert(
    fc.asyncProperty(arb, async (v) => {
      const o = await fn(v);
      outcomes.push(o);
      return o.status < 500 && !(o.status >= 400 && o.writes > 0 && !allowedWrite?.(o));
    }),
    { numRuns: RUNS },
  );
  return outcomes;
}

/**
 * A refused secret check — unknown code, wrong, missing or malformed secret: one answer, 404
 * DOSSIER_NOT_FOUND — writes exactly one thing, the source's failure counter (one UpdateItem on its
 * RATE# item). Every other refusal writes nothing.
 */
const secretFailure = (o: Outcome) =>
  o.status === 404 &&
  o.code === 'DOSSIER_NOT_FOUND' &&
  o.writes === 1 &&
  o.calls['dynamodb:UpdateItem'] === 1;

/**
 * The checks of a route that takes a look-up secret. `withRealSecret`: some requests carried the
 * dossier's real code and secret, so some were refused after the secret check — they read the
 * dossier, counted nothing and wrote nothing.
 */
function checkSecretRoute(outcomes: Outcome[], withRealSecret = false) {
  check(outcomes, secretFailure);
  if (withRealSecret) {
    const afterCheck = outcomes.filter(
      (o) => o.status >= 400 && o.code !== 'DOSSIER_NOT_FOUND' && (o.calls['dynamodb:Query'] ?? 0) > 0,
    );
    expect(afterCheck.length).toBeGreaterThan(0);
    expect(afterCheck.filter((o) => o.writes > 0)).toEqual([]);
  }
  // And each failed secret check was counted: exactly one UpdateItem, the only write.
  expect(outcomes.filter((o) => o.code === 'DOSSIER_NOT_FOUND' && !secretFailure(o))).toEqual([]);
  expect(outcomes.some((o) => o.code === 'DOSSIER_NOT_FOUND')).toBe(true);
  expect(outcomes.filter((o) => o.status === 429)).toEqual([]);
}

/**
 * The rate limit has its own tests (attacks.test.ts); here it is raised so that every generated
 * request (all from one source) reaches the handler's checks instead of the in-memory block.
 */
async function withLookupLimitRaised<T>(fn: () => Promise<T>): Promise<T> {
  process.env.LOOKUP_RATE_LIMIT_MAX_FAILURES = '1000000';
  resetConfig();
  try {
    return await fn();
  } finally {
    delete process.env.LOOKUP_RATE_LIMIT_MAX_FAILURES;
    resetConfig();
  }
}

/** The `X-Lookup-Secret` header, if any (fetch refuses values outside Latin-1: sent percent-encoded). */
const secretHeader = (s: string | undefined): Record<string, string> =>
  s === undefined ? {} : { 'x-lookup-secret': /^[\x20-\x7e]*$/.test(s) ? s : encodeURIComponent(s) };

/** A submitted dossier, its workflow parked at its first wait so that only the requests are counted. */
async function submitted(): Promise<{ code: string; secret: string }> {
  const { dossierId } = await draftWithDocuments(api(), [
    { requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' },
  ]);
  const ok = await call<{ code: string; lookupSecret: string }>(
    api(),
    'POST',
    `/dossiers/${dossierId}/submit`,
    {
      headers: { 'idempotency-key': newKey() },
    },
  );
  expect(ok.status).toBe(201);
  await stack().sfn.settle();
  return { code: ok.body.code, secret: ok.body.lookupSecret };
}

describe('malformed requests to each public endpoint', { timeout: 120_000 }, () => {
  it('GET /procedures', async () => {
    check(await runs(badQueryString, (q) => send('GET', `/procedures?${q}`)));
  });

  it('GET /procedures/{code}', async () => {
    check(await runs(segment, (s) => send('GET', `/procedures/${enc(s) || '%20'}`)));
  });

  it('GET /departments', async () => {
    const outcomes = await runs(anyQueryString, (q) => send('GET', `/departments?${q}`));
    // This endpoint takes no parameters: it ignores them and answers, and never writes.
    expect(outcomes).toHaveLength(RUNS);
    expect(outcomes.every((o) => o.status === 200 && o.writes === 0)).toBe(true);
  });

  it('POST /dossiers', async () => {
    // A key sent again with another valid body is refused (422 IDEMPOTENCY_KEY_REUSED) after the
    // idempotency layer's conditional put found the first record: that put is refused by the
    // engine, so nothing is written, and no transaction (no dossier) follows.
    const keyReused = (o: Outcome) =>
      o.code === 'IDEMPOTENCY_KEY_REUSED' &&
      (o.calls['dynamodb:PutItem'] ?? 0) <= 1 &&
      !o.calls['dynamodb:TransactWriteItems'] &&
      !o.calls['dynamodb:UpdateItem'];
    check(
      await runs(
        fc.tuple(body, contentType, idempotencyKey),
        ([b, ct, key]) => send('POST', '/dossiers', { rawBody: b, headers: headers(ct, key ?? newKey()) }),
        keyReused,
      ),
      keyReused,
    );
  });

  it('POST /dossiers/{dossierId}/uploads', async () => {
    const { dossierId } = await draftWithDocuments(api(), []);
    const slotBody = fc.oneof(
      body,
      fc
        .record({
          requirementId: fc.oneof(fc.constantFrom('d1', 'd2', 'd99', 'D1', ''), fc.string({ maxLength: 5 })),
          fileName: fc.oneof(fc.string({ maxLength: 300 }), fc.constant('')),
          contentType: fc.oneof(fc.constantFrom('image/gif', 'application/pdf ', 'text/html'), fc.string()),
          size: fc.oneof(fc.integer({ min: -10, max: 0 }), fc.constant(11 * 1024 * 1024), fc.double()),
        })
        .map((d) => JSON.stringify({ documents: [d] })),
    );
    const target = fc.oneof(fc.constant(dossierId), segment);
    check(
      await runs(fc.tuple(target, slotBody, contentType), ([id, b, ct]) =>
        send('POST', `/dossiers/${enc(id) || '%20'}/uploads`, {
          rawBody: b,
          headers: headers(ct, undefined),
        }),
      ),
    );
  });

  it('POST /dossiers/{dossierId}/submit', async () => {
    // A draft without its mandatory document: submitting it must always be refused.
    const { dossierId } = await draftWithDocuments(api(), []);
    const target = fc.oneof(fc.constant(dossierId), segment);
    check(
      await runs(fc.tuple(target, idempotencyKey), ([id, key]) =>
        send('POST', `/dossiers/${enc(id) || '%20'}/submit`, { headers: headers('', key) }),
      ),
    );
  });

  it('GET /lookup/{code}', async () => {
    const { code: realCode } = await submitted();
    const code = fc.oneof(fc.constant(realCode), segment);
    const secret = fc.oneof(
      fc.constant(undefined),
      fc.string({ maxLength: 50 }),
      fc.constantFrom('ABCD-EFGH-JKMN-PQRS', '0000000000000000', 'IIII-LLLL-OOOO-UUUU'),
    );
    const outcomes = await withLookupLimitRaised(() =>
      runs(
        fc.tuple(code, secret),
        ([c, s]) => send('GET', `/lookup/${enc(c) || '%20'}`, { headers: secretHeader(s) }),
        secretFailure,
      ),
    );
    checkSecretRoute(outcomes);
  });

  // The citizen actions check the same secret (shared/http/citizen.ts). Each gets a submitted
  // dossier's real code and secret among the generated ones, and a body it accepts among the
  // malformed ones, so requests also reach the secret check and the checks after it (the dossier is
  // in no state for any of these actions, so even the right secret is refused — writing nothing).
  const uploadsBody = JSON.stringify({
    documents: [{ requirementId: 'd1', fileName: 'ban-sao.pdf', contentType: 'application/pdf', size: 2048 }],
  });
  const ratingBody = JSON.stringify({ scores: Object.fromEntries(RATING_INDICES.map((k) => [k, 2])) });
  for (const [action, validBody] of [
    ['uploads', uploadsBody],
    ['rating', ratingBody],
  ] as const) {
    it(`POST /lookup/{code}/${action}`, async () => {
      const real = await submitted();
      const code = fc.oneof(fc.constant(real.code), fc.constant('000.99.05.H55-260302-0001'), segment);
      const secret = fc.oneof(fc.constant(real.secret), fc.constant('ABCD-EFGH-JKMN-PQRS'));
      const anyBody = fc.oneof(body, fc.constant(validBody));
      const outcomes = await withLookupLimitRaised(() =>
        runs(
          fc.tuple(code, secret, anyBody, contentType),
          ([c, s, b, ct]) =>
            send('POST', `/lookup/${enc(c) || '%20'}/${action}`, {
              rawBody: b,
              headers: { ...headers(ct, undefined), ...secretHeader(s) },
            }),
          secretFailure,
        ),
      );
      checkSecretRoute(outcomes, true);
    });
  }

  for (const action of ['supplement', 'withdraw'] as const) {
    it(`POST /lookup/{code}/${action}`, async () => {
      const real = await submitted();
      const code = fc.oneof(fc.constant(real.code), fc.constant('000.99.05.H55-260302-0001'), segment);
      // The real secret only for the supplement: a withdrawal with it would succeed (and set the
      // workflow going, whose writes would be counted against the next requests).
      const secret = fc.oneof(
        fc.constant(undefined),
        fc.string({ maxLength: 50 }),
        fc.constant('ABCD-EFGH-JKMN-PQRS'),
        ...(action === 'supplement' ? [fc.constant(real.secret)] : []),
      );
      const outcomes = await withLookupLimitRaised(() =>
        runs(
          fc.tuple(code, secret),
          ([c, s]) => send('POST', `/lookup/${enc(c) || '%20'}/${action}`, { headers: secretHeader(s) }),
          secretFailure,
        ),
      );
      checkSecretRoute(outcomes, action === 'supplement');
    });
  }
});
