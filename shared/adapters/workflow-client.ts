import { SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { config } from './config.ts';
import { logger } from './logger.ts';
import { sfnClient } from './sfn-client.ts';

/**
 * Starting the per-dossier execution and answering its waits. The table is written first; a
 * token that is no longer valid (the wait timed out, or the execution was replaced) is not an
 * error: the workflow's own timer path reads the table and picks up the change.
 */
export async function startDossierWorkflow(
  dossierId: string,
  attempt = 'start',
): Promise<string | undefined> {
  const arn = config().STATE_MACHINE_ARN;
  if (!arn) throw new Error('STATE_MACHINE_ARN is not configured');
  try {
    const res = await sfnClient().send(
      new StartExecutionCommand({
        stateMachineArn: arn,
        name: `${dossierId}-${attempt}`,
        input: JSON.stringify({ dossierId }),
      }),
    );
    return res.executionArn;
  } catch (err) {
    // Same name and input: the execution already exists, which is what we wanted.
    if ((err as { name?: string }).name === 'ExecutionAlreadyExists') return undefined;
    throw err;
  }
}

const STALE_TOKEN = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

export async function answerWait(token: string, output: unknown): Promise<boolean> {
  try {
    await sfnClient().send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
    return true;
  } catch (err) {
    const name = (err as { name?: string }).name ?? '';
    if (STALE_TOKEN.has(name)) {
      logger.info('wait already ended; the workflow timer will reconcile', { reason: name });
      return false;
    }
    throw err;
  }
}
