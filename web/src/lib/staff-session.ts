import { principalFromGroups, type StaffPrincipal } from '../../../shared/contracts/auth.ts';
import { WEB_ROUTES } from '../../../shared/contracts/web-routes.ts';

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
  return next?.startsWith(`${WEB_ROUTES.staffHome}/`) &&
    next[WEB_ROUTES.staffHome.length + 1] !== '/' &&
    !next.startsWith(WEB_ROUTES.staffLogin) &&
    !next.includes('//')
    ? next
    : WEB_ROUTES.staffInbox;
}

/*
 * Sign-in through the Cognito hosted UI (AWS): OAuth 2.0 authorization code with PKCE (RFC 7636).
 * The login page sends the browser to `/oauth2/authorize` with an S256 challenge, a random `state`
 * and a `nonce`; Cognito sends it back to the login page with `code` and `state`; the page checks
 * `state`, exchanges the code with the verifier at `/oauth2/token` and keeps the ID token (after
 * checking its audience and nonce) in sessionStorage like any other. The verifier, state and nonce
 * wait in sessionStorage for one round trip only. Locally the demo login replaces all of this.
 */
const PKCE_KEY = 'motcua.staffPkce';

/** How long a started sign-in may take before its pending state is refused. */
const PKCE_MAX_AGE_MS = 10 * 60_000;

export interface HostedUi {
  /** `https://<prefix>.auth.<region>.amazoncognito.com` */
  domain: string;
  clientId: string;
}

interface PendingSignIn {
  state: string;
  verifier: string;
  nonce: string;
  next: string;
  redirectUri: string;
  startedAt: number;
}

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function base64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A random string of unreserved characters (43 for 32 bytes: within RFC 7636's 43–128). */
export function randomToken(bytes = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The S256 code challenge of a verifier: BASE64URL(SHA-256(ASCII(verifier))). */
export async function codeChallenge(verifier: string): Promise<string> {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) throw new Error('invalid PKCE code verifier');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** The hosted UI's authorize URL for a code + PKCE sign-in. */
export function authorizeUrl(
  ui: HostedUi,
  p: { redirectUri: string; state: string; nonce: string; challenge: string },
) {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: ui.clientId,
    redirect_uri: p.redirectUri,
    scope: 'openid email profile',
    state: p.state,
    nonce: p.nonce,
    code_challenge: p.challenge,
    code_challenge_method: 'S256',
  });
  return `${ui.domain}/oauth2/authorize?${q}`;
}

/** Starts a sign-in: keeps verifier, state and nonce for the return trip; returns where to go. */
export async function beginHostedSignIn(
  ui: HostedUi,
  redirectUri: string,
  next: string,
  storage: KeyValueStorage = sessionStorage,
  now = Date.now(),
): Promise<string> {
  const pending: PendingSignIn = {
    state: randomToken(),
    verifier: randomToken(48),
    nonce: randomToken(),
    next: safeNext(next),
    redirectUri,
    startedAt: now,
  };
  storage.setItem(PKCE_KEY, JSON.stringify(pending));
  return authorizeUrl(ui, { ...pending, challenge: await codeChallenge(pending.verifier) });
}

export type HostedSignInResult =
  | { ok: true; session: StaffSession; next: string }
  /** `denied`: Cognito answered with an error; `state`: no matching sign-in was started here (or it is too old); `exchange`: /oauth2/token refused; `token`: the ID token is not for this client or sign-in. */
  | { ok: false; reason: 'denied' | 'state' | 'exchange' | 'token' };

/** Whether the login page was opened by the hosted UI's redirect. */
export const isHostedCallback = (params: URLSearchParams) =>
  params.has('state') && (params.has('code') || params.has('error'));

/**
 * Finishes a sign-in on the redirect back: checks `state` against the one this tab started (once),
 * exchanges the code with the verifier, checks the ID token's audience and nonce, and signs in.
 */
export async function completeHostedSignIn(
  ui: HostedUi,
  params: URLSearchParams,
  storage: KeyValueStorage = sessionStorage,
  now = Date.now(),
): Promise<HostedSignInResult> {
  let pending: PendingSignIn | undefined;
  try {
    pending = JSON.parse(storage.getItem(PKCE_KEY) ?? 'null') ?? undefined;
  } catch {
    pending = undefined;
  }
  // One use only, whatever happens next.
  storage.removeItem(PKCE_KEY);
  const state = params.get('state');
  if (!pending || !state || state !== pending.state || now - pending.startedAt > PKCE_MAX_AGE_MS)
    return { ok: false, reason: 'state' };
  if (params.has('error')) return { ok: false, reason: 'denied' };
  const code = params.get('code');
  if (!code) return { ok: false, reason: 'exchange' };
  let idToken: unknown;
  try {
    const res = await fetch(`${ui.domain}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: ui.clientId,
        code,
        redirect_uri: pending.redirectUri,
        code_verifier: pending.verifier,
      }),
    });
    if (!res.ok) return { ok: false, reason: 'exchange' };
    idToken = ((await res.json()) as { id_token?: unknown }).id_token;
  } catch {
    return { ok: false, reason: 'exchange' };
  }
  if (typeof idToken !== 'string') return { ok: false, reason: 'exchange' };
  // Display checks only (the API's authorizer verifies the signature): this client, this sign-in.
  const raw = rawClaims(idToken);
  const aud = raw?.aud;
  const forUs = Array.isArray(aud) ? aud.includes(ui.clientId) : aud === ui.clientId;
  if (!raw || !forUs || raw.nonce !== pending.nonce || raw.token_use !== 'id')
    return { ok: false, reason: 'token' };
  const session = signIn(idToken);
  return session ? { ok: true, session, next: pending.next } : { ok: false, reason: 'token' };
}

/** The hosted UI's sign-out, which ends its session too and comes back to the login page. */
export function hostedSignOutUrl(ui: HostedUi, logoutUri: string): string {
  return `${ui.domain}/logout?${new URLSearchParams({ client_id: ui.clientId, logout_uri: logoutUri })}`;
}

function rawClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    return JSON.parse(base64UrlDecode(parts[1]!)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
