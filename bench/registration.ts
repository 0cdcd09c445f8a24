import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { sumCalls } from '../infra/local/call-counter.ts';
import { LOCAL_NAMES, type LocalStack, startLocalStack } from '../infra/local/stack.ts';
import type { UploadSlot } from '../shared/contracts/dossier.ts';
import type { TicketView } from '../shared/contracts/queue.ts';
import type { WalkInSubmitResponse } from '../shared/contracts/walk-in.ts';
import { call, newKey, uploadToSlot } from '../tests/support/api.ts';
import { pdfBytes } from '../tests/support/files.ts';
import { type Summary, summarise } from './stats.ts';

/**
 * A reception officer's registration path at the counter, from "call next ticket" to the printed
 * receipt (issue 9; target ≤ 8 API calls), driven through the local gateway with the exact API
 * sequence the counter and walk-in pages make (tests/e2e/walk-in.test.ts checks the browser makes
 * these calls and no others), N times, next to a baseline of as many raw DynamoDB round trips
 * (GetItem + PutItem of the same dossier item) measured in the same run.
 *
 * Shape of the bench part (called from bench/run.ts):
 *
 *   registrationBench(): Promise<{
 *     lines: string[];                       // the report, ready to print
 *     json: {
 *       n: number;                           // registrations measured (BENCH_REGISTRATION_N, default 50)
 *       route: string[];                     // the API calls of one registration, in order
 *       apiCallsPerRegistration: number;     // counted at the gateway (target ≤ 8)
 *       target: 8;
 *       met: boolean;
 *       dynamodbCallsPerRegistration: number;
 *       s3CallsPerRegistration: number;      // the scan's presigned POST and the checks
 *       registration: Summary;               // whole path incl. waiting for the workflow to park (ms)
 *       apiTime: Summary;                    // the same, API call time only (ms)
 *       baseline: Summary;                   // 8 raw DynamoDB GetItem/PutItem round trips (ms)
 *       ratio: number;                       // apiTime p99 / baseline p99
 *     };
 *   }>
 *
 *   POWERTOOLS_LOG_LEVEL=ERROR npx tsx bench/registration.ts    (runs it alone)
 */
export const REGISTRATION_TARGET = 8;

/** The officer's API calls, in page order, as route templates (the browser's own requests match them). */
export const REGISTRATION_ROUTE = [
  'POST /staff/queue/counters/{counterId}/actions', // counter page: call next
  'GET /procedures', // walk-in page: search (the ticket's department first)
  'GET /procedures/{code}', // choose the procedure
  'POST /staff/walk-in/dossiers', // register the draft
  'POST /staff/walk-in/dossiers/{dossierId}/uploads', // a presigned slot for the scan
  'POST /staff/walk-in/dossiers/{dossierId}/submit', // submit + link the ticket; answers version and form links
  'POST /staff/dossiers/{dossierId}/intake', // accept
  'GET /staff/dossiers/{dossierId}/forms/{form}', // form 01, printed through a hidden iframe
] as const;

/** A request path as its route template (`/staff/dossiers/<uuid>/intake` → `…/{dossierId}/intake`). */
export function routeOf(method: string, url: string): string {
  const path = new URL(url, 'http://x').pathname;
  const template = path
    .replace(/^\/staff\/queue\/counters\/[^/]+(\/actions)?$/, '/staff/queue/counters/{counterId}$1')
    .replace(/^\/procedures\/[^/]+$/, '/procedures/{code}')
    .replace(/\/dossiers\/[0-9a-f-]{36}/, '/dossiers/{dossierId}')
    .replace(/\/forms\/\d{2}$/, '/forms/{form}');
  return `${method.toUpperCase()} ${template}`;
}

/** A procedure open to organisations, with one mandatory scan (PDF): Cấp lại giấy phép xây dựng. */
export const BENCH_PROCEDURE = '1.013235';
export const BENCH_DEPARTMENT = 'SXD';

export function organisationWalkIn(i: number) {
  return {
    procedureCode: BENCH_PROCEDURE,
    applicant: {
      type: 'ORGANISATION',
      organisationName: `Công ty TNHH Xây dựng Quầy Số ${i + 1}`,
      taxCode: '0101234567',
      representative: { fullName: 'Trần Văn Đại Diện', idNumber: '001188005555' },
      phone: '0912345678',
      address: 'Số 5, phường Phan Đình Phùng, tỉnh Thái Nguyên',
    },
    fields: {
      permitNumber: `GPXD-${i + 1}/2025`,
      permitIssuedDate: '2025-06-16',
      worksClass: 'I',
      worksLocation: 'Phường Phan Đình Phùng, tỉnh Thái Nguyên',
      reissueReason: 'Giấy phép bị rách',
    },
    delivery: { method: 'AT_CENTRE' },
    channel: 'COUNTER',
    paperDocuments: ['d1'],
  };
}

export interface PathResult {
  dossierId: string;
  code: string;
  ticketId: string;
  /** Route templates of the API calls made, in order. */
  calls: string[];
  /** Time spent in API calls (ms), without waiting for the workflow. */
  apiMs: number;
  pdf: Buffer;
}

/**
 * One registration at counter `counterId` (open, with a ticket waiting): exactly the pages' calls.
 * `settle` waits for the dossier's workflow to park at intake, as the officer's few seconds do.
 */
export async function counterRegistration(opts: {
  api: string;
  token: string;
  counterId: string;
  settle: () => Promise<void>;
  i?: number;
}): Promise<PathResult> {
  const calls: string[] = [];
  let apiMs = 0;
  const auth = { authorization: `Bearer ${opts.token}` };
  async function send<T>(
    method: string,
    path: string,
    o: { body?: unknown; headers?: Record<string, string> } = {},
    expect = [200, 201],
  ): Promise<T> {
    const t = performance.now();
    const res = await call<T>(opts.api, method, path, { ...o, headers: { ...auth, ...o.headers } });
    apiMs += performance.now() - t;
    calls.push(routeOf(method, path));
    if (!expect.includes(res.status))
      throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  const i = opts.i ?? 0;
  const ticket = await send<TicketView>('POST', `/staff/queue/counters/${opts.counterId}/actions`, {
    body: { action: 'CALL_NEXT' },
  });
  const found = await send<{ items: { code: string }[] }>(
    'GET',
    `/procedures?${new URLSearchParams({ limit: '200', q: 'cấp lại giấy phép xây dựng', department: BENCH_DEPARTMENT })}`,
  );
  if (!found.items.some((p) => p.code === BENCH_PROCEDURE)) throw new Error('procedure not found by search');
  await send('GET', `/procedures/${BENCH_PROCEDURE}`);
  const created = await send<{ dossierId: string }>('POST', '/staff/walk-in/dossiers', {
    body: organisationWalkIn(i),
    headers: { 'idempotency-key': newKey() },
  });
  const scan = pdfBytes(4000);
  const slots = await send<{ slots: UploadSlot[] }>(
    'POST',
    `/staff/walk-in/dossiers/${created.dossierId}/uploads`,
    {
      body: {
        documents: [
          {
            requirementId: 'd1',
            fileName: 'ban-quet.pdf',
            contentType: 'application/pdf',
            size: scan.length,
          },
        ],
      },
    },
  );
  const uploaded = await uploadToSlot(slots.slots[0]!, scan, 'application/pdf');
  if (uploaded >= 300) throw new Error(`upload ${uploaded}`);
  const submitted = await send<WalkInSubmitResponse>(
    'POST',
    `/staff/walk-in/dossiers/${created.dossierId}/submit`,
    { body: { ticketId: ticket.ticketId }, headers: { 'idempotency-key': newKey() } },
  );
  if (!submitted.ticket?.linked) throw new Error('ticket not linked at submission');
  await opts.settle();
  await send('POST', submitted.links.intake, { body: { decision: 'ACCEPT', version: submitted.version } });
  const t = performance.now();
  const res = await fetch(`${opts.api}${submitted.links.forms['01']}`, { headers: auth });
  const pdf = Buffer.from(await res.arrayBuffer());
  apiMs += performance.now() - t;
  calls.push(routeOf('GET', submitted.links.forms['01']));
  if (res.status !== 200 || pdf.subarray(0, 5).toString('latin1') !== '%PDF-')
    throw new Error(`form 01: ${res.status}`);
  return { dossierId: created.dossierId, code: submitted.code, ticketId: ticket.ticketId, calls, apiMs, pdf };
}

/** Opens the counter for the bench's officer. */
export async function openCounter(api: string, token: string, counterId: string) {
  const res = await call(api, 'POST', `/staff/queue/counters/${counterId}/actions`, {
    body: { action: 'OPEN' },
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) throw new Error(`open counter ${res.status}`);
}

/** A citizen takes a ticket at the kiosk (before the officer's path starts). */
export async function takeTicket(api: string, departmentId = BENCH_DEPARTMENT): Promise<string> {
  const res = await call<TicketView>(api, 'POST', '/queue/tickets', { body: { departmentId } });
  if (res.status !== 201) throw new Error(`take ticket ${res.status}`);
  return res.body.ticketId;
}

/** After the path: the officer marks the ticket served, so the counter can call the next one. */
async function served(api: string, token: string, counterId: string, ticketId: string) {
  const res = await call(api, 'POST', `/staff/queue/counters/${counterId}/actions`, {
    body: { action: 'SERVED', ticketId },
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) throw new Error(`served ${res.status}`);
}

export async function registrationBench(): Promise<{
  lines: string[];
  json: {
    n: number;
    route: string[];
    apiCallsPerRegistration: number;
    target: typeof REGISTRATION_TARGET;
    met: boolean;
    dynamodbCallsPerRegistration: number;
    s3CallsPerRegistration: number;
    registration: Summary;
    apiTime: Summary;
    baseline: Summary;
    ratio: number;
  };
}> {
  const N = Number(process.env.BENCH_REGISTRATION_N ?? 50);
  const WARMUP = 3;
  const stack: LocalStack = await startLocalStack({ resume: false });
  const raw = new DynamoDBClient({ region: 'ap-southeast-1', endpoint: stack.urls.dynamodb });
  try {
    const api = stack.urls.api;
    const token = await stack.auth.tokenFor('tiepnhan.1');
    const counterId = `${BENCH_DEPARTMENT}-01`;
    await openCounter(api, token, counterId);
    const settle = () => stack.sfn.settle();
    const total: number[] = [];
    const apiTimes: number[] = [];
    const baseline: number[] = [];
    let route: string[] = [];
    let apiCalls = 0;
    let dynamo = 0;
    let s3 = 0;
    const start = performance.now();
    for (let i = 0; i < WARMUP + N; i++) {
      await takeTicket(api);
      const before = stack.calls.snapshot();
      const gateway = stack.apiRequests();
      const t = performance.now();
      const r = await counterRegistration({ api, token, counterId, settle, i });
      const ms = performance.now() - t;
      const counted = stack.apiRequests() - gateway;
      if (counted !== r.calls.length)
        throw new Error(`gateway saw ${counted} calls, the path made ${r.calls.length}`);
      const engine = stack.calls.since(before);
      await served(api, token, counterId, r.ticketId);
      // Baseline: as many raw round trips as the path's API calls, on the same dossier item.
      const key = { pk: { S: `DOSSIER#${r.dossierId}` }, sk: { S: 'META' } };
      const b = performance.now();
      for (let k = 0; k < REGISTRATION_TARGET; k += 2) {
        const got = await raw.send(new GetItemCommand({ TableName: LOCAL_NAMES.table, Key: key }));
        await raw.send(
          new PutItemCommand({
            TableName: LOCAL_NAMES.table,
            Item: { ...got.Item, pk: { S: `BENCH#${r.dossierId}` }, sk: { S: 'META' } },
          }),
        );
      }
      const bms = performance.now() - b;
      if (i < WARMUP) continue;
      route = r.calls;
      apiCalls += r.calls.length;
      dynamo += sumCalls(engine, 'dynamodb:') - (engine['dynamodb:TransactWriteItems.items'] ?? 0);
      s3 += sumCalls(engine, 's3:');
      total.push(ms);
      apiTimes.push(r.apiMs);
      baseline.push(bms);
    }
    const wall = performance.now() - start;
    const perReg = apiCalls / N;
    const reg = summarise(total, wall);
    const apiS = summarise(apiTimes, wall);
    const base = summarise(baseline, wall);
    const ratio = apiS.p99 / base.p99;
    const row = (name: string, s: Summary) =>
      `${name.padEnd(58)} ${s.p50.toFixed(2).padStart(8)} ${s.p95.toFixed(2).padStart(8)} ${s.p99.toFixed(2).padStart(8)}`;
    const met = perReg <= REGISTRATION_TARGET;
    const lines = [
      `counter registration — call next → printed receipt (form 01), organisation applicant, 1 scan, N=${N}`,
      `${'operation'.padEnd(58)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`,
      row(`baseline: ${REGISTRATION_TARGET} raw DynamoDB GetItem/PutItem (same item)`, base),
      row('registration path, API calls only', apiS),
      row('registration path, incl. workflow parking at intake', reg),
      `API calls per registration = ${perReg} (target ≤ ${REGISTRATION_TARGET}: ${met ? 'met' : 'NOT met'}): ${route.join(' → ')}`,
      `DynamoDB calls per registration = ${(dynamo / N).toFixed(1)}; S3 calls = ${(s3 / N).toFixed(1)}; API p99 / baseline p99 = ${ratio.toFixed(2)}×`,
    ];
    return {
      lines,
      json: {
        n: N,
        route,
        apiCallsPerRegistration: perReg,
        target: REGISTRATION_TARGET,
        met,
        dynamodbCallsPerRegistration: dynamo / N,
        s3CallsPerRegistration: s3 / N,
        registration: reg,
        apiTime: apiS,
        baseline: base,
        ratio,
      },
    };
  } finally {
    raw.destroy();
    await stack.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await registrationBench();
  process.stdout.write(`${r.lines.join('\n')}\n`);
  process.exit(0);
}
