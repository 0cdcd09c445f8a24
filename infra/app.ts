/**
 * CDK app entry (cdk.json: `npx tsx infra/app.ts`). One environment per synth, from the typed
 * config in infra/config/environments.ts:
 *
 *   npm run synth                                # dev
 *   npx cdk synth -c env=prod                    # prod (edit its values first: OPERATIONS.md)
 *   npx cdk deploy --all -c env=dev -c alarmEmail=me@example.org
 *
 * Every stack is checked by cdk-nag (AwsSolutions and Serverless packs): synthesis fails on any
 * finding that is not acknowledged in code with its reason. Any warning annotation (CloudFormation
 * schema validation included) also fails synthesis: warnings are errors here.
 */
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { CONTEXT_OVERRIDES, type ContextOverrides, resolveEnvironment } from './config/environments.ts';
import { buildMotcua } from './stacks/motcua.ts';
import { addNagPacks } from './stacks/nag.ts';
import { STRICT_CONTEXT, synthesisProblems } from './stacks/strict.ts';

const app = new App({ context: { ...STRICT_CONTEXT } });
const envName = String(app.node.tryGetContext('env') ?? 'dev');
const overrides: ContextOverrides = Object.fromEntries(
  CONTEXT_OVERRIDES.map((key) => [key, app.node.tryGetContext(key) as string | undefined]),
);
const config = resolveEnvironment(envName, overrides);

buildMotcua(app, config);
addNagPacks(app);

// A report left by an earlier run must not be read as this run's.
rmSync(path.join(app.outdir, 'validation-report.json'), { force: true });
const assembly = app.synth();
const problems = synthesisProblems(assembly);
if (problems.length > 0) {
  for (const p of problems) console.error(`[treated as error] ${p}`);
  throw new Error(`${problems.length} warning(s) during synthesis: fix them or acknowledge them in code`);
}
