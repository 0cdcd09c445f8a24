import { S3Client } from '@aws-sdk/client-s3';
import { perConfig } from './clients.ts';

/** The documents bucket's client. */
export const s3Client = perConfig(
  (cfg) =>
    new S3Client({
      region: cfg.AWS_REGION,
      ...(cfg.S3_ENDPOINT ? { endpoint: cfg.S3_ENDPOINT } : {}),
      forcePathStyle: cfg.S3_FORCE_PATH_STYLE,
      // Presigned POST forms and plain GETs need no flexible checksums; WHEN_REQUIRED keeps
      // requests identical across S3 and S3-compatible servers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
);
