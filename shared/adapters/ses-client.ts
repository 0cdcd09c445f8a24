import { SESv2Client } from '@aws-sdk/client-sesv2';
import { perConfig } from './clients.ts';

/** The SES v2 client (email). */
export const sesClient = perConfig(
  (cfg) =>
    new SESv2Client({ region: cfg.AWS_REGION, ...(cfg.SES_ENDPOINT ? { endpoint: cfg.SES_ENDPOINT } : {}) }),
);
