import { type AttributeValue, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import autocannon from 'autocannon';
import { type Acknowledged, documentBytes, submitOnline } from './citizen.ts';

/**
 * The load generator of bench/load.ts, in a process of its own (forked by it), so the clients do
 * not share an event loop with the stack they measure: the raw engine baseline and the citizens'
 * load are both driven from here, against the same engines.
 */
export interface RawJob {
  mode: 'raw';
  endpoint: string;
  table: string;
  item: Record<string, AttributeValue>;
  clients: number;
  seconds: number;
}

export interface LoadJob {
  mode: 'load';
  api: string;
  submitClients: number;
  lookupClients: number;
  seconds: number;
  documentKb: number;
  /** Dossiers submitted before the load starts, so look-ups have something to find from the start. */
  seeds: Acknowledged[];
}

export interface RawResult {
  durations: number[];
  wallMs: number;
  errors: number;
}

export interface LoadResult {
  wallMs: number;
  acknowledged: Acknowledged[];
  /** Dossiers whose submit lost an answer and got no result on retry: submitted or not, the client cannot know. */
  replyLost: string[];
  /** The last answer those retries got, by status (0: none). */
  replyLostLastStatus: Record<string, number>;
  /** Attempts refused or failed, by step and status. */
  failed: Record<string, number>;
  /** Dossiers whose submit was refused with a clear answer (they must not be submitted). */
  refusedAtSubmit: string[];
  flowMs: number[];
  submitMs: number[];
  lookupMs: number[];
  lookupErrors: number;
}

async function raw(job: RawJob): Promise<RawResult> {
  const durations: number[] = [];
  let errors = 0;
  // One SDK client per simulated writer, as 50 Lambda instances would each have; each one warmed
  // up (endpoint, credentials, connection) before the clock starts.
  const writers = Array.from(
    { length: job.clients },
    () =>
      new DynamoDBClient({
        region: 'ap-southeast-1',
        endpoint: job.endpoint,
        credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
      }),
  );
  await Promise.all(
    writers.map((client, c) =>
      client.send(
        new PutItemCommand({
          TableName: job.table,
          Item: { ...job.item, pk: { S: `BENCH#RAW#${c}#warm` }, sk: { S: 'META' } },
        }),
      ),
    ),
  );
  const start = performance.now();
  const end = start + job.seconds * 1000;
  await Promise.all(
    writers.map(async (client, c) => {
      for (let i = 0; performance.now() < end; i++) {
        const t = performance.now();
        try {
          await client.send(
            new PutItemCommand({
              TableName: job.table,
              Item: { ...job.item, pk: { S: `BENCH#RAW#${c}#${i}` }, sk: { S: 'META' } },
            }),
          );
          durations.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
      client.destroy();
    }),
  );
  return { durations, wallMs: performance.now() - start, errors };
}

async function load(job: LoadJob): Promise<LoadResult> {
  const document = documentBytes(job.documentKb);
  const pool: Acknowledged[] = [...job.seeds];
  const result: LoadResult = {
    wallMs: 0,
    acknowledged: [],
    replyLost: [],
    replyLostLastStatus: {},
    failed: {},
    refusedAtSubmit: [],
    flowMs: [],
    submitMs: [],
    lookupMs: [],
    lookupErrors: 0,
  };
  const start = performance.now();
  const end = start + job.seconds * 1000;

  const submitters = Array.from({ length: job.submitClients }, async () => {
    while (performance.now() < end) {
      const outcome = await submitOnline(job.api, document);
      if (outcome.kind === 'ACKNOWLEDGED') {
        result.acknowledged.push(outcome.ack);
        pool.push(outcome.ack);
        result.flowMs.push(outcome.ms);
        result.submitMs.push(outcome.submitMs);
      } else if (outcome.kind === 'REPLY_LOST') {
        result.replyLost.push(outcome.dossierId);
        const k = String(outcome.lastStatus);
        result.replyLostLastStatus[k] = (result.replyLostLastStatus[k] ?? 0) + 1;
      } else {
        const k = `${outcome.step} ${outcome.status}`;
        result.failed[k] = (result.failed[k] ?? 0) + 1;
        if (outcome.dossierId) result.refusedAtSubmit.push(outcome.dossierId);
      }
    }
  });

  const lookups =
    job.lookupClients > 0
      ? new Promise<void>((resolve, reject) => {
          const instance = autocannon(
            {
              url: job.api,
              connections: job.lookupClients,
              duration: job.seconds,
              requests: [
                {
                  method: 'GET',
                  path: '/lookup/none',
                  setupRequest: (req) => {
                    const d = pool[Math.floor(Math.random() * pool.length)]!;
                    return { ...req, path: `/lookup/${d.code}`, headers: { 'x-lookup-secret': d.secret } };
                  },
                },
              ],
            },
            (err) => (err ? reject(err) : resolve()),
          );
          instance.on('response', (_client, status, _bytes, responseTime) => {
            if (status === 200) result.lookupMs.push(responseTime);
            else result.lookupErrors++;
          });
          instance.on('reqError', () => {
            result.lookupErrors++;
          });
        })
      : Promise.resolve();

  await Promise.all([...submitters, lookups]);
  result.wallMs = performance.now() - start;
  return result;
}

process.once('message', (job: RawJob | LoadJob) => {
  const run = job.mode === 'raw' ? raw(job) : load(job);
  run.then(
    (r) => process.send?.({ ok: true, result: r }, () => process.exit(0)),
    (err: Error) => process.send?.({ ok: false, error: err.stack ?? String(err) }, () => process.exit(1)),
  );
});
