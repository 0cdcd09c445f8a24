import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_NAMES, REPO_ROOT, startLocalStack } from '../infra/local/stack.ts';
import { call, draftWithDocuments, newKey } from '../tests/support/api.ts';
import { pdfBytes } from '../tests/support/files.ts';
import { benchBundles } from './bundles.ts';
import { benchCalendar } from './calendar.ts';
import { benchDashboard } from './dashboard.ts';
import { benchInbox } from './inbox.ts';
import { type Summary, summarise, timeEach } from './stats.ts';
import { benchWeb } from './web.ts';
import { benchWorkflow } from './workflow.ts';

/**
 * `npm run bench`: figures measured on the local stack, each next to the raw engine baseline
 * measured in the same run, so machine speed cancels out of the comparison.
 *   BENCH_N=1000 npm run bench    (iterations per measured operation)
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const N = Number(process.env.BENCH_N ?? 1000);
const WARMUP = 50;

const stack = await startLocalStack();
const api = stack.urls.api;
const raw = new DynamoDBClient({ region: 'ap-southeast-1', endpoint: stack.urls.dynamodb });

interface Row {
  operation: string;
  summary: Summary;
  awsCallsPerOp: Record<string, number>;
}
const rows: Row[] = [];

async function measure(operation: string, n: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < Math.min(WARMUP, n); i++) await fn(i);
  const before = stack.calls.snapshot();
  const { durations, wallMs } = await timeEach(n, fn);
  const calls = stack.calls.since(before);
  const perOp = Object.fromEntries(
    Object.entries(calls).map(([k, v]) => [k, Math.round((v / n) * 100) / 100]),
  );
  rows.push({ operation, summary: summarise(durations, wallMs), awsCallsPerOp: perOp });
}

// Baseline: the raw engine through the same SDK, no gateway, no handler.
const table = LOCAL_NAMES.table;
await measure('baseline: raw DynamoDB PutItem', N, (i) =>
  raw.send(
    new PutItemCommand({
      TableName: table,
      Item: { pk: { S: `BENCH#${i % 100}` }, sk: { S: 'META' }, value: { N: String(i) } },
    }),
  ),
);
await measure('baseline: raw DynamoDB GetItem', N, (i) =>
  raw.send(
    new GetItemCommand({ TableName: table, Key: { pk: { S: `BENCH#${i % 100}` }, sk: { S: 'META' } } }),
  ),
);

// Submitted dossiers to look up.
const submitted: { code: string; secret: string }[] = [];
for (let i = 0; i < 20; i++) {
  const { dossierId } = await draftWithDocuments(api, [
    { requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' },
  ]);
  const res = await call<{ code: string; lookupSecret: string }>(
    api,
    'POST',
    `/dossiers/${dossierId}/submit`,
    {
      headers: { 'idempotency-key': newKey() },
    },
  );
  submitted.push({ code: res.body.code, secret: res.body.lookupSecret });
}

await measure('look-up by code + secret (GET /lookup/{code})', N, async (i) => {
  const d = submitted[i % submitted.length]!;
  const res = await call(api, 'GET', `/lookup/${d.code}`, { headers: { 'x-lookup-secret': d.secret } });
  if (res.status !== 200) throw new Error(`lookup ${res.status}`);
});

await measure('procedure search (GET /procedures?q=…)', N, async () => {
  const res = await call(api, 'GET', '/procedures?q=giay%20phep%20xay%20dung');
  if (res.status !== 200) throw new Error(`search ${res.status}`);
});

// Create + finalize: the API calls of an online submission (create, upload slots, submit); the
// upload itself goes browser → S3 and is timed separately.
const M = Math.max(50, Math.floor(N / 5));
const uploadDurations: number[] = [];
await measure('create + finalize (create, upload slots, submit; 1 PDF)', M, async () => {
  const created = await call<{ dossierId: string }>(api, 'POST', '/dossiers', {
    body: (await import('../tests/support/api.ts')).privateEnterpriseRequest(),
    headers: { 'idempotency-key': newKey() },
  });
  const slots = await call<{ slots: import('../shared/contracts/dossier.ts').UploadSlot[] }>(
    api,
    'POST',
    `/dossiers/${created.body.dossierId}/uploads`,
    {
      body: {
        documents: [{ requirementId: 'd1', fileName: 'a.pdf', contentType: 'application/pdf', size: 1000 }],
      },
    },
  );
  const t = performance.now();
  const { uploadToSlot } = await import('../tests/support/api.ts');
  await uploadToSlot(slots.body.slots[0]!, pdfBytes(), 'application/pdf');
  uploadDurations.push(performance.now() - t);
  const res = await call(api, 'POST', `/dossiers/${created.body.dossierId}/submit`, {
    headers: { 'idempotency-key': newKey() },
  });
  if (res.status !== 201) throw new Error(`submit ${res.status}`);
});

await stack.stop();
raw.destroy();

const workflow = await benchWorkflow();
const inbox = await benchInbox();
const dashboard = await benchDashboard();
const calendar = await benchCalendar();
const bundles = await benchBundles();
const web = await benchWeb();

// Report.
const get = (name: string) => rows.find((r) => r.operation.startsWith(name))!;
const lookup = get('look-up');
const rawGet = get('baseline: raw DynamoDB GetItem');
const lookupRatio = lookup.summary.p99 / rawGet.summary.p99;
const lookupDynamoCalls = Object.entries(lookup.awsCallsPerOp)
  .filter(([k]) => k.startsWith('dynamodb:'))
  .reduce((n, [, v]) => n + v, 0);

const fmt = (n: number) => n.toFixed(2).padStart(8);
const lines = [
  `motcua bench — ${new Date().toISOString()} — node ${process.version} — N=${N}`,
  '',
  `${'operation'.padEnd(58)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'ops/s'.padStart(8)}  AWS calls per operation`,
  ...rows.map(
    (r) =>
      `${r.operation.padEnd(58)} ${fmt(r.summary.p50)} ${fmt(r.summary.p95)} ${fmt(r.summary.p99)} ${fmt(r.summary.perSecond)}  ${Object.entries(
        r.awsCallsPerOp,
      )
        .map(([k, v]) => `${k}×${v}`)
        .join(' ')}`,
  ),
  '',
  `browser → S3 presigned POST upload (inside create + finalize): p50 ${summarise(uploadDurations, 1).p50.toFixed(2)} ms`,
  `look-up p99 / raw GetItem p99 = ${lookupRatio.toFixed(2)}× (target ≤ 3×: ${lookupRatio <= 3 ? 'met' : 'NOT met'})`,
  `look-up DynamoDB calls = ${lookupDynamoCalls} (target 1: ${lookupDynamoCalls === 1 ? 'met' : 'NOT met'})`,
];
const all = [
  ...lines,
  '',
  ...workflow.lines,
  '',
  ...inbox.lines,
  '',
  ...dashboard.lines,
  '',
  ...calendar.lines,
  '',
  ...bundles.lines,
  '',
  ...web.lines,
];
process.stdout.write(`${all.join('\n')}\n`);

const outDir = path.join(REPO_ROOT, 'bench-results');
mkdirSync(outDir, { recursive: true });
writeFileSync(
  path.join(outDir, 'intake.json'),
  JSON.stringify(
    { at: new Date().toISOString(), node: process.version, N, rows, lookupRatio, lookupDynamoCalls },
    null,
    2,
  ),
);
writeFileSync(
  path.join(outDir, 'bench.md'),
  [
    '| operation | p50 ms | p95 ms | p99 ms | ops/s | AWS calls per operation |',
    '|---|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.operation} | ${r.summary.p50.toFixed(2)} | ${r.summary.p95.toFixed(2)} | ${r.summary.p99.toFixed(2)} | ${r.summary.perSecond.toFixed(0)} | ${Object.entries(
          r.awsCallsPerOp,
        )
          .map(([k, v]) => `${k} ×${v}`)
          .join(', ')} |`,
    ),
    '',
    ...lines.slice(-3),
    '',
    '```',
    ...workflow.lines,
    '',
    ...inbox.lines,
    '',
    ...dashboard.lines,
    '',
    ...calendar.lines,
    '',
    ...bundles.lines,
    '',
    ...web.lines,
    '```',
  ].join('\n'),
);
process.exit(0);
