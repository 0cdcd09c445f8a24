import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import { clients, queryAll } from './clients.ts';
import { config } from './config.ts';
import { ACTIVE_WORKFLOWS } from './dossier-repository.ts';
import { OVERDUE_PARTITION } from './workflow-repository.ts';

/**
 * The workflow's sparse gsi1 partitions (the `WorkflowIndexes` port of shared/services/ports.ts):
 * the steps overdue now and the dossiers whose workflow should run. Queries only, keys only.
 */
export const workflowIndexes = {
  /** Reads only the keys of the index items (no personal data: step items hold none). */
  async overdueSteps(): Promise<{ departmentId: string; dossierId: string }[]> {
    const items = await queryAll({
      TableName: config().TABLE_NAME,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': OVERDUE_PARTITION },
      ProjectionExpression: 'departmentId, dossierId',
    });
    return items.map((i) => ({ departmentId: String(i.departmentId), dossierId: String(i.dossierId) }));
  },

  async *activeDossierIds(): AsyncIterable<string> {
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
    for await (const page of pages) for (const item of page.Items ?? []) yield String(item.id);
  },
};
