import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { clients, queryAll } from './clients.ts';
import { config } from './config.ts';
import { ONLINE_DRAFTS } from './dossier-repository.ts';
import { keys } from './keys.ts';
import { logger } from './logger.ts';
import { s3Client } from './s3-client.ts';

const table = () => config().TABLE_NAME;

/**
 * Online drafts never submitted (the `DraftStore` port of shared/services/ports.ts): found from the
 * sparse `DRAFT#ONLINE` partition of gsi1 (no Scan); submission moves a dossier out of it, so only
 * drafts are ever touched. A draft is deleted with its uploads: the objects first, then the items in
 * a transaction conditional on the draft being still a draft at the version read. A run that fails
 * half-way leaves the draft listed and the next run finishes it (deleting an absent object succeeds).
 */
export const draftStore = {
  async staleDrafts(cutoff: string, limit: number): Promise<string[]> {
    const res = await clients().doc.send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk < :cutoff',
        ExpressionAttributeValues: { ':p': ONLINE_DRAFTS, ':cutoff': cutoff },
        Limit: limit,
      }),
    );
    return (res.Items ?? []).map((hit) => String(hit.pk).slice('DOSSIER#'.length));
  },
  deleteStaleDraft: expireOne,
};

async function partition(id: string): Promise<Record<string, unknown>[]> {
  return queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.dossier(id).pk },
    ProjectionExpression: 'pk, sk, #s, version, channel, gsi1pk, gsi1sk',
    ExpressionAttributeNames: { '#s': 'status' },
    ConsistentRead: true,
  });
}

async function expireOne(id: string, cutoff: string): Promise<boolean> {
  const items = await partition(id);
  const meta = items.find((i) => i.sk === 'META');
  if (
    meta?.status !== 'DRAFT' ||
    meta.channel !== 'ONLINE' ||
    meta.gsi1pk !== ONLINE_DRAFTS ||
    String(meta.gsi1sk) >= cutoff
  ) {
    return false;
  }
  const bucket = config().DOCUMENTS_BUCKET;
  for (const doc of items.filter((i) => String(i.sk).startsWith('DOC#'))) {
    const documentId = String(doc.sk).slice('DOC#'.length);
    await s3Client().send(new DeleteObjectCommand({ Bucket: bucket, Key: `dossiers/${id}/${documentId}` }));
  }
  const rest = items.filter((i) => i !== meta).map((i) => ({ pk: i.pk, sk: i.sk }));
  try {
    await clients().doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: table(),
              Key: keys.dossier(id),
              ConditionExpression: '#s = :draft AND #v = :v',
              ExpressionAttributeNames: { '#s': 'status', '#v': 'version' },
              ExpressionAttributeValues: { ':draft': 'DRAFT', ':v': meta.version },
            },
          },
          ...rest.slice(0, 99).map((Key) => ({ Delete: { TableName: table(), Key } })),
        ],
      }),
    );
  } catch (err) {
    if ((err as { name?: string }).name === 'TransactionCanceledException') {
      logger.info('draft changed while expiring: kept', { dossierId: id });
      return false;
    }
    throw err;
  }
  // A draft has at most 60 uploads and their events: what one transaction did not take.
  for (let i = 99; i < rest.length; i += 100) {
    await clients().doc.send(
      new TransactWriteCommand({
        TransactItems: rest.slice(i, i + 100).map((Key) => ({ Delete: { TableName: table(), Key } })),
      }),
    );
  }
  return true;
}
