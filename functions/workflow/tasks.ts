import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { now } from '#adapters/clock.ts';
import { logger } from '#adapters/logger.ts';
import { runTask, type TaskPayload } from '../../shared/services/workflow-tasks.ts';

/**
 * The one Lambda function behind every Task state of the dossier workflow
 * (infra/workflow/dossier.asl.json): `payload.task` names the step. Errors are thrown so that the
 * state machine's Retry and Catch decide what happens.
 */
export const handler = middy(async (event: TaskPayload) => runTask(event, now())).use(
  injectLambdaContext(logger, { resetKeys: true }),
);
