import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { type OpenApiDocument, routeContracts } from '../../infra/api/openapi.ts';
import { RESPONSES } from '../../infra/api/responses.ts';
import { REPO_ROOT } from '../../infra/local/stack.ts';
import { writeOpenApi } from '../../scripts/openapi.ts';
import { ROUTES } from '../../shared/contracts/routes.ts';
import {
  type ApiResponse,
  call,
  draftWithDocuments,
  newKey,
  privateEnterpriseRequest,
  useLocalStack,
} from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';
import { accept, bearer, MON_2026_03_02_0900 } from '../support/workflow.ts';

/**
 * The API description served at /openapi.json (issue 16, item 5): built from the route table and
 * the handlers' own schemas, so every route is in it with what it checks; and what the running
 * system answers in real flows conforms to it (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses).
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });
const api = () => stack().urls.api;

let doc: OpenApiDocument;
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats.default(ajv);
const compiled = new Map<unknown, ValidateFunction>();
const validator = (schema: object) => {
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  return v;
};

beforeAll(async () => {
  const res = await call<OpenApiDocument>(api(), 'GET', '/openapi.json');
  expect(res.status).toBe(200);
  doc = res.body;
  ajv.addSchema(
    doc.components.schemas.Problem as object,
    'https://motcua.local/openapi.json#/components/schemas/Problem',
  );
});

type Json = Record<string, unknown>;
const operation = (method: string, routePath: string) => doc.paths[routePath]?.[method.toLowerCase()];

/** Checks a real response against the operation's documented response for its status and media type. */
function expectConforms(method: string, routePath: string, res: ApiResponse<unknown>) {
  const op = operation(method, routePath);
  expect(op, `${method} ${routePath} is described`).toBeDefined();
  const responses = op!.responses as Record<string, { content?: Record<string, { schema: Json }> }>;
  const documented = responses[String(res.status)] ?? responses[`${String(res.status)[0]}XX`];
  expect(documented, `${method} ${routePath} documents status ${res.status}`).toBeDefined();
  const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const media = documented!.content?.[mediaType];
  expect(media, `${method} ${routePath} ${res.status} documents ${mediaType}`).toBeDefined();
  const schema = JSON.parse(
    JSON.stringify(media!.schema).replaceAll(
      '"#/components/',
      '"https://motcua.local/openapi.json#/components/',
    ),
  ) as Json;
  const validate = validator(schema);
  const ok = validate(res.body);
  expect(ok ? [] : validate.errors, `${method} ${routePath} ${res.status} body conforms`).toEqual([]);
}

/** Checks a request body the test sends against the operation's request schema. */
function expectRequestConforms(method: string, routePath: string, body: unknown) {
  const op = operation(method, routePath);
  expect(op?.requestBody, `${method} ${routePath} has a request body`).toBeDefined();
  const schema = (op!.requestBody as { content: Record<string, { schema: Json }> }).content[
    'application/json'
  ]!.schema;
  const validate = validator(schema);
  expect(validate(body) ? [] : validate.errors).toEqual([]);
}

describe('the API description', () => {
  it('is OpenAPI 3.1 with one operation per route of the route table, and nothing else', () => {
    expect(doc.openapi).toBe('3.1.0');
    const described = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(described.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    for (const r of ROUTES) expect(operation(r.method, r.path)?.operationId).toBe(r.id);
  });

  it('carries every schema a handler checks: body, path and query parameters, Idempotency-Key', async () => {
    const contracts = await routeContracts(ROUTES, REPO_ROOT);
    for (const r of ROUTES) {
      const contract = contracts.get(r.id);
      // Every route's handler is built with httpHandler, so its schemas are known.
      expect(contract, `${r.id} (${r.handler}) exports its schemas (httpHandler)`).toBeDefined();
      const op = operation(r.method, r.path)!;
      const params = (op.parameters ?? []) as { name: string; in: string; schema: Json }[];
      if (contract!.body) expect(op.requestBody, `${r.id} request body`).toBeDefined();
      else expect(op.requestBody, `${r.id} has no request body`).toBeUndefined();
      for (const m of r.path.matchAll(/\{([^}]+)\}/g))
        expect(
          params.some((p) => p.in === 'path' && p.name === m[1]),
          `${r.id} path {${m[1]}}`,
        ).toBe(true);
      if (contract!.idempotencyKey)
        expect(
          params.some((p) => p.in === 'header' && p.name === 'Idempotency-Key'),
          r.id,
        ).toBe(true);
      if (r.auth === 'STAFF') expect(op.security, r.id).toEqual([{ staffToken: [] }]);
      // Every schema in the document compiles as JSON Schema 2020-12.
      for (const p of params) validator(p.schema);
      const body = (op.requestBody as { content: Record<string, { schema: Json }> } | undefined)?.content;
      if (body) validator(body['application/json']!.schema);
    }
    for (const id of Object.keys(RESPONSES))
      expect(
        ROUTES.some((r) => r.id === id),
        id,
      ).toBe(true);
  });

  it('is the same document the web build publishes (web/dist/openapi.json)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'motcua-openapi-'));
    try {
      await writeOpenApi(path.join(dir, 'openapi.json'));
      const written = JSON.parse(readFileSync(path.join(dir, 'openapi.json'), 'utf8')) as OpenApiDocument;
      const { servers: _servers, ...served } = doc as OpenApiDocument & { servers?: unknown };
      expect(written).toEqual(served);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('describes what a citizen sends and gets back: draft, uploads, submission, look-up, receipt', async () => {
    const request = privateEnterpriseRequest();
    expectRequestConforms('POST', '/dossiers', request);
    const created = await call(api(), 'POST', '/dossiers', {
      body: request,
      headers: { 'idempotency-key': newKey() },
    });
    expect(created.status).toBe(201);
    expectConforms('POST', '/dossiers', created);

    const slots = await call(api(), 'POST', `/dossiers/${String(created.body.dossierId)}/uploads`, {
      body: {
        documents: [{ requirementId: 'd1', fileName: 'd1.pdf', contentType: 'application/pdf', size: 1000 }],
      },
    });
    expect(slots.status).toBe(201);
    expectConforms('POST', '/dossiers/{dossierId}/uploads', slots);

    const { dossierId } = await draftWithDocuments(api(), [
      { requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' },
    ]);
    const submitted = await call<{ code: string; lookupSecret: string; executionArn?: string }>(
      api(),
      'POST',
      `/dossiers/${dossierId}/submit`,
      { headers: { 'idempotency-key': newKey() } },
    );
    expect(submitted.status).toBe(201);
    expectConforms('POST', '/dossiers/{dossierId}/submit', submitted);
    // The check bites: a body without its code, or a mistyped field, does not conform.
    const { code: _code, ...noCode } = submitted.body;
    expect(() =>
      expectConforms('POST', '/dossiers/{dossierId}/submit', { ...submitted, body: noCode }),
    ).toThrow();
    expect(() =>
      expectConforms('POST', '/dossiers', { ...created, body: { ...created.body, procedureVersion: '1' } }),
    ).toThrow();
    const { code, lookupSecret: secret } = submitted.body;
    const lookup = () => call(api(), 'GET', `/lookup/${code}`, { headers: { 'x-lookup-secret': secret } });
    expectConforms('GET', '/lookup/{code}', await lookup());

    // Before acceptance the receipt is refused (a problem); after it, a PDF.
    const early = await call(api(), 'GET', `/lookup/${code}/receipt.pdf`, {
      headers: { 'x-lookup-secret': secret },
    });
    expect(early.status).toBeGreaterThanOrEqual(400);
    expectConforms('GET', '/lookup/{code}/receipt.pdf', early);
    await accept(stack(), { dossierId, code, secret, executionArn: '' });
    const accepted = await lookup();
    expect(accepted.body).toMatchObject({ status: 'IN_PROGRESS' });
    expectConforms('GET', '/lookup/{code}', accepted);
  });

  it('describes the errors: problem details with a known code, for bad input, unknown ids and missing tokens', async () => {
    const bad = await call(api(), 'POST', '/dossiers', {
      body: { procedureCode: 'nope' },
      headers: { 'idempotency-key': newKey() },
    });
    expect(bad.status).toBe(400);
    expectConforms('POST', '/dossiers', bad);
    const noKey = await call(api(), 'POST', '/dossiers', { body: privateEnterpriseRequest() });
    expect(noKey.status).toBe(400);
    expectConforms('POST', '/dossiers', noKey);
    const unknown = await call(api(), 'GET', '/procedures/9.999999');
    expect(unknown.status).toBe(404);
    expectConforms('GET', '/procedures/{code}', unknown);
    const staffOnly = await call(api(), 'GET', '/staff/inbox');
    expect(staffOnly.status).toBe(401);
  });

  it('describes the counter queue: a ticket taken and read back', async () => {
    expectRequestConforms('POST', '/queue/tickets', { departmentId: 'STP' });
    const taken = await call(api(), 'POST', '/queue/tickets', { body: { departmentId: 'STP' } });
    expect(taken.status).toBe(201);
    expectConforms('POST', '/queue/tickets', taken);
    const read = await call(api(), 'GET', `/queue/tickets/${String(taken.body.ticketId)}`);
    expectConforms('GET', '/queue/tickets/{ticketId}', read);
    const counter = await call(api(), 'GET', '/staff/queue/counters/STP-01', {
      headers: await bearer(stack(), 'tiepnhan.1'),
    });
    expect(counter.status).toBe(200);
    expectConforms('GET', '/staff/queue/counters/{counterId}', counter);
  });
});
