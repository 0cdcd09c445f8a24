/**
 * First run of a fresh deployment (OPERATIONS.md, "First run"): seeds the departments, the
 * procedure catalogue and the working-day calendar into the deployed table, and creates the first
 * administrator in the staff user pool. Idempotent: run it again after a failure, or after adding
 * procedures to data/.
 *
 *   npm run first-run -- --env prod --admin-email admin@thainguyen.gov.vn --admin-name "Nguyễn Văn A"
 *   npm run first-run -- --env dev --dry-run            prints what it would do; calls nothing
 *
 * Names come from the stacks' CloudFormation outputs (Motcua-<env>-Data, Motcua-<env>-Auth), or
 * from --table, --idempotency-table, --bucket and --user-pool-id. Credentials: the usual AWS chain
 * (AWS_PROFILE, environment, SSO). Calendar years already in the table are kept (an administrator
 * may have confirmed or edited them); --replace-calendar overwrites them with data/calendar.
 */
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs as parseNodeArgs } from 'node:util';
import {
  ENVIRONMENT_NAMES,
  ENVIRONMENTS,
  type EnvironmentName,
  stackName,
} from '../infra/config/environments.ts';
import { roleGroup } from '../shared/contracts/auth.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface FirstRunOptions {
  env: EnvironmentName;
  region: string;
  dataDir: string;
  table?: string | undefined;
  idempotencyTable?: string | undefined;
  bucket?: string | undefined;
  userPoolId?: string | undefined;
  adminEmail?: string | undefined;
  adminName?: string | undefined;
  seed: boolean;
  admin: boolean;
  replaceCalendar: boolean;
  dryRun: boolean;
}

export const USAGE = `usage: npm run first-run -- [--env dev|prod] [--region R] --admin-email E [--admin-name N]
  [--table T --idempotency-table T --bucket B] [--user-pool-id P] [--data-dir D]
  [--skip-seed] [--skip-admin] [--replace-calendar] [--dry-run]`;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Parses and checks the command line; throws with the usage on any problem. */
export function parseArgs(argv: readonly string[]): FirstRunOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseNodeArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        env: { type: 'string', default: 'dev' },
        region: { type: 'string' },
        'data-dir': { type: 'string' },
        table: { type: 'string' },
        'idempotency-table': { type: 'string' },
        bucket: { type: 'string' },
        'user-pool-id': { type: 'string' },
        'admin-email': { type: 'string' },
        'admin-name': { type: 'string' },
        'skip-seed': { type: 'boolean', default: false },
        'skip-admin': { type: 'boolean', default: false },
        'replace-calendar': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${USAGE}`);
  }
  const str = (k: string) => values[k] as string | undefined;
  const env = str('env') as EnvironmentName;
  if (!ENVIRONMENT_NAMES.includes(env))
    throw new Error(`--env must be one of ${ENVIRONMENT_NAMES.join(', ')}\n${USAGE}`);
  const opts: FirstRunOptions = {
    env,
    region: str('region') ?? ENVIRONMENTS[env].region,
    dataDir: path.resolve(str('data-dir') ?? path.join(REPO_ROOT, 'data')),
    table: str('table'),
    idempotencyTable: str('idempotency-table'),
    bucket: str('bucket'),
    userPoolId: str('user-pool-id'),
    adminEmail: str('admin-email'),
    adminName: str('admin-name'),
    seed: !values['skip-seed'],
    admin: !values['skip-admin'],
    replaceCalendar: values['replace-calendar'] === true,
    dryRun: values['dry-run'] === true,
  };
  if (!opts.seed && !opts.admin)
    throw new Error(`--skip-seed and --skip-admin together leave nothing to do\n${USAGE}`);
  if (opts.admin && !opts.adminEmail)
    throw new Error(`--admin-email is required (or --skip-admin)\n${USAGE}`);
  if (opts.adminEmail && !EMAIL.test(opts.adminEmail))
    throw new Error(`--admin-email ${opts.adminEmail} is not an email`);
  return opts;
}

export type PlanStep =
  | { kind: 'read-outputs'; stack: string; outputs: string[] }
  | { kind: 'seed-catalogue'; table: string; departments: string[]; procedures: number }
  | { kind: 'seed-calendar'; table: string; years: number[]; replace: boolean }
  | { kind: 'create-admin'; userPool: string; email: string; name?: string | undefined; group: string };

export interface Plan {
  env: EnvironmentName;
  region: string;
  steps: PlanStep[];
}

/** What the seed data holds: departments, procedure files, calendar years. Reads data/ only. */
export async function readSeedData(dataDir: string) {
  const departments = JSON.parse(await readFile(path.join(dataDir, 'departments.json'), 'utf8')) as {
    departments: { id: string }[];
  };
  const procedures = (await readdir(path.join(dataDir, 'procedures'))).filter((f) => f.endsWith('.json'));
  const years = (await readdir(path.join(dataDir, 'calendar')))
    .filter((f) => /^\d{4}\.json$/.test(f))
    .map((f) => Number(f.slice(0, 4)))
    .sort();
  return { departments: departments.departments.map((d) => d.id), procedures: procedures.length, years };
}

const fromOutput = (stack: string, key: string) => `<${stack} output ${key}>`;

/** The steps a run would take, without calling AWS. */
export async function planFirstRun(opts: FirstRunOptions): Promise<Plan> {
  const steps: PlanStep[] = [];
  const data = stackName(opts.env, 'Data');
  const auth = stackName(opts.env, 'Auth');
  if (opts.seed) {
    const missing = [
      ...(opts.table ? [] : ['TableName']),
      ...(opts.idempotencyTable ? [] : ['IdempotencyTableName']),
      ...(opts.bucket ? [] : ['DocumentsBucketName']),
    ];
    if (missing.length > 0) steps.push({ kind: 'read-outputs', stack: data, outputs: missing });
  }
  if (opts.admin && !opts.userPoolId)
    steps.push({ kind: 'read-outputs', stack: auth, outputs: ['UserPoolId'] });
  if (opts.seed) {
    const seed = await readSeedData(opts.dataDir);
    const table = opts.table ?? fromOutput(data, 'TableName');
    steps.push({ kind: 'seed-catalogue', table, departments: seed.departments, procedures: seed.procedures });
    steps.push({ kind: 'seed-calendar', table, years: seed.years, replace: opts.replaceCalendar });
  }
  if (opts.admin && opts.adminEmail) {
    steps.push({
      kind: 'create-admin',
      userPool: opts.userPoolId ?? fromOutput(auth, 'UserPoolId'),
      email: opts.adminEmail,
      name: opts.adminName,
      group: roleGroup('ADMINISTRATOR'),
    });
  }
  return { env: opts.env, region: opts.region, steps };
}

/** The plan as lines for a person. */
export function describePlan(plan: Plan): string[] {
  const lines = [`first run of motcua ${plan.env} in ${plan.region}:`];
  plan.steps.forEach((s, i) => {
    const n = `${i + 1}.`;
    switch (s.kind) {
      case 'read-outputs':
        lines.push(`${n} read CloudFormation outputs ${s.outputs.join(', ')} of stack ${s.stack}`);
        break;
      case 'seed-catalogue':
        lines.push(
          `${n} put the centre, ${s.departments.length} departments (${s.departments.join(', ')}) and ` +
            `${s.procedures} procedures into ${s.table} (same items again on a re-run)`,
        );
        break;
      case 'seed-calendar':
        lines.push(
          `${n} put calendar years ${s.years.join(', ')} into ${s.table}` +
            (s.replace ? ', replacing years already there' : ', skipping years already there'),
        );
        break;
      case 'create-admin':
        lines.push(
          `${n} create user ${s.email}${s.name ? ` (${s.name})` : ''} in ${s.userPool} unless it exists ` +
            '(Cognito emails a temporary password), and add it to group ' +
            `${s.group}; it must set up TOTP MFA before the administrator role is in its tokens`,
        );
        break;
    }
  });
  return lines;
}

/** Runs the plan against AWS. The SDK clients load lazily, so --dry-run needs no credentials. */
export async function runFirstRun(
  opts: FirstRunOptions,
  log: (line: string) => void = console.log,
): Promise<void> {
  const plan = await planFirstRun(opts);
  const outputs = new Map<string, Record<string, string>>();
  for (const step of plan.steps) {
    if (step.kind !== 'read-outputs') continue;
    const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
    const cfn = new CloudFormationClient({ region: opts.region });
    const res = await cfn.send(new DescribeStacksCommand({ StackName: step.stack }));
    const values = Object.fromEntries(
      (res.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
    );
    for (const key of step.outputs) {
      if (!values[key])
        throw new Error(`stack ${step.stack} has no output ${key}: is it deployed in ${opts.region}?`);
    }
    outputs.set(step.stack, values);
  }
  const data = outputs.get(stackName(opts.env, 'Data')) ?? {};
  const auth = outputs.get(stackName(opts.env, 'Auth')) ?? {};

  if (opts.seed) {
    // The repositories read their configuration from the environment (shared/adapters/config.ts).
    process.env.AWS_REGION = opts.region;
    process.env.TABLE_NAME = opts.table ?? data.TableName;
    process.env.IDEMPOTENCY_TABLE_NAME = opts.idempotencyTable ?? data.IdempotencyTableName;
    process.env.DOCUMENTS_BUCKET = opts.bucket ?? data.DocumentsBucketName;
    const { seedCatalogue } = await import('../infra/seed/seed-catalogue.ts');
    const { listCalendarYears, putCalendarYear } = await import('../shared/adapters/calendar-repository.ts');
    const seeded = await seedCatalogue(opts.dataDir);
    log(
      `seeded ${seeded.departments} departments and ${seeded.procedures} procedures into ${process.env.TABLE_NAME}`,
    );
    const present = new Set((await listCalendarYears()).map((y) => y.year));
    const { years } = await readSeedData(opts.dataDir);
    for (const year of years) {
      if (present.has(year) && !opts.replaceCalendar) {
        log(`calendar ${year}: already in the table, kept`);
        continue;
      }
      const raw = JSON.parse(await readFile(path.join(opts.dataDir, 'calendar', `${year}.json`), 'utf8'));
      await putCalendarYear(raw, { by: 'first-run', at: new Date().toISOString() });
      log(`calendar ${year}: ${present.has(year) ? 'replaced' : 'added'}`);
    }
  }

  if (opts.admin && opts.adminEmail) {
    const userPoolId = opts.userPoolId ?? auth.UserPoolId ?? '';
    const cognito = await import('@aws-sdk/client-cognito-identity-provider');
    const client = new cognito.CognitoIdentityProviderClient({ region: opts.region });
    try {
      await client.send(
        new cognito.AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: opts.adminEmail,
          DesiredDeliveryMediums: ['EMAIL'],
          UserAttributes: [
            { Name: 'email', Value: opts.adminEmail },
            { Name: 'email_verified', Value: 'true' },
            ...(opts.adminName ? [{ Name: 'name', Value: opts.adminName }] : []),
          ],
        }),
      );
      log(`created ${opts.adminEmail}: Cognito emailed a temporary password`);
    } catch (err) {
      if ((err as { name?: string }).name !== 'UsernameExistsException') throw err;
      log(`${opts.adminEmail} already exists, kept`);
    }
    const group = roleGroup('ADMINISTRATOR');
    await client.send(
      new cognito.AdminAddUserToGroupCommand({
        UserPoolId: userPoolId,
        Username: opts.adminEmail,
        GroupName: group,
      }),
    );
    log(`${opts.adminEmail} is in ${group}; it gets the role once it has set up TOTP MFA`);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const opts = parseArgs(argv);
  const plan = await planFirstRun(opts);
  for (const line of describePlan(plan)) console.log(line);
  if (opts.dryRun) {
    console.log('dry run: nothing was called');
    return;
  }
  await runFirstRun(opts);
  console.log('first run done');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
