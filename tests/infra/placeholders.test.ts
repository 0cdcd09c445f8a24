import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENTS, resolveEnvironment } from '../../infra/config/environments.ts';
import { buildMotcua } from '../../infra/stacks/motcua.ts';
import { STRICT_CONTEXT } from '../../infra/stacks/strict.ts';
import { buildApp, confirmedDataDir, REPO_ROOT, TEST_OVERRIDES } from './support.ts';

/**
 * Configuration that refuses placeholders: production synthesis fails, naming the setting, on the
 * example certificate, a missing account and an unconfirmed department mailbox or agency code.
 */
const REAL_CERT = TEST_OVERRIDES.certificateArn!;

describe('production refuses placeholders', () => {
  it('names domain.certificateArn when the example certificate is left in place', () => {
    expect(() => resolveEnvironment('prod', { account: '123456789012' })).toThrow(
      /domain\.certificateArn: the placeholder certificate/,
    );
  });

  it('names account when production has none', () => {
    expect(ENVIRONMENTS.prod.account).toBeUndefined();
    expect(() => resolveEnvironment('prod', { certificateArn: REAL_CERT })).toThrow(
      /account: production needs/,
    );
  });

  it('accepts production once the account and a real certificate are set', () => {
    const c = resolveEnvironment('prod', { account: '123456789012', certificateArn: REAL_CERT });
    expect(c.domain?.certificateArn).toBe(REAL_CERT);
  });

  it('names each department whose mailbox or agency code is not confirmed (data/departments.json)', () => {
    const config = resolveEnvironment('prod', TEST_OVERRIDES);
    const dir = confirmedDataDir();
    const file = path.join(dir, 'departments.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    data.departments[1].emailConfirmed = false;
    data.departments[2].agencyCodeConfirmed = false;
    writeFileSync(file, JSON.stringify(data));
    const build = () => buildMotcua(new App({ context: { ...STRICT_CONTEXT } }), config, { dataDir: dir });
    expect(build).toThrow(
      new RegExp(`departments\\[1\\]\\.emailConfirmed \\(${data.departments[1].id},[^)]*\\)`),
    );
    expect(build).toThrow(
      new RegExp(`departments\\[2\\]\\.agencyCodeConfirmed \\(${data.departments[2].id},`),
    );
  });

  it('refuses the checked-in departments file for production while it holds placeholders', () => {
    const checkedIn = JSON.parse(readFileSync(path.join(REPO_ROOT, 'data', 'departments.json'), 'utf8'));
    const unconfirmed = [checkedIn.centre, ...checkedIn.departments].some(
      (u: { emailConfirmed: boolean; agencyCodeConfirmed: boolean }) =>
        !u.emailConfirmed || !u.agencyCodeConfirmed,
    );
    const config = resolveEnvironment('prod', TEST_OVERRIDES);
    const build = () => buildMotcua(new App({ context: { ...STRICT_CONTEXT } }), config);
    if (unconfirmed) expect(build).toThrow(/Refusing to synthesize prod with placeholders/);
    else expect(build).not.toThrow();
  });

  it('lets dev and staging synthesize with the checked-in placeholders (not production)', () => {
    for (const env of ['dev', 'staging'] as const) {
      expect(ENVIRONMENTS[env].production).toBe(false);
      expect(() => buildApp(env)).not.toThrow();
    }
  });

  it('has staging as configuration only: no infrastructure code branches on an environment name', () => {
    const files = (readdirSync(path.join(REPO_ROOT, 'infra'), { recursive: true }) as string[]).filter((f) =>
      f.endsWith('.ts'),
    );
    const branching = files.filter((f) =>
      /\.name === '(dev|staging|prod)'|'(dev|staging|prod)' === /.test(
        readFileSync(path.join(REPO_ROOT, 'infra', f), 'utf8'),
      ),
    );
    expect(branching).toEqual([]);
  });
});
