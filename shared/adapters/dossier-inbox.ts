import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { FLAGGED_INBOX } from '../domain/inbox.ts';
import { clients } from './clients.ts';
import { FLAG_SK, table } from './dossier-repository.ts';
import { keys } from './keys.ts';
import { decodeCursor, encodeCursor } from './page-cursor.ts';

/** The staff's lists of dossiers: a department's or the centre's inbox, and the flagged queue. */
export interface InboxPage {
  items: Record<string, unknown>[];
  cursor?: string;
}

/**
 * One page of a work queue: one Query on the inbox index, sorted by due time. `before`/`between`
 * narrow the range by the sort key (overdue, due soon); `filter` keeps assigned or unassigned
 * steps (a filter on a page, never a Scan).
 */
export async function queryInbox(opts: {
  partition: string;
  limit: number;
  cursor?: string | undefined;
  before?: string;
  between?: [string, string];
  filter?: 'UNASSIGNED' | 'ASSIGNED';
}): Promise<InboxPage> {
  const values: Record<string, unknown> = { ':p': opts.partition };
  let range = '';
  if (opts.before) {
    values[':before'] = opts.before;
    range = ' AND inboxSk < :before';
  } else if (opts.between) {
    values[':from'] = opts.between[0];
    values[':to'] = opts.between[1];
    range = ' AND inboxSk BETWEEN :from AND :to';
  }
  // A cursor is a key of this very queue (its partition, its range), never passed on unchecked.
  const start = opts.cursor
    ? decodeCursor(opts.cursor, {
        attributes: ['pk', 'sk', 'inboxPk', 'inboxSk'],
        fixed: { inboxPk: opts.partition },
        ...(opts.before
          ? { range: ['inboxSk', undefined, opts.before] as const }
          : opts.between
            ? { range: ['inboxSk', opts.between[0], opts.between[1]] as const }
            : {}),
      })
    : undefined;
  const res = await clients().doc.send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'inbox',
      KeyConditionExpression: `inboxPk = :p${range}`,
      ExpressionAttributeValues: values,
      ...(opts.filter
        ? {
            FilterExpression:
              opts.filter === 'UNASSIGNED' ? 'attribute_not_exists(#h)' : 'attribute_exists(#h)',
            ExpressionAttributeNames: { '#h': 'handler' },
          }
        : {}),
      Limit: opts.limit,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  return {
    items: (res.Items ?? []).map(({ pk: _p, sk: _s, inboxPk: _ip, inboxSk: _is, id, ...rest }) => ({
      ...rest,
      // Steps carry `dossierId`; a dossier in the centre's queues is its own META item (`id`).
      dossierId: rest.dossierId ?? id,
    })),
    ...(res.LastEvaluatedKey ? { cursor: encodeCursor(res.LastEvaluatedKey) } : {}),
  };
}

/** One row of the centre's flagged queue: the dossier, where it stood, when and why it failed. */
export interface FlaggedDossier {
  dossierId: string;
  code?: string;
  procedureCode: string;
  procedureName: string;
  departmentId: string;
  status: string;
  flaggedAt: string;
  reason: string;
}

/**
 * One page of the centre's flagged queue, oldest failure first: one Query on the inbox index,
 * then one BatchGetItem of the page's flag items for what the index does not project (the reason,
 * the time, the code). Never a Scan.
 */
export async function listFlagged(opts: {
  limit: number;
  cursor?: string | undefined;
}): Promise<{ items: FlaggedDossier[]; cursor?: string }> {
  const page = await queryInbox({ partition: FLAGGED_INBOX, limit: opts.limit, cursor: opts.cursor });
  const ids = page.items.map((i) => String(i.dossierId));
  const flags = new Map<string, Record<string, unknown>>();
  let request: Record<string, { Keys: Record<string, unknown>[]; ProjectionExpression: string }> | undefined =
    ids.length
      ? {
          [table()]: {
            Keys: ids.map((id) => ({ pk: keys.dossier(id).pk, sk: FLAG_SK })),
            ProjectionExpression: 'dossierId, dossierCode, flaggedAt, reason',
          },
        }
      : undefined;
  for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
    if (attempt >= 8) throw new Error('flag items still unprocessed after 8 attempts');
    const res = await clients().doc.send(new BatchGetCommand({ RequestItems: request }));
    for (const item of res.Responses?.[table()] ?? []) flags.set(String(item.dossierId), item);
    request = res.UnprocessedKeys as typeof request;
    if (request && Object.keys(request).length > 0)
      await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
  }
  return {
    items: page.items.map((i) => {
      const dossierId = String(i.dossierId);
      const flag = flags.get(dossierId);
      return {
        dossierId,
        ...(typeof flag?.dossierCode === 'string' ? { code: flag.dossierCode } : {}),
        procedureCode: String(i.procedureCode),
        procedureName: String(i.procedureName),
        departmentId: String(i.departmentId),
        status: String(i.status),
        flaggedAt: String(flag?.flaggedAt ?? ''),
        reason: String(flag?.reason ?? ''),
      };
    }),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
}
