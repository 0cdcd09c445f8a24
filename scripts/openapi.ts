import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildOpenApi } from '../infra/api/openapi.ts';
import { REPO_ROOT } from '../infra/local/stack.ts';
import { ROUTES } from '../shared/contracts/routes.ts';

/**
 * Writes the API description (OpenAPI 3.1, from the route table and the handlers' schemas) next to
 * the built web app, which publishes it: `npm run build:web` → web/dist/openapi.json.
 *   tsx scripts/openapi.ts [out-file]
 */
export async function writeOpenApi(out: string): Promise<void> {
  const doc = await buildOpenApi(ROUTES, REPO_ROOT);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  await writeOpenApi(path.resolve(process.argv[2] ?? path.join(REPO_ROOT, 'web', 'dist', 'openapi.json')));
}
