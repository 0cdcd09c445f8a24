import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  authorizeUrl,
  beginHostedSignIn,
  codeChallenge,
  completeHostedSignIn,
  currentSession,
  type HostedUi,
  hostedSignOutUrl,
  isHostedCallback,
  randomToken,
} from '../../web/src/lib/staff-session.ts';

/**
 * The staff sign-in through the Cognito hosted UI (web/src/lib/staff-session.ts): PKCE helpers on
 * Node's WebCrypto, and the whole round trip against a small HTTP server that plays Cognito's
 * /oauth2/token — it refuses a code verifier that does not hash to the challenge it was given.
 */
class MemoryStorage {
  private items = new Map<string, string>();
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, String(v));
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
  keys() {
    return [...this.items.keys()];
  }
}

const REDIRECT = 'https://motcua.example.gov.vn/can-bo/dang-nhap';
const CLIENT = 'webclient123';
const b64url = (s: string) => Buffer.from(s).toString('base64url');
const jwt = (claims: Record<string, unknown>) =>
  `${b64url(JSON.stringify({ alg: 'RS256', kid: 'k' }))}.${b64url(JSON.stringify(claims))}.c2ln`;

/** What the fake Cognito knows: the challenge and nonce of each code it issued. */
const issued = new Map<string, { challenge: string; nonce: string; aud: string }>();
const requests: URLSearchParams[] = [];
let server: Server;
let ui: HostedUi;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const form = new URLSearchParams(body);
      requests.push(form);
      const grant = issued.get(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const ok =
        req.method === 'POST' &&
        req.url === '/oauth2/token' &&
        (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') &&
        form.get('grant_type') === 'authorization_code' &&
        form.get('client_id') === CLIENT &&
        form.get('redirect_uri') === REDIRECT &&
        grant !== undefined &&
        createHash('sha256').update(verifier).digest('base64url') === grant.challenge;
      if (!ok) {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_grant"}');
        return;
      }
      issued.delete(form.get('code')!);
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id_token: jwt({
            sub: 'u-1',
            aud: grant.aud,
            nonce: grant.nonce,
            token_use: 'id',
            name: 'Trần Thị Trưởng Phòng',
            'cognito:username': 'truongphong',
            'cognito:groups': ['role-department-head', 'dept-STC'],
            exp: 9_999_999_999,
          }),
          access_token: 'a',
          token_type: 'Bearer',
          expires_in: 3600,
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  ui = { domain: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, clientId: CLIENT };
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
  // The app keeps the ID token in sessionStorage: this tab's storage.
  vi.stubGlobal('sessionStorage', storage);
  requests.length = 0;
});

/** The hosted UI's part: read the authorize URL and redirect back with a code and the state. */
function cognitoRedirect(url: string, opts: { aud?: string; nonce?: string } = {}) {
  const q = new URL(url).searchParams;
  const code = randomToken(16);
  issued.set(code, {
    challenge: q.get('code_challenge')!,
    nonce: opts.nonce ?? q.get('nonce')!,
    aud: opts.aud ?? q.get('client_id')!,
  });
  return new URLSearchParams({ code, state: q.get('state')! });
}

describe('PKCE helpers', () => {
  it('computes the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes random verifiers of unreserved characters within 43–128, never the same twice', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const v = randomToken(48);
      expect(v).toMatch(/^[A-Za-z0-9_-]{64}$/);
      seen.add(v);
    }
    expect(seen.size).toBe(200);
    expect(randomToken()).toHaveLength(43);
    await expect(codeChallenge(randomToken())).resolves.toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a verifier RFC 7636 does not allow', async () => {
    await expect(codeChallenge('too-short')).rejects.toThrow(/verifier/);
    await expect(codeChallenge(`${'a'.repeat(43)}+`)).rejects.toThrow(/verifier/);
    await expect(codeChallenge('a'.repeat(129))).rejects.toThrow(/verifier/);
  });

  it('builds the authorize and logout URLs of the hosted UI', () => {
    const url = new URL(authorizeUrl(ui, { redirectUri: REDIRECT, state: 's', nonce: 'n', challenge: 'c' }));
    expect(url.pathname).toBe('/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: CLIENT,
      redirect_uri: REDIRECT,
      scope: 'openid email profile',
      state: 's',
      nonce: 'n',
      code_challenge: 'c',
      code_challenge_method: 'S256',
    });
    const out = new URL(hostedSignOutUrl(ui, REDIRECT));
    expect(out.pathname).toBe('/logout');
    expect(out.searchParams.get('logout_uri')).toBe(REDIRECT);
    expect(isHostedCallback(new URLSearchParams('code=a&state=b'))).toBe(true);
    expect(isHostedCallback(new URLSearchParams('next=/can-bo/ho-so'))).toBe(false);
  });
});

describe('hosted UI sign-in (authorization code + PKCE)', () => {
  it('starts with an S256 challenge of the verifier it keeps, and no secret in the URL', async () => {
    const url = new URL(await beginHostedSignIn(ui, REDIRECT, '/can-bo/ho-so/abc', storage));
    const pending = JSON.parse(storage.getItem('motcua.staffPkce')!);
    expect(url.searchParams.get('state')).toBe(pending.state);
    expect(url.searchParams.get('code_challenge')).toBe(await codeChallenge(pending.verifier));
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.toString()).not.toContain(pending.verifier);
    expect(pending.next).toBe('/can-bo/ho-so/abc');
    // Somewhere outside the workspace is not followed afterwards (no open redirect).
    await beginHostedSignIn(ui, REDIRECT, '//evil.example/x', storage);
    expect(JSON.parse(storage.getItem('motcua.staffPkce')!).next).toBe('/can-bo/ho-so');
  });

  it('exchanges the code with the verifier, keeps the ID token in sessionStorage and goes on', async () => {
    const back = cognitoRedirect(await beginHostedSignIn(ui, REDIRECT, '/can-bo/thong-bao', storage));
    const r = await completeHostedSignIn(ui, back, storage);
    expect(r).toMatchObject({ ok: true, next: '/can-bo/thong-bao' });
    expect(requests).toHaveLength(1);
    expect(currentSession()?.principal).toEqual({
      id: 'u-1',
      roles: ['DEPARTMENT_HEAD'],
      departmentId: 'STC',
    });
    expect(storage.keys()).toEqual(['motcua.staffToken']);
    // The same redirect again (a reload, a replayed URL) signs in nobody: the pending state is gone.
    expect(await completeHostedSignIn(ui, back, storage)).toEqual({ ok: false, reason: 'state' });
  });

  it('refuses a state it did not start, without calling the token endpoint', async () => {
    const back = cognitoRedirect(await beginHostedSignIn(ui, REDIRECT, '/can-bo/ho-so', storage));
    back.set('state', randomToken());
    expect(await completeHostedSignIn(ui, back, storage)).toEqual({ ok: false, reason: 'state' });
    expect(requests).toHaveLength(0);
    expect(currentSession()).toBeUndefined();
  });

  it('refuses a sign-in that took more than ten minutes', async () => {
    const t0 = 1_770_000_000_000;
    const back = cognitoRedirect(await beginHostedSignIn(ui, REDIRECT, '/can-bo/ho-so', storage, t0));
    expect(await completeHostedSignIn(ui, back, storage, t0 + 11 * 60_000)).toEqual({
      ok: false,
      reason: 'state',
    });
    expect(requests).toHaveLength(0);
  });

  it('reports an error answer of the hosted UI as denied', async () => {
    const url = new URL(await beginHostedSignIn(ui, REDIRECT, '/can-bo/ho-so', storage));
    const back = new URLSearchParams({ error: 'access_denied', state: url.searchParams.get('state')! });
    expect(await completeHostedSignIn(ui, back, storage)).toEqual({ ok: false, reason: 'denied' });
  });

  it('fails when the verifier does not match (the token endpoint refuses)', async () => {
    const back = cognitoRedirect(await beginHostedSignIn(ui, REDIRECT, '/can-bo/ho-so', storage));
    const pending = JSON.parse(storage.getItem('motcua.staffPkce')!);
    storage.setItem('motcua.staffPkce', JSON.stringify({ ...pending, verifier: randomToken(48) }));
    expect(await completeHostedSignIn(ui, back, storage)).toEqual({ ok: false, reason: 'exchange' });
    expect(requests).toHaveLength(1);
    expect(currentSession()).toBeUndefined();
  });

  it('keeps no ID token issued for another client or another sign-in (nonce)', async () => {
    for (const wrong of [{ aud: 'someone-else' }, { nonce: 'replayed-nonce' }]) {
      const back = cognitoRedirect(await beginHostedSignIn(ui, REDIRECT, '/can-bo/ho-so', storage), wrong);
      expect(await completeHostedSignIn(ui, back, storage)).toEqual({ ok: false, reason: 'token' });
      expect(currentSession()).toBeUndefined();
    }
  });
});
