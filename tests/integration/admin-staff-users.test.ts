import { describe, expect, it } from 'vitest';
import { startLocalAuth } from '../../infra/local/auth.ts';
import { call, useLocalStack } from '../support/api.ts';
import { MON_2026_03_02_0900, staff } from '../support/workflow.ts';

/**
 * Staff users administered in the workspace, on the local stack: the local issuer's store stands
 * in for Cognito (the Cognito adapter has its own unit test). A user created here can sign in at
 * once, moves with a role change, and cannot sign in once disabled; all of it survives a restart
 * of the issuer (the profiles are in the table) and every change is audited without personal data.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900 });

interface User {
  userId: string;
  username: string;
  name: string;
  email: string;
  role: string;
  departmentId?: string;
  disabled: boolean;
}

const EMAIL = 'ly.thi.moi@stc.local';
const NAME = 'Lý Thị Mới';

const tokenEndpoint = (username: string) =>
  call<{ token?: string }>(stack().urls.api, 'POST', '/_local/auth/token', { body: { username } });

const groupsOf = (token: string) =>
  (
    JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
      'cognito:groups': string[];
    }
  )['cognito:groups'];

describe('staff users', () => {
  it('creates a user who can sign in at once, changes their role, then disables them', async () => {
    const created = await staff<User>(stack(), 'POST', '/admin/staff-users', {
      email: EMAIL,
      name: NAME,
      role: 'DEPARTMENT_OFFICER',
      departmentId: 'STC',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      userId: `local-${EMAIL}`,
      role: 'DEPARTMENT_OFFICER',
      departmentId: 'STC',
    });
    const id = created.body.userId;

    // The web app's local sign-in lists the new user, and the token endpoint knows them.
    const listedForSignIn = await call<{ items: { username: string; name: string }[] }>(
      stack().urls.api,
      'GET',
      '/_local/auth/users',
    );
    expect(listedForSignIn.body.items).toContainEqual(
      expect.objectContaining({ username: EMAIL, name: NAME }),
    );
    const token = (await tokenEndpoint(EMAIL)).body.token!;
    expect(groupsOf(token).sort()).toEqual(['dept-STC', 'role-department-officer']);
    const inbox = await call(stack().urls.api, 'GET', '/staff/inbox?view=all', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(inbox.status).toBe(200);

    // Listed for the administrator and in the department's directory (the head's assignment list).
    const listed = await staff<{ items: User[] }>(stack(), 'GET', '/admin/staff-users?unit=STC');
    expect(listed.body.items.map((u) => u.userId)).toContain(id);
    const all = await staff<{ items: User[] }>(stack(), 'GET', '/admin/staff-users');
    expect(all.body.items.map((u) => u.userId)).toEqual(expect.arrayContaining([id, 'local-quantri']));
    const officers = await staff<{ items: { userId: string }[] }>(
      stack(),
      'GET',
      '/staff/officers?department=STC',
      undefined,
      'stc.truongphong',
    );
    expect(JSON.stringify(officers.body)).toContain(id);

    // Promoted to head of another department: the next token carries the new groups.
    const moved = await staff<User>(stack(), 'PATCH', `/admin/staff-users/${encodeURIComponent(id)}`, {
      role: 'DEPARTMENT_HEAD',
      departmentId: 'SXD',
    });
    expect(moved.status).toBe(200);
    expect(groupsOf((await tokenEndpoint(EMAIL)).body.token!).sort()).toEqual([
      'dept-SXD',
      'role-department-head',
    ]);

    // A centre role with a department, or a department role without one, is refused.
    const mismatch = await staff<{ code: string }>(
      stack(),
      'PATCH',
      `/admin/staff-users/${encodeURIComponent(id)}`,
      {
        role: 'RECEPTION_OFFICER',
      },
    );
    expect(mismatch.status).toBe(400);

    // Disabled: no new token, listed as disabled, gone from the department's directory.
    const disabled = await staff<User>(stack(), 'PATCH', `/admin/staff-users/${encodeURIComponent(id)}`, {
      disabled: true,
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled).toBe(true);
    expect((await tokenEndpoint(EMAIL)).status).toBe(404);
    expect(stack().auth.users.map((u) => u.username)).not.toContain(EMAIL);
    const signInList = await call<{ items: { username: string }[] }>(
      stack().urls.api,
      'GET',
      '/_local/auth/users',
    );
    expect(signInList.body.items.map((u) => u.username)).not.toContain(EMAIL);
    const afterAll = await staff<{ items: User[] }>(stack(), 'GET', '/admin/staff-users');
    expect(afterAll.body.items.find((u) => u.userId === id)?.disabled).toBe(true);
    const sxd = await staff<{ items: User[] }>(stack(), 'GET', '/admin/staff-users?unit=SXD');
    expect(sxd.body.items.map((u) => u.userId)).not.toContain(id);

    // A restarted issuer reads the same state from the table.
    const restarted = await startLocalAuth({
      issuer: stack().auth.issuer,
      users: [],
      now: () => stack().clock.now(),
      fromTable: true,
    });
    expect(restarted.users.map((u) => u.username)).toContain('stc.chuyenvien');
    expect(restarted.users.map((u) => u.username)).not.toContain(EMAIL);

    // Audited: who did what to whom, with roles and departments but no name or email.
    const audit = await staff<{
      items: { action: string; target: string; actor: string; summary: string }[];
    }>(stack(), 'GET', '/admin/audit?month=2026-03');
    const mine = audit.body.items.filter((i) => i.target === `USER#${id}`);
    expect(mine.map((i) => i.action)).toEqual([
      'STAFF_USER_CREATED',
      'STAFF_USER_UPDATED',
      'STAFF_USER_DISABLED',
    ]);
    for (const i of mine) {
      expect(i.actor).toBe('local-quantri');
      expect(i.summary).not.toContain(NAME);
      expect(i.summary).not.toContain(EMAIL);
    }
    expect(mine[1]!.summary).toBe('DEPARTMENT_HEAD · SXD');
  });

  it('refuses a duplicate, an unknown department, bad input and locking oneself out', async () => {
    const body = { email: 'trung.lap@ttpvhcc.local', name: 'Trùng Lặp', role: 'RECEPTION_OFFICER' };
    expect((await staff(stack(), 'POST', '/admin/staff-users', body)).status).toBe(201);
    const dup = await staff<{ code: string }>(stack(), 'POST', '/admin/staff-users', body);
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('STAFF_USER_EXISTS');

    const unknownDept = await staff<{ errors: { path: string }[] }>(stack(), 'POST', '/admin/staff-users', {
      email: 'x@y.local',
      name: 'Không Cơ Quan',
      role: 'DEPARTMENT_OFFICER',
      departmentId: 'ZZZ',
    });
    expect(unknownDept.status).toBe(400);
    expect(unknownDept.body.errors.map((e) => e.path)).toContain('departmentId');
    const noDept = await staff<{ errors: { path: string }[] }>(stack(), 'POST', '/admin/staff-users', {
      email: 'x@y.local',
      name: 'Không Cơ Quan',
      role: 'DEPARTMENT_HEAD',
    });
    expect(noDept.status).toBe(400);
    expect(noDept.body.errors.map((e) => e.path)).toContain('departmentId');

    const missing = await staff<{ code: string }>(stack(), 'PATCH', '/admin/staff-users/local-nobody', {
      disabled: true,
    });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('STAFF_USER_NOT_FOUND');
    const empty = await staff(stack(), 'PATCH', '/admin/staff-users/local-stc.chuyenvien', {});
    expect(empty.status).toBe(400);
    const self = await staff(stack(), 'PATCH', '/admin/staff-users/local-quantri', { disabled: true });
    expect(self.status).toBe(403);
    expect((await tokenEndpoint('quantri')).status).toBe(200);
  });
});
