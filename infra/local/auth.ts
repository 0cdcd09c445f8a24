import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { listStaffUsers } from '../../shared/adapters/staff-users.ts';
import { onLocalStaffUserChange } from '../../shared/adapters/staff-users-local.ts';
import type { StaffUser } from '../../shared/contracts/admin.ts';
import { departmentGroup, type Role, roleGroup } from '../../shared/contracts/auth.ts';

/**
 * The local stand-in for Cognito and API Gateway's JWT authorizer: signs staff tokens of the same
 * shape as Cognito ID tokens (`cognito:groups` with a role group and a department group) for the
 * seeded demo users and for the users an administrator adds in the workspace, and verifies them on
 * staff routes as the authorizer would (signature, issuer, audience, expiry). Keys live in memory:
 * tokens die with the process. Users: data/staff-users.local.json, then the staff profiles in the
 * table (which win: an administrator may have moved a seeded user), kept current while running
 * (shared/adapters/staff-users-local.ts); a disabled user gets no new token, as in Cognito.
 */
export interface LocalUser {
  username: string;
  name: string;
  email: string;
  role: Role;
  departmentId?: string;
}

export const LOCAL_AUDIENCE = 'motcua-local-staff';

export interface LocalAuth {
  issuer: string;
  /** The users who may sign in now (disabled ones are left out). */
  readonly users: LocalUser[];
  tokenFor(username: string, opts?: { expiresInSeconds?: number; extraGroups?: string[] }): Promise<string>;
  /** API Gateway JWT authorizer semantics: the claims, or undefined for any bad token. */
  verify(token: string): Promise<JWTPayload | undefined>;
  jwks(): Promise<{ keys: unknown[] }>;
  /** The local-only login page: pick a seeded user, get a token. */
  loginPage(apiUrl: string): string;
}

export function loadLocalUsers(repoRoot: string): LocalUser[] {
  const file = JSON.parse(readFileSync(path.join(repoRoot, 'data', 'staff-users.local.json'), 'utf8')) as {
    users: LocalUser[];
  };
  return file.users;
}

export async function startLocalAuth(opts: {
  issuer: string;
  users: LocalUser[];
  now: () => number;
  /** Read and follow the staff profiles in the table (default: when a table is configured). */
  fromTable?: boolean;
}): Promise<LocalAuth> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = 'motcua-local-1';
  const byName = new Map(opts.users.map((u) => [u.username, u]));
  const apply = (u: StaffUser) => {
    if (u.disabled) {
      byName.delete(u.username);
      return;
    }
    byName.set(u.username, {
      username: u.username,
      name: u.name,
      email: u.email,
      role: u.role,
      ...(u.departmentId ? { departmentId: u.departmentId } : {}),
    });
  };
  if (opts.fromTable ?? Boolean(process.env.TABLE_NAME)) {
    for (const u of await listStaffUsers()) apply(u);
    onLocalStaffUserChange(apply);
  }
  return {
    issuer: opts.issuer,
    get users() {
      return [...byName.values()];
    },
    async tokenFor(username, o = {}) {
      const user = byName.get(username);
      if (!user) throw new Error(`no local user ${username}`);
      const groups = [
        roleGroup(user.role),
        ...(user.departmentId ? [departmentGroup(user.departmentId)] : []),
      ];
      const iat = Math.floor(opts.now() / 1000);
      return new SignJWT({
        'cognito:groups': [...groups, ...(o.extraGroups ?? [])],
        'cognito:username': user.username,
        email: user.email,
        name: user.name,
        token_use: 'id',
      })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setSubject(`local-${user.username}`)
        .setIssuer(opts.issuer)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt(iat)
        .setExpirationTime(iat + (o.expiresInSeconds ?? 8 * 3600))
        .sign(privateKey);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, publicKey, {
          issuer: opts.issuer,
          audience: LOCAL_AUDIENCE,
          algorithms: ['ES256'],
          currentDate: new Date(opts.now()),
        });
        return payload;
      } catch {
        return undefined;
      }
    },
    async jwks() {
      return { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] };
    },
    loginPage(apiUrl) {
      const rows = [...byName.values()]
        .map(
          (u) =>
            `<li><button type="button" data-user="${escapeHtml(u.username)}">${escapeHtml(u.name)}</button> <span>${u.role}${u.departmentId ? ` · ${u.departmentId}` : ''}</span></li>`,
        )
        .join('\n');
      return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Đăng nhập (chỉ dùng khi chạy thử) — Một Cửa</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}button{font:inherit;padding:.4rem .8rem;margin:.2rem 0}button:focus{outline:3px solid #fd0;outline-offset:2px}output{display:block;word-break:break-all;background:#f3f2f1;padding:.5rem;margin-top:1rem}</style></head>
<body><main><h1>Đăng nhập cán bộ (môi trường chạy thử)</h1>
<p>Trang này chỉ có ở máy cục bộ. Chọn một tài khoản mẫu để nhận mã đăng nhập (JWT).</p>
<ul>${rows}</ul><output id="token" aria-live="polite"></output></main>
<script>
for (const b of document.querySelectorAll('button[data-user]')) b.addEventListener('click', async () => {
  const r = await fetch('${apiUrl}/_local/auth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: b.dataset.user }) });
  const j = await r.json(); sessionStorage.setItem('motcua.staffToken', j.token);
  document.getElementById('token').textContent = 'Đã đăng nhập: ' + b.textContent + '. Mã: ' + j.token;
});
</script></body></html>`;
    },
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** API Gateway passes array claims to the integration flattened as "[a b]". */
export function gatewayClaims(payload: JWTPayload): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(payload)) {
    if (Array.isArray(v)) out[k] = `[${v.join(' ')}]`;
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const isLoopbackAddress = (a: string | undefined) =>
  !!a && (/^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(a) || a === '::1');

/** `http://127.0.0.1:<port>`, `http://localhost:<port>` or `http://[::1]:<port>`: a page served on this machine. */
function isLoopbackOrigin(origin: string): boolean {
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' && LOOPBACK_HOSTS.has(u.hostname) && u.origin === origin;
  } catch {
    return false;
  }
}

/**
 * The doors of the local stack that change something (a staff token for any demo user, including
 * the administrator; the clock) are for the developer at this machine only. A developer's laptop
 * is a real machine with a browser open on other sites while `npm start` runs, so a request is
 * refused (with the reason) unless it:
 * - comes over loopback;
 * - names this gateway in `Host` as `127.0.0.1`, `localhost` or `[::1]` with its own port (a
 *   DNS-rebound name such as `attacker.example` resolving to 127.0.0.1 is refused);
 * - is JSON (`Content-Type: application/json`, which a cross-site form or a "simple" fetch cannot
 *   send without a CORS preflight);
 * - is not cross-site: an `Origin` header, when present, is a page served on this machine (the
 *   local web app or the gateway's own login page), and `Sec-Fetch-Site` is not `cross-site`.
 */
export function localDoorRefusal(req: IncomingMessage): string | undefined {
  if (!isLoopbackAddress(req.socket.remoteAddress)) return 'only from this machine (loopback)';
  const port = req.socket.localPort;
  const host = (req.headers.host ?? '').toLowerCase();
  const hostOk = [...LOOPBACK_HOSTS].some((h) => host === `${h}:${port}`);
  if (!hostOk) return `only with Host 127.0.0.1:${port} or localhost:${port}`;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return 'only with Content-Type: application/json';
  const origin = req.headers.origin;
  if (origin !== undefined && !isLoopbackOrigin(origin)) return 'no cross-origin requests';
  if (req.headers['sec-fetch-site'] === 'cross-site') return 'no cross-site requests';
  return undefined;
}
