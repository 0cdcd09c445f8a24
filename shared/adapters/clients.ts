import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { QueryCommandInput, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { type Config, config } from './config.ts';

/**
 * The one place that builds the DynamoDB clients, from validated config; the S3, Step Functions
 * and SES clients live in their own modules (s3-client.ts, sfn-client.ts, ses-client.ts) so a
 * function loads only the SDK clients it uses. Each is built once per warm function (module
 * scope keeps HTTP keep-alive connections between invocations) and again if the configuration
 * changes (a new local stack in the same process).
 */
export interface Clients {
  dynamodb: DynamoDBClient;
  doc: DynamoDBDocumentClient;
}

let cached: { key: Config; clients: Clients } | undefined;

export function buildClients(cfg: Config): Clients {
  const dynamodb = new DynamoDBClient({
    region: cfg.AWS_REGION,
    ...(cfg.DYNAMODB_ENDPOINT ? { endpoint: cfg.DYNAMODB_ENDPOINT } : {}),
    // Standard retry mode (exponential backoff with full jitter, a retry quota per client). Six
    // attempts ride out a burst of throttling or a short engine outage within the functions' 10 s
    // timeout (at most 0.1 + 0.2 + 0.4 + 0.8 + 1.6 s of backoff); the older SDKs retried DynamoDB
    // up to 10 times for the same reason. TransactWriteItems keeps one ClientRequestToken across
    // these retries (the SDK fills it in once, before the retry loop), so a retry after a lost
    // reply is not applied twice.
    retryMode: 'standard',
    maxAttempts: 6,
  });
  const doc = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { dynamodb, doc };
}

export function clients(): Clients {
  const cfg = config();
  if (!cached || cached.key !== cfg) cached = { key: cfg, clients: buildClients(cfg) };
  return cached.clients;
}

/** Memoizes a client per configuration object. */
export function perConfig<T>(build: (cfg: Config) => T): () => T {
  let memo: { key: Config; value: T } | undefined;
  return () => {
    const cfg = config();
    if (!memo || memo.key !== cfg) memo = { key: cfg, value: build(cfg) };
    return memo.value;
  };
}

/** One item of a DynamoDB transaction (TransactWriteItems), as the document client takes it. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Every item a Query finds, page by page past DynamoDB's 1 MB page (the SDK's paginator). A caller
 * that reports its cost passes `counter`: one call per page read.
 */
export async function queryAll(
  input: QueryCommandInput,
  counter?: { calls: number },
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateQuery({ client: clients().doc }, input)) {
    if (counter) counter.calls += 1;
    items.push(...(page.Items ?? []));
  }
  return items;
}
