import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '#adapters/logger.ts';
import { scanOverdue } from '../../shared/services/overdue-scan.ts';

/**
 * Scheduled job (shared/contracts/jobs.ts): emits Motcua/OverdueDossiers, in total and per
 * department, from the steps overdue now. The OverdueDossiersAlarm watches the total.
 */
export const handler = middy(async () => {
  const { total } = await scanOverdue();
  return { total };
}).use(injectLambdaContext(logger, { resetKeys: true }));
