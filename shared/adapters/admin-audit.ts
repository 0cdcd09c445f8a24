import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../domain/errors.ts';
import { type AuditEntry, auditEntryOf } from './audit.ts';
import { clients } from './clients.ts';
import { config } from './config.ts';

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
      ...(opts.cursor ? { ExclusiveStartKey: decodeCursor(opts.cursor, { pk: `AUDIT#${month}` }) } : {}),
    }),
  );
  return {
    items: (res.Items ?? []).map(auditEntryOf),
    ...(res.LastEvaluatedKey
      ? { cursor: Buffer.from(JSON.stringify(res.LastEvaluatedKey)).toString('base64url') }
      : {}),
  };
}

const badCursor = () =>
  new DomainError('VALIDATION_FAILED', 'Con trỏ trang không hợp lệ', [
    { path: 'query.cursor', code: 'invalid', message: 'Dùng con trỏ do trang trước trả về' },
  ]);

/**
 * A cursor is only ever a key of the page's own partition (the `fixed` attributes), with string
 * values: anything else is refused with 400, never passed to DynamoDB.
 */
export function decodeCursor(cursor: string, fixed: Record<string, string>): Record<string, string> {
  let key: Record<string, unknown>;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw badCursor();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw badCursor();
  for (const [k, v] of Object.entries(fixed)) if (key[k] !== v) throw badCursor();
  if (!Object.values(key).every((v) => typeof v === 'string') || Object.keys(key).length > 4)
    throw badCursor();
  return key as Record<string, string>;
}
