import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { build } from 'vite';
import { describe, expect, it } from 'vitest';
import { resolveEnvironment, staffSignInOrigins } from '../../infra/config/environments.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

import { buildMotcua } from '../../infra/stacks/motcua.ts';
import { buildApp, type Resource, TEST_OVERRIDES } from './support.ts';

/**
 * Staff sign in on the Cognito hosted UI: the pool's domain (prefix from the environment config)
 * and the web app's client — authorization code + PKCE only, a public client (no secret), the
 * login page of the web origins as callback and sign-out URLs — and the web app is told where.
 */
const dev = buildApp('dev');

function only(template: (typeof dev.t)['auth'], type: string): Resource {
  const found = Object.values(template.findResources(type)) as Resource[];
  expect(found, type).toHaveLength(1);
  return found[0]!;
}

/** Every file under a folder, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('staff sign-in on the Cognito hosted UI', () => {
  it("gives the pool a hosted-UI domain with the environment's prefix", () => {
    const domain = only(dev.t.auth, 'AWS::Cognito::UserPoolDomain');
    expect(domain.Properties.Domain).toBe('motcua-thainguyen-dev');
    expect(domain.Properties.ManagedLoginVersion).toBe(1); // the classic hosted UI: no branding to deploy
    expect(JSON.stringify(domain.Properties.UserPoolId)).toContain('StaffUserPool');
    expect(dev.stacks.auth.hostedUiBaseUrl).toBe(
      'https://motcua-thainguyen-dev.auth.ap-southeast-1.amazoncognito.com',
    );
  });

  it('lets the web client use the authorization code grant only, as a public client without a secret', () => {
    const client = only(dev.t.auth, 'AWS::Cognito::UserPoolClient').Properties;
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect([...(client.AllowedOAuthScopes as string[])].sort()).toEqual(['email', 'openid', 'profile']);
    expect(client.GenerateSecret).toBe(false);
    expect(client.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(client.CallbackURLs).toEqual(['https://form.example/can-bo/dang-nhap']);
    expect(client.LogoutURLs).toEqual(['https://form.example/can-bo/dang-nhap']);
    expect(JSON.stringify(client)).not.toMatch(/implicit|client_credentials/);
    expect(client.PreventUserExistenceErrors).toBe('ENABLED');
    expect(client.EnableTokenRevocation).toBe(true);
  });

  it('redirects only to the login page of the configured web origins', () => {
    // prod as checked in (with its account and certificate set): the custom domain.
    const prod = resolveEnvironment('prod', {
      account: '123456789012',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/4f1c2b1e-8a7d-4c55-9d0e-2b7c9a1e6f30',
    });
    expect(staffSignInOrigins(prod)).toEqual(['https://motcua.thainguyen.gov.vn']);
    // dev before the CloudFront domain is known: webOrigin "*" adds nothing, localhost stays.
    const firstDev = resolveEnvironment('dev');
    expect(staffSignInOrigins(firstDev)).toEqual(['http://localhost:3004']);
    // …and once it is set (-c webOrigin=…), the CloudFront origin, without any path.
    expect(
      staffSignInOrigins(resolveEnvironment('dev', { webOrigin: 'https://d111111abcdef8.cloudfront.net/' })),
    ).toEqual(['https://d111111abcdef8.cloudfront.net', 'http://localhost:3004']);
    const built = buildApp('dev', { overrides: { webOrigin: '*', webUrl: 'http://localhost:3004' } });
    const client = only(built.t.auth, 'AWS::Cognito::UserPoolClient').Properties;
    expect(client.CallbackURLs).toEqual(['http://localhost:3004/can-bo/dang-nhap']);
  });

  it('refuses a domain prefix Cognito would refuse, before any deployment', () => {
    for (const bad of ['Motcua', 'motcua_dev', '-motcua', 'motcua-cognito', 'my-aws-pool', 'a'.repeat(64)])
      expect(() => resolveEnvironment('dev', { cognitoDomainPrefix: bad }), bad).toThrow(
        /cognitoDomainPrefix/,
      );
    expect(resolveEnvironment('dev', { cognitoDomainPrefix: 'motcua-hanoi-dev' }).cognitoDomainPrefix).toBe(
      'motcua-hanoi-dev',
    );
  });

  it('tells the web app the hosted-UI domain and client in config.json, and lets it call /oauth2/token', () => {
    const deployments = Object.values(dev.t.web.findResources('Custom::CDKBucketDeployment')) as Resource[];
    const deployment = deployments.find(
      (d) => JSON.stringify(d.Properties.DistributionPaths) === '["/config.json"]',
    )!;
    // The client id is a token (a marker); the domain is plain text in the staged config.json.
    expect(JSON.stringify(deployment.Properties.SourceMarkers)).toContain('WebClient');
    const staged = files(dev.assembly.directory).filter((f) => path.basename(f) === 'config.json');
    const config = staged.map((f) => JSON.parse(readFileSync(f, 'utf8'))).find((c) => 'cognitoDomain' in c);
    expect(config).toMatchObject({
      cognitoDomain: 'https://motcua-thainguyen-dev.auth.ap-southeast-1.amazoncognito.com',
    });
    // Each marker stands for a value of the template: the client id is the web client's.
    const markers = Object.assign({}, ...(deployment.Properties.SourceMarkers as Record<string, unknown>[]));
    const resolved = (marker: string) => JSON.stringify(markers[marker]);
    expect(resolved(config.cognitoClientId)).toBe(resolved(config.userPoolClientId));
    expect(resolved(config.cognitoClientId)).toContain('WebClient');
    expect(typeof config.apiBaseUrl).toBe('string');
    // Never the local demo sign-in: no account list, no local token door, in any staged file.
    expect(config).not.toHaveProperty('localStaffUsers');
    expect(config.localAuth).not.toBe(true);
    const headers = only(dev.t.web, 'AWS::CloudFront::ResponseHeadersPolicy');
    expect(JSON.stringify(headers.Properties)).toContain(
      'https://motcua-thainguyen-dev.auth.ap-southeast-1.amazoncognito.com',
    );
  });

  it('never ships the demo accounts in an AWS build: the web app as built and deployed, with its config.json', async () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'motcua-aws-web-'));
    try {
      // The web app as `npm run build:web` builds it, deployed by the stacks.
      await build({
        configFile: path.join(REPO_ROOT, 'web', 'vite.config.ts'),
        logLevel: 'warn',
        build: { outDir: dist, emptyOutDir: true },
      });
      const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
      const built = buildMotcua(app, resolveEnvironment('dev', TEST_OVERRIDES), { webDistDir: dist });
      expect(built.web.builtApp).toBe(true);
      const assembly = app.synth();
      const shipped = files(assembly.directory).filter((f) => /\.(json|js|html|css)$/.test(f));
      const bundle = shipped.filter((f) => f.endsWith('.js') && !f.endsWith('.template.json'));
      expect(bundle.length).toBeGreaterThan(0); // the app's own bundle is among them
      const demo = JSON.parse(
        readFileSync(path.join(REPO_ROOT, 'data', 'staff-users.local.json'), 'utf8'),
      ) as {
        users: { username: string; name: string; email: string; role: string }[];
      };
      // As written, or as a bundler escapes non-ASCII text (\uXXXX).
      const escaped = (s: string) =>
        s.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      // Every username and email, and each person's name (the administrator's demo name is the
      // role's own label, which the app shows anyway).
      const needles = demo.users.flatMap((u) => [
        u.username,
        u.email,
        ...(u.role === 'ADMINISTRATOR' ? [] : [u.name, escaped(u.name)]),
      ]);
      for (const f of shipped) {
        const text = readFileSync(f, 'utf8');
        for (const needle of needles) expect(text.includes(needle), `${needle} in ${f}`).toBe(false);
      }
      const config = shipped
        .filter((f) => path.basename(f) === 'config.json')
        .map((f) => JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>);
      expect(config.length).toBeGreaterThan(0);
      for (const c of config) {
        expect(c).not.toHaveProperty('localStaffUsers');
        expect(c.localAuth).not.toBe(true);
      }
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  }, 120_000);
});
