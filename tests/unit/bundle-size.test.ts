import * as path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { entries } from '../../bench/bundles.ts';
import { BUNDLE, REPO_ROOT } from '../../infra/stacks/functions.ts';

/**
 * The size budget of every Lambda function, bundled exactly as CDK bundles it (the AWS SDK inside,
 * ESM, minified): at most 1 MB of JavaScript each (the source map is a separate file).
 */
const BUDGET_BYTES = 1024 * 1024;

describe('Lambda bundle sizes', () => {
  it('keeps every function within 1 MB minified, the SDK bundled in', { timeout: 300_000 }, async () => {
    const sizes: Record<string, number> = {};
    for (const e of entries()) {
      const result = await build({
        entryPoints: [path.join(REPO_ROOT, e.entry)],
        outfile: path.join(REPO_ROOT, 'node_modules', '.cache', 'bundle-size', 'index.mjs'),
        write: false,
        bundle: true,
        platform: 'node',
        format: BUNDLE.format,
        target: BUNDLE.target,
        mainFields: [...BUNDLE.mainFields],
        minify: BUNDLE.minify,
        external: [...BUNDLE.externals],
        banner: { js: BUNDLE.banner },
        absWorkingDir: REPO_ROOT,
        logLevel: 'silent',
      });
      const js = result.outputFiles.find((f) => f.path.endsWith('.mjs'))!;
      sizes[e.ids.join('+')] = js.contents.byteLength;
      // The SDK is inside: nothing is left for the runtime to provide.
      expect(js.text).not.toMatch(/from\s*"@aws-sdk\//);
    }
    const over = Object.entries(sizes).filter(([, n]) => n > BUDGET_BYTES);
    expect(over).toEqual([]);
    expect(Object.keys(sizes).length).toBeGreaterThan(10);
  });
});
