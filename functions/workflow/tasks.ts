import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { now } from '#adapters/clock.ts';
import { logger } from '#adapters/logger.ts';
import { parseTaskPayload } from '../../shared/contracts/workflow-task.ts';
import { runTask } from '../../shared/services/workflow-tasks.ts';

/**
 * The one Lambda function behind every Task state of the dossier workflow
 * (infra/workflow/dossier.asl.json): `payload.task` names the step. Errors are thrown so that the
 * state machine's Retry and Catch decide what happens. The payload is read as the current task
 * contract, whichever version the execution's definition sends (shared/contracts/workflow-task.ts).
 */
export const handler = middy(async (event: unknown) => runTask(parseTaskPayload(event), now())).use(
  injectLambdaContext(logger, { resetKeys: true }),
);
