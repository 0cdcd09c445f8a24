import { mkdirSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesModule from 'aws-ses-v2-local';
import dynalite from 'dynalite';
import S3rver from 's3rver';

/** The emulated AWS services of the local stack (LOCAL-ENGINES.md has what each one does not do). */
export interface Engine {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });

const urlOf = (server: Server, host: string) => `http://${host}:${(server.address() as AddressInfo).port}`;

/** dynalite, which can also be stopped the way a process stops on SIGTERM (see `drain`). */
export interface DynamoDbEngine extends Engine {
  /**
   * Stops like a restarted process: refuses new connections at once, lets the requests it is
   * already working on finish and answer (dynalite applies a transaction's items one by one, so
   * cutting one short would leave half of it on disk), then closes every connection and the
   * LevelDB store. Requests still running after `timeoutMs` are cut off.
   */
  drain(timeoutMs?: number): Promise<void>;
}

/** dynalite: in memory, or persisted with LevelDB under `dir`. */
export async function startDynamoDb(opts: {
  host: string;
  port: number;
  dir?: string | undefined;
}): Promise<DynamoDbEngine> {
  if (opts.dir) mkdirSync(opts.dir, { recursive: true });
  const server: Server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(opts.dir ? { path: opts.dir } : {}),
  });
  let inFlight = 0;
  let idle: (() => void) | undefined;
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const drain = async (timeoutMs = 5_000) => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        idle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    server.closeAllConnections();
    await closed;
  };
  return { url: urlOf(server, opts.host), server, close: () => closeServer(server), drain };
}

/** Browsers post documents straight to S3, so the local bucket answers CORS like the real one will. */
const CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>POST</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

/** s3rver: files under `dir`; the bucket is created (with CORS) if missing. */
export async function startS3(opts: {
  host: string;
  port: number;
  dir: string;
  bucket: string;
}): Promise<Engine> {
  mkdirSync(opts.dir, { recursive: true });
  const s3 = new S3rver({
    port: opts.port,
    address: opts.host,
    silent: true,
    directory: opts.dir,
    configureBuckets: [{ name: opts.bucket, configs: [CORS] }],
  });
  await s3.run();
  const server = (s3 as unknown as { httpServer: Server }).httpServer;
  return { url: urlOf(server, opts.host), server, close: () => closeServer(server) };
}

/** aws-ses-v2-local: every email sent is kept; its page lists them and `GET /store` returns JSON. */
export async function startSes(opts: { host: string; port: number }): Promise<Engine> {
  // A CommonJS module whose `exports.default` is the server factory; loaders differ in whether the
  // default import is that function or the whole exports object.
  type Start = (c: { host: string; port: number }) => Promise<Server>;
  const mod = sesModule as unknown as Start | { default: Start };
  const start = typeof mod === 'function' ? mod : mod.default;
  const server = await start({ host: opts.host, port: opts.port });
  // The engine keeps sent mail in a module-level store: a new stack in the same process starts empty.
  await fetch(`${urlOf(server, opts.host)}/clear-store`, { method: 'POST' });
  return { url: urlOf(server, opts.host), server, close: () => closeServer(server) };
}
