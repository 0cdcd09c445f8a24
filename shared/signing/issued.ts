import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { clients } from '../adapters/clients.ts';
import { config } from '../adapters/config.ts';
import { keys } from '../adapters/keys.ts';
import type { DocumentSignature } from '../domain/dossier.ts';

export const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A document a decision verifies (and, for a final result, signs). */
export interface VerifiedResult {
  documentId: string;
  sha256: string;
  size: number;
  contentType: string;
  signed?: SignedResultFacts;
}

export interface SignedResultFacts extends DocumentSignature {
  /** The signed file's object key (beside the upload) and version. */
  key: string;
  versionId?: string;
  unsignedSha256: string;
  code: string;
  procedureName: string;
}

/**
 * What the agency issued, by the SHA-256 of the file (`ISSUED#<sha256>`): one read answers "is
 * this the file we issued?" for anyone holding a copy, without a scan and without the dossier's
 * secret. It names the dossier's code, procedure and department, never the applicant.
 */
export interface IssuedRecord {
  sha256: string;
  /** Not `code`: that attribute puts an item in the citizen look-up's code index. */
  dossierCode: string;
  procedureName: string;
  departmentId: string;
  departmentName: string;
  signerName: string;
  signedAt: string;
}

const issuedKey = (sha256: string) => ({ pk: `ISSUED#${sha256}`, sk: 'META' });

export async function issuedRecord(sha256: string): Promise<IssuedRecord | undefined> {
  const out = await clients().doc.send(
    new GetCommand({ TableName: config().TABLE_NAME, Key: issuedKey(sha256) }),
  );
  return out.Item as IssuedRecord | undefined;
}

/**
 * The writes of a document a decision verifies, in the decision's transaction: the document item,
 * and for a signed result its new key, hash and signature plus the `ISSUED#` record. A document is
 * verified once (PENDING → VERIFIED) and signed once (no signature yet).
 */
export function documentWrites(table: string, dossierId: string, d: VerifiedResult) {
  const update = {
    Update: {
      TableName: table,
      Key: keys.dossierDocument(dossierId, d.documentId),
      UpdateExpression: 'SET #s = :verified, sha256 = :h, #size = :size, contentType = :ct',
      ConditionExpression: '#s = :pending',
      ExpressionAttributeNames: { '#s': 'status', '#size': 'size' } as Record<string, string>,
      ExpressionAttributeValues: {
        ':verified': 'VERIFIED',
        ':pending': 'PENDING',
        ':h': d.sha256,
        ':size': d.size,
        ':ct': d.contentType,
      } as Record<string, unknown>,
    },
  };
  if (!d.signed) return [update];
  const { key, versionId, unsignedSha256, code, procedureName, ...signature } = d.signed;
  const u = update.Update;
  u.UpdateExpression += `, #key = :key, signature = :sig, unsignedSha256 = :uh${versionId ? ', versionId = :vid' : ''}`;
  if (!versionId) u.UpdateExpression += ' REMOVE versionId';
  u.ConditionExpression = '#s IN (:pending, :verified) AND attribute_not_exists(signature)';
  u.ExpressionAttributeNames['#key'] = 'key';
  Object.assign(u.ExpressionAttributeValues, {
    ':key': key,
    ':sig': signature,
    ':uh': unsignedSha256,
    ...(versionId ? { ':vid': versionId } : {}),
  });
  const record: IssuedRecord = { sha256: d.sha256, dossierCode: code, procedureName, ...signature };
  return [
    update,
    { Put: { TableName: table, Item: { ...issuedKey(d.sha256), entity: 'IssuedDocument', ...record } } },
  ];
}
