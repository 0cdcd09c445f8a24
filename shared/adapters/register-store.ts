import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Dossier } from '../domain/dossier.ts';
import { clients, queryAll } from './clients.ts';
import { config } from './config.ts';
import { keys } from './keys.ts';

type Item = Record<string, unknown>;

/**
 * The dossier register (the `RegisterStore` port of shared/services/ports.ts): register items
 * `REG#<yyyy-MM>` sorted by submission time, one Query per month; the dossiers' META items with
 * BatchGet, 100 at a time. No Scan.
 */
export const registerStore = {
  entries(month: string, range?: { lo: string; hi: string }): Promise<Item[]> {
    return queryAll({
      TableName: config().TABLE_NAME,
      KeyConditionExpression: range ? 'pk = :pk AND sk BETWEEN :lo AND :hi' : 'pk = :pk',
      ExpressionAttributeValues: {
        ':pk': `REG#${month}`,
        ...(range ? { ':lo': range.lo, ':hi': `${range.hi}#\uffff` } : {}),
      },
    });
  },

  async dossierIds(month: string): Promise<string[]> {
    const items = await queryAll({
      TableName: config().TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `REG#${month}` },
      ProjectionExpression: 'dossierId, voided',
    });
    // A voided number's row names no dossier handed in.
    return items.filter((i) => !i.voided).map((i) => String(i.dossierId));
  },

  async dossiers(ids: readonly string[]): Promise<Map<string, Dossier>> {
    const table = config().TABLE_NAME;
    const metas = new Map<string, Dossier>();
    for (let i = 0; i < ids.length; i += 100) {
      let request: Record<string, { Keys: Item[] }> | undefined = {
        [table]: { Keys: ids.slice(i, i + 100).map((id) => keys.dossier(id)) },
      };
      for (let attempt = 0; request && Object.keys(request).length > 0 && attempt < 8; attempt++) {
        const res = await clients().doc.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of res.Responses?.[table] ?? [])
          metas.set(String(item.id), item as unknown as Dossier);
        request = res.UnprocessedKeys as typeof request;
        if (request && Object.keys(request).length > 0)
          await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      }
    }
    return metas;
  },
};
