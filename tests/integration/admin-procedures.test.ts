import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/local/stack.ts';
import { call, useLocalStack } from '../support/api.ts';
import { accept, advanceTo, MON_2026_03_02_0900, staff, submit } from '../support/workflow.ts';

/**
 * Procedure versions (issue 7, item 5): editing a procedure makes a new version from a date; a
 * dossier keeps the version it was received under, its deadline included. Clock: Monday 2 March
 * 2026, 09:00 (no holiday until 30/04), so 3 working days from the 2nd end on Thursday the 5th.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });

interface StaffDossier {
  dossier: { procedureVersion: number; appointment?: { dueDate: string } };
  steps: { stepId: string; dueDate?: string }[];
  events: { type: string; actor: { kind: string; id: string } }[];
}

const dossierOf = async (id: string) =>
  (await staff<StaffDossier>(stack(), 'GET', `/staff/dossiers/${id}`, undefined, 'lanhdao.ttpvhcc')).body;

describe('procedure versions', () => {
  it('makes a new version from a date; dossiers received before keep their deadline, later ones get the new one', async () => {
    const before = await staff<{ inForce: number; latest: number; versions: { version: number }[] }>(
      stack(),
      'GET',
      '/admin/procedures/2.001610/versions',
    );
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ inForce: 1, latest: 1 });

    // Dossier A, received today under version 1 (3 working days).
    const a = await submit(stack());
    expect((await accept(stack(), a)).status).toBe(200);
    const aBefore = await dossierOf(a.dossierId);
    expect(aBefore.dossier.procedureVersion).toBe(1);
    expect(aBefore.dossier.appointment?.dueDate).toBe('2026-03-05');
    expect(aBefore.steps.map((s) => s.dueDate)).toEqual(['2026-03-05']);

    // The administrator lengthens the deadline to 5 working days from tomorrow.
    const created = await staff<{ version: number; effectiveFrom: string; deadline: { amount: number } }>(
      stack(),
      'POST',
      '/admin/procedures/2.001610/versions',
      {
        baseVersion: 1,
        effectiveFrom: '2026-03-03',
        deadline: { amount: 5, unit: 'WORKING_DAYS', note: '05 ngày làm việc' },
        reason: 'Quyết định sửa đổi thời hạn',
      },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: 2, effectiveFrom: '2026-03-03', deadline: { amount: 5 } });

    // Not yet in force today: the public page and a dossier received today still get version 1.
    const today = await call<{ version: number }>(stack().urls.api, 'GET', '/procedures/2.001610');
    expect(today.body.version).toBe(1);
    const listed = await staff<{
      inForce: number;
      latest: number;
      versions: { version: number; createdBy?: string }[];
    }>(stack(), 'GET', '/admin/procedures/2.001610/versions');
    expect(listed.body).toMatchObject({ inForce: 1, latest: 2 });
    expect(listed.body.versions.map((v) => [v.version, v.createdBy])).toEqual([
      [1, undefined],
      [2, 'local-quantri'],
    ]);

    await advanceTo(stack(), '2026-03-03 09:00');
    expect(
      (await call<{ version: number }>(stack().urls.api, 'GET', '/procedures/2.001610')).body.version,
    ).toBe(2);

    // Dossier B, received on the effective date: version 2, 5 working days (4, 5, 6, 9, 10 March).
    const b = await submit(stack());
    expect((await accept(stack(), b)).status).toBe(200);
    const bAfter = await dossierOf(b.dossierId);
    expect(bAfter.dossier.procedureVersion).toBe(2);
    expect(bAfter.dossier.appointment?.dueDate).toBe('2026-03-10');
    expect(bAfter.steps.map((s) => s.dueDate)).toEqual(['2026-03-10']);

    // Dossier A is unchanged: its version, its appointment, its step's due date.
    const aAfter = await dossierOf(a.dossierId);
    expect(aAfter.dossier.procedureVersion).toBe(1);
    expect(aAfter.dossier.appointment?.dueDate).toBe('2026-03-05');
    expect(aAfter.steps.map((s) => s.dueDate)).toEqual(['2026-03-05']);

    // The timeline names the actor of every event (the per-dossier audit).
    expect(aAfter.events.length).toBeGreaterThan(2);
    for (const e of aAfter.events) expect(e.actor.id, e.type).toBeTruthy();
    expect(aAfter.events.find((e) => e.type === 'INTAKE_ACCEPTED')?.actor).toEqual({
      kind: 'STAFF',
      id: 'local-tiepnhan.1',
    });

    // The change is in the month's administration audit, with who and when.
    const audit = await staff<{
      items: { action: string; actor: string; target: string; summary: string }[];
    }>(stack(), 'GET', '/admin/audit?month=2026-03');
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        action: 'PROCEDURE_VERSION_CREATED',
        actor: 'local-quantri',
        target: 'PROC#2.001610',
        summary: expect.stringContaining('v2 từ 2026-03-03'),
      }),
    );
  });

  it('never overwrites a version: a stale base and two concurrent edits get 409, one edit wins', async () => {
    const code = '1.000376';
    const v = await staff<{ latest: number }>(stack(), 'GET', `/admin/procedures/${code}/versions`);
    const base = v.body.latest;
    const edit = (name: string) =>
      staff<{ code: string; version?: number }>(stack(), 'POST', `/admin/procedures/${code}/versions`, {
        baseVersion: base,
        effectiveFrom: '2026-04-01',
        name,
      });
    const results = await Promise.all([edit('Tên sửa lần A'), edit('Tên sửa lần B')]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)?.body.code).toBe('PROCEDURE_VERSION_CONFLICT');
    const winner = results.find((r) => r.status === 201)!.body.version;
    expect(winner).toBe(base + 1);

    // The same base again: refused, nothing written.
    const stale = await edit('Tên sửa lần C');
    expect(stale.status).toBe(409);
    const after = await staff<{ latest: number; versions: { name: string }[] }>(
      stack(),
      'GET',
      `/admin/procedures/${code}/versions`,
    );
    expect(after.body.latest).toBe(base + 1);
    expect(after.body.versions.map((x) => x.name)).not.toContain('Tên sửa lần C');
  });

  it('refuses a past date, an invalid edit and an unknown procedure with problem+json', async () => {
    const past = await staff<{ code: string; errors: { path: string }[] }>(
      stack(),
      'POST',
      '/admin/procedures/2.001610/versions',
      { baseVersion: 2, effectiveFrom: '2026-03-01' },
    );
    expect(past.status).toBe(400);
    expect(past.body.code).toBe('VALIDATION_FAILED');
    expect(past.body.errors.map((e) => e.path)).toContain('effectiveFrom');

    const bad = await staff<{ code: string; errors: { path: string }[] }>(
      stack(),
      'POST',
      '/admin/procedures/2.001610/versions',
      {
        baseVersion: 2,
        effectiveFrom: '2026-04-01',
        deadline: { amount: -1, unit: 'WEEKS' },
        code: '9.999999',
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['deadline.amount', 'deadline.unit']),
    );

    const unknown = await staff<{ code: string }>(stack(), 'POST', '/admin/procedures/9.999999/versions', {
      baseVersion: 1,
      effectiveFrom: '2026-04-01',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('PROCEDURE_NOT_FOUND');
    const versions = await staff(stack(), 'GET', '/admin/procedures/9.999999/versions');
    expect(versions.status).toBe(404);
  });
});

describe('departments', () => {
  it("saves a department's details with an audit entry; refuses an unknown one", async () => {
    const file = JSON.parse(readFileSync(path.join(REPO_ROOT, 'data', 'departments.json'), 'utf8')) as {
      departments: { id: string }[];
    };
    const departments = file.departments;
    const stc = departments.find((d) => d.id === 'STC')!;
    const { id: _id, ...rest } = stc;
    const saved = await staff<{ email: string }>(stack(), 'PUT', '/admin/departments/STC', {
      ...rest,
      email: 'motcua.stc@thainguyen.gov.vn',
      emailConfirmed: true,
    });
    expect(saved.status).toBe(200);
    const again = await call<unknown>(stack().urls.api, 'GET', '/departments');
    expect(JSON.stringify(again.body)).toContain('motcua.stc@thainguyen.gov.vn');

    const unknown = await staff<{ code: string }>(stack(), 'PUT', '/admin/departments/ZZZ', rest);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('DEPARTMENT_NOT_FOUND');
    const withId = await staff(stack(), 'PUT', '/admin/departments/STC', { ...rest, id: 'SXD' });
    expect(withId.status).toBe(400);

    const trail = await staff<{ items: { kind: string; action: string; target: string }[] }>(
      stack(),
      'GET',
      '/staff/audit/users/local-quantri',
      undefined,
      'lanhdao.ttpvhcc',
    );
    expect(trail.status).toBe(200);
    expect(trail.body.items[0]).toMatchObject({
      kind: 'ADMIN',
      action: 'DEPARTMENT_SAVED',
      target: 'DEPT#STC',
    });
    expect(trail.body.items.filter((i) => i.action === 'DEPARTMENT_SAVED')).toHaveLength(1);
  });
});

describe('audit trail of a person', () => {
  it("lists a reception officer's dossier events newest first, page by page", async () => {
    const first = await staff<{
      items: { kind: string; action: string; dossierId?: string; at: string }[];
      cursor?: string;
    }>(stack(), 'GET', '/staff/audit/users/local-tiepnhan.1?limit=1');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.items[0]).toMatchObject({ kind: 'DOSSIER', action: 'INTAKE_ACCEPTED' });
    expect(first.body.cursor).toBeTruthy();
    const second = await staff<{ items: { at: string; dossierId?: string }[] }>(
      stack(),
      'GET',
      `/staff/audit/users/local-tiepnhan.1?limit=1&cursor=${first.body.cursor}`,
    );
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0]!.at <= first.body.items[0]!.at).toBe(true);
    expect(second.body.items[0]!.dossierId).not.toBe(first.body.items[0]!.dossierId);

    const forged = Buffer.from(JSON.stringify({ gsi1pk: 'ACTOR#local-quantri', pk: 'x', sk: 'y' })).toString(
      'base64url',
    );
    const refused = await staff<{ code: string }>(
      stack(),
      'GET',
      `/staff/audit/users/local-tiepnhan.1?cursor=${forged}`,
    );
    expect(refused.status).toBe(400);
    const badMonth = await staff<{ code: string }>(stack(), 'GET', '/admin/audit?month=2026-13');
    expect(badMonth.status).toBe(400);
  });
});
