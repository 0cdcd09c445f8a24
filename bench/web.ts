import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { CLS_TARGET, LCP_TARGET_MS, measureWebVitals } from './web-vitals.ts';

/** The repository root (this file is in bench/). */
const REPO_ROOT = path.resolve(import.meta.dirname, '..');

/**
 * The citizen web form's weight: builds it with Vite and reports the gzipped JavaScript and CSS
 * each page needs. The submission path (search → procedure → form → receipt) must stay within
 * TARGET_KB of gzipped JavaScript: many citizens apply from a phone on a mobile network.
 */
export const TARGET_KB = 120;

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  isEntry?: boolean;
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

export async function benchWeb() {
  const outDir = mkdtempSync(path.join(tmpdir(), 'motcua-web-bench-'));
  try {
    await build({
      configFile: path.join(REPO_ROOT, 'web', 'vite.config.ts'),
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true, manifest: true },
    });
    const manifest = JSON.parse(readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8')) as Record<
      string,
      ManifestChunk
    >;
    const gz = new Map<string, number>();
    const gzOf = (file: string) => {
      let n = gz.get(file);
      if (n === undefined) {
        n = gzipSync(readFileSync(path.join(outDir, file)), { level: 9 }).length;
        gz.set(file, n);
      }
      return n;
    };
    /** A chunk and everything it imports statically (what the browser fetches before it runs). */
    const closure = (key: string, into = new Set<string>()) => {
      const c = manifest[key];
      if (!c || into.has(key)) return into;
      into.add(key);
      for (const i of c.imports ?? []) closure(i, into);
      return into;
    };
    const jsOf = (keys: Set<string>) => [...keys].reduce((n, k) => n + gzOf(manifest[k]!.file), 0);
    const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
    const entry = closure(entryKey);
    const dynamic = (name: string) => Object.keys(manifest).find((k) => k.endsWith(`pages/${name}.ts`));
    const withPage = (name: string) => {
      const key = dynamic(name);
      return key ? closure(key, new Set(entry)) : entry;
    };
    const css = [...entry].flatMap((k) => manifest[k]!.css ?? []).reduce((n, f) => n + gzOf(f), 0);

    const pages = {
      'search, procedure, form (first load)': jsOf(entry),
      'receipt (after submitting)': jsOf(withPage('receipt')) - jsOf(entry),
      'look-up (from the QR code)': jsOf(withPage('lookup')),
    };
    const submissionPath = jsOf(withPage('receipt'));
    const allJs = Object.values(manifest).reduce(
      (n, c) => n + (c.file.endsWith('.js') ? gzOf(c.file) : 0),
      0,
    );
    const ok = submissionPath <= TARGET_KB * 1024;
    // How the citizen's pages settle on a phone (bench/web-vitals.ts).
    const vitals = await measureWebVitals(outDir);
    const vitalsMet = vitals.every((v) => v.lcpMs <= LCP_TARGET_MS && v.cls < CLS_TARGET);

    const lines = [
      'Citizen web form (Vite build, gzip -9):',
      ...Object.entries(pages).map(([k, v]) => `  ${k.padEnd(40)} ${kb(v).toFixed(1).padStart(6)} KB JS`),
      `  ${'stylesheet (every page)'.padEnd(40)} ${kb(css).toFixed(1).padStart(6)} KB CSS`,
      `  ${'all JavaScript chunks'.padEnd(40)} ${kb(allJs).toFixed(1).padStart(6)} KB JS`,
      `  submission path ${kb(submissionPath).toFixed(1)} KB JS gzipped; target ≤ ${TARGET_KB} KB: ${ok ? 'met' : 'NOT MET'}`,
      'Citizen pages on a phone (Chromium, slow 4G, 4× CPU; median of 3 cold loads):',
      ...vitals.map(
        (v) =>
          `  ${v.name.padEnd(40)} LCP ${(v.lcpMs / 1000).toFixed(2).padStart(5)} s   CLS ${v.cls.toFixed(3)}`,
      ),
      `  targets LCP ≤ ${LCP_TARGET_MS / 1000} s, CLS < ${CLS_TARGET}: ${vitalsMet ? 'met' : 'NOT MET'}`,
    ];
    return {
      lines,
      json: {
        gzipKb: Object.fromEntries(Object.entries(pages).map(([k, v]) => [k, kb(v)])),
        cssKb: kb(css),
        allJsKb: kb(allJs),
        submissionPathKb: kb(submissionPath),
        targetKb: TARGET_KB,
        met: ok,
        vitals,
        vitalsMet,
        chunks: Object.fromEntries([...gz].map(([f, n]) => [f, kb(n)])),
      },
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

// `npx tsx bench/web.ts` runs it alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { lines } = await benchWeb();
  process.stdout.write(`${lines.join('\n')}\n`);
}
