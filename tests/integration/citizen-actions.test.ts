import { describe, expect, it } from 'vitest';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { RATING_INDICES, type UploadSlot } from '../../shared/contracts/dossier.ts';
import { call, uploadToSlot, useLocalStack } from '../support/api.ts';
import { pdfBytes, pngBytes } from '../support/files.ts';
import { accept, citizen, decide, MON_2026_03_02_0900, staff, submit, version } from '../support/workflow.ts';

/** What a citizen sees and does with the code and the lookup secret. */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });
const api = () => stack().urls.api;

const lookup = async (code: string, secret: string) =>
  call<Record<string, unknown> & { nextAction: { kind: string; missing?: string[]; dueDate?: string } }>(
    api(),
    'GET',
    `/lookup/${code}`,
    { headers: { 'x-lookup-secret': secret } },
  );

describe('look-up', () => {
  it('says what to do now, with the appointment date and each agency’s deadline', async () => {
    const d = await submit(stack());
    expect((await lookup(d.code, d.secret)).body.nextAction).toEqual({ kind: 'WAIT' });
    await accept(stack(), d);
    const accepted = await lookup(d.code, d.secret);
    expect(accepted.body).toMatchObject({
      status: 'IN_PROGRESS',
      appointmentDate: '2026-03-05',
      steps: [{ stepId: 'S01', departmentId: 'STC', status: 'WAITING_DEPARTMENT', dueDate: '2026-03-05' }],
      canWithdraw: true,
    });
    await decide(stack(), d, 'S01', {
      action: 'REQUEST_SUPPLEMENT',
      missing: ['Bản sao CCCD của chủ doanh nghiệp'],
    });
    const asked = await lookup(d.code, d.secret);
    expect(asked.body.nextAction).toEqual({
      kind: 'SUPPLEMENT',
      missing: ['Bản sao CCCD của chủ doanh nghiệp'],
      reasons: [],
      dueDate: '2026-04-01',
    });
    expect(JSON.stringify(asked.body)).not.toContain('token');
  });
});

describe('answering a supplement request with documents', () => {
  it('verifies the uploaded documents, refuses a wrong one without change, then resumes the clock', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    await decide(stack(), d, 'S01', { action: 'REQUEST_SUPPLEMENT', missing: ['Bản sao giấy tờ pháp lý'] });

    const slotsFor = async (contentType: string, size = pdfBytes().length) =>
      call<{ slots: UploadSlot[] }>(api(), 'POST', `/lookup/${d.code}/uploads`, {
        headers: { 'x-lookup-secret': d.secret },
        body: { documents: [{ requirementId: 'd2', fileName: 'cccd.pdf', contentType, size }] },
      });
    // A PNG sent as the PDF it declared (of its own size, which S3 holds the form to).
    const bad = await slotsFor('application/pdf', pngBytes().length);
    expect(bad.status).toBe(201);
    expect(await uploadToSlot(bad.body.slots[0]!, pngBytes(), 'application/pdf')).toBe(204);
    const before = await getDossier(d.dossierId);
    const refused = await citizen(stack(), d, 'supplement');
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('DOCUMENTS_INVALID');
    expect(await getDossier(d.dossierId)).toEqual(before);

    // The citizen replaces it: the newest upload of a requirement is the one that counts.
    const good = await slotsFor('application/pdf');
    await uploadToSlot(good.body.slots[0]!, pdfBytes(), 'application/pdf');
    const accepted = await citizen(stack(), d, 'supplement');
    expect(accepted.status).toBe(200);
    const docs = (await getDossier(d.dossierId))!.documents.filter((x) => x.requirementId === 'd2');
    expect(docs.map((x) => x.status).sort()).toEqual(['PENDING', 'VERIFIED']);
  });

  it('accepts a supplement whose uploads are all valid and records them as verified', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    await decide(stack(), d, 'S01', { action: 'REQUEST_SUPPLEMENT', missing: ['Văn bản ủy quyền'] });
    const slots = await call<{ slots: UploadSlot[] }>(api(), 'POST', `/lookup/${d.code}/uploads`, {
      headers: { 'x-lookup-secret': d.secret },
      body: {
        documents: [
          {
            requirementId: 'd3',
            fileName: 'uy-quyen.png',
            contentType: 'image/png',
            size: pngBytes().length,
          },
        ],
      },
    });
    await uploadToSlot(slots.body.slots[0]!, pngBytes(), 'image/png');
    const ok = await citizen(stack(), d, 'supplement');
    expect(ok.status).toBe(200);
    const stored = await getDossier(d.dossierId);
    expect(stored!.dossier.status).toBe('IN_PROGRESS');
    expect(stored!.documents.find((x) => x.requirementId === 'd3')?.status).toBe('VERIFIED');
    // Uploads are refused once the supplement is answered.
    const late = await call(api(), 'POST', `/lookup/${d.code}/uploads`, {
      headers: { 'x-lookup-secret': d.secret },
      body: { documents: [{ requirementId: 'd3', fileName: 'x.png', contentType: 'image/png', size: 100 }] },
    });
    expect(late.status).toBe(409);
  });
});

describe('rating', () => {
  it('is accepted once, after the result is returned', async () => {
    const d = await submit(stack());
    const scores = Object.fromEntries(RATING_INDICES.map((k) => [k, 2]));
    const early = await call(api(), 'POST', `/lookup/${d.code}/rating`, {
      headers: { 'x-lookup-secret': d.secret },
      body: { scores },
    });
    expect(early.status).toBe(409);
    await accept(stack(), d);
    await decide(stack(), d, 'S01', { action: 'COMPLETE' });
    await staff(stack(), 'POST', `/staff/dossiers/${d.dossierId}/hand-back`, {
      version: await version(d.dossierId),
    });
    expect((await lookup(d.code, d.secret)).body.nextAction).toEqual({ kind: 'RATE' });
    const rated = await call(api(), 'POST', `/lookup/${d.code}/rating`, {
      headers: { 'x-lookup-secret': d.secret },
      body: { scores: { ...scores, contacts: 1 }, comment: 'Cán bộ hướng dẫn tận tình' },
    });
    expect(rated.status).toBe(201);
    expect(rated.body.total).toBe(17);
    expect((await lookup(d.code, d.secret)).body.nextAction).toEqual({ kind: 'NONE' });
    const again = await call(api(), 'POST', `/lookup/${d.code}/rating`, {
      headers: { 'x-lookup-secret': d.secret },
      body: { scores },
    });
    expect(again.status).toBe(409);
    const bad = await call(api(), 'POST', `/lookup/${d.code}/rating`, {
      headers: { 'x-lookup-secret': d.secret },
      body: { scores: { ...scores, contacts: 3 } },
    });
    expect(bad.status).toBe(400);
  });
});
