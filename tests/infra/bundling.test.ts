import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { ENTRY_FILE } from '../../infra/bundle/options.ts';
import { nodeFunction, REPO_ROOT } from '../../infra/stacks/functions.ts';

const exec = promisify(execFile);

/**
 * CDK builds each function with the project's one build definition (infra/bundle/options.ts), with
 * bundling on as `cdk synth` and `cdk deploy` run it: the asset holds `index.mjs`, the lazily
 * imported code in `chunks/`, `node:http` required rather than imported, and the module loads in a
 * fresh Node process with the handler the template names.
 */
describe('function bundling, as CDK deploys it', () => {
  it('writes index.mjs with its chunks, and the handler loads', { timeout: 180_000 }, async () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': ['**'] } });
    const stack = new Stack(app, 'BundlingProbe');
    const probe = (id: string, entry: string) =>
      nodeFunction(stack, id, {
        entry: path.join(REPO_ROOT, entry),
        memorySize: 256,
        timeout: Duration.seconds(5),
        retainLogs: false,
        logRetention: logs.RetentionDays.ONE_DAY,
        environment: {},
      });
    probe('Probe', 'functions/public/submit-dossier.ts');
    // A second function gets its own bundle (CDK caches bundles by the bundling options).
    probe('Other', 'functions/public/list-procedures.ts');
    const assembly = app.synth();
    const fns = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')) as {
      Properties: { Handler: string; Code: { S3Key: unknown } };
    }[];
    expect(fns.map((f) => f.Properties.Handler)).toEqual(['index.handler', 'index.handler']);
    const assets = readdirSync(assembly.directory).filter((d) => d.startsWith('asset.'));
    expect(assets).toHaveLength(2);
    // SubmitDossier's: the one that starts the workflow.
    const dir = path.join(
      assembly.directory,
      assets.find((a) =>
        readFileSync(path.join(assembly.directory, a, ENTRY_FILE), 'utf8').includes('StartExecution'),
      )!,
    );
    expect(existsSync(path.join(dir, ENTRY_FILE))).toBe(true);
    // The S3 client, only imported when a document is read, is a chunk, not part of index.mjs.
    const chunks = readdirSync(path.join(dir, 'chunks')).filter((f) => f.endsWith('.mjs'));
    expect(chunks.length).toBeGreaterThan(0);
    for (const f of [ENTRY_FILE, ...chunks.map((c) => `chunks/${c}`)]) {
      const js = readFileSync(path.join(dir, f), 'utf8');
      expect(js, f).not.toMatch(/from\s*"@aws-sdk\//);
      expect(js, f).not.toMatch(/from\s*"(node:)?http"|import\("(node:)?http"\)/);
    }
    const { stdout } = await exec(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(pathToFileURL(path.join(dir, ENTRY_FILE)).href)}); process.stdout.write(typeof m.handler);`,
      ],
      {
        env: {
          ...process.env,
          AWS_REGION: 'ap-southeast-1',
          TABLE_NAME: 'probe',
          IDEMPOTENCY_TABLE_NAME: 'probe',
          DOCUMENTS_BUCKET: 'probe',
          POWERTOOLS_LOG_LEVEL: 'ERROR',
        },
      },
    );
    expect(stdout).toBe('function');
  });
});
