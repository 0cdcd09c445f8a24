import { execFile } from 'node:child_process';
import { copyFile, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { BUNDLE, BUNDLE_ASSETS, REPO_ROOT, SDK_EXTERNALS } from '../infra/stacks/functions.ts';
import { JOBS } from '../shared/contracts/jobs.ts';
import { ROUTES, WORKFLOW_FUNCTIONS } from '../shared/contracts/routes.ts';

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
 * Each function is built twice in the same run: as CDK bundles it (the AWS SDK bundled, tree-shaken,
 * minified) and with the SDK external (resolved from node_modules, as the runtime's copy would be),
 * so the two builds' cold imports compare on the same machine at the same moment. The SDK-only
 * module is built the same way as the function (bundled for the bundled build).
 *
 * Targets (issue 21): ≤ 1 MB minified per function; import ≤ 30 ms above its SDK-only module; the
 * mean cold import of all functions ≤ 0.65 × the same functions built with the SDK external.
 */
export const TARGET_KB = 1024;
export const TARGET_IMPORT_MS = 30;
export const TARGET_BUNDLED_RATIO = 0.65;

const exec = promisify(execFile);
const OUT = path.join(REPO_ROOT, 'node_modules', '.cache', 'motcua-bench-bundles');

interface Entry {
  /** Function ids served by this module (routes sharing a module share a bundle). */
  ids: string[];
  entry: string;
}

export function entries(): Entry[] {
  const byModule = new Map<string, string[]>();
  for (const def of [...ROUTES, ...WORKFLOW_FUNCTIONS, ...JOBS]) {
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

async function bundle(
  e: Entry,
  outfile: string,
  external: readonly string[] = BUNDLE.externals,
): Promise<{ bytes: number; meta: Metafile }> {
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
    external: [...external],
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
  return times.reduce((a, b) => a + b, 0) / times.length;
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

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

interface ImportTimes {
  ms: number;
  /** The same function built with the SDK external (the runtime's copy). */
  externalMs: number;
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
    // The comparison build: the SDK external. Its static imports name the SDK packages used.
    const externalFile = path.join(OUT, name, 'external.mjs');
    const external = await bundle(e, externalFile, SDK_EXTERNALS);
    // Data files CDK copies beside the bundle (the forms' fonts): copied likewise, counted apart.
    let assetBytes = 0;
    for (const f of BUNDLE_ASSETS[e.entry] ?? []) {
      await copyFile(path.join(REPO_ROOT, f), path.join(path.dirname(outfile), path.basename(f)));
      assetBytes += (await stat(path.join(REPO_ROOT, f))).size;
    }
    built.push({
      e,
      outfile,
      externalFile,
      bytes,
      externalBytes: external.bytes,
      assetBytes,
      meta,
      sdk: staticExternals(external.meta),
    });
  }
  // One "SDK only" module per distinct set of SDK packages, built the same way as the functions
  // (bundled when they bundle the SDK) and imported like them.
  const sdkModules = new Map<string, string>();
  for (const b of built) {
    const key = b.sdk.join(' ');
    if (sdkModules.has(key)) continue;
    const source = path.join(OUT, `sdk-${sdkModules.size}.src.mjs`);
    const file = path.join(OUT, `sdk-${sdkModules.size}`, 'index.mjs');
    await writeFile(
      source,
      `${b.sdk.map((m, i) => `import * as m${i} from '${m}';`).join('\n')}\nexport default [${b.sdk.map((_, i) => `m${i}`).join(', ')}];\n`,
    );
    await build({
      entryPoints: [source],
      outfile: file,
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
    });
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
      const pairs: { sdk: number; fn: number; ext: number }[] = [];
      const sdkFile = sdkModules.get(b.sdk.join(' '))!;
      for (let i = 0; i < runs; i++) {
        pairs.push({
          sdk: await importMs(node.bin, sdkFile, 1),
          fn: await importMs(node.bin, b.outfile, 1),
          ext: await importMs(node.bin, b.externalFile, 1),
        });
      }
      const key = b.sdk.join(' ');
      sdkMs.set(key, [...(sdkMs.get(key) ?? []), ...pairs.map((p) => p.sdk)]);
      const ms = mean(pairs.map((p) => p.fn));
      const t = {
        ms,
        externalMs: mean(pairs.map((p) => p.ext)),
        aboveEmpty: ms - emptyMs,
        aboveSdk: mean(pairs.map((p) => p.fn - p.sdk)),
      };
      times.set(b.outfile, [...(times.get(b.outfile) ?? []), t]);
    }
    baselines.push({
      node: node.label,
      emptyMs,
      sdkMs: Object.fromEntries([...sdkMs].map(([k, v]) => [k, mean(v)])),
    });
  }

  const results = built.map((b) => {
    const t = times.get(b.outfile)!;
    return {
      functions: b.e.ids,
      entry: b.e.entry,
      bytes: b.bytes,
      externalBytes: b.externalBytes,
      assetBytes: b.assetBytes,
      sdkImported: b.sdk,
      imports: t.map((x, i) => ({ node: runtimes[i]!.label, ...x })),
      topPackages: bytesByPackage(b.meta).slice(0, 8),
      meetsSize: kb(b.bytes) <= TARGET_KB,
      meetsImport: t.every((x) => x.aboveSdk <= TARGET_IMPORT_MS),
      ownImportWithinTarget: t.every((x) => x.aboveSdk <= TARGET_IMPORT_MS),
    };
  });
  // The mean cold import of all functions, bundled as deployed and with the SDK external, per Node.
  const means = runtimes.map((n, i) => {
    const bundled = mean(results.map((r) => r.imports[i]!.ms));
    const external = mean(results.map((r) => r.imports[i]!.externalMs));
    return { node: n.label, bundled, external, ratio: bundled / external };
  });

  const W = 38;
  const nodeCols = runtimes.map((n) => `${pad(n.label, 27)}`).join(' ');
  const lines = [
    `bundles — as CDK bundles them (${BUNDLE.target} ESM, minified; external: ${BUNDLE.externals.join(', ')}); ` +
      `cold import in a fresh node --enable-source-maps process, median of ${runs}` +
      (runtimes.length > 1 ? '' : ' (set BENCH_NODE24=/path/to/node to time Node 24 too)'),
    `targets: ≤ ${TARGET_KB} KB per function; import ≤ ${TARGET_IMPORT_MS} ms above its SDK-only module; mean import ≤ ${TARGET_BUNDLED_RATIO} × the SDK-external build. ` +
      '"Δ SDK" is above a module importing only the SDK packages that function uses, built the same way (our own code\'s cost); "ext" is the same function built with the SDK external. Means over runs.',
    `${''.padEnd(W)} ${pad('', 7)} ${nodeCols}`,
    `${'function'.padEnd(W)} ${pad('KB', 7)} ${runtimes.map(() => `${pad('ms', 7)} ${pad('Δ empty', 9)} ${pad('Δ SDK', 9)} ${pad('ext ms', 7)}`).join(' ')}  targets`,
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
          .map(
            (t) =>
              `${pad(fmt(t.ms), 7)} ${pad(fmt(t.aboveEmpty), 9)} ${pad(fmt(t.aboveSdk), 9)} ${pad(fmt(t.externalMs), 7)}`,
          )
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
    `import: ${results.length - ownOver.length} of ${results.length} within ${TARGET_IMPORT_MS} ms of their SDK-only module on every Node` +
      (ownOver.length ? ` (over: ${ownOver.map((r) => r.functions[0]).join(', ')})` : '') +
      `; ${importOver.length} over`,
    ...means.map(
      (m) =>
        `mean cold import of all ${results.length} functions (${m.node}): bundled ${fmt(m.bundled)} ms, SDK external ${fmt(m.external)} ms = ×${m.ratio.toFixed(2)} (target ≤ ${TARGET_BUNDLED_RATIO}: ${m.ratio <= TARGET_BUNDLED_RATIO ? 'met' : 'NOT MET'})`,
    ),
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
      targets: { kb: TARGET_KB, importMsAboveSdk: TARGET_IMPORT_MS, bundledRatio: TARGET_BUNDLED_RATIO },
      baselines,
      means,
      results,
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { lines } = await benchBundles({ why: process.argv.includes('--why') });
  console.log(lines.join('\n'));
}
