import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The web app builds its pages from DOM nodes and text, never from HTML strings, so text a citizen
 * or an officer typed (names, addresses, reasons, notes) cannot become markup or script there.
 * This scan fails on any sink that parses a string as HTML or code.
 */
const WEB_SRC = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../web/src');

const SINKS: [string, RegExp][] = [
  ['innerHTML =', /\.innerHTML\s*\+?=/],
  ['outerHTML =', /\.outerHTML\s*\+?=/],
  ['insertAdjacentHTML', /\binsertAdjacentHTML\s*\(/],
  ['eval(', /(^|[^\w$.])eval\s*\(/],
  ['new Function(', /\bnew\s+Function\s*\(/],
  ['document.write', /\bdocument\s*\.\s*write(ln)?\s*\(/],
  ['dangerouslySetInnerHTML', /\bdangerouslySetInnerHTML\b/],
  ['string setTimeout/setInterval', /\bset(Timeout|Interval)\s*\(\s*['"`]/],
];

/**
 * Places allowed to use a sink anyway, each with its reason: `file:line-text` → why. Empty: no
 * page needs one today.
 */
const ALLOWED = new Map<string, string>();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

function findSinks(files: { file: string; text: string }[]): string[] {
  const found: string[] = [];
  for (const { file, text } of files) {
    for (const [i, line] of text.split('\n').entries()) {
      const code = line.replace(/\/\/.*$/, '');
      for (const [name, re] of SINKS) {
        if (!re.test(code)) continue;
        const id = `${file}:${line.trim()}`;
        if (!ALLOWED.has(id)) found.push(`${file}:${i + 1} ${name}: ${line.trim()}`);
      }
    }
  }
  return found;
}

describe('web sources', () => {
  const files = sourceFiles(WEB_SRC).map((f) => ({
    file: path.relative(WEB_SRC, f),
    text: readFileSync(f, 'utf8'),
  }));

  it('are found (the scan looks at the real pages)', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.some((f) => f.file === path.join('pages', 'lookup.ts'))).toBe(true);
  });

  it('use no HTML-string or code-string sink (innerHTML, insertAdjacentHTML, eval, document.write…)', () => {
    expect(findSinks(files)).toEqual([]);
  });

  it('would catch each sink (the patterns are not blind)', () => {
    const samples = [
      'el.innerHTML = name;',
      'el.innerHTML += name;',
      'el.outerHTML = x;',
      "el.insertAdjacentHTML('beforeend', x);",
      'eval(code);',
      'const f = new Function("a", body);',
      'document.write(x);',
      "setTimeout('go()', 10);",
    ];
    expect(findSinks(samples.map((text, i) => ({ file: `sample-${i}.ts`, text })))).toHaveLength(
      samples.length,
    );
    // …and lets the safe spellings through.
    const safe = [
      'el.textContent = name;',
      'const evaluation = 1;',
      'retrieval(x);',
      'el.dataset.html = "x";',
    ];
    expect(findSinks(safe.map((text, i) => ({ file: `safe-${i}.ts`, text })))).toEqual([]);
  });
});
