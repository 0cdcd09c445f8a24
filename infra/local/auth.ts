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
  };
}

/**
 * The web app's config.json as `npm start` writes it: the local API, the local sign-in, and the demo
 * accounts it lists (an AWS build's config.json has none of these).
 */
export function localWebConfig(apiUrl: string, users: readonly LocalUser[]) {
  return {
    apiBaseUrl: apiUrl,
    localAuth: true,
    localStaffUsers: users.map((u) => ({
      username: u.username,
      name: u.name,
      role: u.role,
      ...(u.departmentId ? { departmentId: u.departmentId } : {}),
    })),
  };
}

/**
 * Where `/_local/login` sends the developer: the web app's staff sign-in, which lists the demo
 * accounts locally, with a `next` staff path carried along when it is one (the page checks it again).
 */
export function localLoginRedirect(webUrl: string, next: string | null): string {
  const target = new URL('/can-bo/dang-nhap', webUrl); // web/src/lib/staff-api.ts LOGIN_PATH
  if (next && /^\/can-bo\/[\w\-/%.?=&]*$/.test(next) && !next.includes('//'))
    target.searchParams.set('next', next);
  return target.href;
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
 *   send without a CORS preflight) — for a request with a body; the read-only list of demo accounts
 *   (`GET /_local/auth/users`) has none, and keeps the other checks;
 * - is not cross-site: an `Origin` header, when present, is a page served on this machine (the
 *   local web app), and `Sec-Fetch-Site` is not `cross-site`.
 */
export function localDoorRefusal(req: IncomingMessage, opts: { json?: boolean } = {}): string | undefined {
  if (!isLoopbackAddress(req.socket.remoteAddress)) return 'only from this machine (loopback)';
  const port = req.socket.localPort;
  const host = (req.headers.host ?? '').toLowerCase();
  const hostOk = [...LOOPBACK_HOSTS].some((h) => host === `${h}:${port}`);
  if (!hostOk) return `only with Host 127.0.0.1:${port} or localhost:${port}`;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if ((opts.json ?? true) && type !== 'application/json') return 'only with Content-Type: application/json';
  const origin = req.headers.origin;
  if (origin !== undefined && !isLoopbackOrigin(origin)) return 'no cross-origin requests';
  if (req.headers['sec-fetch-site'] === 'cross-site') return 'no cross-site requests';
  return undefined;
}
