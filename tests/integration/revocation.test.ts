import { describe, expect, it } from 'vitest';
import { PROFILE_CACHE_MS } from '../../shared/http/session.ts';
import { call, useLocalStack } from '../support/api.ts';
import { MON_2026_03_02_0900, staff } from '../support/workflow.ts';

/**
 * Revocation at once (shared/http/session.ts): a token issued before a staff member was disabled
 * or moved is refused on the next request once the profile cache (≤ 60 s, on the local clock) has
 * turned over, though the token itself is still unexpired and its signature valid.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900 });

const tokenOf = async (username: string) =>
  (await call<{ token: string }>(stack().urls.api, 'POST', '/_local/auth/token', { body: { username } })).body
    .token;
const as = (token: string, path: string) =>
  call<{ code?: string }>(stack().urls.api, 'GET', path, { headers: { authorization: `Bearer ${token}` } });

async function newOfficer(email: string, departmentId = 'STC'): Promise<string> {
  const created = await staff<{ userId: string }>(stack(), 'POST', '/admin/staff-users', {
    email,
    name: 'Cán Bộ Thử',
    role: 'DEPARTMENT_OFFICER',
    departmentId,
  });
  expect(created.status).toBe(201);
  return created.body.userId;
}

describe('revocation takes effect at once', () => {
  it('caches the profile at most 60 seconds', () => {
    expect(PROFILE_CACHE_MS).toBeLessThanOrEqual(60_000);
  });

  it('refuses a token issued before the account was disabled', async () => {
    const id = await newOfficer('thu.hoi@stc.local');
    const token = await tokenOf('thu.hoi@stc.local');
    expect((await as(token, '/staff/inbox?view=all')).status).toBe(200);
    await stack().clock.advance(2_000);
    const disabled = await staff(stack(), 'PATCH', `/admin/staff-users/${encodeURIComponent(id)}`, {
      disabled: true,
    });
    expect(disabled.status).toBe(200);
    await stack().clock.advance(PROFILE_CACHE_MS);
    const refused = await as(token, '/staff/inbox?view=all');
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('SESSION_REVOKED');
    // …on every staff route, not only the one it used
    expect((await as(token, '/staff/notifications')).status).toBe(401);
  });

  it('refuses the old token of a moved officer, and accepts the token issued after the move', async () => {
    const id = await newOfficer('chuyen.so@stc.local');
    const before = await tokenOf('chuyen.so@stc.local');
    expect((await as(before, '/staff/inbox?view=all')).status).toBe(200);
    await stack().clock.advance(2_000);
    const moved = await staff(stack(), 'PATCH', `/admin/staff-users/${encodeURIComponent(id)}`, {
      departmentId: 'SXD',
    });
    expect(moved.status).toBe(200);
    await stack().clock.advance(PROFILE_CACHE_MS);
    expect((await as(before, '/staff/inbox?view=all')).body.code).toBe('SESSION_REVOKED');
    const after = await tokenOf('chuyen.so@stc.local');
    expect((await as(after, '/staff/inbox?view=all')).status).toBe(200);
  });

  it('refuses at once when the profile was not read within the cache time', async () => {
    const id = await newOfficer('ngay.lap.tuc@stc.local');
    const token = await tokenOf('ngay.lap.tuc@stc.local');
    await stack().clock.advance(2_000);
    await staff(stack(), 'PATCH', `/admin/staff-users/${encodeURIComponent(id)}`, { disabled: true });
    expect((await as(token, '/staff/inbox?view=all')).status).toBe(401);
  });

  it('leaves the other staff signed in', async () => {
    const token = await tokenOf('stc.chuyenvien');
    expect((await as(token, '/staff/inbox?view=all')).status).toBe(200);
  });
});
