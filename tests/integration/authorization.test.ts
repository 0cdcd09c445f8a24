import { describe, expect, it } from 'vitest';
import { startLocalAuth } from '../../infra/local/auth.ts';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { ROUTES } from '../../shared/contracts/routes.ts';
import { call, useLocalStack } from '../support/api.ts';
import { accept, MON_2026_03_02_0900, type Submitted, submit } from '../support/workflow.ts';

/**
 * Every staff route × every role × own vs other department, and bad tokens. A cell is allowed when
 * the call gets past authentication, the role check and the department check (its answer is then
 * 200, or a 4xx about the request itself such as 409 for a stale version) — and denied with 401,
 * 403, or 404 for a dossier of another department (which must look like no dossier at all).
 * Requests are built so that an allowed call changes no decision (stale versions, a mismatched year;
 * only notes and unused upload slots are added).
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });

type Principal = { name: string; username: string; own: boolean | undefined };
const PRINCIPALS: Principal[] = [
  { name: 'reception officer', username: 'tiepnhan.1', own: undefined },
  { name: 'centre leader', username: 'lanhdao.ttpvhcc', own: undefined },
  { name: 'administrator', username: 'quantri', own: undefined },
  { name: 'department officer, own department', username: 'stc.chuyenvien', own: true },
  { name: 'department head, own department', username: 'stc.truongphong', own: true },
  { name: 'department officer, other department', username: 'sxd.chuyenvien', own: false },
  { name: 'department head, other department', username: 'sxd.truongphong', own: false },
];

interface Cell {
  route: string;
  request: (d: Submitted) => { method: string; path: string; body?: unknown };
  /** Who may pass, by principal name. */
  allowed: string[];
}

const CENTRE = ['reception officer', 'centre leader', 'administrator'];
const OWN = ['department officer, own department', 'department head, own department'];
const EVERYONE_SCOPED = [...CENTRE, ...OWN];

const MATRIX: Cell[] = [
  {
    route: 'AssignHandler',
    request: (d) => ({
      method: 'POST',
      path: `/staff/dossiers/${d.dossierId}/steps/S01/assign`,
      body: { version: 1, handlerId: 'local-stc.chuyenvien' },
    }),
    allowed: ['department head, own department'],
  },
  {
    route: 'AddNote',
    request: (d) => ({
      method: 'POST',
      path: `/staff/dossiers/${d.dossierId}/notes`,
      body: { text: 'Ghi chú' },
    }),
    allowed: ['reception officer', ...OWN],
  },
  {
    route: 'ResultUpload',
    request: (d) => ({
      method: 'POST',
      path: `/staff/dossiers/${d.dossierId}/steps/S01/result-uploads`,
      body: { fileName: 'x.pdf', size: 1000 },
    }),
    allowed: OWN,
  },
  {
    route: 'ListNotifications',
    request: () => ({ method: 'GET', path: '/staff/notifications' }),
    allowed: PRINCIPALS.map((p) => p.name),
  },
  {
    route: 'ReadNotification',
    request: () => ({ method: 'POST', path: '/staff/notifications/01JZZZZZZZZZZZZZZZZZZZZZZZ/read' }),
    allowed: PRINCIPALS.map((p) => p.name),
  },
  {
    route: 'Inbox',
    request: () => ({ method: 'GET', path: '/staff/inbox?view=all&department=STC' }),
    allowed: ['centre leader', 'administrator', ...OWN],
  },
  {
    // The centre's queue of dossiers whose workflow failed for good: the centre's staff only.
    route: 'Inbox',
    request: () => ({ method: 'GET', path: '/staff/inbox?view=flagged' }),
    allowed: CENTRE,
  },
  {
    route: 'StaffStatistics',
    request: () => ({ method: 'GET', path: '/staff/statistics?department=STC' }),
    allowed: ['centre leader', 'administrator', 'department head, own department'],
  },
  {
    route: 'DossierRegister',
    request: () => ({
      method: 'GET',
      path: '/staff/reports/register?from=2026-03-01&to=2026-03-31&department=STC',
    }),
    allowed: ['reception officer', 'centre leader', 'administrator', 'department head, own department'],
  },
  {
    route: 'GetStaffDossier',
    request: (d) => ({ method: 'GET', path: `/staff/dossiers/${d.dossierId}` }),
    allowed: EVERYONE_SCOPED,
  },
  {
    route: 'IntakeDecision',
    request: (d) => ({
      method: 'POST',
      path: `/staff/dossiers/${d.dossierId}/intake`,
      body: { decision: 'ACCEPT', version: 1 },
    }),
    allowed: ['reception officer'],
  },
  {
    route: 'StepDecision',
    request: (d) => ({
      method: 'POST',
      path: `/staff/dossiers/${d.dossierId}/steps/S01/decision`,
      body: { action: 'COMPLETE', version: 1 },
    }),
    allowed: OWN,
  },
  {
    route: 'HandBack',
    request: (d) => ({
      method: 'POST',
      path: `/staff/dossiers/${d.dossierId}/hand-back`,
      body: { version: 1 },
    }),
    allowed: ['reception officer'],
  },
  // The centre's flagged queue: lifting a failure and resuming the workflow. The dossier is not
  // flagged, so an allowed call is refused for that (409) and writes nothing.
  {
    route: 'ResumeWorkflow',
    request: (d) => ({
      method: 'POST',
      path: `/staff/dossiers/${d.dossierId}/workflow/resume`,
      body: { flaggedAt: '2026-03-02T02:00:00.000Z', note: 'Đã khắc phục' },
    }),
    allowed: ['centre leader', 'administrator'],
  },
  // Walk-in and postal registration: the centre's reception only. Allowed calls are refused for
  // their input (no Idempotency-Key, an empty list, version 0), so nothing is written.
  {
    route: 'WalkInCreate',
    request: () => ({ method: 'POST', path: '/staff/walk-in/dossiers', body: { channel: 'COUNTER' } }),
    allowed: ['reception officer'],
  },
  {
    route: 'WalkInUploads',
    request: (d) => ({
      method: 'POST',
      path: `/staff/walk-in/dossiers/${d.dossierId}/uploads`,
      body: { documents: [] },
    }),
    allowed: ['reception officer'],
  },
  {
    route: 'WalkInPaperDocuments',
    request: (d) => ({
      method: 'PUT',
      path: `/staff/walk-in/dossiers/${d.dossierId}/paper`,
      body: { version: 0, received: [] },
    }),
    allowed: ['reception officer'],
  },
  {
    route: 'WalkInSubmit',
    request: (d) => ({ method: 'POST', path: `/staff/walk-in/dossiers/${d.dossierId}/submit` }),
    allowed: ['reception officer'],
  },
  {
    route: 'DossierFormPdf',
    request: (d) => ({ method: 'GET', path: `/staff/dossiers/${d.dossierId}/forms/05` }),
    allowed: EVERYONE_SCOPED,
  },
  {
    route: 'GetCalendarYear',
    request: () => ({ method: 'GET', path: '/admin/calendar/2026' }),
    allowed: PRINCIPALS.map((p) => p.name),
  },
  {
    route: 'PutCalendarYear',
    request: () => ({
      method: 'PUT',
      path: '/admin/calendar/2026',
      body: { year: 2025, status: 'DECIDED', sources: [], days: [] },
    }),
    allowed: ['administrator'],
  },
  // The counter queue: counters are the centre's, so department roles have none of these.
  {
    route: 'GetCounter',
    request: () => ({ method: 'GET', path: '/staff/queue/counters/STC-01' }),
    allowed: CENTRE,
  },
  {
    // Allowed means 409 COUNTER_NOT_OPEN: nobody opened this counter, so nothing is called.
    route: 'CounterAction',
    request: () => ({
      method: 'POST',
      path: '/staff/queue/counters/STC-09/actions',
      body: { action: 'CALL_NEXT' },
    }),
    allowed: ['reception officer'],
  },
  {
    // Allowed means 400: the dossier reference is not a code (checked after the role).
    route: 'LinkTicketDossier',
    request: () => ({
      method: 'POST',
      path: '/staff/queue/tickets/20260302-STC-999/dossier',
      body: { dossier: 'không phải mã' },
    }),
    allowed: ['reception officer'],
  },
  {
    route: 'CounterStats',
    request: () => ({ method: 'GET', path: '/staff/queue/stats?month=2026-03' }),
    allowed: CENTRE,
  },
  {
    // A head lists only their own department's staff; the centre's leader and administrator any.
    route: 'ListStaff',
    request: () => ({ method: 'GET', path: '/staff/officers?department=STC' }),
    allowed: ['centre leader', 'administrator', 'department head, own department'],
  },
  // Administration: allowed calls carry a stale base version or an invalid body (409 / 400).
  {
    route: 'ListProcedureVersions',
    request: () => ({ method: 'GET', path: '/admin/procedures/2.001610/versions' }),
    allowed: ['administrator'],
  },
  {
    route: 'CreateProcedureVersion',
    request: () => ({
      method: 'POST',
      path: '/admin/procedures/2.001610/versions',
      body: { baseVersion: 99, effectiveFrom: '2026-12-01' },
    }),
    allowed: ['administrator'],
  },
  {
    route: 'ListAdminDepartments',
    request: () => ({ method: 'GET', path: '/admin/departments' }),
    allowed: ['administrator'],
  },
  {
    route: 'GetAdminDepartment',
    request: () => ({ method: 'GET', path: '/admin/departments/STC' }),
    allowed: ['administrator'],
  },
  {
    route: 'SaveDepartment',
    request: () => ({ method: 'PUT', path: '/admin/departments/STC', body: { version: 1, name: '' } }),
    allowed: ['administrator'],
  },
  {
    route: 'ListStaffUsers',
    request: () => ({ method: 'GET', path: '/admin/staff-users?unit=STC' }),
    allowed: ['administrator'],
  },
  {
    route: 'CreateStaffUser',
    request: () => ({ method: 'POST', path: '/admin/staff-users', body: { email: 'không-phải-email' } }),
    allowed: ['administrator'],
  },
  {
    route: 'UpdateStaffUser',
    request: () => ({
      method: 'PATCH',
      path: '/admin/staff-users/local-stc.chuyenvien',
      body: { role: 'KHÔNG_CÓ' },
    }),
    allowed: ['administrator'],
  },
  {
    route: 'AdminAuditMonth',
    request: () => ({ method: 'GET', path: '/admin/audit?month=2026-03' }),
    allowed: ['centre leader', 'administrator'],
  },
  {
    route: 'UserAuditTrail',
    request: () => ({ method: 'GET', path: '/staff/audit/users/local-tiepnhan.1' }),
    allowed: ['centre leader', 'administrator'],
  },
];

const isDenied = (status: number) => status === 401 || status === 403 || status === 404;

describe('authorization matrix', () => {
  it('covers every staff route of the route table', () => {
    // A route may have several rows (a view with its own audience); every route has at least one.
    expect([...new Set(MATRIX.map((c) => c.route))].sort()).toEqual(
      ROUTES.filter((r) => r.auth === 'STAFF')
        .map((r) => r.id)
        .sort(),
    );
  });

  it('lets through exactly the intended role and department cells', async () => {
    const d = await submit(stack());
    await accept(stack(), d); // step S01 belongs to STC (2.001610)
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const cell of MATRIX) {
      for (const p of PRINCIPALS) {
        const { method, path, body } = cell.request(d);
        const token = await stack().auth.tokenFor(p.username);
        const res = await call(stack().urls.api, method, path, {
          ...(body === undefined ? {} : { body }),
          headers: { authorization: `Bearer ${token}` },
        });
        outcomes.push(
          `${cell.route} × ${p.name}: ${isDenied(res.status) ? 'denied' : 'allowed'} (${res.status})`.replace(
            / \(\d+\)$/,
            '',
          ),
        );
        expected.push(`${cell.route} × ${p.name}: ${cell.allowed.includes(p.name) ? 'allowed' : 'denied'}`);
        expect(res.status).toBeLessThan(500);
      }
    }
    expect(outcomes).toEqual(expected);
    // Nothing changed: every allowed action carried a stale version.
    const after = await call<{ dossier: { version: number; status: string } }>(
      stack().urls.api,
      'GET',
      `/staff/dossiers/${d.dossierId}`,
      {
        headers: { authorization: `Bearer ${await stack().auth.tokenFor('lanhdao.ttpvhcc')}` },
      },
    );
    expect(after.body.dossier.status).toBe('IN_PROGRESS');
  });

  it('lets the assignee or the department head decide a step, and no other officer', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    const as = async (username: string, path: string, body: unknown) =>
      call<{ code?: string }>(stack().urls.api, 'POST', path, {
        body,
        headers: { authorization: `Bearer ${await stack().auth.tokenFor(username)}` },
      });
    const assign = async (handlerId: string) => {
      const v = (await getDossier(d.dossierId))!.dossier.version;
      const res = await as('stc.truongphong', `/staff/dossiers/${d.dossierId}/steps/S01/assign`, {
        version: v,
        handlerId,
      });
      expect(res.status).toBe(200);
      await stack().sfn.settle();
    };
    const decision = `/staff/dossiers/${d.dossierId}/steps/S01/decision`;
    // Every call below carries a stale version: an allowed one gets 409 and changes nothing.
    const stale = { action: 'REFUSE', version: 1, reasons: ['Không đủ điều kiện'] };
    // Unassigned: any officer of the department, or its head.
    expect((await as('stc.chuyenvien', decision, stale)).status).toBe(409);
    // Assigned to the head: the officer is refused, whatever the action.
    await assign('local-stc.truongphong');
    for (const action of [stale, { action: 'COMPLETE', version: 1 }]) {
      const res = await as('stc.chuyenvien', decision, action);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    expect((await as('stc.truongphong', decision, stale)).status).toBe(409);
    // Assigned to the officer: the officer and the head may decide; another department may not.
    await assign('local-stc.chuyenvien');
    expect((await as('stc.chuyenvien', decision, stale)).status).toBe(409);
    expect((await as('stc.truongphong', decision, stale)).status).toBe(409);
    expect((await as('sxd.truongphong', decision, stale)).status).toBe(404);
    expect((await getDossier(d.dossierId))!.dossier.status).toBe('IN_PROGRESS');
  });

  it('answers a dossier of another department exactly like one that does not exist', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    const headers = { authorization: `Bearer ${await stack().auth.tokenFor('sxd.chuyenvien')}` };
    const other = await call(stack().urls.api, 'GET', `/staff/dossiers/${d.dossierId}`, { headers });
    const missing = await call(
      stack().urls.api,
      'GET',
      '/staff/dossiers/00000000-0000-4000-8000-000000000000',
      { headers },
    );
    expect(other.status).toBe(404);
    expect({ ...other.body, requestId: undefined }).toEqual({ ...missing.body, requestId: undefined });
  });

  it('refuses a missing, expired, tampered or foreign token on every staff route with 401', async () => {
    const d = await submit(stack());
    const good = await stack().auth.tokenFor('quantri');
    const expired = await stack().auth.tokenFor('quantri', { expiresInSeconds: -60 });
    const [h, p, sig] = good.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString('utf8'));
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['role-administrator'], sub: 'someone-else' })).toString('base64url')}.${sig}`;
    const foreign = await (
      await startLocalAuth({
        issuer: 'https://attacker.example/auth',
        users: stack().auth.users,
        now: () => stack().clock.now(),
      })
    ).tokenFor('quantri');
    const otherKeySameIssuer = await (
      await startLocalAuth({
        issuer: stack().auth.issuer,
        users: stack().auth.users,
        now: () => stack().clock.now(),
      })
    ).tokenFor('quantri');
    for (const cell of MATRIX) {
      const { method, path, body } = cell.request(d);
      for (const authorization of [
        undefined,
        'Bearer',
        `Bearer ${expired}`,
        `Bearer ${forged}`,
        `Bearer ${foreign}`,
        `Bearer ${otherKeySameIssuer}`,
        good,
      ]) {
        const res = await call(stack().urls.api, method, path, {
          ...(body === undefined ? {} : { body }),
          headers: authorization ? { authorization } : {},
        });
        expect(res.status, `${cell.route} with ${authorization?.slice(0, 20)}`).toBe(401);
      }
    }
  });
});
