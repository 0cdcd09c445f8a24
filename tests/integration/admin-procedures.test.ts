import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/local/stack.ts';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import type { UploadSlot } from '../../shared/contracts/dossier.ts';
import { call, draftWithDocuments, individual, newKey, uploadToSlot, useLocalStack } from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';
import {
  accept,
  advanceTo,
  bearer,
  MON_2026_03_02_0900,
  seedFixtureProcedures,
  staff,
  submit,
} from '../support/workflow.ts';

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
      // The officer's name at the time of the event (events keep the id and the name).
      name: 'Lê Thị Tiếp Nhận',
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
  interface AdminDepartment {
    id: string;
    name: string;
    email: string;
    version: number;
    updatedBy?: string;
    updatedAt?: string;
  }

  it("saves a department's details against the version read, with an audit entry; refuses an unknown one", async () => {
    const file = JSON.parse(readFileSync(path.join(REPO_ROOT, 'data', 'departments.json'), 'utf8')) as {
      departments: { id: string }[];
    };
    const list = await staff<{ items: AdminDepartment[] }>(stack(), 'GET', '/admin/departments');
    expect(list.status).toBe(200);
    expect(list.body.items.map((d) => d.id)).toEqual(file.departments.map((d) => d.id).sort());
    expect(list.body.items.every((d) => d.version === 1 && !d.updatedBy)).toBe(true);

    const read = await staff<AdminDepartment>(stack(), 'GET', '/admin/departments/STC');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: 'STC', name: 'Sở Tài chính', version: 1 });
    const { id: _id, version: _v, updatedAt: _a, updatedBy: _b, ...rest } = read.body;
    const saved = await staff<AdminDepartment>(stack(), 'PUT', '/admin/departments/STC', {
      ...rest,
      version: 1,
      email: ' MotCua.STC@thainguyen.gov.vn ',
      emailConfirmed: true,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      id: 'STC',
      email: 'motcua.stc@thainguyen.gov.vn',
      version: 2,
      updatedBy: 'local-quantri',
      updatedAt: expect.any(String),
    });
    const again = await call<unknown>(stack().urls.api, 'GET', '/departments');
    expect(JSON.stringify(again.body)).toContain('motcua.stc@thainguyen.gov.vn');
    expect((await staff<AdminDepartment>(stack(), 'GET', '/admin/departments/STC')).body.version).toBe(2);

    const unknown = await staff<{ code: string }>(stack(), 'PUT', '/admin/departments/ZZZ', {
      ...rest,
      version: 1,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('DEPARTMENT_NOT_FOUND');
    expect((await staff(stack(), 'GET', '/admin/departments/ZZZ')).status).toBe(404);
    const withId = await staff(stack(), 'PUT', '/admin/departments/STC', { ...rest, version: 2, id: 'SXD' });
    expect(withId.status).toBe(400);

    const trail = await staff<{ items: { kind: string; action: string; target: string; summary: string }[] }>(
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
      summary: expect.stringContaining('v2; sửa email, emailConfirmed'),
    });
    expect(trail.body.items.filter((i) => i.action === 'DEPARTMENT_SAVED')).toHaveLength(1);
  });

  it('refuses a stale version with 409 DEPARTMENT_CONFLICT: of two saves from one version, one wins', async () => {
    const read = await staff<AdminDepartment>(stack(), 'GET', '/admin/departments/SXD');
    const { id: _id, version, updatedAt: _a, updatedBy: _b, ...rest } = read.body;
    const save = (name: string) =>
      staff<AdminDepartment & { code?: string }>(stack(), 'PUT', '/admin/departments/SXD', {
        ...rest,
        version,
        name,
      });
    const results = await Promise.all([save('Sở Xây dựng tỉnh Thái Nguyên'), save('Sở Xây dựng (sửa B)')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const lost = results.find((r) => r.status === 409)!;
    expect(lost.headers.get('content-type')).toContain('application/problem+json');
    expect(lost.body.code).toBe('DEPARTMENT_CONFLICT');
    const won = results.find((r) => r.status === 200)!.body;
    expect(won.version).toBe(version + 1);

    // Saving again from the version first read: refused, the winner's name stays.
    const stale = await save('Sở Xây dựng (sửa C)');
    expect(stale.status).toBe(409);
    const after = await staff<AdminDepartment>(stack(), 'GET', '/admin/departments/SXD');
    expect(after.body).toMatchObject({ version: version + 1, name: won.name });
    const audit = await staff<{ items: { action: string; target: string }[] }>(
      stack(),
      'GET',
      '/admin/audit?month=2026-03',
    );
    expect(audit.body.items.filter((i) => i.target === 'DEPT#SXD')).toHaveLength(1);
  });

  it('validates the details with problem+json field errors', async () => {
    const read = await staff<AdminDepartment>(stack(), 'GET', '/admin/departments/STP');
    const { id: _id, updatedAt: _a, updatedBy: _b, ...rest } = read.body;
    const bad = await staff<{ code: string; errors: { path: string }[] }>(
      stack(),
      'PUT',
      '/admin/departments/STP',
      { ...rest, name: ' ', email: 'không-phải-thư', agencyCode: 'STP' },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.errors.map((e) => e.path).sort()).toEqual(['agencyCode', 'email', 'name']);
    const unchanged = await staff<AdminDepartment>(stack(), 'GET', '/admin/departments/STP');
    expect(unchanged.body).toEqual(read.body);
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

/**
 * The rules in force on the reception day govern a dossier (DOMAIN.md), not those of the day its
 * draft was started: a draft started under version 1 and submitted once version 2 is in force goes
 * in under version 2 when only the deadline changed, and is moved to version 2 with 409
 * PROCEDURE_VERSION_CHANGED when the documents asked for changed. Monday 9 March 2026: version 2
 * of the two test procedures applies from Tuesday the 10th.
 */
describe('the procedure version at reception', () => {
  interface Draft {
    dossierId: string;
  }
  const draftOf = async (procedureCode: string): Promise<Draft> =>
    draftWithDocuments(stack().urls.api, [], {
      procedureCode,
      applicant: individual(),
      fields: {},
      delivery: { method: 'AT_CENTRE' },
    });
  const submitDraft = async (d: Draft) => {
    const res = await call<{ code: string; lookupSecret: string; errors?: unknown }>(
      stack().urls.api,
      'POST',
      `/dossiers/${d.dossierId}/submit`,
      { headers: { 'idempotency-key': newKey() } },
    );
    await stack().sfn.settle();
    return res;
  };
  const acceptDraft = async (d: Draft, code: string) => {
    const res = await accept(stack(), { ...d, code, secret: '', executionArn: '' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return dossierOf(d.dossierId);
  };
  const newVersion = async (code: string, body: Record<string, unknown>) => {
    const latest = (await staff<{ latest: number }>(stack(), 'GET', `/admin/procedures/${code}/versions`))
      .body.latest;
    const res = await staff<{ version: number }>(stack(), 'POST', `/admin/procedures/${code}/versions`, {
      baseVersion: latest,
      effectiveFrom: '2026-03-10',
      ...body,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.version;
  };
  const postal = async (receivedAt: string) => {
    const headers = await bearer(stack(), 'tiepnhan.1');
    const created = await call<{ dossierId: string; procedureVersion: number }>(
      stack().urls.api,
      'POST',
      '/staff/walk-in/dossiers',
      {
        body: {
          procedureCode: '9.900004',
          applicant: individual(),
          fields: {},
          delivery: { method: 'AT_CENTRE' },
          channel: 'POST',
          receivedAt,
        },
        headers: { ...headers, 'idempotency-key': newKey() },
      },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const submitted = await call<{ code: string }>(
      stack().urls.api,
      'POST',
      `/staff/walk-in/dossiers/${created.body.dossierId}/submit`,
      { headers: { ...headers, 'idempotency-key': newKey() } },
    );
    await stack().sfn.settle();
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    return {
      dossierId: created.body.dossierId,
      draftVersion: created.body.procedureVersion,
      ...(await acceptDraft(created.body, submitted.body.code)),
    };
  };

  it('gives drafts submitted from the effective date the new deadline; a documents change moves the draft (409)', async () => {
    await seedFixtureProcedures();
    await advanceTo(stack(), '2026-03-09 09:00');
    // 9.900004: 3 working days; 9.900005: 5 working days, d1 optional. Drafts started today (v1).
    const early = await draftOf('9.900004');
    const late = await draftOf('9.900004');
    const afterCutoff = await draftOf('9.900004');
    const documents = await draftOf('9.900005');
    expect((await getDossier(late.dossierId))!.dossier.procedureVersion).toBe(1);

    const v4 = await newVersion('9.900004', { deadline: { amount: 5, unit: 'WORKING_DAYS' } });
    const base5 = (
      await staff<{ latestProcedure: { documents: Record<string, unknown>[] } }>(
        stack(),
        'GET',
        '/admin/procedures/9.900005/versions',
      )
    ).body.latestProcedure.documents;
    const v5 = await newVersion('9.900005', {
      deadline: { amount: 7, unit: 'WORKING_DAYS' },
      documents: [
        ...base5,
        {
          id: 'd2',
          name: 'Bản vẽ mặt bằng',
          originals: 1,
          copies: 0,
          uploadMandatory: true,
          acceptedTypes: ['application/pdf'],
          maxSizeMb: 10,
        },
      ],
    });
    expect([v4, v5]).toEqual([2, 2]);

    // Received before the date: version 1 and its deadline (9 March + 3 working days).
    const e = await submitDraft(early);
    expect(e.status, JSON.stringify(e.body)).toBe(201);
    const eView = await acceptDraft(early, e.body.code);
    expect(eView.dossier.procedureVersion).toBe(1);
    expect(eView.dossier.appointment?.dueDate).toBe('2026-03-12');

    // Submitted on Monday after 15:00: received on Tuesday the 10th, so version 2 (5 working days).
    await advanceTo(stack(), '2026-03-09 16:00');
    const c = await submitDraft(afterCutoff);
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const cView = await acceptDraft(afterCutoff, c.body.code);
    expect(cView.dossier.procedureVersion).toBe(2);
    expect(cView.dossier.appointment?.dueDate).toBe('2026-03-17');

    // A draft made now from the form of version 2 (what the apply page holds after a 409 below) is
    // made under version 2: it is the version a submission now goes in under. Another version
    // asked for (today's, or one that governs nothing) gives today's.
    const create = async (procedureVersion?: number) => {
      const res = await call<{ procedureVersion: number; dossierId: string }>(
        stack().urls.api,
        'POST',
        '/dossiers',
        {
          headers: { 'idempotency-key': newKey() },
          body: {
            procedureCode: '9.900005',
            applicant: individual(),
            fields: {},
            delivery: { method: 'AT_CENTRE' },
            ...(procedureVersion === undefined ? {} : { procedureVersion }),
          },
        },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect((await getDossier(res.body.dossierId))!.dossier.procedureVersion).toBe(
        res.body.procedureVersion,
      );
      return res.body.procedureVersion;
    };
    expect(await create()).toBe(1);
    expect(await create(2)).toBe(2);
    expect(await create(1)).toBe(1);
    expect(await create(7)).toBe(1);

    // Tuesday: only the deadline changed, so the draft goes in under version 2.
    await advanceTo(stack(), '2026-03-10 09:00');
    const l = await submitDraft(late);
    expect(l.status, JSON.stringify(l.body)).toBe(201);
    const lView = await acceptDraft(late, l.body.code);
    expect(lView.dossier.procedureVersion).toBe(2);
    expect(lView.dossier.appointment?.dueDate).toBe('2026-03-17');
    expect(lView.steps.map((s) => s.dueDate)).toEqual(['2026-03-17']);

    // The documents changed: 409, nothing submitted, the draft now on version 2 for completion.
    const d = await submitDraft(documents);
    expect(d.status).toBe(409);
    expect(d.headers.get('content-type')).toContain('application/problem+json');
    expect(d.body).toMatchObject({
      code: 'PROCEDURE_VERSION_CHANGED',
      procedureVersion: 2,
      previousVersion: 1,
      procedure: {
        code: '9.900005',
        version: 2,
        documents: expect.arrayContaining([expect.objectContaining({ id: 'd2', uploadMandatory: true })]),
      },
    });
    const moved = (await getDossier(documents.dossierId))!.dossier;
    expect(moved).toMatchObject({ status: 'DRAFT', procedureVersion: 2 });
    expect(moved.code).toBeUndefined();
    // Its new requirement is now asked for; once uploaded the dossier goes in under version 2.
    const missing = await submitDraft(documents);
    expect(missing.status).toBe(422);
    expect(JSON.stringify(missing.body)).toContain('documents.d2');
    const slots = await call<{ slots: UploadSlot[] }>(
      stack().urls.api,
      'POST',
      `/dossiers/${documents.dossierId}/uploads`,
      {
        body: {
          documents: [
            {
              requirementId: 'd2',
              fileName: 'ban-ve.pdf',
              contentType: 'application/pdf',
              size: pdfBytes(2000).length,
            },
          ],
        },
      },
    );
    expect(slots.status, JSON.stringify(slots.body)).toBe(201);
    expect(await uploadToSlot(slots.body.slots[0]!, pdfBytes(2000), 'application/pdf')).toBeLessThan(300);
    const ok = await submitDraft(documents);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const dView = await acceptDraft(documents, ok.body.code);
    expect(dView.dossier.procedureVersion).toBe(2);
    // 7 working days from Tuesday 10 March: 11, 12, 13, 16, 17, 18, 19.
    expect(dView.dossier.appointment?.dueDate).toBe('2026-03-19');

    // Dossiers received before the date keep version 1 and their deadline.
    const eAfter = await dossierOf(early.dossierId);
    expect(eAfter.dossier.procedureVersion).toBe(1);
    expect(eAfter.dossier.appointment?.dueDate).toBe('2026-03-12');
    expect(eAfter.steps.map((s) => s.dueDate)).toEqual(['2026-03-12']);
  });

  it('takes the postal receipt day, under the 15:00 cut-off, for a dossier registered later', async () => {
    // Registered on Tuesday 10 March (version 2 in force), received by post on Monday the 9th.
    // The receipt's date (the intake event's appointment) counts from the postal receipt day.
    const receiptDate = async (dossierId: string) =>
      (await getDossier(dossierId))!.events.find((x) => x.type === 'INTAKE_ACCEPTED')!.data!.appointment;
    const before = await postal('2026-03-09T14:30:00+07:00');
    expect(before.draftVersion).toBe(2);
    expect(before.dossier.procedureVersion).toBe(1);
    expect(await receiptDate(before.dossierId)).toBe('2026-03-12'); // 3 working days from Monday
    // After 15:00 on Monday: received on Tuesday, so version 2 (5 working days from Tuesday).
    const after = await postal('2026-03-09T15:30:00+07:00');
    expect(after.dossier.procedureVersion).toBe(2);
    expect(await receiptDate(after.dossierId)).toBe('2026-03-17');
  });
});
