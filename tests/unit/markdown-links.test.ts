import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The docs stand on their own (issue 16, item 6): every relative link in a Markdown file of the
 * repository resolves to a file or folder inside the repository, and no document points readers
 * to notes kept outside it.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const SKIP = new Set(['node_modules', '.git', '.data', 'dist', 'cdk.out', 'bench-results', 'coverage']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (SKIP.has(e.name)) return [];
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return markdownFiles(p);
    return e.name.endsWith('.md') ? [p] : [];
  });
}

/** Link targets outside code: inline `[text](target)`, images, and reference definitions. */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
  const inline = [...prose.matchAll(/!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(
    (m) => m[1]!,
  );
  const refs = [...prose.matchAll(/^\s{0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!);
  return [...inline, ...refs];
}

/** What is wrong with one relative link from `file`, or undefined when it resolves in the repository. */
function brokenLink(file: string, target: string, root = ROOT): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) return undefined; // URL, mailto, anchor
  const clean = decodeURIComponent(target.replace(/[?#].*$/, ''));
  if (!clean) return undefined;
  const resolved = clean.startsWith('/') ? path.join(root, clean) : path.resolve(path.dirname(file), clean);
  const rel = path.relative(root, resolved);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return `${target}: outside the repository`;
  if (!existsSync(resolved)) return `${target}: no such file`;
  return undefined;
}

describe('Markdown links', () => {
  const files = markdownFiles(ROOT);

  it('finds the documents (README, docs/, data/, web/ …)', () => {
    const names = files.map((f) => path.relative(ROOT, f));
    expect(names).toEqual(expect.arrayContaining(['README.md', 'data/README.md']));
    expect(names.some((n) => n.startsWith('docs/'))).toBe(true);
  });

  it('keeps the README a front door (≤ 15 KB); the reference lives in docs/', () => {
    expect(readFileSync(path.join(ROOT, 'README.md')).length).toBeLessThanOrEqual(15 * 1024);
  });

  it('every relative link resolves to a file inside the repository', () => {
    const broken = files.flatMap((f) =>
      linkTargets(readFileSync(f, 'utf8'))
        .map((t) => brokenLink(f, t))
        .filter((e): e is string => e !== undefined)
        .map((e) => `${path.relative(ROOT, f)}: ${e}`),
    );
    expect(broken).toEqual([]);
  });

  it('no document sends readers to notes outside the repository', () => {
    const offenders = files
      .filter((f) => /shared\/handbook|\.\.\/shared\//.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(ROOT, f));
    expect(offenders).toEqual([]);
  });

  it('the check itself catches a missing file, a link out of the repository and ignores code and URLs', () => {
    const readme = path.join(ROOT, 'README.md');
    const md = [
      '[ok](docs/) [gone](docs/no-such-file.md) [out](../shared/handbook/DOMAIN.md)',
      '[web](https://example.vn/x) [anchor](#quick-start) `[code](nowhere.md)`',
      '```',
      '[fenced](nowhere-either.md)',
      '```',
      '[ref]: ./OPERATIONS.md#backups',
    ].join('\n');
    const found = linkTargets(md);
    expect(found).toEqual([
      'docs/',
      'docs/no-such-file.md',
      '../shared/handbook/DOMAIN.md',
      'https://example.vn/x',
      '#quick-start',
      './OPERATIONS.md#backups',
    ]);
    expect(found.map((t) => brokenLink(readme, t))).toEqual([
      undefined,
      'docs/no-such-file.md: no such file',
      '../shared/handbook/DOMAIN.md: outside the repository',
      undefined,
      undefined,
      undefined,
    ]);
  });
});
