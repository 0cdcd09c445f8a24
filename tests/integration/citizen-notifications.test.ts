import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import {
  CITIZEN_TEMPLATES,
  type CitizenTemplate,
  citizenTexts,
} from '../../shared/domain/citizen-notifications.ts';
import { useLocalStack } from '../support/api.ts';
import {
  accept,
  advanceTo,
  decide,
  emailsAbout,
  MON_2026_03_02_0900,
  type Submitted,
  staff,
  submit,
  version,
} from '../support/workflow.ts';

/**
 * Every change that matters to the citizen is told (docs/notifications.md): dossiers walked through
 * each event on the local stack, and what the local SES received read back. Submission, acceptance,
 * supplement, refusal, extension, overdue, result ready, returned, lapsed.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });
const APPLICANT = 'nhung@example.vn';

/** A lookup secret: 16 Crockford base32 characters, possibly grouped by four. */
const LOOKUP_SECRET =
  /\b[0-9A-HJKMNP-TV-Z]{4}-?[0-9A-HJKMNP-TV-Z]{4}-?[0-9A-HJKMNP-TV-Z]{4}-?[0-9A-HJKMNP-TV-Z]{4}\b/i;

/** The emails of one template the applicant received about a dossier. */
async function told(d: Submitted, template: CitizenTemplate) {
  const subject = `[Một Cửa] ${citizenTexts(template, { code: d.code, procedureName: '', link: '' }).vi.subject}`;
  return (await emailsAbout(stack(), d.code)).filter(
    (m) => m.subject === subject && m.to.includes(APPLICANT),
  );
}

async function toldOnce(d: Submitted, template: CitizenTemplate) {
  const sent = await told(d, template);
  expect(sent, template).toHaveLength(1);
  const mail = sent[0]!;
  expect(mail.text).toContain(`/lookup#code=${d.code}`);
  expect(mail.text).not.toContain(d.secret);
  expect(mail.text).not.toMatch(LOOKUP_SECRET);
  return mail.text;
}

describe('the citizen is told', () => {
  it('of the submission, the acceptance, the overdue apology, the result and its return', async () => {
    const d = await submit(stack());
    const submission = await toldOnce(d, 'SUBMISSION');
    expect(submission).toContain(`Mã hồ sơ: ${d.code}`);
    expect(submission).toContain('Nếu mất mã tra cứu');

    await accept(stack(), d);
    expect(await toldOnce(d, 'RECEIPT')).toContain('Ngày hẹn trả kết quả: 05/03/2026');

    // Thursday 05/03 is the deadline: on Friday the step is overdue and the citizen owed an apology.
    await advanceTo(stack(), '2026-03-06 09:00');
    const overdue = await toldOnce(d, 'OVERDUE');
    expect(overdue).toContain('(hạn: 05/03/2026)');
    expect(overdue).toContain('Phiếu xin lỗi và hẹn lại ngày trả kết quả');
    // Later timer ticks do not repeat it.
    await advanceTo(stack(), '2026-03-09 10:00');
    expect(await told(d, 'OVERDUE')).toHaveLength(1);

    await decide(stack(), d, 'S01', { action: 'COMPLETE' });
    expect(await toldOnce(d, 'RESULT_READY')).toContain('Mời ông/bà đến Trung tâm nhận kết quả');

    const back = await staff(stack(), 'POST', `/staff/dossiers/${d.dossierId}/hand-back`, {
      version: await version(d.dossierId),
      collector: { kind: 'APPLICANT' },
    });
    expect(back.status).toBe(200);
    expect(await toldOnce(d, 'CLOSED')).toContain('Kết quả hồ sơ đã được trả');
  });

  it('of an extension, with the apology and the new date', async () => {
    await advanceTo(stack(), '2026-03-16 09:00');
    const d = await submit(stack());
    await accept(stack(), d);
    const res = await decide(stack(), d, 'S01', {
      action: 'EXTEND',
      extension: { amount: 2, unit: 'WORKING_DAYS' },
      reasons: ['Cần xác minh thông tin với cơ quan thuế'],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const due = (await getDossier(d.dossierId))!.steps[0]!.dueDate!;
    const [y, m, day] = due.split('-');
    const text = await toldOnce(d, 'APOLOGY');
    expect(text).toContain(`Ngày hẹn trả kết quả mới: ${day}/${m}/${y}`);
    expect(text).toContain('  - Cần xác minh thông tin với cơ quan thuế');
  });

  it('of a supplement request with every missing item and its deadline, and of the dossier lapsing', async () => {
    const d = await submit(stack());
    const res = await staff(stack(), 'POST', `/staff/dossiers/${d.dossierId}/intake`, {
      decision: 'SUPPLEMENT',
      version: await version(d.dossierId),
      missing: ['Bản sao căn cước công dân', 'Giấy ủy quyền'],
      reasons: ['Thiếu giấy tờ tùy thân'],
    });
    expect(res.status).toBe(200);
    const text = await toldOnce(d, 'SUPPLEMENT_REQUEST');
    expect(text).toContain('  - Bản sao căn cước công dân\n  - Giấy ủy quyền');
    expect(text).toMatch(/Hạn bổ sung: \d{2}\/\d{2}\/2026/);

    // Just past the citizen's window (an instant in Vietnam time): the dossier lapses.
    const dueAt = new Date((await getDossier(d.dossierId))!.dossier.wf!.citizenDueAt!);
    await stack().clock.advance(dueAt.getTime() + 60_000 - stack().clock.now());
    await stack().sfn.settle();
    await toldOnce(d, 'LAPSED');
  }, 240_000);

  it('of a refusal with its reasons', async () => {
    const d = await submit(stack());
    const res = await staff(stack(), 'POST', `/staff/dossiers/${d.dossierId}/intake`, {
      decision: 'REFUSE',
      version: await version(d.dossierId),
      reasons: ['Ngành nghề kinh doanh bị cấm đầu tư'],
    });
    expect(res.status).toBe(200);
    expect(await toldOnce(d, 'REFUSAL')).toContain('  - Ngành nghề kinh doanh bị cấm đầu tư');
  });
});

describe('docs/notifications.md', () => {
  it('lists exactly the citizen templates the code has, each to the applicant by email', () => {
    const doc = readFileSync(new URL('../../docs/notifications.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Citizen events'), doc.indexOf('## Staff events'));
    const rows = section
      .split('\n')
      .filter((l) => /^\| [a-z]/.test(l))
      .map((l) => l.split('|').map((c) => c.trim()))
      .filter((r) => r[1] !== 'event');
    expect(rows.map((r) => r[2]).sort()).toEqual([...CITIZEN_TEMPLATES].sort());
    for (const r of rows) expect([r[2], r[3], r[4]]).toEqual([r[2], 'applicant', 'email, SMS text']);
  });
});
