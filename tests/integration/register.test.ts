import { describe, expect, it } from 'vitest';
import { adminChanges, trailOfUser } from '../../shared/adapters/audit.ts';
import { call, DAILY_JOBS, useLocalStack } from '../support/api.ts';
import {
  accept,
  advanceTo,
  bearer,
  decide,
  MON_2026_03_02_0900,
  seedFixtureProcedures,
  staff,
  submit,
  version,
} from '../support/workflow.ts';

/**
 * The dossier register (form 06) and the audit trail, on the local stack through the real handlers.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5, ...DAILY_JOBS });

interface Row {
  no: number;
  code: string;
  applicant: string;
  departmentId: string;
  status: string;
  appointment?: string;
  resultAt?: string;
  timeliness?: string;
}

describe('dossier register (form 06)', () => {
  it('lists every dossier handed in during the period, in order, with its outcome; CSV for spreadsheets', async () => {
    await seedFixtureProcedures();
    const early = await submit(stack());
    await accept(stack(), early);
    await advanceTo(stack(), '2026-03-03 10:00');
    expect((await decide(stack(), early, 'S01', { action: 'COMPLETE' })).status).toBe(200);
    const refused = await submit(stack());
    await staff(stack(), 'POST', `/staff/dossiers/${refused.dossierId}/intake`, {
      decision: 'REFUSE',
      version: await version(refused.dossierId),
      reasons: ['Không thuộc thẩm quyền'],
    });
    // Handed in a few minutes later (the local clock is frozen: same-instant submissions tie).
    await advanceTo(stack(), '2026-03-03 10:05');
    const other = await submit(stack(), '9.900001'); // SXD
    await advanceTo(stack(), '2026-04-01 09:00');
    await submit(stack()); // April: outside March's register

    const asReception = await bearer(stack(), 'tiepnhan.1');
    const res = await call<{ items: Row[] }>(
      stack().urls.api,
      'GET',
      '/staff/reports/register?from=2026-03-01&to=2026-03-31',
      { headers: asReception },
    );
    expect(res.status).toBe(200);
    expect(res.body.items.map((r) => r.code)).toEqual([early.code, refused.code, other.code]);
    expect(res.body.items.map((r) => r.no)).toEqual([1, 2, 3]);
    expect(res.body.items[0]).toMatchObject({
      status: 'RESULT_READY',
      appointment: '2026-03-05',
      timeliness: 'EARLY',
    });
    expect(res.body.items[0]!.applicant.length).toBeGreaterThan(0);
    expect(res.body.items[0]).toMatchObject({ departmentName: 'Sở Tài chính' });
    // Refused at intake: no appointment was given, so no timeliness; the refusal's date is kept.
    expect(res.body.items[1]).toMatchObject({ status: 'REFUSED' });
    expect(res.body.items[1]!.timeliness).toBeUndefined();
    expect(res.body.items[1]!.resultAt).toBeDefined();

    // A department head sees their own department's part only; another department is refused.
    const head = await call<{ items: Row[] }>(
      stack().urls.api,
      'GET',
      '/staff/reports/register?from=2026-03-01&to=2026-03-31',
      { headers: await bearer(stack(), 'stc.truongphong') },
    );
    expect(head.body.items.map((r) => r.code)).toEqual([early.code, refused.code]);
    const nosy = await call(
      stack().urls.api,
      'GET',
      '/staff/reports/register?from=2026-03-01&to=2026-03-31&department=SXD',
      {
        headers: await bearer(stack(), 'stc.truongphong'),
      },
    );
    expect(nosy.status).toBe(403);

    const csv = await fetch(
      `${stack().urls.api}/staff/reports/register?from=2026-03-01&to=2026-03-31&format=csv`,
      { headers: asReception },
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder()
      .decode(bytes)
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    // Every cell quoted (formula-safe CSV, shared/domain/csv.ts).
    expect(lines[0]).toBe(
      '"STT","Mã hồ sơ","Ngày nộp","Người nộp","Thủ tục","Cơ quan giải quyết","Hình thức nộp","Ngày tiếp nhận","Ngày hẹn trả","Ngày có kết quả","Ngày trả kết quả","Tình trạng","Trạng thái","Phí, lệ phí đã nộp (đồng)","Đã hoàn trả (đồng)","Miễn phí, lệ phí"',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(early.code);
    expect(lines[1]).toContain('05/03/2026');
    expect(lines[1]).toContain('Trước hạn');
    expect(lines[1]).toContain('Sở Tài chính');
    expect(lines[1]).not.toContain('"STC"');

    const bad = await call(stack().urls.api, 'GET', '/staff/reports/register?from=2026-01-01&to=2026-12-31', {
      headers: asReception,
    });
    expect(bad.status).toBe(400);
  });
});

describe('audit trail', () => {
  it('records what each person did: dossier decisions and administration changes, newest first', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    const receptionId = 'local-tiepnhan.1';
    const trail = await trailOfUser(receptionId);
    const acceptance = trail.items.find((e) => e.action === 'INTAKE_ACCEPTED' && e.dossierId === d.dossierId);
    expect(acceptance).toMatchObject({ kind: 'DOSSIER', code: d.code });
    // The citizen's and the system's events are not anyone's trail.
    expect(trail.items.every((e) => e.action !== 'SUBMITTED' && e.action !== 'STEP_ASSIGNED')).toBe(true);

    const year = await call<Record<string, unknown>>(stack().urls.api, 'GET', '/admin/calendar/2026', {
      headers: await bearer(stack(), 'quantri'),
    });
    const saved = await call(stack().urls.api, 'PUT', '/admin/calendar/2026', {
      body: year.body,
      headers: await bearer(stack(), 'quantri'),
    });
    expect(saved.status).toBe(200);
    const changes = await adminChanges('2026-04');
    const change = changes.find((c) => c.action === 'CALENDAR_YEAR_SAVED' && c.target === 'CAL#2026');
    expect(change).toMatchObject({ actor: 'local-quantri' });
    const adminTrail = await trailOfUser('local-quantri');
    expect(adminTrail.items[0]).toMatchObject({
      kind: 'ADMIN',
      action: 'CALENDAR_YEAR_SAVED',
      target: 'CAL#2026',
    });
  });
});
