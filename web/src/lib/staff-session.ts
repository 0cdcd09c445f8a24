import { principalFromGroups, type StaffPrincipal } from '../../../shared/contracts/auth.ts';

/**
 * The signed-in staff member: the ID token (Cognito in AWS, the local issuer when running locally)
 * kept in sessionStorage — never localStorage — so it dies with the tab. Its claims (name, groups)
 * are decoded for display and to choose which actions to offer; the API verifies the token and
 * decides what is allowed, never this code.
 */
const STORAGE_KEY = 'motcua.staffToken';

export interface StaffClaims {
  sub: string;
  username: string;
  name: string;
  email?: string;
  groups: string[];
  /** Expiry (seconds since the epoch), shown only; the API's answer (401) is what counts. */
  exp?: number;
}

export interface StaffSession {
  token: string;
  claims: StaffClaims;
  principal: StaffPrincipal;
}

function base64UrlDecode(part: string): string {
  const b64 = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The claims of a JWT, unverified (display only); undefined when it is not a JWT. */
export function decodeClaims(token: string): StaffClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const p = JSON.parse(base64UrlDecode(parts[1]!)) as Record<string, unknown>;
    if (typeof p.sub !== 'string') return undefined;
    const groups = Array.isArray(p['cognito:groups'])
      ? p['cognito:groups'].filter((g): g is string => typeof g === 'string')
      : [];
    const username = typeof p['cognito:username'] === 'string' ? p['cognito:username'] : p.sub;
    return {
      sub: p.sub,
      username,
      name: typeof p.name === 'string' ? p.name : username,
      ...(typeof p.email === 'string' ? { email: p.email } : {}),
      groups,
      ...(typeof p.exp === 'number' ? { exp: p.exp } : {}),
    };
  } catch {
    return undefined;
  }
}

const listeners = new Set<() => void>();
const emit = () => {
  for (const l of listeners) l();
};

/** Called when the session or the unread count changes (the header's staff navigation). */
export function onStaffChange(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function currentSession(): StaffSession | undefined {
  let token: string | null = null;
  try {
    token = sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return undefined;
  }
  if (!token) return undefined;
  const claims = decodeClaims(token);
  if (!claims) return undefined;
  return { token, claims, principal: principalFromGroups(claims.sub, claims.groups) };
}

export function signIn(token: string): StaffSession | undefined {
  const claims = decodeClaims(token);
  if (!claims) return undefined;
  sessionStorage.setItem(STORAGE_KEY, token);
  unread = undefined;
  emit();
  return { token, claims, principal: principalFromGroups(claims.sub, claims.groups) };
}

export function signOut() {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage disabled
  }
  unread = undefined;
  emit();
}

let unread: number | undefined;
export const unreadCount = () => unread;
export function setUnreadCount(n: number) {
  if (n === unread) return;
  unread = n;
  emit();
}

/** Only paths of the workspace are followed after signing in (no open redirect). */
export function safeNext(next: string | null | undefined): string {
  return next && /^\/can-bo\/[^/]/.test(next) && !next.startsWith('/can-bo/dang-nhap') && !next.includes('//')
    ? next
    : '/can-bo/ho-so';
}
