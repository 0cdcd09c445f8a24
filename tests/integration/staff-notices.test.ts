import { describe, expect, it } from 'vitest';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { call, useLocalStack } from '../support/api.ts';
import {
  accept,
  bearer,
  citizen,
  decide,
  emailsAbout,
  MON_2026_03_02_0900,
  type Submitted,
  seedFixtureProcedures,
  staff,
  submit,
  uploadResult,
  version,
} from '../support/workflow.ts';

/**
 * The other party is told (docs/notifications.md, "Staff"): the citizen's answer reaches whoever
 * holds the dossier, the head hears of a result to approve, the officer of a result sent back.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });

async function noticesOf(username: string, dossierId: string) {
  const res = await call<{ items: { dossierId: string; template: string }[] }>(
    stack().urls.api,
    'GET',
    '/staff/notifications',
    { headers: await bearer(stack(), username) },
  );
  return res.body.items.filter((n) => n.dossierId === dossierId).map((n) => n.template);
}

async function mailTo(d: Submitted, address: string, subjectPart: string) {
  return (await emailsAbout(stack(), d.code)).filter(
    (m) => m.to.includes(address) && m.subject.includes(subjectPart),
  );
}

const assign = async (d: Submitted, handlerId: string) =>
  staff(
    stack(),
    'POST',
    `/staff/dossiers/${d.dossierId}/steps/S01/assign`,
    { version: await version(d.dossierId), handlerId },
    'stc.truongphong',
  );

describe('the citizen’s answer reaches the department', () => {
  it('goes to the head and the department’s mailbox while nobody is assigned', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    await decide(stack(), d, 'S01', { action: 'REQUEST_SUPPLEMENT', missing: ['Văn bản ủy quyền'] });
    expect((await citizen(stack(), d, 'supplement')).status).toBe(200);
    expect(await noticesOf('stc.truongphong', d.dossierId)).toContain('SUPPLEMENT_PROVIDED');
    expect(await noticesOf('stc.chuyenvien', d.dossierId)).not.toContain('SUPPLEMENT_PROVIDED');
    expect(await mailTo(d, 'truongphong@stc.local', 'đã bổ sung')).toHaveLength(1);
    expect(await mailTo(d, 'stc@thainguyen.gov.vn', 'đã bổ sung')).toHaveLength(1);
  });

  it('goes to the assigned officer, in-app and by email; a withdrawal too', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    expect((await assign(d, 'local-stc.chuyenvien')).status).toBe(200);
    await decide(stack(), d, 'S01', { action: 'REQUEST_SUPPLEMENT', missing: ['Văn bản ủy quyền'] });
    expect((await citizen(stack(), d, 'supplement')).status).toBe(200);
    expect(await noticesOf('stc.chuyenvien', d.dossierId)).toContain('SUPPLEMENT_PROVIDED');
    expect(await mailTo(d, 'chuyenvien@stc.local', 'đã bổ sung')).toHaveLength(1);

    expect((await citizen(stack(), d, 'withdraw')).status).toBe(200);
    expect((await getDossier(d.dossierId))!.dossier.status).toBe('WITHDRAWN');
    expect(await noticesOf('stc.chuyenvien', d.dossierId)).toContain('WITHDRAWN_NOTICE');
    const [mail] = await mailTo(d, 'chuyenvien@stc.local', 'đã rút');
    expect(mail?.text).toContain('không cần giải quyết tiếp');
  });

  it('reaches reception when the dossier is withdrawn before intake', async () => {
    const d = await submit(stack());
    expect((await citizen(stack(), d, 'withdraw')).status).toBe(200);
    expect(await noticesOf('tiepnhan.1', d.dossierId)).toContain('WITHDRAWN_NOTICE');
  });
});

describe('approval', () => {
  it('tells the head of a result to approve, and the officer of one sent back, by name', async () => {
    await seedFixtureProcedures();
    const d = await submit(stack(), '9.900005'); // requires approval
    await accept(stack(), d);
    expect((await assign(d, 'local-stc.chuyenvien')).status).toBe(200);
    const assigned = await mailTo(d, 'chuyenvien@stc.local', 'được giao');
    expect(assigned).toHaveLength(1);
    expect(assigned[0]!.text).toContain('Lãnh đạo Trần Thị Trưởng Phòng đã giao');
    expect(assigned[0]!.text).not.toContain('quý cơ quan');

    const resultDocumentId = await uploadResult(stack(), d, 'S01', 'stc.chuyenvien');
    const submitted = await decide(
      stack(),
      d,
      'S01',
      { action: 'COMPLETE', resultDocumentId },
      'stc.chuyenvien',
    );
    expect(submitted.status).toBe(200);
    expect(await mailTo(d, 'truongphong@stc.local', 'chờ phê duyệt')).toHaveLength(1);

    const back = await decide(
      stack(),
      d,
      'S01',
      { action: 'RETURN_FOR_REWORK', reasons: ['Thiếu căn cứ pháp lý'] },
      'stc.truongphong',
    );
    expect(back.status).toBe(200);
    expect(await noticesOf('stc.chuyenvien', d.dossierId)).toContain('RETURNED_FOR_REWORK');
    const [mail] = await mailTo(d, 'chuyenvien@stc.local', 'trả lại');
    expect(mail?.text).toContain('Thiếu căn cứ pháp lý');
    expect(mail?.text).toContain('Trần Thị Trưởng Phòng');
    for (const m of await emailsAbout(stack(), d.code)) expect(m.text).not.toMatch(/local-/);
  });
});
