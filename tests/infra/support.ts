import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import {
  type ContextOverrides,
  type EnvironmentConfig,
  type EnvironmentName,
  resolveEnvironment,
} from '../../infra/config/environments.ts';
import { REPO_ROOT } from '../../infra/stacks/functions.ts';
import { buildMotcua, type MotcuaStacks } from '../../infra/stacks/motcua.ts';
import { STRICT_CONTEXT } from '../../infra/stacks/strict.ts';

/**
 * A data folder whose departments.json is the repository's with every mailbox and agency code
 * confirmed: what an operator's checked file looks like before a production deployment.
 */
export function confirmedDataDir(): string {
  const data = JSON.parse(readFileSync(path.join(REPO_ROOT, 'data', 'departments.json'), 'utf8')) as {
    centre?: Record<string, unknown>;
    departments: Record<string, unknown>[];
  };
  for (const u of [...(data.centre ? [data.centre] : []), ...data.departments]) {
    u.emailConfirmed = true;
    u.agencyCodeConfirmed = true;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-confirmed-'));
  writeFileSync(path.join(dir, 'departments.json'), JSON.stringify(data));
  return dir;
}

/** Values the tests pin, whatever the checked-in config says. */
export const TEST_OVERRIDES: ContextOverrides = {
  account: '123456789012',
  certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/4f1c2b1e-8a7d-4c55-9d0e-2b7c9a1e6f30',
  webOrigin: 'https://form.example',
  webUrl: 'https://form.example',
  mailFrom: 'mot-cua@example.gov.vn',
  alarmEmail: 'ops@example.gov.vn',
};

export interface Built {
  app: App;
  config: EnvironmentConfig;
  stacks: MotcuaStacks;
  assembly: CloudAssembly;
  t: Record<keyof MotcuaStacks, Template>;
}

/**
 * The whole app of one environment, synthesized like `npm run synth` (strict validation context)
 * but without esbuild bundling: the templates are what the tests assert on, and synth stays fast.
 * `validate`: run aws-cdk-lib's CloudFormation schema validation too (seconds per synth; the tests
 * of warnings use it, the others skip it).
 */
export function buildApp(
  env: EnvironmentName = 'dev',
  opts: { overrides?: ContextOverrides; validate?: boolean } = {},
): Built {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...STRICT_CONTEXT } });
  const config = resolveEnvironment(env, opts.overrides ?? TEST_OVERRIDES);
  const stacks = buildMotcua(app, config, {
    account: '123456789012',
    ...(config.production ? { dataDir: confirmedDataDir() } : {}),
  });
  const before = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = opts.validate ? 'true' : 'false';
  let assembly: CloudAssembly;
  try {
    assembly = app.synth();
  } finally {
    if (before === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = before;
  }
  const t = Object.fromEntries(Object.entries(stacks).map(([k, s]) => [k, Template.fromStack(s)])) as Record<
    keyof MotcuaStacks,
    Template
  >;
  return { app, config, stacks, assembly, t };
}

export type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string[];
  DeletionPolicy?: string;
};
export type Statement = {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
};

export const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The function whose logical id starts with `id` (CDK appends a hash). */
export function functionOf(t: Template, id: string): [string, Resource] {
  const found = Object.entries(t.findResources('AWS::Lambda::Function')).find(([logicalId]) =>
    new RegExp(`^${id}[0-9A-F]{8}$`).test(logicalId),
  );
  if (!found) throw new Error(`no function ${id}`);
  return found as [string, Resource];
}

/** Every Allow statement of every policy attached to the role of function `id`. */
export function statementsOf(t: Template, id: string): Statement[] {
  const [, fn] = functionOf(t, id);
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return (Object.values(t.findResources('AWS::IAM::Policy')) as Resource[])
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
    .filter((s) => s.Effect === 'Allow');
}

export const actionsOf = (t: Template, id: string): string[] =>
  statementsOf(t, id).flatMap((s) => list(s.Action));

/** Every IAM statement of a template: role/user policies, managed policies, inline role policies. */
export function allStatements(t: Template): Statement[] {
  const out: Statement[] = [];
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const r of Object.values(t.findResources(type)) as Resource[]) {
      out.push(...(r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
    }
  }
  for (const r of Object.values(t.findResources('AWS::IAM::Role')) as Resource[]) {
    for (const p of (r.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[]) ?? []) {
      out.push(...p.PolicyDocument.Statement);
    }
  }
  return out;
}

/** The template of the stack that holds function `id` (API functions live in their group's stack). */
export function templateWith(t: Record<string, Template>, id: string): Template {
  const found = Object.values(t).filter((tpl) => {
    try {
      functionOf(tpl, id);
      return true;
    } catch {
      return false;
    }
  });
  if (found.length !== 1) throw new Error(`function ${id} is in ${found.length} stacks`);
  return found[0]!;
}

export { REPO_ROOT };
