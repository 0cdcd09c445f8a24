import { execFile } from 'node:child_process';
import { copyFile, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import {
  BUNDLE,
  ENTRY_FILE,
  functionBuildOptions,
  REPO_ROOT,
  SDK_EXTERNALS,
} from '../infra/bundle/options.ts';
import { BUNDLE_ASSETS } from '../infra/stacks/functions.ts';
import { JOBS } from '../shared/contracts/jobs.ts';
import { ROUTES, WORKFLOW_FUNCTIONS } from '../shared/contracts/routes.ts';

/**
 * Bundle size and cold import time of every Lambda function, built exactly as CDK builds it (the one
 * definition in infra/bundle/options.ts: ESM for Node 24, minified, tree-shaken, source maps, the
 * AWS SDK bundled, lazily imported code split into chunks, `node:http` required rather than
 * imported). Each import runs in a fresh `node --enable-source-maps` process (as Lambda runs it:
 * NODE_OPTIONS), timed around `await import(bundle)` (wall time and the process's CPU time), next to
 * two baselines imported the same way in the same run: an empty module, and a module importing only
 * the SDK packages that function imports, built the same way (so our own code's cost shows apart
 * from the SDK's).
 *
 *   npx tsx bench/bundles.ts [--why]   BENCH_IMPORT_RUNS=5 (fresh processes per function, mean)
 *   BENCH_NODE24=/path/to/node         also time every import on Node 24 (the Lambda runtime)
 *   --why                              the largest packages of every bundle (esbuild metafile)
 *
 * Each function is built twice in the same run: as CDK builds it, and with the SDK external
 * (resolved from node_modules, as the runtime's copy would be), so the two builds' cold imports
 * compare on the same machine at the same moment.
 *
 * Targets (issue 21): ≤ 1 MB minified per function; import ≤ 30 ms above its SDK-only module; the
 * mean cold import of all functions ≤ 0.65 × the same functions built with the SDK external.
 */
export const TARGET_KB = 1024;
export const TARGET_IMPORT_MS = 30;
export const TARGET_BUNDLED_RATIO = 0.65;

const exec = promisify(execFile);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
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

/**
 * Builds `entry` into `outdir` with the project's one build definition (infra/bundle/options.ts),
 * as CDK builds it. `bytes`: every JavaScript file written (the entry and its chunks, no source
 * maps); `coldBytes`: those a cold start reads (the entry and the chunks it imports statically).
 */
async function bundle(
  entry: string,
  outdir: string,
  external?: readonly string[],
): Promise<{ file: string; bytes: number; coldBytes: number; meta: Metafile }> {
  const result = await build({ ...functionBuildOptions(entry, outdir, { external }), logLevel: 'silent' });
  const meta = result.metafile;
  const js = Object.entries(meta.outputs).filter(([f]) => f.endsWith('.mjs'));
  const file = path.join(outdir, ENTRY_FILE);
  const entryKey = js.find(([f]) => path.resolve(REPO_ROOT, f) === file)?.[0];
  const cold = new Set<string>();
  const visit = (key: string) => {
    if (cold.has(key)) return;
    cold.add(key);
    for (const i of meta.outputs[key]!.imports)
      if (i.kind === 'import-statement' && meta.outputs[i.path]) visit(i.path);
  };
  if (entryKey) visit(entryKey);
  return {
    file,
    bytes: js.reduce((n, [, o]) => n + o.bytes, 0),
    coldBytes: [...cold].reduce((n, k) => n + meta.outputs[k]!.bytes, 0),
    meta,
  };
}

/**
 * Wall and CPU milliseconds to `import()` `file` in a fresh `node` process (means over `runs`). CPU
 * is the process's user + system time over the import (every thread: V8's compiler and GC helpers
 * too): on a machine shared with other work it is far steadier than wall time, which also counts
 * the time the process waited for a core.
 */
async function importTimes(node: string, file: string, runs: number): Promise<{ ms: number; cpuMs: number }> {
  const script =
    `const c=process.cpuUsage(),t=performance.now();await import(${JSON.stringify(pathToFileURL(file).href)});` +
    'const w=performance.now()-t,u=process.cpuUsage(c);process.stdout.write(JSON.stringify([w,(u.user+u.system)/1000]));';
  const env = {
    ...process.env,
    AWS_REGION: 'ap-southeast-1',
    TABLE_NAME: 'bench-table',
    IDEMPOTENCY_TABLE_NAME: 'bench-idempotency',
    DOCUMENTS_BUCKET: 'bench-documents',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const ms: number[] = [];
  const cpuMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { stdout } = await exec(node, ['--enable-source-maps', '--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      env,
    });
    const [w, c] = JSON.parse(stdout) as [number, number];
    ms.push(w);
    cpuMs.push(c);
  }
  return { ms: mean(ms), cpuMs: mean(cpuMs) };
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

interface ImportTimes {
  ms: number;
  /** CPU time of the process over the import (steadier than wall time on a loaded machine). */
  cpuMs: number;
  /** The same function built with the SDK external (the runtime's copy). */
  externalMs: number;
  externalCpuMs: number;
  /** Above the empty module: the issue's target. */
  aboveEmpty: number;
  /** Above a module importing only the SDK packages this function imports: our own code's cost. */
  aboveSdk: number;
  aboveSdkCpu: number;
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
    const fn = await bundle(e.entry, path.join(OUT, name, 'bundled'));
    // The comparison build: the SDK external. Its static imports name the SDK packages used.
    const external = await bundle(e.entry, path.join(OUT, name, 'external'), SDK_EXTERNALS);
    // Data files CDK copies beside the bundle (the forms' fonts): copied likewise, counted apart.
    let assetBytes = 0;
    for (const f of BUNDLE_ASSETS[e.entry] ?? []) {
      await copyFile(path.join(REPO_ROOT, f), path.join(path.dirname(fn.file), path.basename(f)));
      assetBytes += (await stat(path.join(REPO_ROOT, f))).size;
    }
    built.push({
      e,
      outfile: fn.file,
      externalFile: external.file,
      bytes: fn.bytes,
      coldBytes: fn.coldBytes,
      externalBytes: external.bytes,
      assetBytes,
      meta: fn.meta,
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
    await writeFile(
      source,
      `${b.sdk.map((m, i) => `import * as m${i} from '${m}';`).join('\n')}\nexport default [${b.sdk.map((_, i) => `m${i}`).join(', ')}];\n`,
    );
    const { file } = await bundle(source, path.join(OUT, `sdk-${sdkModules.size}`));
    sdkModules.set(key, file);
  }

  const runtimes = await nodes();
  const baselines: {
    node: string;
    emptyMs: number;
    emptyCpuMs: number;
    sdkMs: Record<string, number>;
    sdkCpuMs: Record<string, number>;
  }[] = [];
  const times = new Map<string, ImportTimes[]>();
  for (const node of runtimes) {
    const emptyT = await importTimes(node.bin, empty, runs);
    const sdkMs = new Map<string, { ms: number; cpuMs: number }[]>();
    for (const b of built) {
      // Paired: each run imports the SDK-only module, then the bundle, then the SDK-external build,
      // so a load change on the machine shifts all three; Δ SDK is the mean of per-run differences.
      const pairs: {
        sdk: { ms: number; cpuMs: number };
        fn: { ms: number; cpuMs: number };
        ext: { ms: number; cpuMs: number };
      }[] = [];
      const sdkFile = sdkModules.get(b.sdk.join(' '))!;
      for (let i = 0; i < runs; i++) {
        pairs.push({
          sdk: await importTimes(node.bin, sdkFile, 1),
          fn: await importTimes(node.bin, b.outfile, 1),
          ext: await importTimes(node.bin, b.externalFile, 1),
        });
      }
      const key = b.sdk.join(' ');
      sdkMs.set(key, [...(sdkMs.get(key) ?? []), ...pairs.map((p) => p.sdk)]);
      const ms = mean(pairs.map((p) => p.fn.ms));
      const t: ImportTimes = {
        ms,
        cpuMs: mean(pairs.map((p) => p.fn.cpuMs)),
        externalMs: mean(pairs.map((p) => p.ext.ms)),
        externalCpuMs: mean(pairs.map((p) => p.ext.cpuMs)),
        aboveEmpty: ms - emptyT.ms,
        aboveSdk: mean(pairs.map((p) => p.fn.ms - p.sdk.ms)),
        aboveSdkCpu: mean(pairs.map((p) => p.fn.cpuMs - p.sdk.cpuMs)),
      };
      times.set(b.outfile, [...(times.get(b.outfile) ?? []), t]);
    }
    baselines.push({
      node: node.label,
      emptyMs: emptyT.ms,
      emptyCpuMs: emptyT.cpuMs,
      sdkMs: Object.fromEntries([...sdkMs].map(([k, v]) => [k, mean(v.map((x) => x.ms))])),
      sdkCpuMs: Object.fromEntries([...sdkMs].map(([k, v]) => [k, mean(v.map((x) => x.cpuMs))])),
    });
  }

  const results = built.map((b) => {
    const t = times.get(b.outfile)!;
    return {
      functions: b.e.ids,
      entry: b.e.entry,
      bytes: b.bytes,
      coldBytes: b.coldBytes,
      externalBytes: b.externalBytes,
      assetBytes: b.assetBytes,
      sdkImported: b.sdk,
      imports: t.map((x, i) => ({ node: runtimes[i]!.label, ...x })),
      topPackages: bytesByPackage(b.meta).slice(0, 8),
      meetsSize: kb(b.bytes) <= TARGET_KB,
      meetsImport: t.every((x) => x.aboveSdk <= TARGET_IMPORT_MS),
      meetsImportCpu: t.every((x) => x.aboveSdkCpu <= TARGET_IMPORT_MS),
    };
  });
  // The mean cold import of all functions, bundled as deployed and with the SDK external, per Node.
  const means = runtimes.map((n, i) => {
    const bundled = mean(results.map((r) => r.imports[i]!.ms));
    const external = mean(results.map((r) => r.imports[i]!.externalMs));
    const bundledCpu = mean(results.map((r) => r.imports[i]!.cpuMs));
    const externalCpu = mean(results.map((r) => r.imports[i]!.externalCpuMs));
    return {
      node: n.label,
      bundled,
      external,
      ratio: bundled / external,
      bundledCpu,
      externalCpu,
      ratioCpu: bundledCpu / externalCpu,
    };
  });

  const W = 38;
  const cols = ['ms', 'cpu', 'Δ SDK', 'Δ SDKcpu', 'ext ms', 'ext cpu'];
  const row = (xs: (number | undefined)[]) => xs.map((x) => pad(x === undefined ? '' : fmt(x), 8)).join(' ');
  const lines = [
    `bundles — as CDK builds them (infra/bundle/options.ts: ${BUNDLE.target} ESM, minified, split, node:http required; external: ${BUNDLE.externals.join(', ') || 'none'}); ` +
      `cold import in a fresh node --enable-source-maps process, mean of ${runs} runs` +
      (runtimes.length > 1 ? '' : ' (set BENCH_NODE24=/path/to/node to time Node 24 too)'),
    `targets: ≤ ${TARGET_KB} KB per function; import ≤ ${TARGET_IMPORT_MS} ms above its SDK-only module; mean import ≤ ${TARGET_BUNDLED_RATIO} × the SDK-external build. ` +
      '"ms" is wall time, "cpu" the process\'s CPU time over the import (steadier on a loaded machine); "Δ SDK" is above a module importing only the SDK packages that function uses, built the same way (our own code\'s cost); "ext" is the same function built with the SDK external. "KB": all JavaScript (cold: read at a cold start).',
    `${''.padEnd(W)} ${pad('', 13)} ${runtimes.map((n) => n.label.padEnd(53)).join(' ')}`,
    `${'function'.padEnd(W)} ${pad('KB (cold)', 13)} ${runtimes.map(() => cols.map((c) => pad(c, 8)).join(' ')).join(' ')}  targets`,
    `${'baseline: empty module'.padEnd(W)} ${pad('', 13)} ${baselines.map((b) => row([b.emptyMs, b.emptyCpuMs, undefined, undefined, undefined, undefined])).join(' ')}`,
    ...[...sdkModules.keys()].map(
      (key) =>
        `${`SDK only: ${key.replaceAll('@aws-sdk/client-', '').replaceAll('@aws-sdk/', '') || '(none)'}`.slice(0, W).padEnd(W)} ${pad('', 13)} ` +
        baselines
          .map((b) => row([b.sdkMs[key], b.sdkCpuMs[key], undefined, undefined, undefined, undefined]))
          .join(' '),
    ),
    ...results.map(
      (r) =>
        `${r.functions.join(' + ').slice(0, W).padEnd(W)} ${pad(`${fmt(kb(r.bytes), 0)} (${fmt(kb(r.coldBytes), 0)})`, 13)} ` +
        r.imports
          .map((t) => row([t.ms, t.cpuMs, t.aboveSdk, t.aboveSdkCpu, t.externalMs, t.externalCpuMs]))
          .join(' ') +
        `  ${r.meetsSize ? 'size ok' : 'SIZE OVER'}${r.assetBytes ? ` (+ ${fmt(kb(r.assetBytes))} KB data files)` : ''}, ${r.meetsImport ? 'import ok' : 'IMPORT OVER'}${r.meetsImportCpu ? '' : ' (cpu over)'}`,
    ),
  ];
  const sizeOver = results.filter((r) => !r.meetsSize);
  const importOver = results.filter((r) => !r.meetsImport);
  const cpuOver = results.filter((r) => !r.meetsImportCpu);
  lines.push(
    `size: ${results.length - sizeOver.length} of ${results.length} bundles within ${TARGET_KB} KB` +
      (sizeOver.length
        ? `; over: ${sizeOver.map((r) => `${r.functions[0]} (${fmt(kb(r.bytes), 0)} KB)`).join(', ')}`
        : ''),
    `import: ${results.length - importOver.length} of ${results.length} within ${TARGET_IMPORT_MS} ms of their SDK-only module on every Node (wall)` +
      (importOver.length ? ` (over: ${importOver.map((r) => r.functions[0]).join(', ')})` : '') +
      `; by CPU time ${results.length - cpuOver.length} of ${results.length}` +
      (cpuOver.length ? ` (over: ${cpuOver.map((r) => r.functions[0]).join(', ')})` : ''),
    ...means.map(
      (m) =>
        `mean cold import of all ${results.length} functions (${m.node}): bundled ${fmt(m.bundled)} ms, SDK external ${fmt(m.external)} ms = ×${m.ratio.toFixed(2)} (target ≤ ${TARGET_BUNDLED_RATIO}: ${m.ratio <= TARGET_BUNDLED_RATIO ? 'met' : 'NOT MET'}); ` +
        `CPU ${fmt(m.bundledCpu)} vs ${fmt(m.externalCpu)} ms = ×${m.ratioCpu.toFixed(2)}`,
    ),
    '',
    'what dominates each bundle above 300 KB (KB of minified output, all chunks):',
    ...results
      .filter((r) => kb(r.bytes) > 300)
      .map(
        (r) =>
          `${r.functions.join(' + ').slice(0, W).padEnd(W)} ${fmt(kb(r.bytes), 0)} KB: ${r.topPackages
            .slice(0, 6)
            .map(([p, n]) => `${p} ${fmt(kb(n), 0)}`)
            .join(', ')}`,
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
