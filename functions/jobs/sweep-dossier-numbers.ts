import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { sweepDossierNumbers } from '#adapters/dossier-numbers.ts';
import { logger } from '#adapters/logger.ts';

/**
 * Scheduled job (shared/contracts/jobs.ts): a dossier number taken by a request that ended before
 * using it or voiding it is voided in the register with its reason, so the day's numbers have no
 * unexplained gap. Safe to run twice: each voiding is conditional.
 */
export const handler = middy(async () => {
  const result = await sweepDossierNumbers();
  logger.info('dossier numbers swept', { voided: result.voided.length });
  return { voided: result.voided.length };
}).use(injectLambdaContext(logger, { resetKeys: true }));
