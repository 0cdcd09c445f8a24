import { describe, expect, it } from 'vitest';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import type { UploadSlot } from '../../shared/contracts/dossier.ts';
import { call, uploadToSlot, useLocalStack } from '../support/api.ts';
import { pdfBytes, pngBytes } from '../support/files.ts';
import {
  accept,
  bearer,
  decide,
  emailsAbout,
  eventTypes,
  MON_2026_03_02_0900,
  staff,
  submit,
  version,
} from '../support/workflow.ts';

/** A department's day: the head assigns, the officer notes progress and uploads the result. */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });

const inbox = async (username: string, view: string) =>
  (
    await call<{ items: { code: string; handler?: string }[] }>(
      stack().urls.api,
      'GET',
      `/staff/inbox?view=${view}`,
      {
        headers: await bearer(stack(), username),
      },
    )
  ).body.items;

describe('assigning a handler', () => {
  it('is the head’s decision; the officer hears of it by email and in-app; the queue shows it', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    expect((await inbox('stc.truongphong', 'new')).map((i) => i.code)).toContain(d.code);

    const path = `/staff/dossiers/${d.dossierId}/steps/S01/assign`;
    const byOfficer = await staff(
      stack(),
      'POST',
      path,
      { version: await version(d.dossierId), handlerId: 'local-stc.chuyenvien' },
      'stc.chuyenvien',
    );
    expect(byOfficer.status).toBe(403);
    const foreign = await staff(
      stack(),
      'POST',
      path,
      { version: await version(d.dossierId), handlerId: 'local-sxd.chuyenvien' },
      'stc.truongphong',
    );
    expect(foreign.status).toBe(400);
    const ok = await staff(
      stack(),
      'POST',
      path,
      { version: await version(d.dossierId), handlerId: 'local-stc.chuyenvien' },
      'stc.truongphong',
    );
    expect(ok.status).toBe(200);

    expect((await getDossier(d.dossierId))!.steps[0]!.handler).toBe('local-stc.chuyenvien');
    expect((await inbox('stc.truongphong', 'new')).map((i) => i.code)).not.toContain(d.code);
    expect((await inbox('stc.truongphong', 'in-progress')).map((i) => [i.code, i.handler])).toContainEqual([
      d.code,
      'local-stc.chuyenvien',
    ]);
    const mail = (await emailsAbout(stack(), d.code)).filter((m) => m.to.includes('chuyenvien@stc.local'));
    expect(mail).toHaveLength(1);
    // The workflow's wait is untouched: the officer can still complete the step.
    const done = await decide(stack(), d, 'S01', { action: 'COMPLETE' });
    expect(done.status).toBe(200);
    expect((await getDossier(d.dossierId))!.dossier.status).toBe('RESULT_READY');
  });
});

describe('progress notes', () => {
  it('appear on the staff timeline and never on the citizen’s', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    const note = await staff(
      stack(),
      'POST',
      `/staff/dossiers/${d.dossierId}/notes`,
      { text: 'Đã gọi điện xác minh với doanh nghiệp' },
      'stc.chuyenvien',
    );
    expect(note.status).toBe(201);
    expect(await eventTypes(d.dossierId)).toContain('NOTE_ADDED');
    const lookup = await call(stack().urls.api, 'GET', `/lookup/${d.code}`, {
      headers: { 'x-lookup-secret': d.secret },
    });
    expect(JSON.stringify(lookup.body)).not.toContain('NOTE_ADDED');
    expect(JSON.stringify(lookup.body)).not.toContain('xác minh');
    const other = await staff(
      stack(),
      'POST',
      `/staff/dossiers/${d.dossierId}/notes`,
      { text: 'x' },
      'sxd.chuyenvien',
    );
    expect(other.status).toBe(404);
  });
});

describe('the result document', () => {
  it('is uploaded by the department, checked, and recorded when the step completes', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    const slotFor = async () =>
      (
        await staff<{ slot: UploadSlot }>(
          stack(),
          'POST',
          `/staff/dossiers/${d.dossierId}/steps/S01/result-uploads`,
          { fileName: 'Giấy chứng nhận.pdf', size: pdfBytes().length },
          'stc.chuyenvien',
        )
      ).body.slot;
    // No result file: refused with a problem naming what is missing, and nothing changes.
    const bare = await getDossier(d.dossierId);
    const none = await staff<{ code: string; errors: { path: string }[] }>(
      stack(),
      'POST',
      `/staff/dossiers/${d.dossierId}/steps/S01/decision`,
      { version: await version(d.dossierId), action: 'COMPLETE' },
    );
    expect(none.status).toBe(409);
    expect(none.body.code).toBe('RESULT_DOCUMENT_REQUIRED');
    expect(none.body.errors.map((e) => e.path)).toEqual(['resultDocumentId']);
    expect(await getDossier(d.dossierId)).toEqual(bare);

    const fake = await slotFor();
    await uploadToSlot(fake, pngBytes(), 'application/pdf');
    const before = await getDossier(d.dossierId);
    const refused = await staff(stack(), 'POST', `/staff/dossiers/${d.dossierId}/steps/S01/decision`, {
      version: await version(d.dossierId),
      action: 'COMPLETE',
      resultDocumentId: fake.documentId,
    });
    expect(refused.status).toBe(422);
    expect(await getDossier(d.dossierId)).toEqual(before);

    const real = await slotFor();
    await uploadToSlot(real, pdfBytes(), 'application/pdf');
    const ok = await staff(stack(), 'POST', `/staff/dossiers/${d.dossierId}/steps/S01/decision`, {
      version: await version(d.dossierId),
      action: 'COMPLETE',
      resultDocumentId: real.documentId,
    });
    expect(ok.status).toBe(200);
    const detail = await staff<{
      documents: { documentId: string; kind?: string; status: string; url?: string }[];
    }>(stack(), 'GET', `/staff/dossiers/${d.dossierId}`);
    const result = detail.body.documents.find((x) => x.documentId === real.documentId)!;
    expect(result).toMatchObject({ kind: 'RESULT', status: 'VERIFIED' });
    // Staff read documents through a short-lived presigned link.
    const fetched = await fetch(result.url!);
    expect(fetched.status).toBe(200);
    expect(
      Buffer.from(await fetched.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe('%PDF');
    expect(result.url).toContain('X-Amz-Expires=300');
  });
});
