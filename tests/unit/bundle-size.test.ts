import * as path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { entries } from '../../bench/bundles.ts';
import { ENTRY_FILE, functionBuildOptions, REPO_ROOT } from '../../infra/bundle/options.ts';

/**
 * The size budget of every Lambda function, built exactly as CDK builds it (infra/bundle/options.ts:
 * the AWS SDK inside, ESM, minified, lazily imported code in chunks): at most 1 MB of JavaScript
 * each, chunks included (source maps are separate files).
 */
const BUDGET_BYTES = 1024 * 1024;

describe('Lambda bundle sizes', () => {
  it('keeps every function within 1 MB minified, the SDK bundled in', { timeout: 900_000 }, async () => {
    const sizes: Record<string, number> = {};
    for (const e of entries()) {
      const outdir = path.join(REPO_ROOT, 'node_modules', '.cache', 'bundle-size', e.ids[0]!);
      const result = await build({
        ...functionBuildOptions(e.entry, outdir),
        write: false,
        logLevel: 'silent',
      });
      const js = result.outputFiles.filter((f) => f.path.endsWith('.mjs'));
      expect(js.map((f) => path.relative(outdir, f.path))).toContain(ENTRY_FILE);
      sizes[e.ids.join('+')] = js.reduce((n, f) => n + f.contents.byteLength, 0);
      for (const f of js) {
        // The SDK is inside: nothing is left for the runtime to provide.
        expect(f.text).not.toMatch(/from\s*"@aws-sdk\//);
        // node:http is required (infra/bundle/options.ts says why), never imported as an ES module.
        expect(f.text).not.toMatch(/from\s*"(node:)?http"|import\("(node:)?http"\)/);
      }
    }
    const over = Object.entries(sizes).filter(([, n]) => n > BUDGET_BYTES);
    expect(over).toEqual([]);
    expect(Object.keys(sizes).length).toBeGreaterThan(10);
  });
});
