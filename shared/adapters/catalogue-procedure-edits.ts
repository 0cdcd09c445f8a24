import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { NewProcedureVersion } from '../contracts/admin.ts';
import { Procedure } from '../contracts/catalogue.ts';
import { DomainError, fieldError } from '../domain/errors.ts';
import { message } from '../domain/messages.ts';
import { versionInForce } from '../domain/procedure-versions.ts';
import { vnIsoDate } from '../domain/time.ts';
import { auditItem } from './audit.ts';
import {
  type CurrentItem,
  candidates,
  clearCatalogueCache,
  currentItem,
  forgetCatalogueReads,
  getProcedureVersion,
  isConditionFailure,
} from './catalogue-repository.ts';
import { clients } from './clients.ts';
import { config } from './config.ts';
import { keys } from './keys.ts';

/**
 * Writing procedure versions: the first run's seed of a version and an administrator's new
 * version, each with the CURRENT item, never overwriting a later version.
 */

/**
 * Idempotent seed of one procedure version (data/procedures, first run): the version item and
 * CURRENT. A version an administrator has made since is never overwritten: the seed's CURRENT is
 * written only while no later version exists.
 */
export async function putProcedure(raw: unknown): Promise<Procedure> {
  const p = Procedure.parse(raw);
  const table = config().TABLE_NAME;
  try {
    await clients().doc.send(
      new PutCommand({
        TableName: table,
        Item: { ...keys.procedureVersion(p.code, p.version), procedure: p },
        ConditionExpression: 'attribute_not_exists(createdBy)',
      }),
    );
    await clients().doc.send(
      new PutCommand({
        TableName: table,
        Item: currentItem(p.code, { procedure: p, latestVersion: p.version }),
        ConditionExpression: 'attribute_not_exists(latestVersion) OR latestVersion <= :v',
        ExpressionAttributeValues: { ':v': p.version },
      }),
    );
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
  }
  // A re-seed may have rewritten this version: this instance reads it again.
  forgetCatalogueReads({ code: p.code, version: p.version });
  return p;
}

/**
 * Makes version `baseVersion + 1` from the edits, in one transaction with its audit entry: the new
 * version item (never overwriting one), CURRENT (only if `baseVersion` is still the latest, so two
 * administrators editing the same version cannot both win: the second gets 409) and the audit item.
 */
export async function createProcedureVersion(
  code: string,
  input: NewProcedureVersion,
  by: { actor: string; at: string },
): Promise<Procedure> {
  const res = await clients().doc.send(
    new GetCommand({
      TableName: config().TABLE_NAME,
      Key: keys.procedureCurrent(code),
      ConsistentRead: true,
    }),
  );
  if (!res.Item) throw new DomainError('PROCEDURE_NOT_FOUND', message('procedure.notFound', { code }));
  const current = res.Item as CurrentItem;
  const all = candidates(current);
  const latest = current.latestVersion ?? Math.max(...all.map((p) => p.version));
  if (input.baseVersion !== latest) {
    throw new DomainError('PROCEDURE_VERSION_CONFLICT', message('procedure.newerVersion', { latest }), [], {
      latestVersion: latest,
    });
  }
  const base = all.find((p) => p.version === latest);
  const day = vnIsoDate(new Date(by.at));
  if (input.effectiveFrom < day) {
    throw new DomainError('VALIDATION_FAILED', 'procedure.effectiveFromPast', [
      fieldError('effectiveFrom', 'too_early', message('procedure.effectiveFromMin', { day })),
    ]);
  }
  const { baseVersion: _b, reason, ...edits } = input;
  const parsed = Procedure.safeParse({
    ...(base ?? (await getProcedureVersion(code, latest))),
    ...edits,
    version: latest + 1,
  });
  if (!parsed.success) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'procedure.versionInvalid',
      parsed.error.issues.slice(0, 50).map((i) => ({
        path: i.path.map(String).join('.'),
        code: i.code,
        message: i.message,
      })),
    );
  }
  const next = parsed.data;
  // CURRENT after the write: the version in force today, and those dated later than today.
  const versions = [...all, next];
  const inForce = versionInForce(versions, day)!;
  const upcoming = versions.filter((p) => p.version > inForce.version).sort((a, b) => a.version - b.version);
  const table = config().TABLE_NAME;
  const deadline =
    next.deadline.amount === null ? next.deadline.unit : `${next.deadline.amount} ${next.deadline.unit}`;
  try {
    await clients().doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: {
                ...keys.procedureVersion(code, next.version),
                procedure: next,
                createdAt: by.at,
                createdBy: by.actor,
                ...(reason ? { reason } : {}),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: table,
              Item: currentItem(code, { procedure: inForce, upcoming, latestVersion: next.version }),
              ConditionExpression:
                '(attribute_not_exists(latestVersion) AND #p.#v = :base) OR latestVersion = :base',
              ExpressionAttributeNames: { '#p': 'procedure', '#v': 'version' },
              ExpressionAttributeValues: { ':base': latest },
            },
          },
          {
            Put: {
              TableName: table,
              Item: auditItem({
                at: by.at,
                actor: by.actor,
                action: 'PROCEDURE_VERSION_CREATED',
                target: `PROC#${code}`,
                summary: `v${next.version} từ ${next.effectiveFrom}; thời hạn ${deadline}`,
              }),
            },
          },
        ],
      }),
    );
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    throw new DomainError('PROCEDURE_VERSION_CONFLICT', 'procedure.versionRaced');
  }
  clearCatalogueCache();
  return next;
}
