import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Dossier, DossierDocument, DossierEvent } from '../domain/dossier.ts';
import { DomainError } from '../domain/errors.ts';
import { clients } from './clients.ts';
import { eventItem, isConditionFailure, table } from './dossier-repository.ts';
import { keys } from './keys.ts';

/** The upload slots of a draft (or of a supplement): recorded and removed, conditional on its version. */

/** Records new upload slots on a draft, conditional on its version. */
export async function addDocuments(
  dossier: Dossier,
  documents: DossierDocument[],
  event: DossierEvent,
  expectStatus: 'DRAFT' | 'SUPPLEMENT_REQUESTED' | 'IN_PROGRESS' = 'DRAFT',
): Promise<void> {
  const touched =
    expectStatus === 'DRAFT' && dossier.channel === 'ONLINE' ? `${event.at}#${dossier.id}` : undefined;
  try {
    await clients().doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table(),
              Key: keys.dossier(dossier.id),
              // An online draft's new upload is a change: its expiry counts from now.
              UpdateExpression: `SET #v = #v + :one${touched ? ', gsi1sk = :touched' : ''}`,
              ConditionExpression: '#v = :v AND #s = :draft',
              ExpressionAttributeNames: { '#v': 'version', '#s': 'status' },
              ExpressionAttributeValues: {
                ':v': dossier.version,
                ':one': 1,
                ':draft': expectStatus,
                ...(touched ? { ':touched': touched } : {}),
              },
            },
          },
          ...documents.map((d) => ({
            Put: {
              TableName: table(),
              Item: { ...keys.dossierDocument(dossier.id, d.documentId), entity: 'Document', ...d },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          })),
          { Put: { TableName: table(), Item: eventItem(dossier.id, event, dossier.code) } },
        ],
      }),
    );
  } catch (err) {
    if (isConditionFailure(err, 0)) {
      throw new DomainError('DOSSIER_CONFLICT', 'dossier.changedReload');
    }
    throw err;
  }
}

/**
 * Marks one document of a draft removed by the applicant, with its event, conditional on the
 * draft's version and status and on the document still being there and not yet removed.
 */
export async function removeDocument(
  dossier: Dossier,
  documentId: string,
  removedAt: string,
  event: DossierEvent,
): Promise<'REMOVED' | 'ALREADY_REMOVED'> {
  const touched = dossier.channel === 'ONLINE' ? `${removedAt}#${dossier.id}` : undefined;
  try {
    await clients().doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table(),
              Key: keys.dossier(dossier.id),
              // A change of an online draft: its expiry (ExpireDrafts) counts from now.
              UpdateExpression: `SET #v = #v + :one${touched ? ', gsi1sk = :touched' : ''}`,
              ConditionExpression: '#v = :v AND #s = :draft',
              ExpressionAttributeNames: { '#v': 'version', '#s': 'status' },
              ExpressionAttributeValues: {
                ':v': dossier.version,
                ':one': 1,
                ':draft': 'DRAFT',
                ...(touched ? { ':touched': touched } : {}),
              },
            },
          },
          {
            Update: {
              TableName: table(),
              Key: keys.dossierDocument(dossier.id, documentId),
              UpdateExpression: 'SET #s = :removed, removedAt = :at',
              ConditionExpression: 'attribute_exists(pk) AND #s <> :removed',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':removed': 'REMOVED', ':at': removedAt },
            },
          },
          { Put: { TableName: table(), Item: eventItem(dossier.id, event) } },
        ],
      }),
    );
    return 'REMOVED';
  } catch (err) {
    // The document was read before: failing its condition means a concurrent removal won.
    if (isConditionFailure(err, 1)) return 'ALREADY_REMOVED';
    if (isConditionFailure(err, 0)) {
      throw new DomainError('DOSSIER_CONFLICT', 'dossier.changedReload');
    }
    throw err;
  }
}
