import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  decodeJwt,
  decodeProtectedHeader,
  exportSPKI,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE } from '../../infra/local/auth.ts';
import { countWrites } from '../../infra/local/call-counter.ts';
import { clients } from '../../shared/adapters/clients.ts';
import { config, resetConfig } from '../../shared/adapters/config.ts';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { forgetKnownBlocks, sourceHash } from '../../shared/adapters/rate-limit.ts';
import { RATE_LIMIT_ITEM } from '../../shared/adapters/table-design.ts';
import { departmentGroup, roleGroup } from '../../shared/contracts/auth.ts';
import { RATING_INDICES, type UploadSlot } from '../../shared/contracts/dossier.ts';
import { normalizeText } from '../../shared/domain/text.ts';
import {
  call,
  individual,
  newKey,
  privateEnterpriseRequest,
  storeBypassingPolicy,
  uploadToSlot,
  useLocalStack,
} from '../support/api.ts';
import { pdfBytes, pngBytes } from '../support/files.ts';
import { bearer, emails, MON_2026_03_02_0900, staff, submit, version } from '../support/workflow.ts';

/**
 * Issue 8, security: attacks on the real local stack through real HTTP — forged staff tokens,
 * enumeration of look-ups and their rate limit, upload tricks, and injection into every place free
 * text is rendered (emails, PDFs). Each attack is followed by a check that nothing changed.
 */

// The local issuer's signing key, kept as it is generated (the key a Cognito pool holds): with it a
// test signs tokens that differ from a genuine one in one claim only, so a refusal is about that
// claim. The issuer and the gateway's verifier run unchanged.
const issuerKeys: CryptoKey[] = [];
const subtle = globalThis.crypto.subtle;
const generateKey = subtle.generateKey.bind(subtle) as (
  ...a: unknown[]
) => Promise<CryptoKeyPair | CryptoKey>;
Object.defineProperty(subtle, 'generateKey', {
  configurable: true,
  value: async (...args: unknown[]) => {
    const key = await generateKey(...args);
    if ('privateKey' in key) issuerKeys.push(key.privateKey);
    return key;
  },
});

const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });
const api = () => stack().urls.api;
beforeAll(() => {
  Reflect.deleteProperty(subtle, 'generateKey');
});

/** A request from a chosen loopback source address: the gateway sees it as the caller's IP. */
function requestFrom(
  source: string,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  const url = new URL(path, api());
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method,
        headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        localAddress: source,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const getFrom = (source: string, path: string, headers: Record<string, string> = {}) =>
  requestFrom(source, 'GET', path, headers);

const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

/** What a staff dossier looks like from the table: a forged request must leave all of it as it was. */
async function snapshot(dossierId: string) {
  const found = await getDossier(dossierId);
  return JSON.stringify({
    dossier: found?.dossier,
    events: found?.events.length,
    steps: found?.steps,
    documents: found?.documents.length,
  });
}

describe('forged and stale staff tokens', () => {
  it('refuses each with 401 before any handler runs, and the dossier stays exactly as it was', async () => {
    const d = await submit(stack());
    const issuerKey = issuerKeys.at(-1);
    expect(issuerKey, 'the local issuer key').toBeDefined();
    const genuine = await stack().auth.tokenFor('tiepnhan.1');
    const claims = decodeJwt(genuine);
    const { kid } = decodeProtectedHeader(genuine);
    const [head, , sig] = genuine.split('.') as [string, string, string];
    const signWith = (payload: JWTPayload, key: CryptoKey | Uint8Array, alg: string) =>
      new SignJWT(payload).setProtectedHeader({ alg, kid: kid ?? 'motcua-local-1', typ: 'JWT' }).sign(key);
    const jwks = (await call<{ keys: JWK[] }>(api(), 'GET', '/_local/auth/jwks.json')).body.keys;
    const publicPem = await exportSPKI((await importJWK(jwks[0]!, 'ES256')) as CryptoKey);
    const now = Math.floor(stack().clock.now() / 1000);
    const otherEs = await generateKeyPair('ES256');
    const otherRs = await generateKeyPair('RS256');
    const officer = decodeJwt(await stack().auth.tokenFor('stc.chuyenvien'));
    const officerToken = await stack().auth.tokenFor('stc.chuyenvien');
    const [oHead, , oSig] = officerToken.split('.') as [string, string, string];
    const edited = (payload: JWTPayload, h = oHead, s = oSig) =>
      `${h}.${b64url(JSON.stringify(payload))}.${s}`;

    const attacks: [string, string][] = [
      [
        'alg none',
        `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}.`,
      ],
      [
        'alg None',
        `${b64url(JSON.stringify({ alg: 'None', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}.`,
      ],
      [
        'alg none, signature kept',
        `${b64url(JSON.stringify({ alg: 'none' }))}.${b64url(JSON.stringify(claims))}.${sig}`,
      ],
      [
        'HS256 keyed with the public key (PEM)',
        await signWith(claims, new TextEncoder().encode(publicPem), 'HS256'),
      ],
      [
        'HS256 keyed with the public key (JWK)',
        await signWith(claims, new TextEncoder().encode(JSON.stringify(jwks[0])), 'HS256'),
      ],
      ['signed by another ES256 key', await signWith(claims, otherEs.privateKey, 'ES256')],
      ['signed by an RS256 key', await signWith(claims, otherRs.privateKey, 'RS256')],
      ['expired', await stack().auth.tokenFor('tiepnhan.1', { expiresInSeconds: -60 })],
      [
        'expired (issuer key)',
        await signWith({ ...claims, iat: now - 7200, exp: now - 3600 }, issuerKey!, 'ES256'),
      ],
      ['wrong audience', await signWith({ ...claims, aud: 'another-app-client' }, issuerKey!, 'ES256')],
      ['wrong issuer', await signWith({ ...claims, iss: 'https://evil.example/auth' }, issuerKey!, 'ES256')],
      [
        'groups edited to reception officer, signature kept',
        edited({ ...officer, 'cognito:groups': [roleGroup('RECEPTION_OFFICER')] }),
      ],
      [
        'department edited, signature kept',
        edited({ ...officer, 'cognito:groups': [roleGroup('DEPARTMENT_HEAD'), departmentGroup('SXD')] }),
      ],
      ['subject edited, signature kept', edited({ ...claims, sub: 'local-quantri' }, head, sig)],
      [
        'header swapped to HS256, signature kept',
        `${b64url(JSON.stringify({ alg: 'HS256', kid }))}.${genuine.split('.')[1]}.${sig}`,
      ],
      ['no signature part', genuine.split('.').slice(0, 2).join('.')],
    ];

    const before = await snapshot(d.dossierId);
    const body = { decision: 'ACCEPT', version: await version(d.dossierId) };
    for (const [name, token] of attacks) {
      const calls = stack().calls.snapshot();
      const res = await call(api(), 'POST', `/staff/dossiers/${d.dossierId}/intake`, {
        body,
        headers: { authorization: `Bearer ${token}` },
      });
      await stack().sfn.settle();
      expect(res.status, name).toBe(401);
      // API Gateway's JWT authorizer answers itself (its own `{"message":"Unauthorized"}`, which an
      // HTTP API cannot reshape): no handler ran, so not one AWS call was made.
      expect(res.body, name).toEqual({ message: 'Unauthorized' });
      expect(stack().calls.since(calls), name).toEqual({});
      expect(await snapshot(d.dossierId), name).toBe(before);
    }

    // The same request with a token the issuer's key signs correctly goes through: the refusals
    // above were about the forged part, not about the request.
    const honest = await signWith(
      { ...claims, iat: now, exp: now + 600, aud: LOCAL_AUDIENCE },
      issuerKey!,
      'ES256',
    );
    const ok = await call(api(), 'POST', `/staff/dossiers/${d.dossierId}/intake`, {
      body,
      headers: { authorization: `Bearer ${honest}` },
    });
    await stack().sfn.settle();
    expect(ok.status).toBe(200);
    expect(await snapshot(d.dossierId)).not.toBe(before);
  });
});

describe('look-up enumeration', () => {
  const withoutRequestId = (text: string) => text.replace(/"requestId":"[^"]*"/, '"requestId":""');
  const HEADERS = ['content-type', 'cache-control', 'x-content-type-options', 'vary', 'retry-after'];

  it('answers an unknown code and a wrong, missing or malformed secret byte for byte alike', async () => {
    const d = await submit(stack());
    const source = '127.0.0.11';
    const unknownCode = d.code.replace(/\d{4}$/, (n) => String((Number(n) + 5000) % 10000).padStart(4, '0'));
    const cases: [string, string, Record<string, string>][] = [
      ['unknown code', unknownCode, { 'x-lookup-secret': d.secret }],
      ['wrong secret', d.code, { 'x-lookup-secret': 'ABCD-EFGH-JKMN-PQRS' }],
      ['missing secret', d.code, {}],
      ['malformed secret', d.code, { 'x-lookup-secret': 'not a secret <script>' }],
      ['over-long secret', d.code, { 'x-lookup-secret': 'A'.repeat(400) }],
    ];
    const answers = [];
    for (const [name, code, headers] of cases) {
      const calls = stack().calls.snapshot();
      const res = await getFrom(source, `/lookup/${code}`, headers);
      // Every failure costs the same: the Query, then the rate counter's UpdateItem.
      expect(stack().calls.since(calls), name).toEqual({ 'dynamodb:Query': 1, 'dynamodb:UpdateItem': 1 });
      answers.push({
        status: res.status,
        headers: Object.fromEntries(HEADERS.map((h) => [h, res.headers[h]])),
        body: withoutRequestId(res.text),
      });
    }
    expect(answers[0]!.status).toBe(404);
    expect(JSON.parse(answers[0]!.body).code).toBe('DOSSIER_NOT_FOUND');
    expect(answers[0]!.headers['content-type']).toContain('application/problem+json');
    for (const [i, a] of answers.entries()) expect(a, cases[i]![0]).toEqual(answers[0]);
    // And the right secret still works from this source (it has failed only a few times).
    expect((await getFrom(source, `/lookup/${d.code}`, { 'x-lookup-secret': d.secret })).status).toBe(200);
  });
});

describe('look-up rate limit', () => {
  it('answers 429 with Retry-After after 10 failures in 15 minutes; a success stays one Query', async () => {
    const d = await submit(stack());
    const attacker = '127.0.0.12';
    const wrong = { 'x-lookup-secret': 'ABCD-EFGH-JKMN-PQRS' };

    // A success from a clean source is exactly one DynamoDB call, and writes nothing.
    let calls = stack().calls.snapshot();
    const fine = await getFrom('127.0.0.13', `/lookup/${d.code}`, { 'x-lookup-secret': d.secret });
    expect(fine.status).toBe(200);
    expect(stack().calls.since(calls)).toEqual({ 'dynamodb:Query': 1 });

    for (let i = 1; i <= 10; i++) {
      const res = await getFrom(attacker, `/lookup/${d.code}`, wrong);
      expect(res.status, `failure ${i}`).toBe(404);
      expect(res.headers['retry-after'], `failure ${i}`).toBeUndefined();
    }
    const nowMs = stack().clock.now();
    const windowSeconds = 900;
    const windowIndex = Math.floor(nowMs / 1000 / windowSeconds);
    const windowEnd = (windowIndex + 1) * windowSeconds;
    const limited = await getFrom(attacker, `/lookup/${d.code}`, wrong);
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    const problem = JSON.parse(limited.text) as { code: string; status: number; retryAfterSeconds: number };
    expect(problem).toMatchObject({ code: 'LOOKUP_RATE_LIMITED', status: 429 });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBe(problem.retryAfterSeconds);
    expect(Math.abs(retryAfter - (windowEnd - Math.floor(nowMs / 1000)))).toBeLessThanOrEqual(2);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(windowSeconds);

    // Now blocked: even the right secret is refused, and answering costs no call at all.
    calls = stack().calls.snapshot();
    const blocked = await getFrom(attacker, `/lookup/${d.code}`, { 'x-lookup-secret': d.secret });
    expect(blocked.status).toBe(429);
    expect(JSON.parse(blocked.text).code).toBe('LOOKUP_RATE_LIMITED');
    expect(stack().calls.since(calls)).toEqual({});
    // Other sources are not affected.
    calls = stack().calls.snapshot();
    expect((await getFrom('127.0.0.13', `/lookup/${d.code}`, { 'x-lookup-secret': d.secret })).status).toBe(
      200,
    );
    expect(stack().calls.since(calls)).toEqual({ 'dynamodb:Query': 1 });

    // The counter item: a keyed hash of the source, never the address; removed by TTL at the window's end.
    const item = (
      await clients().doc.send(
        new GetCommand({
          TableName: config().TABLE_NAME,
          Key: { pk: RATE_LIMIT_ITEM.pk(sourceHash(attacker), windowIndex), sk: RATE_LIMIT_ITEM.sk },
        }),
      )
    ).Item;
    expect(item).toMatchObject({ failures: 11, expiration: windowEnd });
    expect(String(item?.pk)).toMatch(/^RATE#[A-Za-z0-9_-]{32}#\d+$/);
    expect(JSON.stringify(item)).not.toContain(attacker);
    expect(JSON.stringify(item)).not.toContain(attacker.replaceAll('.', ''));

    // After the window the source may try again.
    await stack().sfn.settle();
    await stack().clock.advance((retryAfter + 1) * 1000);
    await stack().sfn.settle();
    const again = await getFrom(attacker, `/lookup/${d.code}`, { 'x-lookup-secret': d.secret });
    expect(again.status).toBe(200);
  });
});

describe('look-up rate limit settings', () => {
  it('takes the number of failures and the window from configuration', async () => {
    const d = await submit(stack());
    const source = '127.0.0.14';
    process.env.LOOKUP_RATE_LIMIT_MAX_FAILURES = '3';
    process.env.LOOKUP_RATE_LIMIT_WINDOW_SECONDS = '60';
    resetConfig();
    try {
      for (let i = 1; i <= 3; i++) {
        const res = await getFrom(source, `/lookup/${d.code}`, { 'x-lookup-secret': 'ABCD-EFGH-JKMN-PQRS' });
        expect(res.status, `failure ${i}`).toBe(404);
      }
      const limited = await getFrom(source, `/lookup/${d.code}`, {
        'x-lookup-secret': 'ABCD-EFGH-JKMN-PQRS',
      });
      expect(limited.status).toBe(429);
      const retryAfter = Number(limited.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    } finally {
      delete process.env.LOOKUP_RATE_LIMIT_MAX_FAILURES;
      delete process.env.LOOKUP_RATE_LIMIT_WINDOW_SECONDS;
      resetConfig();
    }
  });
});

describe('look-up rate limit across the routes that check the secret', () => {
  /** Every route that takes a code and a look-up secret, each with a body it accepts. */
  const SECRET_ROUTES: { name: string; method: 'GET' | 'POST'; action: string; body?: unknown }[] = [
    { name: 'GET /lookup/{code}', method: 'GET', action: '' },
    { name: 'GET /lookup/{code}/receipt.pdf', method: 'GET', action: '/receipt.pdf' },
    {
      name: 'POST /lookup/{code}/uploads',
      method: 'POST',
      action: '/uploads',
      body: {
        documents: [
          { requirementId: 'd1', fileName: 'ban-sao.pdf', contentType: 'application/pdf', size: 2048 },
        ],
      },
    },
    { name: 'POST /lookup/{code}/supplement', method: 'POST', action: '/supplement' },
    { name: 'POST /lookup/{code}/withdraw', method: 'POST', action: '/withdraw' },
    {
      name: 'POST /lookup/{code}/rating',
      method: 'POST',
      action: '/rating',
      body: { scores: Object.fromEntries(RATING_INDICES.map((k) => [k, 2])) },
    },
  ];

  it('adds up failures from every secret route to one limit, then refuses the source on all of them', async () => {
    const d = await submit(stack());
    await stack().sfn.settle();
    const attacker = '127.0.0.21';
    const neighbour = '127.0.0.22';
    const wrong = { 'x-lookup-secret': 'ABCD-EFGH-JKMN-PQRS' };
    const right = { 'x-lookup-secret': d.secret };
    const send = (source: string, r: (typeof SECRET_ROUTES)[number], headers: Record<string, string>) =>
      requestFrom(source, r.method, `/lookup/${d.code}${r.action}`, headers, r.body);
    const before = await snapshot(d.dossierId);

    // Ten failures, spread over the six routes: each is the one 404 and counts once (one UpdateItem,
    // the only write).
    for (let i = 0; i < 10; i++) {
      const r = SECRET_ROUTES[i % SECRET_ROUTES.length]!;
      const calls = stack().calls.snapshot();
      const res = await send(attacker, r, wrong);
      const made = stack().calls.since(calls);
      expect(res.status, `${r.name}, failure ${i + 1}`).toBe(404);
      expect(JSON.parse(res.text).code, r.name).toBe('DOSSIER_NOT_FOUND');
      expect(res.headers['retry-after'], r.name).toBeUndefined();
      expect(made['dynamodb:UpdateItem'], r.name).toBe(1);
      expect(countWrites(made), r.name).toBe(1);
    }
    const windowIndex = Math.floor(stack().clock.now() / 1000 / 900);
    const counter = async () =>
      (
        await clients().doc.send(
          new GetCommand({
            TableName: config().TABLE_NAME,
            Key: { pk: RATE_LIMIT_ITEM.pk(sourceHash(attacker), windowIndex), sk: RATE_LIMIT_ITEM.sk },
          }),
        )
      ).Item?.failures;
    expect(await counter()).toBe(10);

    // The eleventh, on a route that has seen only one of them, is over the limit.
    const limited = await send(attacker, SECRET_ROUTES[4]!, wrong);
    expect(limited.status).toBe(429);
    expect(JSON.parse(limited.text)).toMatchObject({ code: 'LOOKUP_RATE_LIMITED', status: 429 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    // Now every secret route refuses the source, the right secret included, before any call.
    for (const r of SECRET_ROUTES) {
      const calls = stack().calls.snapshot();
      const res = await send(attacker, r, right);
      expect(res.status, r.name).toBe(429);
      expect(JSON.parse(res.text).code, r.name).toBe('LOOKUP_RATE_LIMITED');
      expect(Number(res.headers['retry-after']), r.name).toBeGreaterThan(0);
      expect(stack().calls.since(calls), r.name).toEqual({});
    }
    // A new instance of each function, which has not seen the source, learns the block from the shared
    // counter on the source's next failure: 429 again, whatever the route.
    for (const r of SECRET_ROUTES) {
      forgetKnownBlocks();
      const calls = stack().calls.snapshot();
      const res = await send(attacker, r, wrong);
      expect(res.status, r.name).toBe(429);
      expect(JSON.parse(res.text).code, r.name).toBe('LOOKUP_RATE_LIMITED');
      expect(stack().calls.since(calls)['dynamodb:UpdateItem'], r.name).toBe(1);
    }
    expect(await counter()).toBe(11 + SECRET_ROUTES.length);
    // Nothing the blocked source sent changed the dossier (the withdrawal with the right secret included).
    expect(await snapshot(d.dossierId)).toBe(before);

    // Another source is not affected: its failures are its own and the right secret works.
    for (const r of SECRET_ROUTES) {
      const res = await send(neighbour, r, wrong);
      expect(res.status, `${r.name} from another source`).toBe(404);
      expect(JSON.parse(res.text).code, r.name).toBe('DOSSIER_NOT_FOUND');
    }
    const fine = await send(neighbour, SECRET_ROUTES[0]!, right);
    expect(fine.status).toBe(200);
    expect(JSON.parse(fine.text)).toMatchObject({ code: d.code, canWithdraw: true });
  });
});

interface Slots {
  slots: UploadSlot[];
}
async function draft(request = privateEnterpriseRequest()) {
  const res = await call<{ dossierId: string }>(api(), 'POST', '/dossiers', {
    body: request,
    headers: { 'idempotency-key': newKey() },
  });
  expect(res.status).toBe(201);
  return res.body.dossierId;
}
const slotsFor = (dossierId: string, documents: Record<string, unknown>[]) =>
  call<Slots & { code?: string; errors?: { path: string; code: string }[] }>(
    api(),
    'POST',
    `/dossiers/${dossierId}/uploads`,
    { body: { documents } },
  );
const submitDraft = (dossierId: string) =>
  call<{ code: string; errors?: { path: string; code: string }[]; lookupSecret?: string }>(
    api(),
    'POST',
    `/dossiers/${dossierId}/submit`,
    { headers: { 'idempotency-key': newKey() } },
  );
/** A presigned POST with some form fields changed (what a hand-crafted form can do). */
async function postForm(
  slot: UploadSlot,
  bytes: Buffer,
  contentType: string,
  change: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [k, v] of Object.entries({ ...slot.fields, ...change })) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }), 'upload.bin');
  const res = await fetch(slot.url, { method: 'POST', body: form });
  await res.arrayBuffer();
  return res.status;
}
const policyOf = (slot: UploadSlot) =>
  JSON.parse(Buffer.from(slot.fields.Policy ?? slot.fields.policy ?? '', 'base64').toString('utf8')) as {
    conditions: unknown[];
  };

const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
const EXE = Buffer.concat([
  Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'),
  Buffer.from('This program cannot be run in DOS mode.'),
]);

describe('upload attacks', () => {
  const mismatch = async (
    name: string,
    docs: { requirementId: string; bytes: Buffer; declared: string; fileName: string }[],
  ) => {
    const id = await draft();
    const slots = await slotsFor(
      id,
      docs.map((d) => ({
        requirementId: d.requirementId,
        fileName: d.fileName,
        contentType: d.declared,
        size: d.bytes.length,
      })),
    );
    expect(slots.status, name).toBe(201);
    for (const [i, d] of docs.entries())
      expect(await uploadToSlot(slots.body.slots[i]!, d.bytes, d.declared)).toBeLessThan(300);
    const res = await submitDraft(id);
    expect(res.status, name).toBe(422);
    expect(res.body.code, name).toBe('DOCUMENTS_INVALID');
    expect((await getDossier(id))?.dossier.status, name).toBe('DRAFT');
    return res.body.errors ?? [];
  };

  it('refuses content that is not what its name or declared type says (DOCUMENT_TYPE_MISMATCH)', async () => {
    for (const [name, bytes] of [
      ['an HTML page named .pdf', HTML],
      ['a Windows executable named .pdf', EXE],
      ['a PNG declared as a PDF', pngBytes()],
    ] as const) {
      const errors = await mismatch(name, [
        { requirementId: 'd1', bytes, declared: 'application/pdf', fileName: 'giay-de-nghi.pdf' },
      ]);
      expect(errors, name).toContainEqual(
        expect.objectContaining({ path: 'documents.d1', code: 'DOCUMENT_TYPE_MISMATCH' }),
      );
    }
    // A genuine d1, and an HTML page declared image/png (by header) for d2.
    const errors = await mismatch('HTML declared image/png', [
      { requirementId: 'd1', bytes: pdfBytes(), declared: 'application/pdf', fileName: 'd1.pdf' },
      { requirementId: 'd2', bytes: HTML, declared: 'image/png', fileName: 'cccd.png' },
    ]);
    expect(errors).toEqual([
      expect.objectContaining({ path: 'documents.d2', code: 'DOCUMENT_TYPE_MISMATCH' }),
    ]);
  });

  it('refuses a file over the requirement’s size, declared or sent (DOCUMENT_TOO_LARGE)', async () => {
    const id = await draft();
    const tooBig = 10 * 1024 * 1024 + 1; // d1 allows 10 MB
    const declared = await slotsFor(id, [
      { requirementId: 'd1', fileName: 'd1.pdf', contentType: 'application/pdf', size: tooBig },
    ]);
    expect(declared.status).toBe(400);
    expect(declared.body.errors).toEqual([expect.objectContaining({ code: 'DOCUMENT_TOO_LARGE' })]);

    // Declared small, sent big: S3 refuses the form (EntityTooLarge); stored past the form anyway,
    // the submission's own check refuses it.
    const slots = await slotsFor(id, [
      { requirementId: 'd1', fileName: 'd1.pdf', contentType: 'application/pdf', size: 1000 },
    ]);
    expect(slots.status).toBe(201);
    expect(await uploadToSlot(slots.body.slots[0]!, pdfBytes(tooBig), 'application/pdf')).toBe(400);
    await storeBypassingPolicy(slots.body.slots[0]!.fields.key!, pdfBytes(tooBig), 'application/pdf');
    const res = await submitDraft(id);
    expect(res.status).toBe(422);
    expect(res.body.errors).toContainEqual(
      expect.objectContaining({ path: 'documents.d1', code: 'DOCUMENT_TOO_LARGE' }),
    );
  });

  it('signs each upload form for exactly the declared size, type, bucket and one key of the dossier', async () => {
    const id = await draft();
    const bytes = pdfBytes();
    const slots = await slotsFor(id, [
      { requirementId: 'd1', fileName: 'd1.pdf', contentType: 'application/pdf', size: bytes.length },
      { requirementId: 'd2', fileName: 'cccd.png', contentType: 'image/png', size: 4321 },
    ]);
    expect(slots.status).toBe(201);
    const [pdfSlot, pngSlot] = slots.body.slots as [UploadSlot, UploadSlot];
    expect(pdfSlot.maxBytes).toBe(bytes.length);
    expect(pngSlot.maxBytes).toBe(4321);
    const conditions = policyOf(pdfSlot).conditions;
    expect(conditions).toContainEqual(['content-length-range', bytes.length, bytes.length]);
    expect(conditions).toContainEqual(['eq', '$Content-Type', 'application/pdf']);
    expect(conditions).toContainEqual({ key: `dossiers/${id}/${pdfSlot.documentId}` });
    expect(conditions).toContainEqual({ bucket: config().DOCUMENTS_BUCKET });
    expect(policyOf(pngSlot).conditions).toContainEqual(['content-length-range', 4321, 4321]);
    // The form works against the local S3 with a file of the declared size.
    expect(await uploadToSlot(pdfSlot, bytes, 'application/pdf')).toBeLessThan(300);
  });

  it('ignores an object put outside the dossier’s own keys, and a slot of one dossier used for another', async () => {
    const a = await draft();
    const b = await draft();
    const bytes = pdfBytes();
    const doc = {
      requirementId: 'd1',
      fileName: 'd1.pdf',
      contentType: 'application/pdf',
      size: bytes.length,
    };
    const slotA = (await slotsFor(a, [doc])).body.slots[0]!;
    const slotB = (await slotsFor(b, [doc])).body.slots[0]!;
    // A hand-edited form: A's signed fields, other keys. S3 refuses these (the key is in the signed
    // policy); objects stored there past the form still count for nothing at submission.
    for (const key of [
      `elsewhere/${randomUUID()}`,
      `dossiers/${a}/${randomUUID()}`,
      `dossiers/${b}/${randomUUID()}`,
    ]) {
      expect(await postForm(slotA, bytes, 'application/pdf', { key })).toBe(403);
      await storeBypassingPolicy(key, bytes, 'application/pdf');
    }
    const resA = await submitDraft(a);
    expect(resA.status).toBe(422);
    expect(resA.body.errors).toEqual([
      expect.objectContaining({ path: 'documents.d1', code: 'DOCUMENT_MISSING' }),
    ]);

    // A's genuine upload does not count for B, whose own slot was never used.
    expect(await uploadToSlot(slotA, bytes, 'application/pdf')).toBeLessThan(300);
    const resB = await submitDraft(b);
    expect(resB.status).toBe(422);
    expect(resB.body.errors).toEqual([
      expect.objectContaining({ path: 'documents.d1', code: 'DOCUMENT_MISSING' }),
    ]);
    expect(slotB.fields.key).toBe(`dossiers/${b}/${slotB.documentId}`);
    expect(policyOf(slotA).conditions).not.toContainEqual({ key: slotB.fields.key });
    expect((await getDossier(b))?.dossier.status).toBe('DRAFT');
    // A itself is now complete.
    expect((await submitDraft(a)).status).toBe(201);
  });
});

const XSS = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';
// biome-ignore lint/suspicious/noTemplateCurlyInString: the literal `${7*7}` is the attack payload.
const TEMPLATES = '{{7*7}} ${7*7} <%= 7*7 %>';
const SQL = "' OR 1=1; DROP TABLE dossiers; --";
const CRLF = 'Dòng một\r\nBcc: attacker@evil.example\r\n\r\nX';

async function pdfText(url: string, headers: Record<string, string>) {
  const res = await fetch(url, { headers });
  if (res.status !== 200) expect(`${res.status} ${await res.text()}`, url).toBe('200');
  expect(res.headers.get('content-type')).toContain('application/pdf');
  const pdf = await getDocumentProxy(new Uint8Array(await res.arrayBuffer()));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

describe('injection in free text', () => {
  it('keeps XSS, template, SQL-like and CRLF payloads literal in the receipt, form 02, emails and the API', async () => {
    const applicant = individual({
      fullName: `Lê ${XSS}`,
      address: `${IMG} ${TEMPLATES} ${SQL} ${CRLF}`,
      email: 'injection.test@example.vn',
    });
    const fields = {
      enterpriseName: `Doanh nghiệp ${XSS} ${TEMPLATES}`,
      headOfficeAddress: `${SQL} ${CRLF}`,
      mainBusinessLine: IMG,
      investedCapitalVnd: 500_000_000,
    };
    const submitOne = async () => {
      const id = await draft(privateEnterpriseRequest({ applicant, fields }));
      const bytes = pdfBytes();
      const slot = (
        await slotsFor(id, [
          {
            requirementId: 'd1',
            fileName: `${XSS}\r\n.pdf`,
            contentType: 'application/pdf',
            size: bytes.length,
          },
        ])
      ).body.slots[0]!;
      expect(await uploadToSlot(slot, bytes, 'application/pdf')).toBeLessThan(300);
      const res = await submitDraft(id);
      expect(res.status).toBe(201);
      await stack().sfn.settle();
      return { dossierId: id, ...(res.body as { code: string; lookupSecret: string }) };
    };
    // One dossier is accepted (its receipt is form 01), the other gets a supplement request (form 02).
    const { dossierId, code, lookupSecret } = await submitOne();
    const other = await submitOne();
    const accepted = await staff(stack(), 'POST', `/staff/dossiers/${dossierId}/intake`, {
      decision: 'ACCEPT',
      version: await version(dossierId),
    });
    expect(accepted.status).toBe(200);

    // Stored and served back exactly as typed (normalised whitespace for names and addresses).
    const stored = (await getDossier(dossierId))!.dossier;
    expect(stored.applicant).toMatchObject({
      fullName: normalizeText(applicant.fullName as string),
      address: normalizeText(applicant.address as string),
    });
    expect(stored.fields).toMatchObject({ enterpriseName: fields.enterpriseName, mainBusinessLine: IMG });

    // The receipt (form 01) prints the name and address as text: nothing evaluated, nothing dropped.
    const receipt = await pdfText(`${api()}/lookup/${code}/receipt.pdf`, { 'x-lookup-secret': lookupSecret });
    expect(receipt).toContain(normalizeText(applicant.fullName as string));
    expect(receipt).toContain(normalizeText(`${IMG} ${TEMPLATES}`));
    expect(receipt).not.toMatch(/\b49\b/);

    // Staff free text: a note, then a supplement request whose items and reasons carry the payloads.
    const noted = await staff(stack(), 'POST', `/staff/dossiers/${dossierId}/notes`, {
      text: `${XSS} ${TEMPLATES} ${CRLF}`,
    });
    expect(noted.status).toBe(201);
    const missing = [`${IMG} ${TEMPLATES}`, SQL];
    const reasons = [CRLF, XSS];
    const asked = await staff(stack(), 'POST', `/staff/dossiers/${other.dossierId}/intake`, {
      decision: 'SUPPLEMENT',
      version: await version(other.dossierId),
      missing,
      reasons,
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    const view = await call(api(), 'GET', `/staff/dossiers/${dossierId}`, {
      headers: await bearer(stack(), 'lanhdao.ttpvhcc'),
    });
    expect(JSON.stringify(view.body)).toContain(JSON.stringify(normalizeText(`${XSS} ${TEMPLATES} ${CRLF}`)));

    // Form 02 prints each item and reason literally.
    const form02 = await pdfText(
      `${api()}/staff/dossiers/${other.dossierId}/forms/02`,
      await bearer(stack(), 'lanhdao.ttpvhcc'),
    );
    for (const s of [...missing, XSS, 'Dòng một', 'Bcc: attacker@evil.example'])
      expect(form02, s).toContain(normalizeText(s));
    expect(form02).not.toMatch(/\b49\b/);

    // The emails: plain text with the payloads as typed; the CRLF in a reason adds no header or
    // recipient, and the subject holds only our own words and the code.
    const mails = (await emails(stack())).filter((m) => m.text.includes(code) || m.text.includes(other.code));
    const supplement = mails.find((m) => m.text.includes(SQL));
    expect(supplement, 'the supplement email').toBeDefined();
    expect(supplement!.to).toEqual(['injection.test@example.vn']);
    for (const m of mails) {
      expect(m.to.join(' ')).not.toContain('attacker@evil.example');
      expect(m.to.length).toBe(1);
      expect(m.subject).not.toMatch(/[\r\n]/);
      expect(m.subject).not.toContain('<');
    }
    for (const s of [...missing, XSS, 'Bcc: attacker@evil.example']) expect(supplement!.text, s).toContain(s);
    expect(supplement!.text).not.toMatch(/\b49\b/);
    const store = (await (await fetch(`${stack().urls.ses}/store`)).json()) as {
      emails: { destination: { to?: string[]; cc?: string[]; bcc?: string[] }; text?: string }[];
    };
    for (const e of store.emails) {
      expect(e.destination.cc ?? []).toEqual([]);
      expect(e.destination.bcc ?? []).toEqual([]);
      expect(JSON.stringify(e.destination)).not.toContain('attacker@evil.example');
    }
  });
});
