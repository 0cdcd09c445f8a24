import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import { clients } from '../adapters/clients.ts';
import { config } from '../adapters/config.ts';
import { ACTIVE_WORKFLOWS } from '../adapters/dossier-repository.ts';
import { startDossierWorkflow } from '../adapters/workflow-client.ts';

/**
 * Starts a fresh execution for every dossier whose workflow should be running. The execution's
 * first state reads the dossier and continues where the table says it stands, with the remaining
 * time computed from the stored deadlines — so a restarted local stack (or an operator after an
 * incident in AWS) loses no timer. Not a request path: it reads the sparse active-workflow index.
 */
export async function resumeActiveWorkflows(attempt: string): Promise<number> {
  let n = 0;
  const pages = paginateQuery(
    { client: clients().doc },
    {
      TableName: config().TABLE_NAME,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': ACTIVE_WORKFLOWS },
      ProjectionExpression: 'id',
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      await startDossierWorkflow(String(item.id), attempt);
      n++;
    }
  }
  return n;
}
