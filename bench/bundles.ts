import { execFile } from 'node:child_process';
import { copyFile, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { BUNDLE, BUNDLE_ASSETS, REPO_ROOT } from '../infra/stacks/functions.ts';
import { ROUTES, WORKFLOW_FUNCTIONS } from '../shared/contracts/routes.ts';
import { percentile } from './stats.ts';

/**
 * Bundle size and cold import time of every Lambda function, bundled exactly as CDK bundles it
 * (infra/stacks/functions.ts `BUNDLE`: ESM, node24, minified, source maps, the AWS SDK clients the
 * Node 24 runtime ships left external, `@aws-sdk/s3-presigned-post` bundled). Each import runs in
 * a fresh `node --enable-source-maps` process (as Lambda runs it: NODE_OPTIONS), timed around
 * `await import(bundle)`, next to two baselines imported the same way in the same run: an empty
 * module, and a module importing only the external SDK packages that function imports (so our own
 * code's cost shows apart from the SDK's). The externals resolve from this repository's
 * node_modules, as they do from the runtime's in Lambda.
 *
 *   npx tsx bench/bundles.ts [--why]   BENCH_IMPORT_RUNS=5 (fresh processes per function, median)
 *   BENCH_NODE24=/path/to/node         also time every import on Node 24 (the Lambda runtime)
 *   --why                              the largest packages of each bundle (esbuild metafile)
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

/** Output bytes per package (`node_modules/<pkg>`) or per top-level folder of ours, largest first. */
export function bytesByPackage(meta: Metafile): [string, number][] {
  const by = new Map<string, number>();
  for (const out of Object.values(meta.outputs)) {
    for (const [file, input] of Object.entries(out.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
      const key = pkg ?? `(ours) ${file.split('/').slice(0, 2).join('/')}`;
      by.set(key, (by.get(key) ?? 0) + input.bytesInOutput);
    }
  }
  return [...by].sort((a, b) => b[1] - a[1]);
}

/** The external packages a bundle imports statically, i.e. loads at cold start (the SDK clients). */
export function staticExternals(meta: Metafile): string[] {
  const found = new Set<string>();
  for (const out of Object.values(meta.outputs)) {
    for (const i of out.imports) {
      if (i.external && i.kind === 'import-statement' && !i.path.startsWith('node:')) found.add(i.path);
    }
  }
  return [...found].sort();
}

async function bundle(e: Entry, outfile: string): Promise<{ bytes: number; meta: Metafile }> {
  const result = await build({
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
    metafile: true,
  });
  return { bytes: (await stat(outfile)).size, meta: result.metafile };
}

/** Milliseconds to `import()` `file` in a fresh `node` process (median of `runs`). */
async function importMs(node: string, file: string, runs: number): Promise<number> {
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
    const { stdout } = await exec(node, ['--enable-source-maps', '--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      env,
    });
    times.push(Number(stdout));
  }
  return percentile(
    times.sort((a, b) => a - b),
    50,
  );
}

/** The Node binaries to time imports on: this one, and Node 24 (Lambda's) from BENCH_NODE24. */
async function nodes(): Promise<{ label: string; bin: string }[]> {
  const list = [{ label: `node ${process.version}`, bin: process.execPath }];
  const n24 = process.env.BENCH_NODE24;
  if (n24 && !process.version.startsWith('v24.')) {
    const { stdout } = await exec(n24, ['--version']);
    list.push({ label: `node ${stdout.trim()}`, bin: n24 });
  }
  return list;
}

const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

interface ImportTimes {
  ms: number;
  /** Above the empty module: the issue's target. */
  aboveEmpty: number;
  /** Above a module importing only the SDK packages this function imports: our own code's cost. */
  aboveSdk: number;
}

const kb = (bytes: number) => bytes / 1024;
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const pad = (s: string, n: number) => s.padStart(n);

/**
 * `why`: also list each function's largest packages (esbuild metafile), to see what a change
 * would save. `npx tsx bench/bundles.ts --why`.
 */
export async function benchBundles(opts: { why?: boolean } = {}) {
  const runs = Number(process.env.BENCH_IMPORT_RUNS ?? 5);
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const empty = path.join(OUT, 'empty.mjs');
  await writeFile(empty, 'export {};\n');

  const built = [];
  for (const e of entries()) {
    const name = e.ids.join('+');
    const outfile = path.join(OUT, name, 'index.mjs');
    const { bytes, meta } = await bundle(e, outfile);
    // Data files CDK copies beside the bundle (the forms' fonts): copied likewise, counted apart.
    let assetBytes = 0;
    for (const f of BUNDLE_ASSETS[e.entry] ?? []) {
      await copyFile(path.join(REPO_ROOT, f), path.join(path.dirname(outfile), path.basename(f)));
      assetBytes += (await stat(path.join(REPO_ROOT, f))).size;
    }
    built.push({ e, outfile, bytes, assetBytes, meta, sdk: staticExternals(meta) });
  }
  // One "SDK only" module per distinct set of external packages, imported like the bundles.
  const sdkModules = new Map<string, string>();
  for (const b of built) {
    const key = b.sdk.join(' ');
    if (sdkModules.has(key)) continue;
    const file = path.join(OUT, `sdk-${sdkModules.size}.mjs`);
    await writeFile(
      file,
      `${b.sdk.map((m, i) => `import * as m${i} from '${m}';`).join('\n')}\nexport default [${b.sdk.map((_, i) => `m${i}`).join(', ')}];\n`,
    );
    sdkModules.set(key, file);
  }

  const runtimes = await nodes();
  const baselines: { node: string; emptyMs: number; sdkMs: Record<string, number> }[] = [];
  const times = new Map<string, ImportTimes[]>();
  for (const node of runtimes) {
    const emptyMs = await importMs(node.bin, empty, runs);
    const sdkMs = new Map<string, number[]>();
    for (const b of built) {
      // Paired: each run imports the SDK-only module, then the bundle, so a load change on the
      // machine shifts both; Δ SDK is the median of the per-run differences.
      const pairs: { sdk: number; fn: number }[] = [];
      const sdkFile = sdkModules.get(b.sdk.join(' '))!;
      for (let i = 0; i < runs; i++) {
        pairs.push({ sdk: await importMs(node.bin, sdkFile, 1), fn: await importMs(node.bin, b.outfile, 1) });
      }
      const key = b.sdk.join(' ');
      sdkMs.set(key, [...(sdkMs.get(key) ?? []), ...pairs.map((p) => p.sdk)]);
      const ms = median(pairs.map((p) => p.fn));
      const t = { ms, aboveEmpty: ms - emptyMs, aboveSdk: median(pairs.map((p) => p.fn - p.sdk)) };
      times.set(b.outfile, [...(times.get(b.outfile) ?? []), t]);
    }
    baselines.push({
      node: node.label,
      emptyMs,
      sdkMs: Object.fromEntries([...sdkMs].map(([k, v]) => [k, median(v)])),
    });
  }

  const results = built.map((b) => {
    const t = times.get(b.outfile)!;
    return {
      functions: b.e.ids,
      entry: b.e.entry,
      bytes: b.bytes,
      assetBytes: b.assetBytes,
      sdkImported: b.sdk,
      imports: t.map((x, i) => ({ node: runtimes[i]!.label, ...x })),
      topPackages: bytesByPackage(b.meta).slice(0, 8),
      meetsSize: kb(b.bytes) <= TARGET_KB,
      meetsImport: t.every((x) => x.aboveEmpty <= TARGET_IMPORT_MS),
      ownImportWithinTarget: t.every((x) => x.aboveSdk <= TARGET_IMPORT_MS),
    };
  });

  const W = 38;
  const nodeCols = runtimes.map((n) => `${pad(n.label, 27)}`).join(' ');
  const lines = [
    `bundles — as CDK bundles them (${BUNDLE.target} ESM, minified; external: ${BUNDLE.externals.join(', ')}); ` +
      `cold import in a fresh node --enable-source-maps process, median of ${runs}` +
      (runtimes.length > 1 ? '' : ' (set BENCH_NODE24=/path/to/node to time Node 24 too)'),
    `targets: ≤ ${TARGET_KB} KB per function; import ≤ ${TARGET_IMPORT_MS} ms above the empty module. ` +
      '"Δ SDK" is above a module importing only the SDK packages that function imports (our own code\'s cost).',
    `${''.padEnd(W)} ${pad('', 7)} ${nodeCols}`,
    `${'function'.padEnd(W)} ${pad('KB', 7)} ${runtimes.map(() => `${pad('ms', 7)} ${pad('Δ empty', 9)} ${pad('Δ SDK', 9)}`).join(' ')}  targets`,
    `${'baseline: empty module'.padEnd(W)} ${pad('', 7)} ${baselines.map((b) => `${pad(fmt(b.emptyMs), 7)} ${pad('', 9)} ${pad('', 9)}`).join(' ')}`,
    ...[...sdkModules.keys()].map(
      (key) =>
        `${`SDK only: ${key.replaceAll('@aws-sdk/client-', '').replaceAll('@aws-sdk/', '') || '(none)'}`.slice(0, W).padEnd(W)} ${pad('', 7)} ` +
        baselines
          .map((b) => `${pad(fmt(b.sdkMs[key]!), 7)} ${pad(fmt(b.sdkMs[key]! - b.emptyMs), 9)} ${pad('', 9)}`)
          .join(' '),
    ),
    ...results.map(
      (r) =>
        `${r.functions.join(' + ').slice(0, W).padEnd(W)} ${pad(fmt(kb(r.bytes)), 7)} ` +
        r.imports
          .map((t) => `${pad(fmt(t.ms), 7)} ${pad(fmt(t.aboveEmpty), 9)} ${pad(fmt(t.aboveSdk), 9)}`)
          .join(' ') +
        `  ${r.meetsSize ? 'size ok' : 'SIZE OVER'}${r.assetBytes ? ` (+ ${fmt(kb(r.assetBytes))} KB data files)` : ''}, ${r.meetsImport ? 'import ok' : r.ownImportWithinTarget ? 'import over (SDK)' : 'IMPORT OVER'}`,
    ),
  ];
  const sizeOver = results.filter((r) => !r.meetsSize);
  const importOver = results.filter((r) => !r.meetsImport);
  const ownOver = results.filter((r) => !r.ownImportWithinTarget);
  lines.push(
    `size: ${results.length - sizeOver.length} of ${results.length} bundles within ${TARGET_KB} KB` +
      (sizeOver.length
        ? `; over: ${sizeOver.map((r) => `${r.functions[0]} (${fmt(kb(r.bytes), 0)} KB)`).join(', ')}`
        : ''),
    `import: ${results.length - importOver.length} of ${results.length} within ${TARGET_IMPORT_MS} ms of the empty module on every Node; ` +
      `${results.length - ownOver.length} of ${results.length} within ${TARGET_IMPORT_MS} ms of their SDK-only module` +
      (ownOver.length ? ` (over: ${ownOver.map((r) => r.functions[0]).join(', ')})` : '') +
      '. The SDK clients load from the runtime in Lambda and are external to every bundle: their import time is ' +
      'the floor of any function that uses them, which alone exceeds the target (see "SDK only").',
  );
  if (opts.why) {
    lines.push('', 'largest packages per function (KB of minified output):');
    for (const r of results) {
      lines.push(
        `${r.functions.join(' + ').slice(0, W).padEnd(W)} ${r.topPackages.map(([p, n]) => `${p} ${fmt(kb(n))}`).join(', ')}`,
      );
    }
  }
  return {
    lines,
    json: {
      runs,
      externals: BUNDLE.externals,
      targets: { kb: TARGET_KB, importMsAboveBaseline: TARGET_IMPORT_MS },
      baselines,
      results,
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { lines } = await benchBundles({ why: process.argv.includes('--why') });
  console.log(lines.join('\n'));
}
