import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { writeOpenApi } from '../../scripts/openapi.ts';
import { localWebConfig } from './auth.ts';
import { REPO_ROOT, startLocalStack } from './stack.ts';
import { startStaticServer } from './static.ts';

/**
 * `npm start`: the whole system on this machine, no AWS account, no Docker.
 *   npm start                 data kept in .data/local (git-ignored)
 *   npm start -- --in-memory  nothing kept
 *   npm start -- --port 3000  API port (engines use the next ports)
 *   npm start -- --frozen-clock          the clock moves only when advanced (/_local/clock/advance)
 *   npm start -- --clock-start 2026-03-02T09:00:00+07:00   start the clock at that time
 * Without --clock-start the clock resumes the offset the last run kept in .data/local/clock.json.
 */
const { values } = parseArgs({
  options: {
    'in-memory': { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    host: { type: 'string', default: '127.0.0.1' },
    quiet: { type: 'boolean', default: false },
    'frozen-clock': { type: 'boolean', default: false },
    'clock-start': { type: 'string' },
  },
});
const clockStartMs = values['clock-start'] === undefined ? undefined : Date.parse(values['clock-start']);
if (clockStartMs !== undefined && !Number.isFinite(clockStartMs)) {
  process.stderr.write(`--clock-start: not a date-time: ${values['clock-start']}\n`);
  process.exit(2);
}

const base = Number(values.port);
const dataDir = values['in-memory'] ? undefined : path.join(REPO_ROOT, '.data', 'local');

process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

const stack = await startLocalStack({
  dataDir,
  host: values.host,
  ...(clockStartMs === undefined ? {} : { clockStartMs }),
  clockFrozen: values['frozen-clock'],
  ports: { api: base, dynamodb: base + 1, s3: base + 2, ses: base + 3, sfn: base + 5 },
  publicWebUrl: `http://${values.host}:${base + 4}`,
  onRequest: values.quiet
    ? undefined
    : ({ method, routeKey, status, ms }) =>
        process.stdout.write(
          `${new Date().toISOString()} ${status} ${method} ${routeKey} ${ms.toFixed(1)} ms\n`,
        ),
});
// The citizen web app, built as for S3 + CloudFront, with its config.json pointing at this API.
const dist = path.join(REPO_ROOT, 'web', 'dist');
await build({ configFile: path.join(REPO_ROOT, 'web', 'vite.config.ts'), logLevel: 'warn' });
// Locally only: the staff sign-in lists the demo accounts (an AWS build's config.json never has them).
writeFileSync(
  path.join(dist, 'config.json'),
  JSON.stringify(localWebConfig(stack.urls.api, stack.auth.users)),
);
// Published with the web app, as `npm run build:web` does.
await writeOpenApi(path.join(dist, 'openapi.json'));
const web = await startStaticServer({
  host: values.host,
  port: base + 4,
  dir: dist,
  origins: [stack.urls.api, stack.urls.s3],
});

process.stdout.write(`
Một Cửa — local stack is up (${dataDir ? `data in ${path.relative(REPO_ROOT, dataDir)}` : 'in memory'})
  API (HTTP API, payload 2.0)  ${stack.urls.api}      try: ${stack.urls.api}/procedures?q=dang%20ky%20kinh%20doanh
  API description (OpenAPI)    ${stack.urls.api}/openapi.json
  Citizen web app              ${web.url}
  Sent email (SES)             ${stack.urls.ses}
  DynamoDB (dynalite)          ${stack.urls.dynamodb}
  S3 (s3rver)                  ${stack.urls.s3}
  Step Functions (local)       ${stack.urls.sfn}
  Staff sign-in (demo users)   ${web.url}/can-bo/dang-nhap   (${stack.urls.api}/_local/login leads there too)
  ${(stack.clock.frozen ? 'Clock (frozen)' : 'Clock').padEnd(29)}${stack.urls.api}/_local/clock   (move it: curl -X POST '${stack.urls.api}/_local/clock/advance?days=1')
Seeded ${stack.seeded?.procedures ?? 0} procedures, ${stack.seeded?.departments ?? 0} departments, ${stack.seeded?.calendarYears ?? 0} calendar years; resumed ${stack.resumed} dossier workflow(s).
Press Ctrl-C to stop.
`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping…\n`);
  await Promise.all([stack.stop(), web.close()]);
  process.stdout.write('Stopped.\n');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
