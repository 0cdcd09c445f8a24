import { describe, expect, it } from 'vitest';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import type { UploadSlot } from '../../shared/contracts/dossier.ts';
import {
  call,
  draftWithDocuments,
  individual,
  newKey,
  privateEnterpriseRequest,
  uploadToSlot,
  useLocalStack,
} from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';
import { bearer, MON_2026_03_02_0900 } from '../support/workflow.ts';

/**
 * Issue 17, item 5: the citizen takes a chosen file off their online draft
 * (DELETE /dossiers/{dossierId}/uploads/{documentId}), through real HTTP on the local stack.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });
const api = () => stack().urls.api;

const documentsOf = async (dossierId: string) => (await getDossier(dossierId))!.documents;
const remove = (dossierId: string, documentId: string) =>
  call<Record<string, unknown>>(api(), 'DELETE', `/dossiers/${dossierId}/uploads/${documentId}`);
const submit = (dossierId: string) =>
  call<Record<string, unknown>>(api(), 'POST', `/dossiers/${dossierId}/submit`, {
    headers: { 'idempotency-key': newKey() },
  });
const writes = (since: ReturnType<ReturnType<typeof stack>['calls']['snapshot']>) =>
  Object.keys(stack().calls.since(since)).filter((k) => /Put|Update|Delete|Write/.test(k));

async function upload(dossierId: string, slotsPath: string, headers: Record<string, string> = {}) {
  const bytes = pdfBytes();
  const slots = await call<{ slots: UploadSlot[] }>(api(), 'POST', slotsPath, {
    body: {
      documents: [
        {
          requirementId: 'd1',
          fileName: 'giay-de-nghi.pdf',
          contentType: 'application/pdf',
          size: bytes.length,
        },
      ],
    },
    headers,
  });
  expect(slots.status, JSON.stringify(slots.body)).toBe(201);
  expect(await uploadToSlot(slots.body.slots[0]!, bytes, 'application/pdf')).toBeLessThan(300);
  return { dossierId, documentId: slots.body.slots[0]!.documentId };
}

describe('removing an upload from an online draft', () => {
  it('takes the file off: submit refuses the missing document, a new upload is accepted; twice is the same', async () => {
    const { dossierId } = await draftWithDocuments(api(), [
      { requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' },
    ]);
    const [first] = await documentsOf(dossierId);

    const removed = await remove(dossierId, first!.documentId);
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(removed.body).toEqual({ documentId: first!.documentId, requirementId: 'd1', status: 'REMOVED' });
    const after = await getDossier(dossierId);
    expect(after!.documents[0]).toMatchObject({ status: 'REMOVED', removedAt: expect.any(String) });
    expect(after!.events.map((e) => e.type)).toContain('UPLOAD_REMOVED');

    // Again: the same answer, nothing written.
    const before = stack().calls.snapshot();
    const again = await remove(dossierId, first!.documentId);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(removed.body);
    expect(writes(before)).toEqual([]);

    // The stored object is still there, but the submission no longer counts it.
    const refused = await submit(dossierId);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('DOCUMENTS_INVALID');
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ path: 'documents.d1', code: 'DOCUMENT_MISSING' }),
    ]);
    expect((await getDossier(dossierId))!.dossier.status).toBe('DRAFT');

    const second = await upload(dossierId, `/dossiers/${dossierId}/uploads`);
    const accepted = await submit(dossierId);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(accepted.body.documents).toEqual([expect.objectContaining({ documentId: second.documentId })]);

    // After submission the file cannot be taken off any more; the removed one still answers the same.
    const late = await remove(dossierId, second.documentId);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('DOSSIER_NOT_DRAFT');
    expect((await remove(dossierId, first!.documentId)).status).toBe(200);
  });

  it("answers 404 for another person's upload, and for a walk-in draft exactly as for an unknown one", async () => {
    const mine = await draftWithDocuments(api(), [
      { requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' },
    ]);
    const theirs = await draftWithDocuments(api(), [
      { requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' },
    ]);
    const [theirDoc] = await documentsOf(theirs.dossierId);
    const before = stack().calls.snapshot();
    const foreign = await remove(mine.dossierId, theirDoc!.documentId);
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get('content-type')).toContain('application/problem+json');
    expect(foreign.body.code).toBe('DOCUMENT_NOT_FOUND');
    expect(writes(before)).toEqual([]);
    expect((await documentsOf(theirs.dossierId))[0]!.status).toBe('PENDING');

    const officer = await bearer(stack(), 'tiepnhan.1');
    const { applicant: _a, ...base } = privateEnterpriseRequest();
    const walkIn = await call<{ dossierId: string }>(api(), 'POST', '/staff/walk-in/dossiers', {
      body: { ...base, applicant: individual({ fullName: 'Lê Thị Quầy' }), channel: 'COUNTER' },
      headers: { ...officer, 'idempotency-key': newKey() },
    });
    expect(walkIn.status).toBe(201);
    const id = walkIn.body.dossierId;
    const scanned = await upload(id, `/staff/walk-in/dossiers/${id}/uploads`, officer);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const strip = (b: unknown) => JSON.stringify(b).replace(/"requestId":"[^"]*"/, '');
    const snapshot = JSON.stringify(await getDossier(id));
    const counter = await remove(id, scanned.documentId);
    const none = await remove(unknown, scanned.documentId);
    expect(counter.status).toBe(404);
    expect(counter.body.code).toBe('DOSSIER_NOT_FOUND');
    expect(strip(counter.body)).toBe(strip(none.body));
    expect(JSON.stringify(await getDossier(id))).toBe(snapshot);

    const malformed = await remove(mine.dossierId, 'not-a-document');
    expect(malformed.status).toBe(400);
  });
});
