import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEntry, auditEntryOf } from './audit.ts';
import { clients } from './clients.ts';
import { config } from './config.ts';
import { decodeCursor, encodeCursor } from './page-cursor.ts';

/**
 * A page of one month's administration changes (`AUDIT#<yyyy-MM>`, oldest first): one Query per
 * page, the cursor being the last key read. audit.ts's `adminChanges` reads one unpaged slice; this
 * is its paged form for GET /admin/audit (to be folded into audit.ts by its owner).
 */
export async function adminChangesPage(
  month: string,
  opts: { limit: number; cursor?: string | undefined },
): Promise<{ items: AuditEntry[]; cursor?: string }> {
  const res = await clients().doc.send(
    new QueryCommand({
      TableName: config().TABLE_NAME,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': `AUDIT#${month}` },
      Limit: opts.limit,
      ...(opts.cursor ? { ExclusiveStartKey: monthCursor(opts.cursor, month) } : {}),
    }),
  );
  return {
    items: (res.Items ?? []).map(auditEntryOf),
    ...(res.LastEvaluatedKey ? { cursor: encodeCursor(res.LastEvaluatedKey) } : {}),
  };
}

/** A cursor of this month's page: the table key, in the month's partition (a forged one is a 400). */
export const monthCursor = (cursor: string, month: string) =>
  decodeCursor(cursor, { attributes: ['pk', 'sk'], fixed: { pk: `AUDIT#${month}` } });
