import path from 'node:path';
import { defineConfig } from 'vite';

/**
 * The citizen web form, built to static files that S3 + CloudFront serve (`npm run build:web`).
 * Routes are real paths (history API), so the host must answer unknown paths with index.html;
 * `base: '/'` because a deep link such as /procedures/2.001610 must still find /assets/….
 * The API base URL is read at run time from /config.json, never baked into the bundle.
 */
const webRoot = import.meta.dirname;

export default defineConfig({
  root: webRoot,
  base: '/',
  // Copied as they are to the root of the site: robots.txt.
  publicDir: path.join(webRoot, 'public'),
  build: {
    outDir: path.join(webRoot, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    manifest: true,
    reportCompressedSize: false,
  },
  // The web form imports the zod contracts from ../shared, outside the web root.
  server: { fs: { allow: [path.resolve(webRoot, '..')] } },
});
