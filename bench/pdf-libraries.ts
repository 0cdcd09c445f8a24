import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { REPO_ROOT } from '../infra/stacks/functions.ts';

/**
 * Which PDF library for the forms (docs/pdf-and-signing.md): form 01's content drawn by our own writer
 * (shared/forms/), by PDFKit (tagged, PDF/UA) and by pdf-lib + fontkit, each bundled as a Lambda
 * function would be (esbuild, minified, Node 24), then: bundle size, cold import (fresh Node
 * process, median of 5), first and warm render time (median of 20) and the output's size.
 * PDFKit and pdf-lib are not dependencies: install them in a folder of their own first.
 *
 *   mkdir -p /tmp/pdf-libs && (cd /tmp/pdf-libs && npm init -y && npm i pdfkit pdf-lib @pdf-lib/fontkit)
 *   BENCH_PDF_LIBS=/tmp/pdf-libs/node_modules npx tsx bench/pdf-libraries.ts
 */
const LIBS = process.env.BENCH_PDF_LIBS ?? '/tmp/pdf-libs/node_modules';
const OUT = path.join(REPO_ROOT, 'node_modules', '.cache', 'motcua-bench-pdf');
const RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(name: string, entry: string) {
  const dir = path.join(OUT, entry.replace(/\.ts$/, ''));
  mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, 'index.mjs');
  const result = await build({
    entryPoints: [path.join(REPO_ROOT, 'bench', 'pdf-libraries', entry)],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    outfile,
    nodePaths: [LIBS],
    // linebreak's ES module reads a data file beside itself; its CommonJS build has the data inlined.
    alias: { linebreak: path.join(LIBS, 'linebreak', 'dist', 'main.cjs') },
    // PDFKit does not survive bundling as is (its methods come from mixins the bundle loses, it
    // reads AFM files and package imports at run time): measured as installed, from node_modules.
    ...(entry === 'pdfkit.ts' ? { external: ['pdfkit'] } : {}),
    metafile: true,
    // PDFKit declares "sideEffects": false yet adds its methods by top-level mixin calls.
    ignoreAnnotations: true,
    logLevel: 'silent',
    // CommonJS packages (pdfkit, fontkit) need require in an ES module bundle, as CDK's banner gives.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; const require = __cr(import.meta.url); const __dirname = __fu(new URL('.', import.meta.url)); const __filename = __fu(import.meta.url);",
    },
  });
  let bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  if (entry === 'pdfkit.ts') {
    execFileSync('ln', ['-sfn', LIBS, path.join(dir, 'node_modules')]);
    // What the function would ship: pdfkit and its dependencies as installed.
    const closure = [
      'pdfkit',
      'fontkit',
      'linebreak',
      'png-js',
      'restructure',
      'brotli',
      'unicode-properties',
      'unicode-trie',
      'dfa',
      'tiny-inflate',
      'fast-deep-equal',
      'clone',
      'base64-js',
      'pako',
      'fflate',
      '@noble/ciphers',
      '@noble/hashes',
      '@swc/helpers',
    ];
    for (const p of closure) {
      bytes += Number(execFileSync('du', ['-sb', path.join(LIBS, p)], { encoding: 'utf8' }).split('\t')[0]);
    }
  }
  // The fonts sit beside the bundle, as CDK copies them (FORM_ASSETS).
  for (const f of ['DejaVuSans.ttf.br', 'DejaVuSans-Bold.ttf.br']) {
    execFileSync('cp', [path.join(REPO_ROOT, 'shared', 'forms', f), dir]);
  }
  const probe = path.join(dir, 'probe.mjs');
  writeFileSync(
    probe,
    `const t0 = performance.now();
const m = await import(${JSON.stringify(pathToFileURL(outfile).href)});
const t1 = performance.now();
let pdf = await m.render();
const t2 = performance.now();
const warm = [];
for (let i = 0; i < 20; i++) { const s = performance.now(); pdf = await m.render(); warm.push(performance.now() - s); }
warm.sort((a, b) => a - b);
console.log(JSON.stringify({ importMs: t1 - t0, firstMs: t2 - t1, warmMs: warm[10], pdfBytes: pdf.length }));
`,
  );
  const runs = Array.from(
    { length: RUNS },
    () => JSON.parse(execFileSync(process.execPath, [probe], { encoding: 'utf8' })) as Record<string, number>,
  );
  return {
    name,
    bundleKb: Math.round(bytes / 1024),
    importMs: Math.round(median(runs.map((r) => r.importMs!))),
    firstRenderMs: Math.round(median(runs.map((r) => r.firstMs!))),
    warmRenderMs: Number(median(runs.map((r) => r.warmMs!)).toFixed(1)),
    pdfKb: Math.round(runs[0]!.pdfBytes! / 1024),
  };
}

const rows = [
  await measure('own writer', 'own.ts'),
  await measure('PDFKit (tagged, PDF/UA; installed, not bundled)', 'pdfkit.ts'),
  await measure('pdf-lib + fontkit', 'pdf-lib.ts'),
];
console.log(
  `Node ${process.version}; import = fresh process, median of ${RUNS}; warm = median of 20 renders`,
);
console.log('| writer | bundle (min.) | cold import | first render | warm render | form 01 PDF |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${r.bundleKb} KB | ${r.importMs} ms | ${r.firstRenderMs} ms | ${r.warmRenderMs} ms | ${r.pdfKb} KB |`,
  );
}
