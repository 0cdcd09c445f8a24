import { copyFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, buildSync } from 'esbuild';

/** Repository root: handler paths in the route table are relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The AWS SDK packages the Lambda Node.js 24 runtime ships (its `/var/runtime/node_modules`): every
 * service client, the DynamoDB document client and its marshaller. They are NOT left out of the
 * bundles: every function bundles the SDK it uses (ESM, tree-shaken, minified), as Powertools and
 * the AWS docs recommend, because it imports faster than the runtime's full copy (bench/bundles.ts
 * builds each function both ways in one run and compares their cold imports) and deploys exactly
 * package-lock's versions. This list is that comparison's "SDK external" build.
 */
export const SDK_EXTERNALS: readonly string[] = [
  '@aws-sdk/client-*',
  '@aws-sdk/lib-dynamodb',
  '@aws-sdk/util-dynamodb',
];

/**
 * How every Lambda function is built: the one definition CDK (infra/stacks/functions.ts), the
 * bench (bench/bundles.ts) and the size test use.
 *
 * - ESM for Node 24, minified and tree-shaken, with source maps (`NODE_OPTIONS=--enable-source-maps`).
 * - **Code splitting**: what a function only reaches through `import()` — the S3 client where
 *   documents are read lazily, the credential providers the default chain loads only when the
 *   environment holds no credentials (SSO, INI, web identity, their STS/SSO clients), the browser
 *   user-agent parser — goes to `chunks/` beside `index.mjs` and is neither read nor compiled at a
 *   cold start. One file per function parsed ≈ 10–15 % more code at every cold start (bench).
 * - **`node:http` taken with `require`, not `import`**: since Node 22, importing `node:http` as an
 *   ES module builds its ESM facade, which reads every export, including the lazy `WebSocket`,
 *   `CloseEvent` and `MessageEvent` getters, and so loads Node's whole bundled undici (≈ 20 ms of
 *   CPU per cold start on Node 24, measured). The SDK's ES build imports `node:http`; its CommonJS
 *   build (the runtime's copy) requires it, which is why a bundled SDK measured no faster than the
 *   runtime's on Node 24 until this alias (`infra/bundle/node-http.cjs`).
 * - Bundled CommonJS dependencies may call `require()`: the banner gives them one.
 */
export const BUNDLE = {
  target: 'node24',
  format: 'esm',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  splitting: true,
  /** Nothing external: the SDK is bundled (see SDK_EXTERNALS). */
  externals: [] as readonly string[],
  alias: {
    http: './infra/bundle/node-http.cjs',
    'node:http': './infra/bundle/node-http.cjs',
    // The browser user-agent parser (35 KB) that only the SDK's browser code path imports.
    bowser: './infra/bundle/no-bowser.mjs',
  } as Readonly<Record<string, string>>,
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
} as const;

/** The file Lambda loads (`index.handler`); the lazily loaded chunks sit in `chunks/` beside it. */
export const ENTRY_FILE = 'index.mjs';

/**
 * esbuild options for one function: `entry` (absolute, or relative to the repository) built into
 * `outdir` as `index.mjs` (+ `chunks/`). `external` replaces `BUNDLE.externals` (the bench's
 * SDK-external comparison build).
 */
export function functionBuildOptions(
  entry: string,
  outdir: string,
  opts: { external?: readonly string[] } = {},
): BuildOptions & { metafile: true } {
  return {
    entryPoints: { index: path.resolve(REPO_ROOT, entry) },
    outdir,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: BUNDLE.format,
    target: BUNDLE.target,
    mainFields: [...BUNDLE.mainFields],
    minify: BUNDLE.minify,
    sourcemap: BUNDLE.sourceMap,
    splitting: BUNDLE.splitting,
    external: [...(opts.external ?? BUNDLE.externals)],
    alias: { ...BUNDLE.alias },
    banner: { js: BUNDLE.banner },
    absWorkingDir: REPO_ROOT,
    logLevel: 'warning',
    metafile: true,
  };
}

/**
 * Builds one function into `outdir` (CDK's local bundling calls this) and copies the data files it
 * reads beside the bundle (`assets`, repository-relative).
 */
export function bundleFunctionSync(entry: string, outdir: string, assets: readonly string[] = []): void {
  buildSync(functionBuildOptions(entry, outdir));
  for (const f of assets) copyFileSync(path.join(REPO_ROOT, f), path.join(outdir, path.basename(f)));
}
