import { DeleteItemCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { clearCatalogueCache, getProcedureVersion } from '../../shared/adapters/catalogue-repository.ts';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import type { UploadSlot } from '../../shared/contracts/dossier.ts';
import { parseDossierCode } from '../../shared/domain/dossier-code.ts';
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
import { pdfBytes, pngBytes } from '../support/files.ts';

const stack = useLocalStack();
const api = () => stack().urls.api;

describe('catalogue', () => {
  it('finds a procedure with or without diacritics', async () => {
    for (const q of [
      'Đăng ký thành lập doanh nghiệp',
      'dang ky thanh lap doanh nghiep',
      'DANG KY DOANH NGHIEP',
    ]) {
      const res = await call<{ items: { code: string }[]; match: string }>(
        api(),
        'GET',
        `/procedures?q=${encodeURIComponent(q)}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.match).toBe('all');
      expect(res.body.items.map((i) => i.code)).toContain('2.001610');
    }
  });

  it('offers the closest procedures when no name has every word', async () => {
    const res = await call<{ items: { code: string; name: string }[]; match: string }>(
      api(),
      'GET',
      `/procedures?q=${encodeURIComponent('dang ky kinh doanh')}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.some((i) => i.name.includes('Đăng ký'))).toBe(true);
  });

  it('filters by department and returns one procedure in full', async () => {
    const list = await call<{ items: { departmentIds: string[] }[] }>(
      api(),
      'GET',
      '/procedures?department=SYT',
    );
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((i) => i.departmentIds.includes('SYT'))).toBe(true);
    const one = await call<{ code: string; documents: unknown[] }>(api(), 'GET', '/procedures/2.001610');
    expect(one.status).toBe(200);
    expect(one.body.code).toBe('2.001610');
    expect(one.body.documents.length).toBeGreaterThan(0);
    const missing = await call(api(), 'GET', '/procedures/9.999999');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(missing.body.code).toBe('PROCEDURE_NOT_FOUND');
  });

  it('lists the departments', async () => {
    const res = await call<{ items: { id: string; email: string }[] }>(api(), 'GET', '/departments');
    expect(res.status).toBe(200);
    expect(res.body.items.map((d) => d.id)).toEqual(expect.arrayContaining(['STC', 'SYT', 'SXD']));
  });
});

describe('procedure versions', () => {
  it('are read once per warm instance: a version never changes once made', async () => {
    clearCatalogueCache();
    const before = stack().calls.snapshot();
    const first = await getProcedureVersion('2.001610', 1);
    const again = await getProcedureVersion('2.001610', 1);
    expect(again).toEqual(first);
    expect(first?.code).toBe('2.001610');
    expect(stack().calls.since(before)['dynamodb:GetItem']).toBe(1);
    // Unknown versions are not remembered (an administrator may create it a moment later).
    const none = stack().calls.snapshot();
    expect(await getProcedureVersion('2.001610', 999)).toBeUndefined();
    expect(await getProcedureVersion('2.001610', 999)).toBeUndefined();
    expect(stack().calls.since(none)['dynamodb:GetItem']).toBe(2);
  });
});

describe('online submission', () => {
  it('creates, uploads through a presigned POST, submits and looks up a dossier', async () => {
    const created = await call<{ dossierId: string; status: string }>(api(), 'POST', '/dossiers', {
      body: privateEnterpriseRequest(),
      headers: { 'idempotency-key': newKey() },
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('DRAFT');
    const { dossierId } = created.body;

    const pdf = pdfBytes();
    const slots = await call<{ slots: UploadSlot[] }>(api(), 'POST', `/dossiers/${dossierId}/uploads`, {
      body: {
        documents: [
          {
            requirementId: 'd1',
            fileName: 'Giấy đề nghị.pdf',
            contentType: 'application/pdf',
            size: pdf.length,
          },
        ],
      },
    });
    expect(slots.status).toBe(201);
    const slot = slots.body.slots[0]!;
    expect(slot.fields['Content-Type']).toBe('application/pdf');
    const policy = JSON.parse(Buffer.from(slot.fields.Policy!, 'base64').toString('utf8'));
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        // At most the declared size (the requirement allows up to 10 MB).
        ['content-length-range', pdf.length, pdf.length],
        ['eq', '$Content-Type', 'application/pdf'],
      ]),
    );
    expect(slot.fields.key).toMatch(new RegExp(`^dossiers/${dossierId}/[0-9a-f-]{36}$`));
    expect(await uploadToSlot(slot, pdf, 'application/pdf')).toBeLessThan(300);

    const submitted = await call<{
      code: string;
      lookupSecret: string;
      documents: { sha256: string; size: number }[];
    }>(api(), 'POST', `/dossiers/${dossierId}/submit`, { headers: { 'idempotency-key': newKey() } });
    expect(submitted.status).toBe(201);
    const { code, lookupSecret } = submitted.body;
    const parsed = parseDossierCode(code);
    expect(parsed).toBeDefined();
    expect(submitted.body.documents[0]!.size).toBe(pdf.length);
    expect(submitted.body.documents[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);

    const found = await call<{ status: string; timeline: { type: string }[] }>(
      api(),
      'GET',
      `/lookup/${code}`,
      {
        headers: { 'x-lookup-secret': lookupSecret },
      },
    );
    expect(found.status).toBe(200);
    expect(found.body.status).toBe('SUBMITTED');
    expect(found.body.timeline.map((t) => t.type)).toEqual(['SUBMITTED']);
    const text = JSON.stringify(found.body);
    for (const pii of ['Nguyễn', '019190001234', '0912345678', 'nhung@example.vn', 'Hoàng Văn Thụ']) {
      expect(text).not.toContain(pii);
    }

    const stored = await getDossier(dossierId);
    expect(stored?.dossier.status).toBe('SUBMITTED');
    expect(stored?.dossier.code).toBe(code);
    expect(stored?.events.map((e) => e.type)).toEqual(['DRAFT_CREATED', 'UPLOAD_SLOTS_ISSUED', 'SUBMITTED']);
    expect(stored?.documents[0]?.status).toBe('VERIFIED');
    // Only a hash of the secret is kept.
    expect(JSON.stringify(stored)).not.toContain(lookupSecret.replaceAll('-', ''));
  });

  it('answers an unknown code and a wrong secret the same way', async () => {
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
    const wrongSecret = await call(api(), 'GET', `/lookup/${ok.body.code}`, {
      headers: { 'x-lookup-secret': 'ABCD-EFGH-JKMN-PQRS' },
    });
    const unknownCode = await call(api(), 'GET', `/lookup/${ok.body.code.replace(/\d{4}$/, '9999')}`, {
      headers: { 'x-lookup-secret': ok.body.lookupSecret },
    });
    expect(wrongSecret.status).toBe(404);
    expect(unknownCode.status).toBe(404);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(wrongSecret.body)).toEqual(strip(unknownCode.body));
    const lowerCase = await call(api(), 'GET', `/lookup/${ok.body.code}`, {
      headers: { 'x-lookup-secret': ok.body.lookupSecret.toLowerCase().replaceAll('-', ' ') },
    });
    expect(lowerCase.status).toBe(200);
  });

  it('replays the first answer to a submit retried with the same key', async () => {
    const { dossierId } = await draftWithDocuments(api(), [
      { requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' },
    ]);
    const key = newKey();
    const first = await call(api(), 'POST', `/dossiers/${dossierId}/submit`, {
      headers: { 'idempotency-key': key },
    });
    const again = await call(api(), 'POST', `/dossiers/${dossierId}/submit`, {
      headers: { 'idempotency-key': key },
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const otherKey = await call(api(), 'POST', `/dossiers/${dossierId}/submit`, {
      headers: { 'idempotency-key': newKey() },
    });
    expect(otherKey.status).toBe(409);
    expect(otherKey.body.code).toBe('DOSSIER_NOT_DRAFT');
  });

  it('gives the first answer again when the submission committed but its idempotency record was lost', async () => {
    const { dossierId } = await draftWithDocuments(api(), [
      { requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' },
    ]);
    const key = newKey();
    const first = await call<{ code: string; lookupSecret: string }>(
      api(),
      'POST',
      `/dossiers/${dossierId}/submit`,
      {
        headers: { 'idempotency-key': key },
      },
    );
    expect(first.status).toBe(201);
    // The function died after the transaction and before its idempotency record was completed:
    // remove the record (test set-up only; the request paths never Scan).
    const admin = new DynamoDBClient({ region: stack().env.AWS_REGION, endpoint: stack().urls.dynamodb });
    const records = await admin.send(
      new ScanCommand({ TableName: stack().env.IDEMPOTENCY_TABLE_NAME, ProjectionExpression: 'id' }),
    );
    const submits = (records.Items ?? []).filter((i) => i.id?.S?.startsWith('motcua.SubmitDossier#'));
    expect(submits.length).toBeGreaterThan(0);
    for (const item of submits) {
      await admin.send(
        new DeleteItemCommand({ TableName: stack().env.IDEMPOTENCY_TABLE_NAME, Key: { id: item.id! } }),
      );
    }

    const again = await call(api(), 'POST', `/dossiers/${dossierId}/submit`, {
      headers: { 'idempotency-key': key },
    });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    // The rebuilt secret opens the dossier; another key still gets nothing.
    const lookup = await call(api(), 'GET', `/lookup/${first.body.code}`, {
      headers: { 'x-lookup-secret': first.body.lookupSecret },
    });
    expect(lookup.status).toBe(200);
    const otherKey = await call(api(), 'POST', `/dossiers/${dossierId}/submit`, {
      headers: { 'idempotency-key': newKey() },
    });
    expect(otherKey.status).toBe(409);
    expect(otherKey.body).not.toHaveProperty('lookupSecret');
    // Staff never see the sealed copy.
    const stored = await getDossier(dossierId);
    expect(stored?.dossier.sealedSecret).toMatch(/^[0-9A-Z]{16}$/);
    expect(stored?.dossier.sealedSecret).not.toBe(first.body.lookupSecret.replaceAll('-', ''));
  });
});

describe('finalize refuses invalid documents without changing anything', () => {
  async function expectRefused(dossierId: string, code: string) {
    const before = await getDossier(dossierId);
    const snapshot = stack().calls.snapshot();
    const res = await call<{ code: string; errors: { path: string; code: string }[] }>(
      api(),
      'POST',
      `/dossiers/${dossierId}/submit`,
      { headers: { 'idempotency-key': newKey() } },
    );
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('DOCUMENTS_INVALID');
    expect(res.body.errors.map((e) => e.code)).toContain(code);
    const after = await getDossier(dossierId);
    expect(after).toEqual(before);
    // No write reached the dossier table (the idempotency record is written, then removed).
    const calls = stack().calls.since(snapshot);
    expect(calls['dynamodb:TransactWriteItems'] ?? 0).toBe(0);
    return res.body;
  }

  it('a missing mandatory document', async () => {
    const { dossierId } = await draftWithDocuments(api(), [
      { requirementId: 'd2', bytes: pngBytes(), contentType: 'image/png' },
    ]);
    const body = await expectRefused(dossierId, 'DOCUMENT_MISSING');
    expect(body.errors[0]!.path).toBe('documents.d1');
  });

  it('a PDF slot holding a PNG', async () => {
    const { dossierId } = await draftWithDocuments(api(), [
      { requirementId: 'd1', bytes: pngBytes(), contentType: 'image/png', declaredType: 'application/pdf' },
    ]);
    await expectRefused(dossierId, 'DOCUMENT_TYPE_MISMATCH');
  });

  it('an oversize file', async () => {
    // S3 refuses a file longer than its slot declared (EntityTooLarge); one stored past the form
    // anyway is refused at submission.
    const big = pdfBytes(10 * 1024 * 1024);
    const { dossierId } = await draftWithDocuments(api(), []);
    const slots = await call<{ slots: UploadSlot[] }>(api(), 'POST', `/dossiers/${dossierId}/uploads`, {
      body: {
        documents: [{ requirementId: 'd1', fileName: 'd1.pdf', contentType: 'application/pdf', size: 1000 }],
      },
    });
    expect(await uploadToSlot(slots.body.slots[0]!, big, 'application/pdf')).toBe(400);
    await storeBypassingPolicy(slots.body.slots[0]!.fields.key!, big, 'application/pdf');
    await expectRefused(dossierId, 'DOCUMENT_TOO_LARGE');
  });

  it('lists every problem at once, and accepts the dossier once a replacement is uploaded', async () => {
    const { dossierId } = await draftWithDocuments(api(), [
      { requirementId: 'd1', bytes: pngBytes(), contentType: 'image/png', declaredType: 'application/pdf' },
    ]);
    await expectRefused(dossierId, 'DOCUMENT_TYPE_MISMATCH');
    const slots = await call<{ slots: UploadSlot[] }>(api(), 'POST', `/dossiers/${dossierId}/uploads`, {
      body: {
        documents: [
          {
            requirementId: 'd1',
            fileName: 'thay thế.pdf',
            contentType: 'application/pdf',
            size: pdfBytes().length,
          },
        ],
      },
    });
    await uploadToSlot(slots.body.slots[0]!, pdfBytes(), 'application/pdf');
    const ok = await call(api(), 'POST', `/dossiers/${dossierId}/submit`, {
      headers: { 'idempotency-key': newKey() },
    });
    expect(ok.status).toBe(201);
  });

  it('upload slots outside the requirement are refused before anything is signed', async () => {
    const { dossierId } = await draftWithDocuments(api(), []);
    const res = await call<{ errors: { path: string; code: string }[] }>(
      api(),
      'POST',
      `/dossiers/${dossierId}/uploads`,
      {
        body: {
          documents: [
            { requirementId: 'd1', fileName: 'a.png', contentType: 'image/png', size: 10 },
            {
              requirementId: 'd2',
              fileName: 'b.pdf',
              contentType: 'application/pdf',
              size: 11 * 1024 * 1024,
            },
            { requirementId: 'd42', fileName: 'c.pdf', contentType: 'application/pdf', size: 10 },
          ],
        },
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e) => e.code)).toEqual([
      'DOCUMENT_TYPE_NOT_ACCEPTED',
      'DOCUMENT_TOO_LARGE',
      'DOCUMENT_REQUIREMENT_UNKNOWN',
    ]);
  });
});

describe('applicant validation', () => {
  it('refuses a bad CCCD, phone and missing form field, each named', async () => {
    const res = await call<{ code: string; errors: { path: string }[] }>(api(), 'POST', '/dossiers', {
      body: privateEnterpriseRequest({
        applicant: individual({ idNumber: '12345', phone: '0123456789' }),
      }),
      headers: { 'idempotency-key': newKey() },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['applicant.idNumber', 'applicant.phone']),
    );
    const fields = await call<{ errors: { path: string }[] }>(api(), 'POST', '/dossiers', {
      body: privateEnterpriseRequest({ fields: { enterpriseName: '' } }),
      headers: { 'idempotency-key': newKey() },
    });
    expect(fields.status).toBe(400);
    expect(fields.body.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['fields.enterpriseName', 'fields.headOfficeAddress']),
    );
  });

  it('accepts +84 phone numbers and stores them as 0xxxxxxxxx', async () => {
    const res = await call<{ dossierId: string }>(api(), 'POST', '/dossiers', {
      body: privateEnterpriseRequest({ applicant: individual({ phone: '+84 912 345 678' }) }),
      headers: { 'idempotency-key': newKey() },
    });
    expect(res.status).toBe(201);
    const stored = await getDossier(res.body.dossierId);
    expect(stored?.dossier.applicant.phone).toBe('0912345678');
  });
});
