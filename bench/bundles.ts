import { execFile } from 'node:child_process';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { BUNDLE, REPO_ROOT } from '../infra/stacks/functions.ts';
import { ROUTES, WORKFLOW_FUNCTIONS } from '../shared/contracts/routes.ts';
import { percentile } from './stats.ts';

/**
 * Bundle size and cold import time of every Lambda function, bundled exactly as CDK bundles it
 * (infra/stacks/functions.ts `BUNDLE`: ESM, node24, minified, source maps, the AWS SDK clients the
 * Node 24 runtime ships left external, `@aws-sdk/s3-presigned-post` bundled). Each import runs in
 * a fresh `node --enable-source-maps` process (as Lambda runs it: NODE_OPTIONS), timed around
 * `await import(bundle)`, next to an empty module imported the same way in the same run. The
 * externals resolve from this repository's node_modules, as they do from the runtime's in Lambda.
 *
 *   npx tsx bench/bundles.ts           BENCH_IMPORT_RUNS=5 (fresh processes per function, median)
 *
 * Targets: ≤ 200 KB minified per function, import ≤ 50 ms above the baseline.
 */
export const TARGET_KB = 200;
export const TARGET_IMPORT_MS = 50;

const exec = promisify(execFile);
const OUT = path.join(REPO_ROOT, 'node_modules', '.cache', 'motcua-bench-bundles');

interface Entry {
  /** Function ids served by this module (routes sharing a module share a bundle). */
  ids: string[];
  entry: string;
}

function entries(): Entry[] {
  const byModule = new Map<string, string[]>();
  for (const def of [...ROUTES, ...WORKFLOW_FUNCTIONS]) {
    byModule.set(def.handler, [...(byModule.get(def.handler) ?? []), def.id]);
  }
  return [
    ...[...byModule].map(([entry, ids]) => ({ ids, entry })),
    { ids: ['AdminMfaTrigger'], entry: 'infra/stacks/auth/admin-mfa.ts' },
  ];
}

/**
 * What-if only (not how CDK bundles): `import { z } from 'zod'` keeps all of zod (its locales
 * too) because the namespace object is re-exported; `import * as z from 'zod'` lets esbuild drop
 * what is unused. Shows the size the functions would have if shared/ and functions/ imported zod
 * that way.
 */
const zodNamespace: Plugin = {
  name: 'zod-namespace-import',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes('node_modules')) return undefined;
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(args.path, 'utf8');
      return {
        contents: text.replace(/import \{ z \} from 'zod';/g, "import * as z from 'zod';"),
        loader: 'ts',
      };
    });
  },
};

async function bundle(e: Entry, outfile: string, plugins: Plugin[] = []): Promise<number> {
  await build({
    entryPoints: [path.join(REPO_ROOT, e.entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: BUNDLE.format,
    target: BUNDLE.target,
    mainFields: [...BUNDLE.mainFields],
    minify: BUNDLE.minify,
    sourcemap: BUNDLE.sourceMap,
    external: [...BUNDLE.externals],
    banner: { js: BUNDLE.banner },
    absWorkingDir: REPO_ROOT,
    logLevel: 'silent',
    plugins,
  });
  return (await stat(outfile)).size;
}

/** Milliseconds to `import()` `file` in a fresh node process (median of `runs`). */
async function importMs(file: string, runs: number): Promise<number> {
  const script = `const t=performance.now();await import(${JSON.stringify(pathToFileURL(file).href)});process.stdout.write(String(performance.now()-t));`;
  const env = {
    ...process.env,
    AWS_REGION: 'ap-southeast-1',
    TABLE_NAME: 'bench-table',
    IDEMPOTENCY_TABLE_NAME: 'bench-idempotency',
    DOCUMENTS_BUCKET: 'bench-documents',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { stdout } = await exec(
      process.execPath,
      ['--enable-source-maps', '--input-type=module', '-e', script],
      { cwd: REPO_ROOT, env },
    );
    times.push(Number(stdout));
  }
  return percentile(
    times.sort((a, b) => a - b),
    50,
  );
}

/** The external SDK packages every handler imports through shared/adapters/clients.ts. */
const SDK_IMPORTED = [
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/lib-dynamodb',
  '@aws-sdk/client-s3',
  '@aws-sdk/client-sesv2',
  '@aws-sdk/client-sfn',
];

const kb = (bytes: number) => bytes / 1024;
const fmt = (n: number, digits = 1) => n.toFixed(digits);

export async function benchBundles(): Promise<{ lines: string[]; json: object }> {
  const runs = Number(process.env.BENCH_IMPORT_RUNS ?? 5);
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const empty = path.join(OUT, 'empty.mjs');
  await writeFile(empty, 'export {};\n');
  const baselineMs = await importMs(empty, runs);
  // What every function pays before its own code: shared/adapters/clients.ts builds all four
  // clients, so every bundle imports them (from the runtime in Lambda, node_modules here).
  const sdk = path.join(OUT, 'sdk.mjs');
  await writeFile(
    sdk,
    `${SDK_IMPORTED.map((m, i) => `import * as m${i} from '${m}';`).join('\n')}\nexport default [${SDK_IMPORTED.map((_, i) => `m${i}`).join(', ')}];\n`,
  );
  const sdkMs = await importMs(sdk, runs);

  const results = [];
  for (const e of entries()) {
    const name = e.ids.join('+');
    const outfile = path.join(OUT, name, 'index.mjs');
    const bytes = await bundle(e, outfile);
    const whatIfBytes = await bundle(e, path.join(OUT, `${name}.zodns`, 'index.mjs'), [zodNamespace]);
    const ms = await importMs(outfile, runs);
    results.push({
      functions: e.ids,
      entry: e.entry,
      bytes,
      importMs: ms,
      aboveBaselineMs: ms - baselineMs,
      bytesWithZodNamespaceImport: whatIfBytes,
      meetsSize: kb(bytes) <= TARGET_KB,
      meetsImport: ms - baselineMs <= TARGET_IMPORT_MS,
    });
  }

  const lines = [
    `bundles — as CDK bundles them (${BUNDLE.target} ESM, minified; external: ${BUNDLE.externals.join(', ')}); ` +
      `import in a fresh node ${process.version} --enable-source-maps, median of ${runs}`,
    `targets: ≤ ${TARGET_KB} KB per function, import ≤ ${TARGET_IMPORT_MS} ms above baseline`,
    `${'function'.padEnd(38)} ${'KB'.padStart(7)} ${'import ms'.padStart(10)} ${'Δ baseline'.padStart(11)} ${'KB if zod ns'.padStart(13)}  targets`,
    `${'baseline: empty module'.padEnd(38)} ${''.padStart(7)} ${fmt(baselineMs, 2).padStart(10)} ${''.padStart(11)} ${''.padStart(13)}`,
    `${'(external SDK clients alone)'.padEnd(38)} ${''.padStart(7)} ${fmt(sdkMs).padStart(10)} ${fmt(sdkMs - baselineMs).padStart(11)} ${''.padStart(13)}`,
    ...results.map(
      (r) =>
        `${r.functions.join(' + ').slice(0, 38).padEnd(38)} ${fmt(kb(r.bytes)).padStart(7)} ${fmt(r.importMs).padStart(10)} ` +
        `${fmt(r.aboveBaselineMs).padStart(11)} ${fmt(kb(r.bytesWithZodNamespaceImport)).padStart(13)}  ` +
        `${r.meetsSize ? 'size ok' : 'SIZE OVER'}, ${r.meetsImport ? 'import ok' : 'IMPORT OVER'}`,
    ),
  ];
  const over = results.filter((r) => !r.meetsSize).length;
  lines.push(
    `the four external SDK clients together take ${fmt(sdkMs - baselineMs)} ms above baseline; a handler loads ` +
      'only those it uses (shared/adapters/*-client.ts), DynamoDB in all of them.',
  );
  if (over > 0) {
    lines.push(
      `${over} of ${results.length} bundles exceed ${TARGET_KB} KB; "KB if zod ns" is the size with ` +
        "`import * as z from 'zod'` instead of `import { z } from 'zod'` in shared/ and functions/.",
    );
  }
  return {
    lines,
    json: {
      node: process.version,
      runs,
      externals: BUNDLE.externals,
      targets: { kb: TARGET_KB, importMsAboveBaseline: TARGET_IMPORT_MS },
      baselineMs,
      sdkClientsMs: sdkMs,
      results,
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { lines } = await benchBundles();
  console.log(lines.join('\n'));
}
