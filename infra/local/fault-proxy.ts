import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from './seeded-random.ts';

/**
 * A small HTTP proxy that puts AWS's transient failures in front of a local engine (dynalite), so
 * tests can prove that the SDK's retries and our idempotency keep every result exact. For a
 * configured fraction of requests it answers, instead of the engine:
 *
 * - `throttle`: 400 `ProvisionedThroughputExceededException` or `ThrottlingException` (alternately),
 *   with the `x-amzn-ErrorType` header and JSON `__type` DynamoDB uses;
 * - `server-error`: 500 `InternalServerError`;
 * - `unavailable`: 503 `ServiceUnavailable`;
 * - `lost-reply`: forwards the request, waits for the engine's answer (so the write is applied)
 *   and then destroys the connection instead of answering — the case that makes retries dangerous.
 *
 * Decisions come from a seeded generator, drawn in the order requests arrive: the same seed gives
 * the same sequence of faults.
 */
export type FaultKind = 'throttle' | 'server-error' | 'unavailable' | 'lost-reply';

export const FAULT_KINDS: readonly FaultKind[] = ['throttle', 'server-error', 'unavailable', 'lost-reply'];

export interface FaultProxyOptions {
  host: string;
  port?: number;
  /** The engine's base URL, e.g. http://127.0.0.1:4567. */
  target: string;
  seed: number;
  /** Fraction of requests (0–1) that get a fault; default 0 (a transparent proxy). */
  rate?: number;
  kinds?: readonly FaultKind[];
  /**
   * Operations whose replies may be lost (default: every one). Only TransactWriteItems carries a
   * token that makes its retry safe; a lost reply of a conditional PutItem comes back, on retry, as
   * a failed condition — in DynamoDB as here — so a test of exact results limits lost replies to it.
   */
  lostReplyOperations?: readonly string[];
}

/** One request that went through the proxy: the DynamoDB operation, and the fault it got. */
export interface ProxiedRequest {
  operation: string;
  fault: FaultKind | undefined;
  /** TransactWriteItems only: the ClientRequestToken the request carried. */
  clientRequestToken?: string | undefined;
}

export interface FaultProxy {
  url: string;
  server: Server;
  /** Changes the fault rate from the next request on (0 turns faults off). */
  setRate(rate: number): void;
  /** Gives the next `count` requests (of `operation`, if given) this fault, whatever the rate. */
  injectNext(fault: FaultKind, count?: number, operation?: string): void;
  /** Every request so far, in arrival order. */
  requests(): readonly ProxiedRequest[];
  /** How many requests got each fault. */
  counts(): Record<FaultKind, number>;
  close(): Promise<void>;
}

const JSON_TYPE = 'application/x-amz-json-1.0';

function answerError(res: ServerResponse, status: number, type: string, namespace: string, message: string) {
  const body = JSON.stringify({ __type: `${namespace}#${type}`, message });
  res.writeHead(status, {
    'content-type': JSON_TYPE,
    'content-length': Buffer.byteLength(body),
    'x-amzn-errortype': type,
    'x-amzn-requestid': `fault-${Date.now().toString(36)}`,
  });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function tokenOf(operation: string, body: Buffer): string | undefined {
  if (operation !== 'TransactWriteItems') return undefined;
  try {
    const v = JSON.parse(body.toString('utf8')) as { ClientRequestToken?: unknown };
    return typeof v.ClientRequestToken === 'string' ? v.ClientRequestToken : undefined;
  } catch {
    return undefined;
  }
}

export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  const random = seededRandom(opts.seed);
  const kinds = opts.kinds?.length ? opts.kinds : FAULT_KINDS;
  let rate = opts.rate ?? 0;
  let throttles = 0;
  const log: ProxiedRequest[] = [];
  const forced: { fault: FaultKind; operation: string | undefined }[] = [];
  const counts: Record<FaultKind, number> = {
    throttle: 0,
    'server-error': 0,
    unavailable: 0,
    'lost-reply': 0,
  };
  const target = new URL(opts.target);

  const forward = (req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
      const upstream = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        (up) => {
          readBody(up).then(
            (b) => resolve({ status: up.statusCode ?? 502, headers: up.headers, body: b }),
            reject,
          );
        },
      );
      upstream.once('error', reject);
      upstream.end(body);
    });

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const targetHeader = req.headers['x-amz-target'];
      const operation = typeof targetHeader === 'string' ? (targetHeader.split('.').pop() ?? '') : '';
      // Two draws per request whatever the rate, so the sequence depends on the seed only.
      const hit = random() < rate;
      const kind = kinds[Math.floor(random() * kinds.length)]!;
      const f = forced.findIndex((x) => x.operation === undefined || x.operation === operation);
      const lossAllowed = !opts.lostReplyOperations || opts.lostReplyOperations.includes(operation);
      const drawn = hit && (kind !== 'lost-reply' || lossAllowed) ? kind : undefined;
      const fault = f >= 0 ? forced.splice(f, 1)[0]!.fault : drawn;
      log.push({ operation, fault, clientRequestToken: tokenOf(operation, body) });
      if (fault) counts[fault]++;
      if (fault === 'throttle') {
        const provisioned = throttles++ % 2 === 0;
        return answerError(
          res,
          400,
          provisioned ? 'ProvisionedThroughputExceededException' : 'ThrottlingException',
          provisioned ? 'com.amazonaws.dynamodb.v20120810' : 'com.amazon.coral.availability',
          'Rate of requests exceeds the allowed throughput.',
        );
      }
      if (fault === 'server-error')
        return answerError(
          res,
          500,
          'InternalServerError',
          'com.amazonaws.dynamodb.v20120810',
          'Internal error',
        );
      if (fault === 'unavailable')
        return answerError(
          res,
          503,
          'ServiceUnavailable',
          'com.amazonaws.dynamodb.v20120810',
          'Service unavailable',
        );
      let answer: Awaited<ReturnType<typeof forward>>;
      try {
        answer = await forward(req, body);
      } catch {
        // The engine itself is down: the client sees the connection fail, as it would without us.
        req.socket.destroy();
        return;
      }
      if (fault === 'lost-reply') {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    })().catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host, () => resolve());
  });
  return {
    url: `http://${opts.host}:${(server.address() as AddressInfo).port}`,
    server,
    setRate: (r) => {
      if (!(r >= 0 && r <= 1)) throw new RangeError('rate must be within 0..1');
      rate = r;
    },
    injectNext: (fault, count = 1, operation) => {
      for (let i = 0; i < count; i++) forced.push({ fault, operation });
    },
    requests: () => log,
    counts: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
