import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '#adapters/logger.ts';
import { sweepOutbox } from '#adapters/outbox.ts';

/**
 * Scheduled job (shared/contracts/jobs.ts): retries every pending notification whose time has come.
 * A message that fails again stays pending with a later attempt time (and a NotificationFailures
 * metric); the next run retries it.
 */
export const handler = middy(async () => {
  const result = await sweepOutbox();
  logger.info('outbox swept', result);
  return result;
}).use(injectLambdaContext(logger, { resetKeys: true }));
