import { describe, expect, it } from 'vitest';
import type { UploadSlot } from '../../shared/contracts/dossier.ts';
import { call, uploadToSlot, useLocalStack } from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';
import {
  accept,
  citizen,
  decide,
  emailsAbout,
  MON_2026_03_02_0900,
  staff,
  submit,
  version,
} from '../support/workflow.ts';

/**
 * Issue 17 item 4: a supplement request may ask for a document that is not in the procedure's list
 * (a free item: a name and a note). The citizen gets an upload slot for exactly it, the answer
 * verifies it like any document, and the staff read it under the name the officer gave.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });
const api = () => stack().urls.api;

const COURT = { name: 'Bản sao quyết định của Tòa án', note: 'Bản có chứng thực, còn hiệu lực' };

const lookup = (d: { code: string; secret: string }) =>
  call<{ nextAction: { kind: string; missing?: string[]; extras?: unknown[] } }>(
    api(),
    'GET',
    `/lookup/${d.code}`,
    {
      headers: { 'x-lookup-secret': d.secret },
    },
  );

const slotFor = (d: { code: string; secret: string }, requirementId: string) =>
  call<{ slots: UploadSlot[]; errors?: { code: string; path: string }[] }>(
    api(),
    'POST',
    `/lookup/${d.code}/uploads`,
    {
      headers: { 'x-lookup-secret': d.secret },
      body: {
        documents: [
          {
            requirementId,
            fileName: 'quyet-dinh.pdf',
            contentType: 'application/pdf',
            size: pdfBytes().length,
          },
        ],
      },
    },
  );

describe('a free supplement item', () => {
  it('gives the citizen its own upload slot, verifies the answer and shows it to staff by its name', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    // No slot for a free item before one is asked for.
    const asked = await decide(stack(), d, 'S01', {
      action: 'REQUEST_SUPPLEMENT',
      missing: ['Bản sao CCCD của chủ doanh nghiệp'],
      extraItems: [COURT],
      reasons: ['Hồ sơ liên quan đến tranh chấp đã được Tòa án giải quyết'],
    });
    expect(asked.status).toBe(200);

    const seen = await lookup(d);
    expect(seen.body.nextAction).toMatchObject({
      kind: 'SUPPLEMENT',
      missing: ['Bản sao CCCD của chủ doanh nghiệp', `${COURT.name}: ${COURT.note}`],
      extras: [{ id: 'x1', ...COURT }],
    });
    // The citizen's email lists it with everything else.
    const mail = (await emailsAbout(stack(), d.code)).at(-1)!;
    expect(mail.text).toContain(COURT.name);

    // Only the free items asked for have slots.
    const unknown = await slotFor(d, 'x2');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ path: 'documents.0.requirementId', code: 'DOCUMENT_REQUIREMENT_UNKNOWN' }),
    ]);
    const slot = await slotFor(d, 'x1');
    expect(slot.status).toBe(201);
    expect(await uploadToSlot(slot.body.slots[0]!, pdfBytes(), 'application/pdf')).toBe(204);
    const answered = await citizen(stack(), d, 'supplement');
    expect(answered.status).toBe(200);

    const detail = await staff<{
      documents: { requirementId: string; status: string; label?: string; url?: string }[];
    }>(stack(), 'GET', `/staff/dossiers/${d.dossierId}`, undefined, 'stc.chuyenvien');
    const doc = detail.body.documents.find((x) => x.requirementId === 'x1')!;
    expect(doc).toMatchObject({ status: 'VERIFIED', label: COURT.name });
    expect(doc.url).toBeDefined();
  });

  it('needs at least one item, and a name for each free item; a dossier not asked has no free slot', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    const none = await staff<{ errors: { path: string }[] }>(
      stack(),
      'POST',
      `/staff/dossiers/${d.dossierId}/steps/S01/decision`,
      { action: 'REQUEST_SUPPLEMENT', version: await version(d.dossierId), missing: [] },
      'stc.chuyenvien',
    );
    expect(none.status).toBe(400);
    expect(none.body.errors.map((e) => e.path)).toContain('missing');
    const unnamed = await staff<{ errors: { path: string }[] }>(
      stack(),
      'POST',
      `/staff/dossiers/${d.dossierId}/steps/S01/decision`,
      {
        action: 'REQUEST_SUPPLEMENT',
        version: await version(d.dossierId),
        extraItems: [{ name: ' ', note: 'x' }],
      },
      'stc.chuyenvien',
    );
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.errors.map((e) => e.path)).toContain('extraItems.0.name');

    // At intake, the centre may ask for a free item too.
    const e = await submit(stack());
    const intake = await staff(stack(), 'POST', `/staff/dossiers/${e.dossierId}/intake`, {
      decision: 'SUPPLEMENT',
      version: await version(e.dossierId),
      extraItems: [{ name: 'Sơ đồ vị trí trụ sở' }],
    });
    expect(intake.status).toBe(200);
    expect((await lookup(e)).body.nextAction.extras).toEqual([{ id: 'x1', name: 'Sơ đồ vị trí trụ sở' }]);
    // The first dossier, never asked for a free item, has no slot for one.
    await decide(stack(), d, 'S01', { action: 'REQUEST_SUPPLEMENT', missing: ['Văn bản ủy quyền'] });
    expect((await slotFor(d, 'x1')).status).toBe(400);
  });
});
