import { pathToFileURL } from 'node:url';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_NAMES, startLocalStack } from '../infra/local/stack.ts';
import type { UploadSlot } from '../shared/contracts/dossier.ts';
import {
  call,
  draftWithDocuments,
  newKey,
  privateEnterpriseRequest,
  uploadToSlot,
} from '../tests/support/api.ts';
import { pdfBytes } from '../tests/support/files.ts';
import { type PartReport, type ReportRow, verdict } from './report.ts';
import { type Summary, summarise, timeEach } from './stats.ts';

/**
 * Intake (issue 2), one request at a time: look-up, procedure search and create + finalize on the
 * local stack, each next to the raw dynalite GetItem/PutItem baseline measured in the same run, so
 * machine speed cancels out of the comparison. BENCH_N (1000) iterations per operation.
 * Targets: look-up p99 ≤ 3× the raw GetItem p99; a look-up is 1 DynamoDB call.
 */
const WARMUP = 50;

interface Measured {
  operation: string;
  summary: Summary;
  awsCallsPerOp: Record<string, number>;
}

export async function benchIntake(): Promise<PartReport> {
  const N = Number(process.env.BENCH_N ?? 1000);
  const stack = await startLocalStack({ resume: false });
  const api = stack.urls.api;
  const raw = new DynamoDBClient({ region: 'ap-southeast-1', endpoint: stack.urls.dynamodb });
  const measured: Measured[] = [];
  async function measure(operation: string, n: number, fn: (i: number) => Promise<unknown>) {
    for (let i = 0; i < Math.min(WARMUP, n); i++) await fn(i);
    const before = stack.calls.snapshot();
    const { durations, wallMs } = await timeEach(n, fn);
    const calls = stack.calls.since(before);
    const perOp = Object.fromEntries(
      Object.entries(calls).map(([k, v]) => [k, Math.round((v / n) * 100) / 100]),
    );
    measured.push({ operation, summary: summarise(durations, wallMs), awsCallsPerOp: perOp });
    return measured.at(-1)!;
  }
  const uploadDurations: number[] = [];
  try {
    const table = LOCAL_NAMES.table;
    const rawPut = await measure('raw DynamoDB PutItem', N, (i) =>
      raw.send(
        new PutItemCommand({
          TableName: table,
          Item: { pk: { S: `BENCH#${i % 100}` }, sk: { S: 'META' }, value: { N: String(i) } },
        }),
      ),
    );
    const rawGet = await measure('raw DynamoDB GetItem', N, (i) =>
      raw.send(
        new GetItemCommand({ TableName: table, Key: { pk: { S: `BENCH#${i % 100}` }, sk: { S: 'META' } } }),
      ),
    );

    const submitted: { code: string; secret: string }[] = [];
    for (let i = 0; i < 20; i++) {
      const { dossierId } = await draftWithDocuments(api, [
        { requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' },
      ]);
      const res = await call<{ code: string; lookupSecret: string }>(
        api,
        'POST',
        `/dossiers/${dossierId}/submit`,
        { headers: { 'idempotency-key': newKey() } },
      );
      submitted.push({ code: res.body.code, secret: res.body.lookupSecret });
    }

    const lookup = await measure('look-up by code + secret (GET /lookup/{code})', N, async (i) => {
      const d = submitted[i % submitted.length]!;
      const res = await call(api, 'GET', `/lookup/${d.code}`, { headers: { 'x-lookup-secret': d.secret } });
      if (res.status !== 200) throw new Error(`lookup ${res.status}`);
    });
    const search = await measure('procedure search (GET /procedures?q=…)', N, async () => {
      const res = await call(api, 'GET', '/procedures?q=giay%20phep%20xay%20dung');
      if (res.status !== 200) throw new Error(`search ${res.status}`);
    });

    // The API calls of an online submission (create, upload slots, submit); the upload itself goes
    // browser → S3 and is timed separately.
    const M = Math.max(50, Math.floor(N / 5));
    const create = await measure('create + finalize (create, upload slots, submit; 1 PDF)', M, async () => {
      const created = await call<{ dossierId: string }>(api, 'POST', '/dossiers', {
        body: privateEnterpriseRequest(),
        headers: { 'idempotency-key': newKey() },
      });
      const pdf = pdfBytes();
      const slots = await call<{ slots: UploadSlot[] }>(
        api,
        'POST',
        `/dossiers/${created.body.dossierId}/uploads`,
        {
          body: {
            documents: [
              { requirementId: 'd1', fileName: 'a.pdf', contentType: 'application/pdf', size: pdf.length },
            ],
          },
        },
      );
      const t = performance.now();
      const stored = await uploadToSlot(slots.body.slots[0]!, pdf, 'application/pdf');
      if (stored >= 300) throw new Error(`upload ${stored}`);
      uploadDurations.push(performance.now() - t);
      const res = await call(api, 'POST', `/dossiers/${created.body.dossierId}/submit`, {
        headers: { 'idempotency-key': newKey() },
      });
      if (res.status !== 201) throw new Error(`submit ${res.status}`);
    });

    const lookupRatio = lookup.summary.p99 / rawGet.summary.p99;
    const lookupDynamoCalls = Object.entries(lookup.awsCallsPerOp)
      .filter(([k]) => k.startsWith('dynamodb:'))
      .reduce((n, [, v]) => n + v, 0);
    const upload = summarise(uploadDurations, 1);
    const row = (m: Measured, extra: Partial<ReportRow> = {}): ReportRow => ({
      operation: m.operation,
      latency: m.summary,
      perSecond: m.summary.perSecond,
      awsCalls: m.awsCallsPerOp,
      ...extra,
    });
    return {
      part: 'intake',
      title: `Intake, one request at a time (N=${N})`,
      rows: [
        row(rawPut, { baseline: true }),
        row(rawGet, { baseline: true }),
        row(lookup, { versus: { baseline: 'raw GetItem', metric: 'p99', ratio: lookupRatio } }),
        row(search, {
          versus: { baseline: 'raw GetItem', metric: 'p99', ratio: search.summary.p99 / rawGet.summary.p99 },
        }),
        row(create, {
          versus: { baseline: 'raw PutItem', metric: 'p99', ratio: create.summary.p99 / rawPut.summary.p99 },
        }),
        {
          operation: 'browser → S3 presigned POST upload (inside create + finalize)',
          latency: upload,
        },
      ],
      targets: [
        {
          issue: 2,
          name: 'look-up p99 vs raw GetItem p99',
          target: '≤ 3×',
          measured: `${lookupRatio.toFixed(2)}×`,
          met: lookupRatio <= 3,
        },
        {
          issue: 2,
          name: 'DynamoDB calls per look-up',
          target: '1',
          measured: String(lookupDynamoCalls),
          met: lookupDynamoCalls === 1,
        },
      ],
      details: [
        `look-up p99 / raw GetItem p99 = ${lookupRatio.toFixed(2)}× (target ≤ 3×: ${verdict(lookupRatio <= 3)})`,
        `look-up DynamoDB calls = ${lookupDynamoCalls} (target 1: ${verdict(lookupDynamoCalls === 1)})`,
      ],
      data: { N, measured, lookupRatio, lookupDynamoCalls, upload },
    };
  } finally {
    raw.destroy();
    await stack.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await benchIntake();
  process.stdout.write(`${r.details?.join('\n')}\n`);
  process.exit(0);
}
