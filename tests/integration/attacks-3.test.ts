import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { webSecurityHeaders } from '../../infra/config/security-headers.ts';
import { startStaticServer } from '../../infra/local/static.ts';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import type { UploadSlot } from '../../shared/contracts/dossier.ts';
import { startsFormulaWhenSplit } from '../../shared/domain/csv.ts';
import { type RegisterRow, registerCsv } from '../../shared/services/register.ts';
import {
  call,
  draftWithDocuments,
  individual,
  newKey,
  privateEnterpriseRequest,
  storeBypassingPolicy,
  uploadToSlot,
  useLocalStack,
} from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';
import { accept, bearer, MON_2026_03_02_0900, staff, submit } from '../support/workflow.ts';

/**
 * Issue 19, abuse and hardening (items 3, 6, 7, 8): the register CSV, typed names, uploads and the
 * local stack's own doors, attacked through real HTTP on the local stack.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });
const api = () => stack().urls.api;

function raw(
  base: string,
  method: string,
  p: string,
  headers: Record<string, string>,
  body = '',
): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  const url = new URL(p, base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method,
        headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const FORMULA_NAME = 'Nguyễn Văn E;=1+2;@SUM(1+1)';

describe('item 3: formulas in the register CSV', () => {
  it('exports a name that carries formulas so that no `,` or `;` split starts one', async () => {
    const d = await submit(stack());
    const named = await draftWithDocuments(
      api(),
      [{ requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' }],
      privateEnterpriseRequest({ applicant: individual({ fullName: FORMULA_NAME }) }),
    );
    const sent = await call(api(), 'POST', `/dossiers/${named.dossierId}/submit`, {
      headers: { 'idempotency-key': newKey() },
    });
    expect(sent.status).toBe(201);
    const csv = await fetch(`${api()}/staff/reports/register?from=2026-03-01&to=2026-03-31&format=csv`, {
      headers: await bearer(stack(), 'tiepnhan.1'),
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('x-content-type-options')).toBe('nosniff');
    const text = await csv.text();
    expect(text).toContain(d.code);
    expect(text).toContain("Nguyễn Văn E;'=1+2;'@SUM(1+1)");
    expect(startsFormulaWhenSplit(text, ',')).toBe(false);
    expect(startsFormulaWhenSplit(text, ';')).toBe(false);
  });

  it('holds for any generated name (property)', () => {
    const risky = fc.constantFrom(
      '=',
      '+',
      '-',
      '@',
      '\t',
      '\r',
      '\n',
      ',',
      ';',
      '"',
      ' ',
      '＝',
      "'",
      'a',
      'ệ',
    );
    const name = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: fc.oneof(risky, fc.string({ minLength: 1, maxLength: 1 })), maxLength: 30 }),
    );
    const row = (applicant: string, procedureName: string, i: number): RegisterRow => ({
      no: i + 1,
      code: '000.00.05.H55-260302-0001',
      dossierId: 'x',
      submittedAt: '2026-03-02T02:00:00.000Z',
      applicant,
      procedureCode: '2.001610',
      procedureName,
      departmentId: 'STC',
      departmentName: procedureName,
      channel: 'ONLINE',
      status: 'SUBMITTED',
      statusLabel: applicant,
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(name, name), { minLength: 1, maxLength: 5 }), (names) => {
        const text = registerCsv(names.map(([a, p], i) => row(a, p, i)));
        return !startsFormulaWhenSplit(text, ',') && !startsFormulaWhenSplit(text, ';');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('item 6: control and invisible characters in names', () => {
  it('refuses each with a field error in both languages and stores nothing', async () => {
    const cases: [string, string, string][] = [
      ['NUL', 'Lê Văn\u0000 A', 'text_control'],
      ['BEL', 'Lê Văn \u0007A', 'text_control'],
      ['ANSI escape', 'Lê \u001b[31mVăn A', 'text_control'],
      ['C1 control', 'Lê Văn\u0085A', 'text_control'],
      ['RTL override', 'Lê Văn \u202eA nợ', 'text_bidi'],
      ['RTL isolate', 'Lê Văn \u2067A', 'text_bidi'],
      ['zero-width space', 'Lê Văn\u200b A', 'text_invisible'],
      ['zero-width joiner', 'Lê Văn\u200dA', 'text_invisible'],
      ['lone surrogate', 'Lê Văn \ud800A', 'text_surrogate'],
      ['110 combining marks', `Lê Văn A${'\u0301'.repeat(110)}`, 'text_combining'],
    ];
    await stack().sfn.settle();
    for (const [name, fullName, code] of cases) {
      const writes = stack().calls.snapshot();
      const res = await call<{
        code: string;
        errors: { path: string; code: string; message: string; messageEn?: string }[];
      }>(api(), 'POST', '/dossiers', {
        body: privateEnterpriseRequest({ applicant: individual({ fullName }) }),
        headers: { 'idempotency-key': newKey() },
      });
      expect(res.status, name).toBe(400);
      const error = res.body.errors.find((e) => e.path === 'applicant.fullName');
      expect(error, name).toMatchObject({ code });
      expect(error?.message, name).toMatch(/ký tự|dấu/);
      expect(error?.messageEn, name).toMatch(/character|accent/);
      expect(
        Object.keys(stack().calls.since(writes)).filter((k) => /Put|Update|Write/.test(k)),
        name,
      ).toEqual([]);
    }
    // Vietnamese itself passes, composed or decomposed (stored in NFC).
    const ok = await call<{ dossierId: string }>(api(), 'POST', '/dossiers', {
      body: privateEnterpriseRequest({
        applicant: individual({ fullName: 'Nguyễn Thị Ngọc Diệp'.normalize('NFD') }),
      }),
      headers: { 'idempotency-key': newKey() },
    });
    expect(ok.status).toBe(201);
    const stored = (await getDossier(ok.body.dossierId))!.dossier.applicant;
    expect(stored.type === 'INDIVIDUAL' && stored.fullName).toBe('Nguyễn Thị Ngọc Diệp'.normalize('NFC'));
  });
});

describe('item 7: upload tricks', () => {
  const slotFor = async (dossierId: string, size: number, contentType = 'application/pdf') =>
    (
      await call<{ slots: UploadSlot[] }>(api(), 'POST', `/dossiers/${dossierId}/uploads`, {
        body: { documents: [{ requirementId: 'd1', fileName: 'd1.pdf', contentType, size }] },
      })
    ).body.slots[0]!;
  const submitDraft = (id: string) =>
    call<{ errors: { code: string }[] }>(api(), 'POST', `/dossiers/${id}/submit`, {
      headers: { 'idempotency-key': newKey() },
    });

  it('refuses a stored size other than the declared one, and a PDF that carries an HTML page', async () => {
    const { dossierId } = await draftWithDocuments(api(), []);
    const small = pdfBytes();
    const slot = await slotFor(dossierId, small.length + 500);
    expect(slot.fields.Policy ?? slot.fields.policy).toBeDefined();
    // S3 (and the local S3's front) refuses the form: EntityTooSmall. Stored past the form anyway,
    // the submission still refuses it.
    expect(await uploadToSlot(slot, small, 'application/pdf')).toBe(400);
    await storeBypassingPolicy(slot.fields.key!, small, 'application/pdf');
    const sized = await submitDraft(dossierId);
    expect(sized.status).toBe(422);
    expect(sized.body.errors.map((e) => e.code)).toContain('DOCUMENT_SIZE_MISMATCH');

    const polyglot = Buffer.from(
      '%PDF-1.4\n<html><body><script>alert(document.domain)</script></body></html>\n%%EOF\n',
    );
    const other = await draftWithDocuments(api(), []);
    const s2 = await slotFor(other.dossierId, polyglot.length);
    expect(await uploadToSlot(s2, polyglot, 'application/pdf')).toBeLessThan(300);
    const mixed = await submitDraft(other.dossierId);
    expect(mixed.status).toBe(422);
    expect(mixed.body.errors.map((e) => e.code)).toEqual(['DOCUMENT_TYPE_MISMATCH']);
    expect((await getDossier(other.dossierId))!.dossier.status).toBe('DRAFT');
  });

  it('serves a staff download as an attachment with the verified type, nosniff and sandboxed', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    const detail = await staff<{ documents: { url?: string; contentType?: string }[] }>(
      stack(),
      'GET',
      `/staff/dossiers/${d.dossierId}`,
    );
    const link = detail.body.documents.find((x) => x.url)!;
    const res = await fetch(link.url!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe('sandbox');
  });
});

describe('item 8: the local stack’s own doors', () => {
  it('mints a staff token only for a JSON request to 127.0.0.1 or localhost from this machine, never cross-site', async () => {
    const port = new URL(api()).port;
    const body = JSON.stringify({ username: 'quantri' });
    const json = { 'content-type': 'application/json' };
    const refused: [string, Record<string, string>][] = [
      ['DNS rebinding (another Host)', { ...json, host: `attacker.example:${port}` }],
      ['Host without the port', { ...json, host: '127.0.0.1' }],
      ['plain-text POST (no preflight)', { 'content-type': 'text/plain', host: `127.0.0.1:${port}` }],
      ['form POST', { 'content-type': 'application/x-www-form-urlencoded', host: `127.0.0.1:${port}` }],
      ['cross-origin page', { ...json, host: `127.0.0.1:${port}`, origin: 'https://attacker.example' }],
      ['cross-site fetch', { ...json, host: `127.0.0.1:${port}`, 'sec-fetch-site': 'cross-site' }],
    ];
    for (const [name, headers] of refused) {
      const res = await raw(api(), 'POST', '/_local/auth/token', headers, body);
      expect(res.status, name).toBe(403);
      expect(res.text, name).not.toContain('token');
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const ok = await raw(
        api(),
        'POST',
        '/_local/auth/token',
        { ...json, host, origin: 'http://127.0.0.1:3304' },
        body,
      );
      expect(ok.status, host).toBe(200);
      expect(JSON.parse(ok.text).token).toMatch(/^ey/);
    }
  });

  it('sends /_local/login to the web app’s sign-in (a staff `next` kept, any other dropped) and lists the demo accounts only to this machine', async () => {
    const port = new URL(api()).port;
    const web = `${stack().env.PUBLIC_WEB_URL}/can-bo/dang-nhap`;
    const login = await raw(api(), 'GET', '/_local/login', { host: `127.0.0.1:${port}` });
    expect(login.status).toBe(302);
    expect(login.headers.location).toBe(web);
    expect(login.text).not.toContain('token');
    const withNext = await raw(
      api(),
      'GET',
      `/_local/login?next=${encodeURIComponent('/can-bo/ho-so/abc')}`,
      {},
    );
    expect(withNext.headers.location).toBe(`${web}?next=${encodeURIComponent('/can-bo/ho-so/abc')}`);
    for (const bad of [
      'https://attacker.example/',
      '//attacker.example/can-bo/x',
      '/can-bo//attacker.example',
      'javascript:alert(1)',
    ])
      expect(
        (await raw(api(), 'GET', `/_local/login?next=${encodeURIComponent(bad)}`, {})).headers.location,
        bad,
      ).toBe(web);

    const refused: [string, Record<string, string>][] = [
      ['DNS rebinding (another Host)', { host: `attacker.example:${port}` }],
      ['cross-origin page', { host: `127.0.0.1:${port}`, origin: 'https://attacker.example' }],
      ['cross-site fetch', { host: `127.0.0.1:${port}`, 'sec-fetch-site': 'cross-site' }],
    ];
    for (const [name, headers] of refused) {
      const res = await raw(api(), 'GET', '/_local/auth/users', headers);
      expect(res.status, name).toBe(403);
      expect(res.text, name).not.toContain('quantri');
    }
    const listed = await raw(api(), 'GET', '/_local/auth/users', {
      host: `localhost:${port}`,
      origin: 'http://127.0.0.1:3304',
    });
    expect(listed.status).toBe(200);
    expect(JSON.parse(listed.text).items).toContainEqual(
      expect.objectContaining({ username: 'quantri', role: 'ADMINISTRATOR' }),
    );
    expect(listed.text).not.toMatch(/"token"|@/); // names and roles only: no token, no email
  });

  it('lets nobody overwrite a verified document in the local S3 without a presigned request', async () => {
    const d = await submit(stack());
    const doc = (await getDossier(d.dossierId))!.documents.find((x) => x.status === 'VERIFIED')!;
    const s3 = stack().urls.s3;
    const objectPath = `/${stack().env.DOCUMENTS_BUCKET}/${doc.key}`;
    const evil = '<html><script>alert(1)</script></html>';
    // An unsigned PUT, an unsigned read, a form post without a policy, and a forged signed request from a page.
    expect((await raw(s3, 'PUT', objectPath, { 'content-type': 'text/html' }, evil)).status).toBe(403);
    expect((await raw(s3, 'GET', objectPath, {})).status).toBe(403);
    const form = new FormData();
    form.append('key', doc.key);
    form.append('Content-Type', 'text/html');
    form.append('file', new Blob([evil], { type: 'text/html' }), 'x.html');
    const posted = await fetch(`${s3}/${stack().env.DOCUMENTS_BUCKET}`, { method: 'POST', body: form });
    expect(posted.status).toBe(403);
    const forged = await raw(
      s3,
      'PUT',
      objectPath,
      {
        origin: 'https://attacker.example',
        authorization:
          'AWS4-HMAC-SHA256 Credential=S3RVER/20260302/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00',
      },
      evil,
    );
    expect(forged.status).toBe(403);
    // A genuine presigned form for a new slot cannot be pointed at the verified object either.
    const again = await draftWithDocuments(api(), []);
    const slot = (
      await call<{ slots: UploadSlot[] }>(api(), 'POST', `/dossiers/${again.dossierId}/uploads`, {
        body: {
          documents: [{ requirementId: 'd1', fileName: 'a.pdf', contentType: 'application/pdf', size: 40 }],
        },
      })
    ).body.slots[0]!;
    const hijack = { ...slot, fields: { ...slot.fields, key: doc.key } };
    expect(await uploadToSlot(hijack, Buffer.from(evil), 'application/pdf')).toBe(403);
    // The stored document is what was verified.
    const detail = await staff<{ documents: { documentId: string; url?: string }[] }>(
      stack(),
      'GET',
      `/staff/dossiers/${d.dossierId}`,
      undefined,
      'lanhdao.ttpvhcc',
    );
    const url = detail.body.documents.find((x) => x.documentId === doc.documentId)!.url!;
    const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(bytes.equals(pdfBytes())).toBe(true);
    expect(doc.sha256).toBeDefined();
  });

  it('sends the same security headers as CloudFront from the local web server, and nosniff on every API answer', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'motcua-web-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>x</title>');
    const web = await startStaticServer({ host: '127.0.0.1', port: 0, dir, origins: [api()] });
    try {
      const expected = webSecurityHeaders({
        connect: [api()],
        formAction: [api()],
        upgradeInsecureRequests: false,
      });
      for (const p of ['/', '/tra-cuu', '/%E0%A4%A']) {
        const res = await fetch(`${web.url}${p}`);
        for (const [name, value] of Object.entries(expected))
          expect(res.headers.get(name), `${p} ${name}`).toBe(value);
      }
    } finally {
      await web.close();
      rmSync(dir, { recursive: true, force: true });
    }
    for (const [method, p] of [
      ['GET', '/procedures/9.999999'],
      ['GET', '/no-such-route'],
      ['POST', '/dossiers'],
      ['GET', '/staff/inbox'],
      ['GET', '/procedures'],
    ] as const) {
      const res = await fetch(`${api()}${p}`, { method });
      expect(res.headers.get('x-content-type-options'), `${method} ${p}`).toBe('nosniff');
    }
  });
});
