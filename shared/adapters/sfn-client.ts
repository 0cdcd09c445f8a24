import { SFNClient } from '@aws-sdk/client-sfn';
import { perConfig } from './clients.ts';

/** The Step Functions client (start executions, answer waits). */
export const sfnClient = perConfig(
  (cfg) =>
    new SFNClient({
      region: cfg.AWS_REGION,
      ...(cfg.SFN_ENDPOINT ? { endpoint: cfg.SFN_ENDPOINT } : {}),
      maxAttempts: 4,
    }),
);
