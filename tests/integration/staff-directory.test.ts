import { describe, expect, it } from 'vitest';
import { call, useLocalStack } from '../support/api.ts';
import { bearer, MON_2026_03_02_0900 } from '../support/workflow.ts';

/**
 * GET /staff/officers: the staff a department head may assign, from the staff directory in the
 * table (seeded from data/staff-users.local.json locally), one Query, scoped to the department.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });

interface Listing {
  departmentId: string;
  items: { userId: string; name: string; role: string }[];
}

const list = async (as: string, query = '') =>
  call<Listing>(stack().urls.api, 'GET', `/staff/officers${query}`, { headers: await bearer(stack(), as) });

describe('staff directory for assignment', () => {
  it("lists the head's own department, sorted by name, with one DynamoDB Query", async () => {
    // The first request also reads the head's profile (the session check, cached 30 s).
    await list('stc.truongphong');
    const before = stack().calls.snapshot();
    const res = await list('stc.truongphong');
    expect(stack().calls.since(before)).toEqual({ 'dynamodb:Query': 1 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      departmentId: 'STC',
      items: [
        { userId: 'local-stc.chuyenvien', name: 'Nguyễn Văn Chuyên Viên', role: 'DEPARTMENT_OFFICER' },
        { userId: 'local-stc.truongphong', name: 'Trần Thị Trưởng Phòng', role: 'DEPARTMENT_HEAD' },
      ],
    });
    // Naming the own department changes nothing; no e-mail address or other personal data leaks.
    expect((await list('stc.truongphong', '?department=STC')).body).toEqual(res.body);
    expect(JSON.stringify(res.body)).not.toContain('@');
  });

  it("refuses a head another department's staff, and department officers and reception any", async () => {
    const other = await list('sxd.truongphong', '?department=STC');
    expect(other.status).toBe(403);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect((await list('stc.chuyenvien')).status).toBe(403);
    expect((await list('tiepnhan.1', '?department=STC')).status).toBe(403);
    // Another head's own listing holds only their department.
    const sxd = await list('sxd.truongphong');
    expect(sxd.body.departmentId).toBe('SXD');
    // By name: Đỗ Thị Dựng (head) before Hoàng Văn Xây (officer).
    expect(sxd.body.items.map((i) => i.userId)).toEqual(['local-sxd.truongphong', 'local-sxd.chuyenvien']);
  });

  it('lets the centre leader and the administrator list any department they name', async () => {
    const leader = await list('lanhdao.ttpvhcc', '?department=SXD');
    expect(leader.status).toBe(200);
    expect(leader.body.items.map((i) => i.name)).toEqual(['Đỗ Thị Dựng', 'Hoàng Văn Xây']);
    expect((await list('quantri', '?department=SYT')).body.items.map((i) => i.userId)).toEqual([
      'local-syt.chuyenvien',
    ]);
    // A department with nobody in the directory is an empty list, not an error.
    expect((await list('quantri', '?department=ZZZ')).body).toEqual({ departmentId: 'ZZZ', items: [] });
  });

  it('answers bad input with 400 problem+json and no DynamoDB call', async () => {
    const before = stack().calls.snapshot();
    const missing = await list('lanhdao.ttpvhcc');
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('query.department');
    for (const q of [
      '?department=stc',
      '?department=STC%27%20OR',
      '?dept=STC',
      `?department=${'A'.repeat(20)}`,
    ])
      expect((await list('lanhdao.ttpvhcc', q)).status, q).toBe(400);
    expect(stack().calls.since(before)).toEqual({});
  });
});
