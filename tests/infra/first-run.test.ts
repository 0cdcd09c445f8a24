import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/stacks/functions.ts';
import { describePlan, parseArgs, planFirstRun, readSeedData } from '../../scripts/first-run.ts';

const ADMIN = ['--admin-email', 'admin@thainguyen.gov.vn'];

describe('first-run arguments', () => {
  it('defaults to dev, the config region, the repository data and both tasks', () => {
    const o = parseArgs(ADMIN);
    expect(o).toMatchObject({
      env: 'dev',
      region: 'ap-southeast-1',
      dataDir: path.join(REPO_ROOT, 'data'),
      seed: true,
      admin: true,
      replaceCalendar: false,
      dryRun: false,
      adminEmail: 'admin@thainguyen.gov.vn',
    });
  });

  it('reads every flag', () => {
    const o = parseArgs([
      '--env=prod',
      '--region',
      'ap-southeast-2',
      '--table',
      'T1',
      '--idempotency-table',
      'T2',
      '--bucket',
      'B',
      '--user-pool-id',
      'ap-southeast-2_abc',
      '--admin-name',
      'Nguyễn Văn A',
      '--replace-calendar',
      '--dry-run',
      ...ADMIN,
    ]);
    expect(o).toMatchObject({
      env: 'prod',
      region: 'ap-southeast-2',
      table: 'T1',
      idempotencyTable: 'T2',
      bucket: 'B',
      userPoolId: 'ap-southeast-2_abc',
      adminName: 'Nguyễn Văn A',
      replaceCalendar: true,
      dryRun: true,
    });
  });

  it('refuses unknown flags, unknown environments, a missing or malformed admin email, and nothing to do', () => {
    expect(() => parseArgs(['--bogus', ...ADMIN])).toThrow(/usage/);
    expect(() => parseArgs(['--env', 'qa', ...ADMIN])).toThrow(/--env/);
    expect(() => parseArgs([])).toThrow(/--admin-email is required/);
    expect(() => parseArgs(['--admin-email', 'not-an-email'])).toThrow(/not an email/);
    expect(() => parseArgs(['--skip-seed', '--skip-admin'])).toThrow(/nothing to do/);
    expect(parseArgs(['--skip-admin']).admin).toBe(false);
  });
});

describe('first-run plan (dry run: no AWS call)', () => {
  it('reads names from the stack outputs, seeds catalogue and calendar, then creates the admin', async () => {
    const seed = await readSeedData(path.join(REPO_ROOT, 'data'));
    const plan = await planFirstRun(parseArgs(['--env', 'prod', ...ADMIN]));
    expect(plan.steps.map((s) => s.kind)).toEqual([
      'read-outputs',
      'read-outputs',
      'seed-catalogue',
      'seed-calendar',
      'create-admin',
    ]);
    expect(plan.steps[0]).toEqual({
      kind: 'read-outputs',
      stack: 'Motcua-prod-Data',
      outputs: ['TableName', 'IdempotencyTableName', 'DocumentsBucketName'],
    });
    expect(plan.steps[1]).toEqual({
      kind: 'read-outputs',
      stack: 'Motcua-prod-Auth',
      outputs: ['UserPoolId'],
    });
    expect(plan.steps[2]).toMatchObject({ departments: seed.departments, procedures: seed.procedures });
    expect(seed.departments.length).toBeGreaterThan(0);
    expect(plan.steps[3]).toMatchObject({ years: seed.years, replace: false });
    expect(plan.steps[4]).toMatchObject({ email: 'admin@thainguyen.gov.vn', group: 'role-administrator' });
  });

  it('skips the outputs it is given and the tasks it is told to skip', async () => {
    const plan = await planFirstRun(
      parseArgs(['--table', 'T', '--idempotency-table', 'I', '--bucket', 'B', '--skip-admin']),
    );
    expect(plan.steps.map((s) => s.kind)).toEqual(['seed-catalogue', 'seed-calendar']);
    expect(plan.steps[0]).toMatchObject({ table: 'T' });
    const adminOnly = await planFirstRun(parseArgs(['--skip-seed', '--user-pool-id', 'P', ...ADMIN]));
    expect(adminOnly.steps).toEqual([
      {
        kind: 'create-admin',
        userPool: 'P',
        email: 'admin@thainguyen.gov.vn',
        name: undefined,
        group: 'role-administrator',
      },
    ]);
  });

  it('describes every step for the operator', async () => {
    const lines = describePlan(await planFirstRun(parseArgs(['--replace-calendar', ...ADMIN])));
    expect(lines[0]).toBe('first run of motcua dev in ap-southeast-1:');
    expect(lines).toHaveLength(6);
    expect(lines.join('\n')).toMatch(/replacing years already there/);
    expect(lines.join('\n')).toMatch(/TOTP/);
  });
});
