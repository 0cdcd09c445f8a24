import { describe, expect, it } from 'vitest';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { call, useLocalStack } from '../support/api.ts';
import {
  accept,
  bearer,
  eventTypes,
  MON_2026_03_02_0900,
  seedFixtureProcedures,
  staff,
  submit,
  uploadResult,
  version,
} from '../support/workflow.ts';

/** Procedures whose result the department head approves before it is ready. */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });

/** A decision on S01 as `as`; COMPLETE carries a real result PDF uploaded first. */
const decision = async (d: { dossierId: string }, as: string, body: Record<string, unknown>) => {
  const result =
    body.action === 'COMPLETE' ? { resultDocumentId: await uploadResult(stack(), d, 'S01', as) } : {};
  return staff(
    stack(),
    'POST',
    `/staff/dossiers/${d.dossierId}/steps/S01/decision`,
    { version: await version(d.dossierId), ...body, ...result },
    as,
  );
};

describe('approval by the department head', () => {
  it('holds an officer’s result for the head, who can send it back or approve it', async () => {
    await seedFixtureProcedures();
    const d = await submit(stack(), '9.900005');
    await accept(stack(), d);

    expect((await decision(d, 'stc.chuyenvien', { action: 'COMPLETE' })).status).toBe(200);
    let s = (await getDossier(d.dossierId))!;
    expect(s.steps[0]!.status).toBe('AWAITING_APPROVAL');
    expect(s.dossier.status).toBe('IN_PROGRESS');
    // The officer's result waits for the head unsigned: it is signed when it becomes final.
    expect(s.documents.filter((x) => x.kind === 'RESULT' && x.signature)).toEqual([]);
    const queue = await call<{ items: { code: string }[] }>(
      stack().urls.api,
      'GET',
      '/staff/inbox?view=awaiting-approval',
      {
        headers: await bearer(stack(), 'stc.truongphong'),
      },
    );
    expect(queue.body.items.map((i) => i.code)).toContain(d.code);
    const headNotes = await call<{ items: { dossierId: string; template: string }[] }>(
      stack().urls.api,
      'GET',
      '/staff/notifications',
      {
        headers: await bearer(stack(), 'stc.truongphong'),
      },
    );
    expect(
      headNotes.body.items.some((n) => n.dossierId === d.dossierId && n.template === 'APPROVAL_REQUEST'),
    ).toBe(true);

    expect((await decision(d, 'stc.chuyenvien', { action: 'APPROVE' })).status).toBe(403);
    expect(
      (
        await decision(d, 'stc.truongphong', {
          action: 'RETURN_FOR_REWORK',
          reasons: ['Thiếu căn cứ pháp lý'],
        })
      ).status,
    ).toBe(200);
    expect((await getDossier(d.dossierId))!.steps[0]!.status).toBe('WAITING_DEPARTMENT');

    await decision(d, 'stc.chuyenvien', { action: 'COMPLETE' });
    expect((await decision(d, 'stc.truongphong', { action: 'APPROVE' })).status).toBe(200);
    s = (await getDossier(d.dossierId))!;
    expect(s.steps[0]!.status).toBe('DONE');
    expect(s.dossier.status).toBe('RESULT_READY');
    // Signed by the department when the head approved, in the head's name (docs/pdf-and-signing.md).
    const signed = s.documents.filter((x) => x.kind === 'RESULT' && x.signature);
    expect(signed).toHaveLength(1);
    expect(signed[0]!.signature).toMatchObject({ signerName: 'Trần Thị Trưởng Phòng', departmentId: 'STC' });
    expect(signed[0]!.sha256).not.toBe(signed[0]!.unsignedSha256);
    expect(await eventTypes(d.dossierId)).toEqual(
      expect.arrayContaining([
        'STEP_SUBMITTED_FOR_APPROVAL',
        'STEP_RETURNED_FOR_REWORK',
        'STEP_COMPLETED',
        'RESULT_READY',
      ]),
    );
  });

  it('lets the head complete directly, and leaves procedures without approval unchanged', async () => {
    const d = await submit(stack(), '9.900005');
    await accept(stack(), d);
    expect((await decision(d, 'stc.truongphong', { action: 'COMPLETE' })).status).toBe(200);
    expect((await getDossier(d.dossierId))!.dossier.status).toBe('RESULT_READY');
    const plain = await submit(stack());
    await accept(stack(), plain);
    await decision(plain, 'stc.chuyenvien', { action: 'COMPLETE' });
    expect((await getDossier(plain.dossierId))!.dossier.status).toBe('RESULT_READY');
  });
});
