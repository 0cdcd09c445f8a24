import { describe, expect, it } from 'vitest';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { DAILY_JOBS, useLocalStack } from '../support/api.ts';
import {
  accept,
  advanceTo,
  citizen,
  decide,
  emailsAbout,
  eventTypes,
  executionStatus,
  MON_2026_03_02_0900,
  seedFixtureProcedures,
  staff,
  submit,
  uploadResult,
  version,
} from '../support/workflow.ts';

/**
 * The statutory clock, end to end on the local stack: the real handlers, the real workflow
 * definition on the local Step Functions endpoint, time driven by the local clock. Every scenario
 * starts on Monday 02/03/2026 09:00 (Vietnam); 2.001610 allows 3 working days, so a dossier accepted
 * that morning is due Thursday 05/03/2026 17:00 and reminded Wednesday 04/03 07:30.
 */
const STC = 'stc@thainguyen.gov.vn';
const CITIZEN = 'nhung@example.vn';

function scenarioStack() {
  return useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5, ...DAILY_JOBS });
}

const transitions = (stack: ReturnType<ReturnType<typeof scenarioStack>>, arn: string) =>
  stack.sfn.stats(arn).stateTransitions;

async function step(dossierId: string, stepId = 'S01') {
  return (await getDossier(dossierId))!.steps.find((s) => s.stepId === stepId)!;
}

describe('on time, single department', () => {
  const stack = scenarioStack();
  it('accepts, notifies the department, completes early, hands back and closes within 20 transitions', async () => {
    const d = await submit(stack());
    expect((await getDossier(d.dossierId))!.dossier.wf?.phase).toBe('INTAKE');

    const accepted = await accept(stack(), d);
    expect(accepted.status).toBe(200);
    const s1 = await step(d.dossierId);
    expect(s1).toMatchObject({ status: 'WAITING_DEPARTMENT', departmentId: 'STC', dueDate: '2026-03-05' });
    expect((await getDossier(d.dossierId))!.dossier.appointment?.dueDate).toBe('2026-03-05');

    await advanceTo(stack(), '2026-03-03 10:00');
    expect((await decide(stack(), d, 'S01', { action: 'COMPLETE' })).status).toBe(200);
    expect((await getDossier(d.dossierId))!.dossier.status).toBe('RESULT_READY');
    expect((await step(d.dossierId)).classification).toBe('EARLY');

    const back = await staff(stack(), 'POST', `/staff/dossiers/${d.dossierId}/hand-back`, {
      version: await version(d.dossierId),
    });
    expect(back.status).toBe(200);
    expect((await getDossier(d.dossierId))!.dossier.status).toBe('RETURNED');
    expect(await executionStatus(stack(), d.executionArn)).toBe('SUCCEEDED');

    expect(await eventTypes(d.dossierId)).toEqual([
      'DRAFT_CREATED',
      'UPLOAD_SLOTS_ISSUED',
      'SUBMITTED',
      'INTAKE_ACCEPTED',
      'STEP_ASSIGNED',
      'UPLOAD_SLOTS_ISSUED', // the department's result document
      'STEP_COMPLETED',
      'RESULT_READY',
      'RESULT_RETURNED',
      'WORKFLOW_CLOSED',
    ]);
    const mail = await emailsAbout(stack(), d.code);
    expect(mail.map((m) => [m.to[0], m.subject.split(' ').slice(2, 4).join(' ')])).toEqual([
      [CITIZEN, 'Đã nhận'],
      [CITIZEN, 'Đã tiếp'],
      [STC, 'Hồ sơ'],
      [CITIZEN, 'Đã có'],
      [CITIZEN, 'Kết thúc'],
    ]);
    expect(mail[2]!.text).toContain('Hạn giải quyết: 05/03/2026');
    expect(mail[1]!.text).toContain('Ngày hẹn trả kết quả: 05/03/2026');
    expect(transitions(stack(), d.executionArn)).toBeLessThanOrEqual(20);
  });
});

describe('reminder, then on time', () => {
  const stack = scenarioStack();
  it('reminds the department one working day before the deadline', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    await advanceTo(stack(), '2026-03-04 07:00');
    expect(await eventTypes(d.dossierId)).not.toContain('STEP_REMINDED');
    await advanceTo(stack(), '2026-03-04 08:00');
    expect(await eventTypes(d.dossierId)).toContain('STEP_REMINDED');
    const reminder = (await emailsAbout(stack(), d.code)).find((m) => m.subject.includes('Nhắc hạn'));
    expect(reminder?.to).toEqual([STC]);

    await advanceTo(stack(), '2026-03-05 16:00');
    await decide(stack(), d, 'S01', { action: 'COMPLETE' });
    expect((await step(d.dossierId)).classification).toBe('ON_TIME');
    expect(await eventTypes(d.dossierId)).not.toContain('STEP_ESCALATED');
    expect(transitions(stack(), d.executionArn)).toBeLessThanOrEqual(22);
  });
});

describe('overdue', () => {
  const stack = scenarioStack();
  it('escalates to the department and the centre when the deadline passes, and records the step as late', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    await advanceTo(stack(), '2026-03-05 17:30');
    expect(await eventTypes(d.dossierId)).toEqual(
      expect.arrayContaining(['STEP_REMINDED', 'STEP_ESCALATED']),
    );
    const escalations = (await emailsAbout(stack(), d.code)).filter((m) => m.subject.includes('quá hạn'));
    // The department mailbox and the centre, and the department head at their own address; the
    // citizen is told it is late, with the apology owed (docs/notifications.md).
    expect(escalations.map((m) => m.to)).toEqual([
      [STC, 'ttpvhcc@thainguyen.gov.vn'],
      ['truongphong@stc.local'],
      [CITIZEN],
    ]);

    // Still overdue the next morning: escalated again at the start of office hours.
    await advanceTo(stack(), '2026-03-06 08:00');
    expect((await eventTypes(d.dossierId)).filter((t) => t === 'STEP_ESCALATED')).toHaveLength(2);

    await decide(stack(), d, 'S01', { action: 'COMPLETE' });
    expect((await step(d.dossierId)).classification).toBe('LATE');
    expect((await getDossier(d.dossierId))!.dossier.status).toBe('RESULT_READY');
    // Route…Assign (10) + reminder (3) + two escalations (6) + completion and result ready (5).
    expect(transitions(stack(), d.executionArn)).toBeLessThanOrEqual(30);
  });
});

describe('apology and new date', () => {
  const stack = scenarioStack();
  it('extends the deadline once with an apology to the citizen, and refuses a second extension', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    await advanceTo(stack(), '2026-03-04 09:00');
    const first = await decide(stack(), d, 'S01', {
      action: 'EXTEND',
      extension: { amount: 3, unit: 'WORKING_DAYS' },
      reasons: ['Cần xác minh thêm thông tin với cơ quan thuế'],
    });
    expect(first.status).toBe(200);
    const s = await step(d.dossierId);
    expect(s).toMatchObject({ extended: true, dueDate: '2026-03-10' });
    expect((await getDossier(d.dossierId))!.dossier.appointment?.dueDate).toBe('2026-03-10');
    const apology = (await emailsAbout(stack(), d.code)).find((m) => m.subject.includes('Xin lỗi'));
    expect(apology?.to).toEqual([CITIZEN]);
    expect(apology?.text).toContain('Ngày hẹn trả kết quả mới: 10/03/2026');

    const second = await decide(stack(), d, 'S01', {
      action: 'EXTEND',
      extension: { amount: 2, unit: 'WORKING_DAYS' },
      reasons: ['Lần hai'],
    });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('DEADLINE_EXTENSION_USED');
    expect((await step(d.dossierId)).dueDate).toBe('2026-03-10');

    // The old deadline passes without escalation; the new one governs.
    await advanceTo(stack(), '2026-03-06 09:00');
    expect(await eventTypes(d.dossierId)).not.toContain('STEP_ESCALATED');
    await decide(stack(), d, 'S01', { action: 'COMPLETE' });
    expect((await step(d.dossierId)).classification).toBe('EARLY');
    expect(transitions(stack(), d.executionArn)).toBeLessThanOrEqual(30);
  });
});

describe('supplement requested by the department', () => {
  const stack = scenarioStack();
  it('restarts the statutory clock when the complete dossier arrives (Decree 61/2018 art. 19(4))', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    await advanceTo(stack(), '2026-03-03 10:00');
    const asked = await decide(stack(), d, 'S01', {
      action: 'REQUEST_SUPPLEMENT',
      missing: ['Bản sao giấy tờ pháp lý của chủ doanh nghiệp', 'Văn bản ủy quyền'],
      reasons: ['Thiếu giấy tờ'],
    });
    expect(asked.status).toBe(200);
    expect((await getDossier(d.dossierId))!.dossier.status).toBe('SUPPLEMENT_REQUESTED');
    const notice = (await emailsAbout(stack(), d.code)).find((m) => m.subject.includes('bổ sung'));
    expect(notice?.text).toContain('Bản sao giấy tờ pháp lý của chủ doanh nghiệp');
    expect(notice?.text).toContain('Văn bản ủy quyền');

    // Days pass while the citizen gathers the papers: no reminder, no escalation.
    await advanceTo(stack(), '2026-03-09 10:00');
    expect(await eventTypes(d.dossierId)).not.toContain('STEP_ESCALATED');
    expect((await citizen(stack(), d, 'supplement')).status).toBe(200);
    // 3 working days counted again from Monday 09/03: due Thursday 12/03.
    expect(await step(d.dossierId)).toMatchObject({ status: 'WAITING_DEPARTMENT', dueDate: '2026-03-12' });
    expect((await getDossier(d.dossierId))!.dossier.appointment?.dueDate).toBe('2026-03-12');

    await decide(stack(), d, 'S01', { action: 'COMPLETE' });
    expect((await getDossier(d.dossierId))!.dossier.status).toBe('RESULT_READY');
    expect(transitions(stack(), d.executionArn)).toBeLessThanOrEqual(30);
  });

  it('keeps the time already used when the procedure pauses the clock instead', async () => {
    await seedFixtureProcedures();
    await advanceTo(stack(), '2026-03-16 09:00');
    // 9.900001: 5 working days, supplementClock PAUSE. Accepted Monday 16/03 09:00: due Monday 23/03 17:00.
    const d = await submit(stack(), '9.900001');
    await accept(stack(), d);
    expect((await step(d.dossierId)).dueDate).toBe('2026-03-23');
    await advanceTo(stack(), '2026-03-18 09:00');
    await decide(stack(), d, 'S01', { action: 'REQUEST_SUPPLEMENT', missing: ['Bản vẽ'] });
    // Left: Wed 18/03 09:00–17:00 (480) + Thu, Fri, Mon 23/03 (3 × 570) = 2,190 office minutes.
    expect((await step(d.dossierId)).remainingMinutes).toBe(2190);
    await advanceTo(stack(), '2026-03-25 09:00');
    await citizen(stack(), d, 'supplement');
    // From Wed 25/03 09:00, 2,190 office minutes end Monday 30/03 at 17:00 (a restart would give 01/04).
    expect(await step(d.dossierId)).toMatchObject({ status: 'WAITING_DEPARTMENT', dueDate: '2026-03-30' });
  });
});

describe('citizen never answers a supplement request', () => {
  const stack = scenarioStack();
  it('returns the dossier when the 30-day window passes (default policy)', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    await decide(stack(), d, 'S01', { action: 'REQUEST_SUPPLEMENT', missing: ['Giấy đề nghị có chữ ký'] });
    await advanceTo(stack(), '2026-03-30 09:00');
    expect((await getDossier(d.dossierId))!.dossier.status).toBe('SUPPLEMENT_REQUESTED');
    await advanceTo(stack(), '2026-04-02 09:00');
    expect((await getDossier(d.dossierId))!.dossier.status).toBe('LAPSED');
    expect(await eventTypes(d.dossierId)).toContain('LAPSED');
    expect((await emailsAbout(stack(), d.code)).some((m) => m.subject.includes('trả lại'))).toBe(true);
    expect(await executionStatus(stack(), d.executionArn)).toBe('SUCCEEDED');
    expect(transitions(stack(), d.executionArn)).toBeLessThanOrEqual(25);
  });

  it('refuses the dossier when the procedure says so, after its own window (at intake)', async () => {
    await seedFixtureProcedures();
    const d = await submit(stack(), '9.900004');
    await staff(stack(), 'POST', `/staff/dossiers/${d.dossierId}/intake`, {
      decision: 'SUPPLEMENT',
      version: await version(d.dossierId),
      missing: ['Đơn đề nghị'],
    });
    expect((await getDossier(d.dossierId))!.dossier.wf?.phase).toBe('INTAKE_SUPPLEMENT');
    await advanceTo(stack(), '2026-04-15 09:00');
    expect((await getDossier(d.dossierId))!.dossier.status).toBe('REFUSED');
    expect(await executionStatus(stack(), d.executionArn)).toBe('SUCCEEDED');
  });
});

describe('withdrawal', () => {
  const stack = scenarioStack();
  it('ends every wait when the applicant withdraws mid-processing', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    await advanceTo(stack(), '2026-03-03 11:00');
    expect((await citizen(stack(), d, 'withdraw')).status).toBe(200);
    expect((await getDossier(d.dossierId))!.dossier.status).toBe('WITHDRAWN');
    expect((await step(d.dossierId)).status).toBe('CANCELLED');
    expect(await executionStatus(stack(), d.executionArn)).toBe('SUCCEEDED');
    expect(await eventTypes(d.dossierId)).toEqual(expect.arrayContaining(['WITHDRAWN', 'WORKFLOW_CLOSED']));
    expect(transitions(stack(), d.executionArn)).toBeLessThanOrEqual(20);
    // Nothing more happens when the old deadline passes.
    await advanceTo(stack(), '2026-03-06 09:00');
    expect(await eventTypes(d.dossierId)).not.toContain('STEP_ESCALATED');
    const again = await citizen(stack(), d, 'withdraw');
    expect(again.status).toBe(409);
  });
});

describe('liên thông', () => {
  const stack = scenarioStack();
  it('runs three agencies one after another, each with its share of the time', async () => {
    await seedFixtureProcedures();
    const d = await submit(stack(), '9.900002');
    await accept(stack(), d);
    const [a, b, c] = await Promise.all(['S01', 'S02', 'S03'].map((id) => step(d.dossierId, id)));
    expect([a!.status, b!.status, c!.status]).toEqual(['WAITING_DEPARTMENT', 'PENDING', 'PENDING']);
    expect(a!.allotted).toEqual({ amount: 4, unit: 'WORKING_DAYS' });
    await advanceTo(stack(), '2026-03-04 10:00');
    await decide(stack(), d, 'S01', { action: 'COMPLETE' });
    expect(await step(d.dossierId, 'S02')).toMatchObject({
      status: 'WAITING_DEPARTMENT',
      departmentId: 'SCT',
      dueDate: '2026-03-09',
    });
    await decide(stack(), d, 'S02', { action: 'COMPLETE' });
    expect((await step(d.dossierId, 'S03')).status).toBe('WAITING_DEPARTMENT');
    await decide(stack(), d, 'S03', { action: 'COMPLETE' });
    expect((await getDossier(d.dossierId))!.dossier.status).toBe('RESULT_READY');
    const tasks = (await emailsAbout(stack(), d.code)).filter((m) => m.subject.includes('Hồ sơ mới'));
    expect(tasks.map((m) => m.to[0])).toEqual(['sxd@thainguyen.gov.vn', 'sct@thainguyen.gov.vn', STC]);
    expect((await eventTypes(d.dossierId)).filter((t) => t === 'STEP_COMPLETED')).toHaveLength(3);
    expect(transitions(stack(), d.executionArn)).toBeLessThanOrEqual(30);
  });

  it('runs two agencies in parallel and is ready only when both are done', async () => {
    const d = await submit(stack(), '9.900003');
    await accept(stack(), d);
    const [a, b] = await Promise.all(['S01', 'S02'].map((id) => step(d.dossierId, id)));
    expect([a!.status, b!.status]).toEqual(['WAITING_DEPARTMENT', 'WAITING_DEPARTMENT']);
    await decide(stack(), d, 'S02', { action: 'COMPLETE' });
    expect((await getDossier(d.dossierId))!.dossier.status).toBe('IN_PROGRESS');
    await decide(stack(), d, 'S01', { action: 'COMPLETE' });
    expect((await getDossier(d.dossierId))!.dossier.status).toBe('RESULT_READY');
    const tasks = (await emailsAbout(stack(), d.code)).filter((m) => m.subject.includes('Hồ sơ mới'));
    expect(tasks.map((m) => m.to[0]).sort()).toEqual(['sxd@thainguyen.gov.vn', 'syt@thainguyen.gov.vn']);
    expect(transitions(stack(), d.executionArn)).toBeLessThanOrEqual(26);
  });
});

describe('conflicting and stale actions', () => {
  const stack = scenarioStack();
  it('lets exactly one of two simultaneous decisions through; the other gets 409 and changes nothing', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    const resultDocumentId = await uploadResult(stack(), d, 'S01');
    const v = await version(d.dossierId);
    const [x, y] = await Promise.all([
      staff(stack(), 'POST', `/staff/dossiers/${d.dossierId}/steps/S01/decision`, {
        version: v,
        action: 'COMPLETE',
        resultDocumentId,
      }),
      staff(stack(), 'POST', `/staff/dossiers/${d.dossierId}/steps/S01/decision`, {
        version: v,
        action: 'REFUSE',
        reasons: ['Không đủ điều kiện'],
      }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const types = await eventTypes(d.dossierId);
    expect(types.filter((t) => t === 'STEP_COMPLETED' || t === 'STEP_REFUSED')).toHaveLength(1);
  });
});
