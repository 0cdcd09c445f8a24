import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '#adapters/logger.ts';
import { expireDrafts } from '../../shared/services/expire-drafts.ts';

/**
 * Scheduled job (shared/contracts/jobs.ts): online drafts never submitted and unchanged for
 * DRAFT_EXPIRY_DAYS are deleted with their uploads, a bounded number per run. Safe to run twice:
 * each deletion is conditional on the draft being unchanged.
 */
export const handler = middy(async () => {
  const result = await expireDrafts();
  logger.info('drafts expired', { ...result });
  return result;
}).use(injectLambdaContext(logger, { resetKeys: true }));
