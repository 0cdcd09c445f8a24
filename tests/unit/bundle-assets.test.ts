import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE_ASSETS, REPO_ROOT } from '../../infra/stacks/functions.ts';
import { ROUTES, WORKFLOW_FUNCTIONS } from '../../shared/contracts/routes.ts';
import { FONT_FILES } from '../../shared/forms/fonts.ts';

/**
 * The forms' fonts are files beside a bundle, not code in it (shared/forms/fonts.ts): a function
 * whose code reaches fonts.ts without `BUNDLE_ASSETS` listing them would fail on its first form in
 * AWS only. Follows each handler's static imports of our own modules (relative and `#…` aliases).
 */
const ALIASES = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).imports as Record<
  string,
  string
>;

function reaches(entry: string, target: string): boolean {
  const seen = new Set<string>();
  const stack = [path.join(REPO_ROOT, entry)];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (file === path.join(REPO_ROOT, target)) return true;
    const source = readFileSync(file, 'utf8');
    for (const [, spec] of source.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)) {
      const alias = Object.keys(ALIASES).find((a) => spec!.startsWith(a.replace('*', '')));
      const resolved = spec!.startsWith('.')
        ? path.resolve(path.dirname(file), spec!)
        : alias
          ? path.join(REPO_ROOT, ALIASES[alias]!.replace('*', spec!.slice(alias.length - 1)))
          : undefined;
      if (resolved?.endsWith('.ts') && existsSync(resolved)) stack.push(resolved);
    }
  }
  return false;
}

describe('files beside the bundles (infra/stacks/functions.ts BUNDLE_ASSETS)', () => {
  const handlers = [...new Set([...ROUTES, ...WORKFLOW_FUNCTIONS].map((d) => d.handler))];

  it('lists the fonts for exactly the functions that print forms', () => {
    const printing = handlers.filter((h) => reaches(h, 'shared/forms/fonts.ts')).sort();
    expect(printing).toEqual(['functions/public/receipt-pdf.ts', 'functions/staff/dossier-form.ts']);
    expect(Object.keys(BUNDLE_ASSETS).sort()).toEqual(printing);
    for (const h of printing) expect([...BUNDLE_ASSETS[h]!].sort()).toEqual(Object.values(FONT_FILES).sort());
  });

  it('names files that exist, with distinct names (they are copied flat)', () => {
    const files = Object.values(BUNDLE_ASSETS).flat();
    for (const f of files) expect(existsSync(path.join(REPO_ROOT, f)), f).toBe(true);
    const names = new Set(Object.values(FONT_FILES).map((f) => path.basename(f)));
    expect(names.size).toBe(Object.values(FONT_FILES).length);
  });
});
