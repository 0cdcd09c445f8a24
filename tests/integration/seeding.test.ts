import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/local/stack.ts';
import { seedCalendar, seedCatalogue } from '../../infra/seed/seed-catalogue.ts';
import { adminChanges } from '../../shared/adapters/audit.ts';
import { putStaffProfile } from '../../shared/adapters/outbox.ts';
import { useLocalStack } from '../support/api.ts';
import { MON_2026_03_02_0900, staff } from '../support/workflow.ts';

/**
 * Seeding never overwrites an administrator: calendar years, procedures, departments and staff are
 * edited through the admin API, the shipped data is seeded again (what every start and deploy
 * does), and every edit is still there, with no new audit entry.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });
const DATA = path.join(REPO_ROOT, 'data');

describe('seeding', () => {
  it('keeps every administrator’s edit and writes no audit entry for what it leaves alone', async () => {
    // A second seed of untouched data writes nothing either.
    const audit = async () => (await adminChanges('2026-03')).length + (await adminChanges('2026-12')).length;
    const quiet = await audit();
    await seedCalendar(DATA);
    await seedCatalogue(DATA);
    expect(await audit()).toBe(quiet);

    // The administrator confirms 2027 (one more day off), edits a department, a procedure, a person.
    const year = await staff<{ days: { date: string }[]; status: string }>(
      stack(),
      'GET',
      '/admin/calendar/2027',
    );
    expect(year.status).toBe(200);
    const confirmed = {
      ...year.body,
      status: 'DECIDED',
      days: [
        ...year.body.days,
        {
          date: '2027-12-24',
          kind: 'HOLIDAY',
          name: 'Ngày nghỉ do tỉnh quyết định',
          nameEn: 'Provincial day off',
        },
      ].sort((a, b) => a.date.localeCompare(b.date)),
    };
    const savedYear = await staff(stack(), 'PUT', '/admin/calendar/2027', confirmed);
    expect(savedYear.status, JSON.stringify(savedYear.body)).toBe(200);

    const dept = await staff<Record<string, unknown>>(stack(), 'GET', '/admin/departments/STC');
    const { id: _id, version, updatedAt: _a, updatedBy: _b, ...rest } = dept.body;
    const savedDept = await staff(stack(), 'PUT', '/admin/departments/STC', {
      ...rest,
      version,
      email: 'motcua.stc@thainguyen.gov.vn',
      emailConfirmed: true,
    });
    expect(savedDept.status).toBe(200);

    const proc = await staff(stack(), 'POST', '/admin/procedures/2.001610/versions', {
      baseVersion: 1,
      effectiveFrom: '2026-03-10',
      deadline: { amount: 5, unit: 'WORKING_DAYS', note: '05 ngày làm việc' },
      reason: 'Quyết định sửa đổi thời hạn',
    });
    expect(proc.status).toBe(201);

    const person = await staff(stack(), 'PATCH', '/admin/staff-users/local-stc.chuyenvien', {
      role: 'DEPARTMENT_HEAD',
    });
    expect(person.status, JSON.stringify(person.body)).toBe(200);

    const edited = await audit();
    // Every start seeds again: the catalogue, the calendar and the staff directory.
    await seedCalendar(DATA);
    await seedCatalogue(DATA);
    for (const u of stack().auth.users)
      await putStaffProfile({
        userId: `local-${u.username}`,
        username: u.username,
        name: u.name,
        email: u.email,
        role: u.role,
        unit: u.departmentId ?? 'CENTRE',
      });
    expect(await audit()).toBe(edited);

    const after = await staff<{ status: string; days: { date: string }[] }>(
      stack(),
      'GET',
      '/admin/calendar/2027',
    );
    expect(after.body.status).toBe('DECIDED');
    expect(after.body.days.map((d) => d.date)).toContain('2027-12-24');
    const deptAfter = await staff<{ email: string }>(stack(), 'GET', '/admin/departments/STC');
    expect(deptAfter.body.email).toBe('motcua.stc@thainguyen.gov.vn');
    const versions = await staff<{ latest: number }>(stack(), 'GET', '/admin/procedures/2.001610/versions');
    expect(versions.body.latest).toBe(2);
    const officers = await staff<{ items: { userId: string; role: string }[] }>(
      stack(),
      'GET',
      '/staff/officers?department=STC',
      undefined,
      'stc.truongphong',
    );
    expect(officers.body.items.find((o) => o.userId === 'local-stc.chuyenvien')?.role).toBe(
      'DEPARTMENT_HEAD',
    );
  });
});
