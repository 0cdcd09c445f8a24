import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Dossier, DossierDocument, DossierEvent } from '../domain/dossier.ts';
import { flaggedInboxKeys } from '../domain/inbox.ts';
import { statsAttrs } from '../domain/statistics.ts';
import type { DossierStep } from '../domain/workflow.ts';
import { actorKeys } from './audit.ts';
import { clients, queryAll } from './clients.ts';
import { config } from './config.ts';
import { newEventId } from './ids.ts';
import { keys } from './keys.ts';
import { counterItems, transactWrite } from './stats-repository.ts';

/**
 * Dossier persistence. One partition per dossier (`DOSSIER#id`) holds its META item, its documents
 * and its append-only events, so reading a whole dossier is one Query. Every write is conditional
 * on the dossier's status and version, and writes that belong together are one transaction.
 * Here: reading and creating a dossier, its events, and the workflow-failure flag; beside it
 * dossier-uploads.ts, dossier-submission.ts, dossier-citizen.ts (by code) and dossier-inbox.ts.
 */
export const table = () => config().TABLE_NAME;

/** Sparse gsi1 partition of dossiers whose workflow is running: what a restart or an operator resumes. */
export const ACTIVE_WORKFLOWS = 'WORKFLOW#ACTIVE';

/**
 * Sparse gsi1 partition of the online drafts never submitted, sorted by their last change
 * (`<ISO time>#<dossier id>`): the ExpireDrafts job finds the abandoned ones here without a Scan.
 * Submission overwrites gsi1pk (ACTIVE_WORKFLOWS), so a submitted dossier is never in it.
 */
export const ONLINE_DRAFTS = 'DRAFT#ONLINE';
const draftIndexKeys = (d: Pick<Dossier, 'id' | 'channel'>, at: string) =>
  d.channel === 'ONLINE' ? { gsi1pk: ONLINE_DRAFTS, gsi1sk: `${at}#${d.id}` } : {};

export function eventItem(dossierId: string, e: DossierEvent, code?: string) {
  return {
    ...keys.dossierEvent(dossierId, e.at, e.eventId),
    entity: 'Event',
    dossierId,
    ...e,
    ...(code ? { code } : {}),
    // The audit trail per person (shared/adapters/audit.ts): what each staff member did.
    ...(e.actor.kind === 'STAFF' ? actorKeys(e.actor.id, e.at, `DOSSIER#${dossierId}#${e.eventId}`) : {}),
  };
}

export function newEvent(e: Omit<DossierEvent, 'eventId'>): DossierEvent {
  return { eventId: newEventId(), ...e };
}

export async function createDraft(
  dossier: Dossier,
  event: DossierEvent,
  /** Further events of the creation (an exemption applied at the counter). */
  more: readonly DossierEvent[] = [],
): Promise<void> {
  await clients().doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table(),
            Item: {
              ...keys.dossier(dossier.id),
              entity: 'Dossier',
              ...dossier,
              ...draftIndexKeys(dossier, dossier.createdAt),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        { Put: { TableName: table(), Item: eventItem(dossier.id, event) } },
        ...more.map((e) => ({ Put: { TableName: table(), Item: eventItem(dossier.id, e) } })),
      ],
    }),
  );
}

export interface DossierAggregate {
  dossier: Dossier;
  documents: DossierDocument[];
  events: DossierEvent[];
  steps: DossierStep[];
}

/** The whole dossier in one Query (strongly consistent). */
export async function getDossier(id: string): Promise<DossierAggregate | undefined> {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.dossier(id).pk },
    ConsistentRead: true,
  });
  const meta = items.find((i) => i.sk === 'META');
  if (!meta) return undefined;
  return {
    dossier: strip(meta) as unknown as Dossier,
    documents: items
      .filter((i) => String(i.sk).startsWith('DOC#'))
      .map((i) => strip(i) as unknown as DossierDocument),
    events: items
      .filter((i) => String(i.sk).startsWith('EVT#'))
      .map((i) => strip(i) as unknown as DossierEvent),
    steps: items
      .filter((i) => String(i.sk).startsWith('STEP#'))
      .map((i) => strip(i) as unknown as DossierStep),
  };
}

function strip(item: Record<string, unknown>): Record<string, unknown> {
  // Key and index attributes are storage layout, recomputed on every write — never carried back.
  const {
    pk: _pk,
    sk: _sk,
    entity: _e,
    gsi1pk: _g1,
    gsi1sk: _g2,
    inboxPk: _i1,
    inboxSk: _i2,
    dossierId: _d,
    ...rest
  } = item;
  return rest;
}

export function isConditionFailure(err: unknown, index: number): boolean {
  if (!(err instanceof TransactionCanceledException)) return false;
  return err.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';
}

/** The flag item of a dossier's partition (sort key): what the centre's flagged queue lists. */
export const FLAG_SK = 'FLAG#WORKFLOW';

/**
 * One transaction of the flag: the dossier's update (its condition first, so a refusal is a false),
 * the flag item in the centre's flagged queue (written or deleted), the event and its counters.
 */
async function flagTransaction(
  dossier: Dossier,
  update: { UpdateExpression: string; ConditionExpression: string } & Record<string, unknown>,
  flagItem: Record<string, unknown>,
  event: DossierEvent,
): Promise<boolean> {
  try {
    await transactWrite({
      TransactItems: [
        { Update: { TableName: table(), Key: keys.dossier(dossier.id), ...update } },
        flagItem,
        { Put: { TableName: table(), Item: eventItem(dossier.id, event, dossier.code) } },
        ...counterItems(statsAttrs(dossier), [event]),
      ],
    });
    return true;
  } catch (err) {
    if (isConditionFailure(err, 0)) return false;
    throw err;
  }
}

/**
 * Flags a dossier whose workflow failed for good, once: the flag on the dossier, the flag item in
 * the centre's flagged queue (inbox index) and the event, in one transaction. False if the dossier
 * was already flagged (the first failure names the cause; a later one adds nothing).
 */
export function flagDossier(
  dossier: Dossier,
  flag: NonNullable<Dossier['flagged']>,
  event: DossierEvent,
): Promise<boolean> {
  return flagTransaction(
    dossier,
    {
      UpdateExpression: 'SET flagged = :f',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(flagged)',
      ExpressionAttributeValues: { ':f': flag },
    },
    {
      Put: {
        TableName: table(),
        Item: {
          pk: keys.dossier(dossier.id).pk,
          sk: FLAG_SK,
          entity: 'WorkflowFlag',
          dossierId: dossier.id,
          // Not `code`: the flag stays out of the citizen's look-up index.
          ...(dossier.code ? { dossierCode: dossier.code } : {}),
          procedureCode: dossier.procedureCode,
          procedureName: dossier.procedureName,
          departmentId: dossier.departmentId,
          status: dossier.status,
          flaggedAt: flag.at,
          reason: flag.reason,
          ...flaggedInboxKeys(dossier.id, flag.at),
        },
      },
    },
    event,
  );
}

/**
 * Lifts the flag of a dossier whose failure a person has dealt with: the flag on the dossier and
 * its item in the centre's flagged queue go, the event is appended and the version bumped, in one
 * transaction conditional on the failure the person saw (`flaggedAt`). False if the dossier is not
 * flagged with that failure any more (lifted meanwhile, or flagged anew).
 */
export function unflagDossier(dossier: Dossier, flaggedAt: string, event: DossierEvent): Promise<boolean> {
  return flagTransaction(
    dossier,
    {
      UpdateExpression: 'REMOVE flagged SET #v = #v + :one',
      ConditionExpression: 'attribute_exists(pk) AND flagged.#at = :at',
      ExpressionAttributeNames: { '#v': 'version', '#at': 'at' },
      ExpressionAttributeValues: { ':at': flaggedAt, ':one': 1 },
    },
    { Delete: { TableName: table(), Key: { pk: keys.dossier(dossier.id).pk, sk: FLAG_SK } } },
    event,
  );
}
