import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { resetConfig } from '../../shared/adapters/config.ts';
import { ROUTES } from '../../shared/contracts/routes.ts';
import { seedCatalogue } from '../seed/seed-catalogue.ts';
import { CallCounter } from './call-counter.ts';
import { type Engine, startDynamoDb, startS3, startSes } from './engines.ts';
import { type Gateway, startGateway } from './gateway.ts';
import { ensureTables } from './tables.ts';

/**
 * The embedded local AWS stack: DynamoDB, S3 and SES emulators, the API gateway in front of the
 * real handlers, tables and bucket created if missing, catalogue seeded. `npm start` runs one with
 * data on disk; every integration test file runs its own in memory on free ports.
 */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface LocalStackOptions {
  /** Folder for persisted data; undefined keeps DynamoDB in memory and S3 in a temporary folder. */
  dataDir?: string | undefined;
  host?: string;
  ports?: Partial<Record<'api' | 'dynamodb' | 's3' | 'ses', number>>;
  seed?: boolean;
  onRequest?: Parameters<typeof startGateway>[0]['onRequest'];
}

export interface LocalStack {
  urls: { api: string; dynamodb: string; s3: string; ses: string };
  env: Record<string, string>;
  calls: CallCounter;
  seeded: { departments: number; procedures: number } | undefined;
  stop(): Promise<void>;
}

export const LOCAL_NAMES = {
  table: 'motcua-local-main',
  idempotencyTable: 'motcua-local-idempotency',
  bucket: 'motcua-local-documents',
} as const;

export async function startLocalStack(opts: LocalStackOptions = {}): Promise<LocalStack> {
  const host = opts.host ?? '127.0.0.1';
  const ports = { api: 0, dynamodb: 0, s3: 0, ses: 0, ...opts.ports };
  const tmp = opts.dataDir ? undefined : mkdtempSync(path.join(tmpdir(), 'motcua-s3-'));
  const started: (Engine | Gateway)[] = [];
  const calls = new CallCounter();
  try {
    const dynamodb = await startDynamoDb({
      host,
      port: ports.dynamodb,
      dir: opts.dataDir ? path.join(opts.dataDir, 'dynamodb') : undefined,
    });
    started.push(dynamodb);
    calls.attachDynamoDb(dynamodb.server);
    const s3 = await startS3({
      host,
      port: ports.s3,
      dir: opts.dataDir ? path.join(opts.dataDir, 's3') : tmp!,
      bucket: LOCAL_NAMES.bucket,
    });
    started.push(s3);
    calls.attachS3(s3.server);
    const ses = await startSes({ host, port: ports.ses });
    started.push(ses);

    // The handlers run in this process and read their configuration from the environment,
    // exactly as a Lambda function reads what CDK set.
    const env: Record<string, string> = {
      AWS_REGION: 'ap-southeast-1',
      // s3rver accepts only its own fixed key pair; dynalite accepts any.
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      TABLE_NAME: LOCAL_NAMES.table,
      IDEMPOTENCY_TABLE_NAME: LOCAL_NAMES.idempotencyTable,
      DOCUMENTS_BUCKET: LOCAL_NAMES.bucket,
      DYNAMODB_ENDPOINT: dynamodb.url,
      S3_ENDPOINT: s3.url,
      S3_FORCE_PATH_STYLE: 'true',
      SES_ENDPOINT: ses.url,
    };
    Object.assign(process.env, env);
    resetConfig();

    const admin = new DynamoDBClient({ region: env.AWS_REGION, endpoint: dynamodb.url });
    await ensureTables(admin, { main: LOCAL_NAMES.table, idempotency: LOCAL_NAMES.idempotencyTable });
    admin.destroy();
    const seeded = opts.seed === false ? undefined : await seedCatalogue(path.join(REPO_ROOT, 'data'));

    const gateway = await startGateway({
      host,
      port: ports.api,
      routes: ROUTES,
      root: REPO_ROOT,
      ...(opts.onRequest ? { onRequest: opts.onRequest } : {}),
    });
    started.push(gateway);
    calls.reset();

    return {
      urls: { api: gateway.url, dynamodb: dynamodb.url, s3: s3.url, ses: ses.url },
      env,
      calls,
      seeded,
      stop: async () => {
        await Promise.all(started.reverse().map((s) => s.close()));
        if (tmp) rmSync(tmp, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await Promise.all(started.map((s) => s.close().catch(() => undefined)));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}
