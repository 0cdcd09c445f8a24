import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/stacks/functions.ts';

/**
 * Contracts and handlers use `zod/mini`, whose functions tree-shake (≈ 40 KB of a bundle); one
 * import of classic `zod` anywhere a function or the web app reaches brings its ≈ 95 KB back into
 * every such bundle (issue: functions ≤ 200 KB).
 */
function sources(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.relative(REPO_ROOT, path.join(e.parentPath, e.name)));
}

describe('zod/mini only', () => {
  it('no module of the functions, the shared code or the web app imports classic zod', () => {
    const files = ['functions', 'shared', 'web/src', 'infra'].flatMap(sources);
    expect(files.length).toBeGreaterThan(100);
    const classic = files.filter((f) =>
      /from\s+'zod(\/v4)?'/.test(readFileSync(path.join(REPO_ROOT, f), 'utf8')),
    );
    expect(classic).toEqual([]);
  });
});
