import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Dossier, DossierDocument, DossierEvent } from '../domain/dossier.ts';
import { DomainError } from '../domain/errors.ts';
import { clients } from './clients.ts';
import { eventItem, isConditionFailure, table } from './dossier-repository.ts';
import { keys } from './keys.ts';

/** The upload slots of a draft (or of a supplement): recorded and removed, conditional on its version. */

/**
 * Records new upload slots, conditional on the dossier's version — or, given `maxUploads`, on its
 * status and a count of the uploads asked for: slots asked for at once (a citizen choosing several
 * files) then commute instead of conflicting, and the count still holds the limit. The version is
 * bumped either way, so a submission read before the new slot no longer commits.
 */
export async function addDocuments(
  dossier: Dossier,
  documents: DossierDocument[],
  event: DossierEvent,
  expectStatus: 'DRAFT' | 'SUPPLEMENT_REQUESTED' | 'IN_PROGRESS' = 'DRAFT',
  counted?: { maxUploads: number; stored: number },
): Promise<void> {
  const touched =
    expectStatus === 'DRAFT' && dossier.channel === 'ONLINE' ? `${event.at}#${dossier.id}` : undefined;
  const guard: {
    UpdateExpression: string;
    ConditionExpression: string;
    ExpressionAttributeNames: Record<string, string>;
    ExpressionAttributeValues: Record<string, unknown>;
  } = counted
    ? {
        UpdateExpression: `SET #v = #v + :one, #u = if_not_exists(#u, :stored) + :n${touched ? ', gsi1sk = :touched' : ''}`,
        ConditionExpression: '#s = :draft AND (attribute_not_exists(#u) OR #u <= :room)',
        ExpressionAttributeNames: { '#v': 'version', '#s': 'status', '#u': 'uploadsIssued' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':draft': expectStatus,
          ':stored': counted.stored,
          ':n': documents.length,
          ':room': counted.maxUploads - documents.length,
          ...(touched ? { ':touched': touched } : {}),
        },
      }
    : {
        UpdateExpression: `SET #v = #v + :one${touched ? ', gsi1sk = :touched' : ''}`,
        ConditionExpression: '#v = :v AND #s = :draft',
        ExpressionAttributeNames: { '#v': 'version', '#s': 'status' },
        ExpressionAttributeValues: {
          ':v': dossier.version,
          ':one': 1,
          ':draft': expectStatus,
          ...(touched ? { ':touched': touched } : {}),
        },
      };
  try {
    await clients().doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            // An online draft's new upload is a change: its expiry counts from now.
            Update: { TableName: table(), Key: keys.dossier(dossier.id), ...guard },
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
