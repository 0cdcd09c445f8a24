import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Dossier, DossierEvent } from '../domain/dossier.ts';
import { DomainError } from '../domain/errors.ts';
import { statsAttrs } from '../domain/statistics.ts';
import { clients } from './clients.ts';
import { eventItem, isConditionFailure, table } from './dossier-repository.ts';
import { keys } from './keys.ts';
import { counterItems, transactWrite } from './stats-repository.ts';

/**
 * What a citizen reads and does by the dossier's code: the look-up view through the code index (no
 * personal data by construction), the id behind a code, and the rating after the result.
 */

/** What the code index holds of a dossier: no personal data by construction (its projection). */
export interface CodeView {
  meta: {
    status: string;
    secretHash?: string;
    procedureCode: string;
    procedureName: string;
    departmentId: string;
    submittedAt: string;
    appointment?: { dueDate: string; dueAt: string };
    notice?: { kind: string; reasons: string[]; missing: string[]; at: string; dueAt?: string };
    rated?: boolean;
  };
  events: { type: string; at: string; toStatus: string }[];
  steps: {
    stepId: string;
    stage: number;
    departmentId: string;
    status: string;
    dueDate?: string;
    citizenDueAt?: string;
  }[];
}

/** The citizen-facing view: META, steps and events through the code index, in one Query. */
export async function lookupByCode(code: string): Promise<CodeView | undefined> {
  const res = await clients().doc.send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'byCode',
      KeyConditionExpression: 'code = :c',
      ExpressionAttributeValues: { ':c': code },
    }),
  );
  const items = res.Items ?? [];
  const meta = items.find((i) => i.sk === 'META');
  if (!meta) return undefined;
  return {
    meta: meta as CodeView['meta'],
    events: items
      .filter((i) => String(i.sk).startsWith('EVT#'))
      .map((i) => ({ type: String(i.type), at: String(i.at), toStatus: String(i.toStatus) })),
    steps: items
      .filter((i) => String(i.sk).startsWith('STEP#'))
      .map((i) => ({
        stepId: String(i.stepId),
        stage: Number(i.stage ?? 0),
        departmentId: String(i.departmentId),
        status: String(i.status),
        ...(i.dueDate ? { dueDate: String(i.dueDate) } : {}),
        ...(i.citizenDueAt ? { citizenDueAt: String(i.citizenDueAt) } : {}),
      })),
  };
}

/** The dossier id behind a code (strongly consistent; for actions, not for the one-call look-up). */
export async function dossierIdByCode(code: string): Promise<string | undefined> {
  const res = await clients().doc.send(
    new GetCommand({ TableName: table(), Key: keys.dossierCode(code), ConsistentRead: true }),
  );
  return res.Item?.dossierId as string | undefined;
}

/** The citizen's evaluation, once, after the result was returned (Circular 01/2018 art. 13). */
export async function recordRating(
  dossier: Dossier,
  rating: NonNullable<Dossier['rating']>,
  event: DossierEvent,
) {
  try {
    await transactWrite({
      TransactItems: [
        {
          Update: {
            TableName: table(),
            Key: keys.dossier(dossier.id),
            UpdateExpression: 'SET rating = :r, rated = :t',
            ConditionExpression: '#s = :returned AND attribute_not_exists(rated)',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':r': rating, ':t': true, ':returned': 'RETURNED' },
          },
        },
        { Put: { TableName: table(), Item: eventItem(dossier.id, event, dossier.code) } },
        ...counterItems(statsAttrs(dossier), [event]),
      ],
    });
  } catch (err) {
    if (isConditionFailure(err, 0)) {
      throw new DomainError('ALREADY_RATED', 'dossier.ratedOrNotReturned');
    }
    throw err;
  }
}
