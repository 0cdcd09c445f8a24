import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Config, config } from './config.ts';

/**
 * The one place that builds AWS SDK clients, from validated config. Built once per warm function
 * (module scope keeps HTTP keep-alive connections between invocations).
 */
export interface Clients {
  dynamodb: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  s3: S3Client;
  sfn: SFNClient;
  ses: SESv2Client;
}

let cached: { key: Config; clients: Clients } | undefined;

export function buildClients(cfg: Config): Clients {
  const dynamodb = new DynamoDBClient({
    region: cfg.AWS_REGION,
    ...(cfg.DYNAMODB_ENDPOINT ? { endpoint: cfg.DYNAMODB_ENDPOINT } : {}),
    maxAttempts: 4,
  });
  const doc = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  const s3 = new S3Client({
    region: cfg.AWS_REGION,
    ...(cfg.S3_ENDPOINT ? { endpoint: cfg.S3_ENDPOINT } : {}),
    forcePathStyle: cfg.S3_FORCE_PATH_STYLE,
    // Presigned POST forms and plain GETs need no flexible checksums; WHEN_REQUIRED keeps
    // requests identical across S3 and S3-compatible servers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const sfn = new SFNClient({
    region: cfg.AWS_REGION,
    ...(cfg.SFN_ENDPOINT ? { endpoint: cfg.SFN_ENDPOINT } : {}),
    maxAttempts: 4,
  });
  const ses = new SESv2Client({
    region: cfg.AWS_REGION,
    ...(cfg.SES_ENDPOINT ? { endpoint: cfg.SES_ENDPOINT } : {}),
  });
  return { dynamodb, doc, s3, sfn, ses };
}

export function clients(): Clients {
  const cfg = config();
  if (!cached || cached.key !== cfg) cached = { key: cfg, clients: buildClients(cfg) };
  return cached.clients;
}
