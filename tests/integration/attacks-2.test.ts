import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler as lookupHandler } from '../../functions/public/lookup-dossier.ts';
import { resetConfig } from '../../shared/adapters/config.ts';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { forgetKnownBlocks, sourceKey } from '../../shared/adapters/rate-limit.ts';
import { RATING_INDICES } from '../../shared/contracts/dossier.ts';
import { QUEUE_TICKET_LIMITS } from '../../shared/contracts/queue-limits.ts';
import { call, individual, newKey, privateEnterpriseRequest, useLocalStack } from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';
import { bearer, MON_2026_03_02_0900, submit } from '../support/workflow.ts';

/**
 * Issue 19, abuse and hardening (items 1, 2, 4, 5, 9): each attack as an outsider would make it,
 * through real HTTP on the local stack, followed by a check that it changed nothing.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });
const api = () => stack().urls.api;
const MINUTE = 60_000;

/** A request from a chosen loopback address: the gateway sees it as the caller's IP. */
function from(
  source: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Record<string, unknown> }> {
  const url = new URL(path, api());
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method,
        headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json' },
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

const officer = () => bearer(stack(), 'tiepnhan.1');
const act = async (counter: string, body: Record<string, unknown>) =>
  call<Record<string, unknown>>(api(), 'POST', `/staff/queue/counters/${counter}/actions`, {
    body,
    headers: await officer(),
  });
const scores = (v: 0 | 1 | 2) => Object.fromEntries(RATING_INDICES.map((k) => [k, v]));
const issued = async (departmentId: string) =>
  (
    await call<{ items: { departmentId: string; waiting: number }[] }>(api(), 'GET', '/queue/lines')
  ).body.items.find((l) => l.departmentId === departmentId)?.waiting ?? 0;

describe('item 1: rating a counter’s service before the citizen does', () => {
  it('refuses a stranger without the ticket’s rating code; the holder rates once', async () => {
    const taken = await from('127.0.0.21', 'POST', '/queue/tickets', { departmentId: 'SNV' });
    expect(taken.status).toBe(201);
    const ticket = taken.body as { ticketId: string; ratingCode: string };
    expect(ticket.ratingCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    // The code is given once: the ticket's public page never shows it.
    const read = await call(api(), 'GET', `/queue/tickets/${ticket.ticketId}`);
    expect(JSON.stringify(read.body)).not.toContain(ticket.ratingCode.replace('-', ''));
    expect(JSON.stringify(read.body)).not.toContain(ticket.ratingCode);
    await act('SNV-02', { action: 'OPEN' });
    await act('SNV-02', { action: 'CALL_NEXT' });
    expect((await act('SNV-02', { action: 'SERVED', ticketId: ticket.ticketId })).status).toBe(200);

    // The outsider: the counter and ticket ids are on the public tablet page, the code is not.
    const target = await call<{ ticket: { ticketId: string } }>(
      api(),
      'GET',
      '/queue/counters/SNV-02/rating',
    );
    expect(target.body.ticket.ticketId).toBe(ticket.ticketId);
    const noCode = await from('127.0.0.22', 'POST', '/queue/counters/SNV-02/rating', {
      ticketId: ticket.ticketId,
      scores: scores(0),
    });
    expect(noCode.status).toBe(400);
    for (const guess of [
      'AAAA-AAAA',
      '0000-0000',
      ticket.ratingCode.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
    ]) {
      const wrong = await from('127.0.0.22', 'POST', '/queue/counters/SNV-02/rating', {
        ticketId: ticket.ticketId,
        ratingCode: guess,
        scores: scores(0),
      });
      expect(wrong.status, guess).toBe(403);
      expect(wrong.body.code).toBe('RATING_CODE_INVALID');
      expect(wrong.headers['content-type']).toContain('application/problem+json');
    }
    const still = await call(api(), 'GET', `/queue/tickets/${ticket.ticketId}`);
    expect(still.body.rated).toBeUndefined();

    // The citizen at the tablet, typing the code as printed (any case, with or without the dash).
    const rated = await from('127.0.0.23', 'POST', '/queue/counters/SNV-02/rating', {
      ticketId: ticket.ticketId,
      ratingCode: ticket.ratingCode.toLowerCase().replace('-', ' '),
      scores: scores(2),
    });
    expect(rated.status).toBe(201);
    const again = await from('127.0.0.23', 'POST', '/queue/counters/SNV-02/rating', {
      ticketId: ticket.ticketId,
      ratingCode: ticket.ratingCode,
      scores: scores(0),
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TICKET_ALREADY_RATED');
  });
});

describe('item 2: one client taking a department’s whole day of tickets', () => {
  it('refuses a client past its daily limit with 429, taking no number; other clients still get one', async () => {
    const limit = QUEUE_TICKET_LIMITS.perClientPerDay;
    const hog = '127.0.0.31';
    for (let i = 0; i < limit; i++) {
      const t = await from(hog, 'POST', '/queue/tickets', { departmentId: 'SCT' });
      expect(t.status, `ticket ${i + 1}`).toBe(201);
    }
    const waiting = await issued('SCT');
    const refused = await from(hog, 'POST', '/queue/tickets', { departmentId: 'SXD' });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'QUEUE_TICKET_LIMIT', status: 429 });
    expect(String(refused.body.titleEn)).toContain('ask the help desk');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await issued('SCT')).toBe(waiting);
    expect(await issued('SXD')).toBe(0);
    // Another visitor, and the hall's kiosk, are not affected.
    expect((await from('127.0.0.32', 'POST', '/queue/tickets', { departmentId: 'SCT' })).status).toBe(201);
    expect((await from('127.0.0.1', 'POST', '/queue/tickets', { departmentId: 'SCT' })).status).toBe(201);
    // The next day the client may take tickets again.
    await stack().clock.advance(24 * 60 * MINUTE);
    expect((await from(hog, 'POST', '/queue/tickets', { departmentId: 'SCT' })).status).toBe(201);
  });

  it('answers a burst from one client at the edge with 429 before any handler runs', async () => {
    process.env.QUEUE_TICKETS_PER_CLIENT_PER_DAY = '999';
    resetConfig();
    try {
      const { requests } = QUEUE_TICKET_LIMITS.burst;
      const burst = '127.0.0.33';
      for (let i = 0; i < requests; i++)
        expect((await from(burst, 'POST', '/queue/tickets', { departmentId: 'SKHCN' })).status).toBe(201);
      const calls = stack().calls.snapshot();
      const refused = await from(burst, 'POST', '/queue/tickets', { departmentId: 'SKHCN' });
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('QUEUE_TICKET_LIMIT');
      expect(stack().calls.since(calls)).toEqual({});
      // The kiosk issues for everyone: no burst rule.
      for (let i = 0; i <= requests; i++)
        expect((await from('127.0.0.1', 'POST', '/queue/tickets', { departmentId: 'SKHCN' })).status).toBe(
          201,
        );
    } finally {
      delete process.env.QUEUE_TICKETS_PER_CLIENT_PER_DAY;
      resetConfig();
    }
  });

  it('answers a full queue with 409 that says what to do, never 503', async () => {
    const { PROBLEMS } = await import('../../shared/http/problem.ts');
    expect(PROBLEMS.QUEUE_FULL.status).toBe(409);
    expect(PROBLEMS.QUEUE_FULL.vi).toContain('ngày làm việc tiếp theo');
  });
});

describe('item 4: a walk-in draft through the public draft routes', () => {
  it('answers 404 for a counter draft, exactly as for an unknown one, and writes nothing', async () => {
    const { applicant: _a, ...base } = privateEnterpriseRequest();
    const walkIn = await call<{ dossierId: string }>(api(), 'POST', '/staff/walk-in/dossiers', {
      body: { ...base, applicant: individual({ fullName: 'Lê Thị Quầy' }), channel: 'COUNTER' },
      headers: { ...(await officer()), 'idempotency-key': newKey() },
    });
    expect(walkIn.status).toBe(201);
    const id = walkIn.body.dossierId;
    const unknown = '00000000-0000-4000-8000-000000000000';
    const doc = {
      requirementId: 'd1',
      fileName: 'd1.pdf',
      contentType: 'application/pdf',
      size: pdfBytes().length,
    };
    const before = JSON.stringify(await getDossier(id));
    const strip = (b: unknown) => JSON.stringify(b).replace(/"requestId":"[^"]*"/, '');
    for (const [path, body] of [
      ['uploads', { documents: [doc] }],
      ['submit', undefined],
    ] as const) {
      const calls = stack().calls.snapshot();
      const res = await call(api(), 'POST', `/dossiers/${id}/${path}`, {
        ...(body ? { body } : {}),
        headers: { 'idempotency-key': newKey() },
      });
      const none = await call(api(), 'POST', `/dossiers/${unknown}/${path}`, {
        ...(body ? { body } : {}),
        headers: { 'idempotency-key': newKey() },
      });
      expect(res.status, path).toBe(404);
      expect(res.body.code).toBe('DOSSIER_NOT_FOUND');
      expect(strip(res.body)).toBe(strip(none.body));
      expect(
        Object.keys(stack().calls.since(calls)).filter((k) => /Put|Update|Delete|Write|POST|PUT/.test(k)),
      ).toEqual([]);
    }
    expect(JSON.stringify(await getDossier(id))).toBe(before);
  });
});

describe('item 5: forged page cursors', () => {
  it('answers 400 for a malformed cursor or one of another queue, never 500; a genuine one pages', async () => {
    await submit(stack());
    await submit(stack());
    const reception = await officer();
    const page = await call<{ items: unknown[]; cursor?: string }>(
      api(),
      'GET',
      '/staff/inbox?view=intake&limit=1',
      {
        headers: reception,
      },
    );
    expect(page.status).toBe(200);
    expect(page.body.cursor).toBeDefined();
    const next = await call(api(), 'GET', `/staff/inbox?view=intake&limit=1&cursor=${page.body.cursor}`, {
      headers: reception,
    });
    expect(next.status).toBe(200);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const genuine = JSON.parse(Buffer.from(page.body.cursor!, 'base64url').toString('utf8'));
    const head = await bearer(stack(), 'stc.truongphong');
    const cases: [string, string, Record<string, string>][] = [
      ['e30 ({})', '/staff/inbox?cursor=e30', head],
      ['not base64 JSON', '/staff/inbox?cursor=%25%25', head],
      ['a number', `/staff/inbox?cursor=${b64(5)}`, head],
      [
        'a key with a number',
        `/staff/inbox?view=intake&cursor=${b64({ ...genuine, inboxSk: 5 })}`,
        reception,
      ],
      [
        'a key missing its sort key',
        `/staff/inbox?view=intake&cursor=${b64({ inboxPk: genuine.inboxPk })}`,
        reception,
      ],
      ['another queue’s cursor', `/staff/inbox?view=return&cursor=${page.body.cursor}`, reception],
      [
        'another department’s queue',
        `/staff/inbox?cursor=${b64({ ...genuine, inboxPk: 'INBOX#SXD#ACTIVE' })}`,
        head,
      ],
      ['admin audit, e30', '/admin/audit?month=2026-03&cursor=e30', await bearer(stack(), 'quantri')],
      [
        'admin audit, another month',
        `/admin/audit?month=2026-03&cursor=${b64({ pk: 'AUDIT#2026-02', sk: 'x' })}`,
        await bearer(stack(), 'quantri'),
      ],
      ['user trail, e30', '/staff/audit/users/local-quantri?cursor=e30', await bearer(stack(), 'quantri')],
    ];
    for (const [name, path, headers] of cases) {
      const res = await call<{ code: string; errors: { path: string }[] }>(api(), 'GET', path, { headers });
      expect(res.status, name).toBe(400);
      expect(res.body.code, name).toBe('VALIDATION_FAILED');
      expect(res.body.errors[0]?.path, name).toBe('query.cursor');
    }
  });
});

/** The look-up handler as API Gateway calls it, from an IPv6 source (the local gateway listens on IPv4). */
async function lookupFrom(sourceIp: string, code: string, secret: string) {
  const event = {
    version: '2.0',
    routeKey: 'GET /lookup/{code}',
    rawPath: `/lookup/${code}`,
    rawQueryString: '',
    headers: { 'x-lookup-secret': secret },
    pathParameters: { code },
    requestContext: { http: { method: 'GET', path: `/lookup/${code}`, sourceIp }, requestId: 'r' },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
  const context = { awsRequestId: 'r', functionName: 'LookupDossier' } as unknown as Context;
  return (await lookupHandler(event, context)) as APIGatewayProxyStructuredResultV2;
}

describe('item 9: look-up rate-limit keys', () => {
  it('counts an IPv6 /64 as one client and an IPv4 address as one', async () => {
    expect(sourceKey('2001:db8:1:2:aaaa::1')).toBe(sourceKey('2001:db8:1:2:ffff:1:2:3'));
    expect(sourceKey('2001:db8:1:2::1')).not.toBe(sourceKey('2001:db8:1:3::1'));
    expect(sourceKey('::ffff:203.0.113.7')).toBe(sourceKey('203.0.113.7'));
    expect(sourceKey('203.0.113.7')).not.toBe(sourceKey('203.0.113.8'));

    const d = await submit(stack());
    const wrong = 'ABCD-EFGH-JKMN-PQRS';
    // Ten failures, each from a fresh address of the same /64 (what one subscriber line can use).
    for (let i = 1; i <= 10; i++)
      expect((await lookupFrom(`2001:db8:77:1::${i.toString(16)}`, d.code, wrong)).statusCode).toBe(404);
    forgetKnownBlocks();
    const limited = await lookupFrom('2001:db8:77:1:dead:beef:0:1', d.code, wrong);
    expect(limited.statusCode).toBe(429);
    expect(JSON.parse(limited.body ?? '{}').code).toBe('LOOKUP_RATE_LIMITED');
    // The neighbouring /64 is another client.
    expect((await lookupFrom('2001:db8:77:2::1', d.code, d.secret)).statusCode).toBe(200);
  });
});
