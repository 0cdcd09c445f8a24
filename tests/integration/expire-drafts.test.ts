import { describe, expect, it } from 'vitest';
import { inspectObject } from '../../shared/adapters/document-storage.ts';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { call, draftWithDocuments, useLocalStack } from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';
import { MON_2026_03_02_0900, submit } from '../support/workflow.ts';

/**
 * ExpireDrafts on the local stack: an online draft left 31 days is deleted with its uploaded
 * object; a 29-day-old draft and a dossier submitted as long ago are kept; a second run changes
 * nothing. The job's own schedule is pushed out of the way: the test runs it by hand.
 */
const DAY = 86_400_000;
const rare = 60 * 24 * 365;
const stack = useLocalStack({
  clockStartMs: MON_2026_03_02_0900,
  retryIntervalMs: 5,
  jobMinutes: { SweepOutbox: rare, OverdueScan: rare, SweepDossierNumbers: rare, ExpireDrafts: rare },
});

const uploadKey = async (dossierId: string) => {
  const doc = (await getDossier(dossierId))!.documents[0]!;
  return `dossiers/${dossierId}/${doc.documentId}`;
};
const stored = async (key: string) => (await inspectObject(key, 10 * 1024 * 1024)) !== undefined;

describe('abandoned drafts expire', () => {
  it('deletes a draft left 31 days with its upload, keeps a 29-day draft and a submitted dossier', async () => {
    const docs = [{ requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' }];
    const old = await draftWithDocuments(stack().urls.api, docs);
    const oldKey = await uploadKey(old.dossierId);
    const submitted = await submit(stack());
    const submittedKey = await uploadKey(submitted.dossierId);
    await stack().clock.advance(2 * DAY);
    const recent = await draftWithDocuments(stack().urls.api, docs);
    const recentKey = await uploadKey(recent.dossierId);
    expect(await stored(oldKey)).toBe(true);

    await stack().clock.advance(29 * DAY);
    const first = await stack().runJob('ExpireDrafts');
    expect(first).toEqual({ deleted: 1, kept: 0 });
    expect(await getDossier(old.dossierId)).toBeUndefined();
    expect(await stored(oldKey)).toBe(false);

    expect((await getDossier(recent.dossierId))?.dossier.status).toBe('DRAFT');
    expect(await stored(recentKey)).toBe(true);
    expect((await getDossier(submitted.dossierId))?.dossier.status).not.toBe('DRAFT');
    expect(await stored(submittedKey)).toBe(true);

    const again = await stack().runJob('ExpireDrafts');
    expect(again).toEqual({ deleted: 0, kept: 0 });
    expect((await getDossier(recent.dossierId))?.documents).toHaveLength(1);
    expect((await getDossier(submitted.dossierId))?.dossier.code).toBe(submitted.code);
  });

  it("counts a draft's expiry from its last change: new upload slots keep it", async () => {
    const docs = [{ requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' }];
    const draft = await draftWithDocuments(stack().urls.api, docs);
    await stack().clock.advance(20 * DAY);
    const slots = await call(stack().urls.api, 'POST', `/dossiers/${draft.dossierId}/uploads`, {
      body: {
        documents: [
          {
            requirementId: 'd1',
            fileName: 'lai.pdf',
            contentType: 'application/pdf',
            size: pdfBytes().length,
          },
        ],
      },
    });
    expect(slots.status).toBe(201);
    await stack().clock.advance(11 * DAY);
    // (the first test's 29-day draft has expired by now: only this draft is looked at below)
    await stack().runJob('ExpireDrafts');
    expect((await getDossier(draft.dossierId))?.documents).toHaveLength(2);
    await stack().clock.advance(20 * DAY);
    expect(await stack().runJob('ExpireDrafts')).toEqual({ deleted: 1, kept: 0 });
    expect(await getDossier(draft.dossierId)).toBeUndefined();
  });
});
