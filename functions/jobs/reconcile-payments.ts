import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { now } from '#adapters/clock.ts';
import { logger } from '#adapters/logger.ts';
import { reconcilePayments } from '../../shared/services/payments.ts';

/**
 * Scheduled job (shared/contracts/jobs.ts): settles the payments whose notification never came by
 * asking the gateway's query API, and makes the refunds owed through its refund API. Safe to run
 * twice: every change is conditional on the payment's state it read.
 */
export const handler = middy(async () => {
  const result = await reconcilePayments(now());
  logger.info('payments reconciled', { ...result });
  return result;
}).use(injectLambdaContext(logger, { resetKeys: true }));
