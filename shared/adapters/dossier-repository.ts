import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Procedure } from '../contracts/catalogue.ts';
import type { WorkingCalendar } from '../domain/calendar.ts';
import type { Dossier, DossierDocument, DossierEvent } from '../domain/dossier.ts';
import { formatDossierCode } from '../domain/dossier-code.ts';
import { DomainError } from '../domain/errors.ts';
import { FLAGGED_INBOX, flaggedInboxKeys } from '../domain/inbox.ts';
import { message } from '../domain/messages.ts';
import { governingVersion, versionAtReception } from '../domain/procedure-versions.ts';
import { statsAttrs } from '../domain/statistics.ts';
import type { DossierStep } from '../domain/workflow.ts';
import { actorKeys } from './audit.ts';
import { workingCalendar } from './calendar-repository.ts';
import { procedureVersionsForRequest } from './catalogue-repository.ts';
import { clients } from './clients.ts';
import { config } from './config.ts';
import { takeDossierNumber, voidDossierNumber } from './dossier-numbers.ts';
import { newEventId } from './ids.ts';
import { keys } from './keys.ts';
import { logger } from './logger.ts';
import { decodeCursor, encodeCursor } from './page-cursor.ts';
import { counterItems, statsKeys, transactWrite } from './stats-repository.ts';

/**
 * Dossier persistence. One partition per dossier (`DOSSIER#id`) holds its META item, its documents
 * and its append-only events, so reading a whole dossier is one Query. Every write is conditional
 * on the dossier's status and version, and writes that belong together are one transaction.
 */
const table = () => config().TABLE_NAME;

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

export async function createDraft(dossier: Dossier, event: DossierEvent): Promise<void> {
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
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await clients().doc.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.dossier(id).pk },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
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

function isConditionFailure(err: unknown, index: number): boolean {
  if (!(err instanceof TransactionCanceledException)) return false;
  return err.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';
}

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

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * A write of another aggregate that must commit with a submission (the walk-in's counter ticket),
 * and the refusal to give when its condition fails: the submission then writes nothing at all.
 */
export interface SubmissionExtra {
  item: TransactItem;
  refusal: () => Promise<DomainError>;
}

export interface VerifiedDocument {
  documentId: string;
  requirementId: string;
  sha256: string;
  size: number;
  contentType: string;
  versionId?: string;
}

/**
 * The procedure version that governs a dossier received at `receivedAt`
 * (shared/domain/procedure-versions.ts, Decree 61/2018 art. 18), with every version of the
 * procedure: one Query of the versions (a postal receipt may lie before the in-force version's
 * date) and the cached calendar.
 */
export async function procedureAtReception(
  code: string,
  receivedAt: Date,
): Promise<{ governing: Procedure; versions: Procedure[]; cal: WorkingCalendar }> {
  const [found, cal] = await Promise.all([procedureVersionsForRequest(code), workingCalendar()]);
  const versions = (found?.versions ?? []).map((v) => v.procedure);
  const governing = versionAtReception(versions, receivedAt, cal);
  if (!governing) throw new DomainError('PROCEDURE_NOT_FOUND', message('procedure.notFound', { code }));
  return { governing, versions, cal };
}

/**
 * Moves a draft to the version that governs it now, conditional on the draft's version, so the
 * citizen (or the reception officer) completes it against the requirements in force. The draft's
 * uploads stay; those of requirements the new version no longer has are ignored at submission.
 */
async function moveDraft(dossier: Dossier, to: Procedure, at: string): Promise<void> {
  try {
    await clients().doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.dossier(dossier.id),
        UpdateExpression:
          'SET procedureVersion = :pv, procedureName = :pn, procedureVersionChange = :change, #v = #v + :one',
        ConditionExpression: '#v = :v AND #s = :draft',
        ExpressionAttributeNames: { '#v': 'version', '#s': 'status' },
        ExpressionAttributeValues: {
          ':pv': to.version,
          ':pn': to.name,
          ':change': { from: dossier.procedureVersion, to: to.version, at },
          ':one': 1,
          ':v': dossier.version,
          ':draft': 'DRAFT',
        },
      }),
    );
  } catch (err) {
    if ((err as { name?: string }).name === 'ConditionalCheckFailedException') {
      throw new DomainError('DOSSIER_CONFLICT', 'dossier.changedReload');
    }
    throw err;
  }
}

/**
 * The version a submission goes in under (shared/domain/procedure-versions.ts `governingVersion`).
 * When the documents asked for changed, the draft is moved to the governing version and the
 * submission refused with 409 PROCEDURE_VERSION_CHANGED.
 */
async function submissionVersion(dossier: Dossier, receivedAt: Date, at: string): Promise<Procedure> {
  const { versions, cal } = await procedureAtReception(dossier.procedureCode, receivedAt);
  const { governing, documentsChanged } = governingVersion(
    dossier.procedureVersion,
    versions,
    receivedAt,
    cal,
  )!;
  if (!documentsChanged) return governing;
  await moveDraft(dossier, governing, at);
  throw new DomainError(
    'PROCEDURE_VERSION_CHANGED',
    message('procedure.versionChanged', { code: dossier.procedureCode, version: governing.version }),
    [],
    // The version in full (public catalogue data): the form shows its requirements without a
    // second call, even when it is not yet the one GET /procedures/{code} shows (after 15:00).
    { procedureVersion: governing.version, previousVersion: dossier.procedureVersion, procedure: governing },
  );
}

/**
 * Hands the dossier in: takes the next number of the agency's day (one atomic update,
 * shared/adapters/dossier-numbers.ts), then records the submission in one transaction that puts
 * `CODE#<code>` on condition it does not exist. A number whose transaction fails is voided here,
 * with the reason and the draft's id, before the error goes up; one taken by a request that ended
 * before either is voided by the sweeper. Concurrent submissions never wait for each other's number.
 *
 * The transaction's items: [0] the dossier, [1] the code, then the event, the register row, the
 * counters, the documents, and last the caller's extra items (their indexes follow `own`).
 */
export async function submitDossier(opts: {
  dossier: Dossier;
  submittedAt: Date;
  secretHash: string;
  /**
   * The submitter's sealed copy of the secret and the hash of its Idempotency-Key: a retry whose
   * first answer was lost after this transaction committed gets the same answer again.
   */
  replay?: { sealedSecret: string; submitKeyHash: string };
  documents: VerifiedDocument[];
  event: DossierEvent;
  maxAttempts?: number;
  /** When the dossier counts as received, if not at submission (a postal dossier: its postal receipt time). */
  receivedAt?: Date;
  /**
   * Writes appended to the submission's transaction (after its own items: their indexes follow),
   * built for each attempt from the code that attempt allocates.
   */
  extraItems?: (code: string) => SubmissionExtra[];
}): Promise<{ code: string; sequence: number }> {
  const { submittedAt } = opts;
  const governing = await submissionVersion(
    opts.dossier,
    opts.receivedAt ?? submittedAt,
    submittedAt.toISOString(),
  );
  const dossier: Dossier = {
    ...opts.dossier,
    procedureVersion: governing.version,
    procedureName: governing.name,
  };
  const at = submittedAt.toISOString();
  const maxAttempts = opts.maxAttempts ?? 8;
  const voidedFor = {
    draftId: dossier.id,
    procedureCode: dossier.procedureCode,
    departmentId: dossier.departmentId,
    channel: dossier.channel,
  };
  let next = await takeDossierNumber(dossier.agencyCode, submittedAt);
  for (let attempt = 0; ; attempt++) {
    const code = formatDossierCode(dossier.agencyCode, submittedAt, next);
    const extras = opts.extraItems?.(code) ?? [];
    const own: TransactItem[] = [
      {
        Update: {
          TableName: table(),
          Key: keys.dossier(dossier.id),
          UpdateExpression: `SET #s = :submitted, #v = #v + :one, code = :code, secretHash = :sh, submittedAt = :at, receivedAt = :rat, procedureVersion = :pv, procedureName = :pn, gsi1pk = :active, gsi1sk = :id, inboxPk = :inbox, inboxSk = :inboxSk${
            opts.replay ? ', sealedSecret = :sealed, submitKeyHash = :skh' : ''
          }`,
          ConditionExpression: '#v = :v AND #s = :draft',
          ExpressionAttributeNames: { '#s': 'status', '#v': 'version' },
          ExpressionAttributeValues: {
            ':submitted': 'SUBMITTED',
            ':draft': 'DRAFT',
            ':one': 1,
            ':v': dossier.version,
            ':code': code,
            ':sh': opts.secretHash,
            ':at': at,
            ':rat': (opts.receivedAt ?? submittedAt).toISOString(),
            ':pv': dossier.procedureVersion,
            ':pn': dossier.procedureName,
            ':active': ACTIVE_WORKFLOWS,
            ':id': dossier.id,
            ':inbox': 'INBOX#CENTRE#INTAKE',
            ':inboxSk': `${at}#${dossier.id}`,
            ...(opts.replay
              ? { ':sealed': opts.replay.sealedSecret, ':skh': opts.replay.submitKeyHash }
              : {}),
          },
        },
      },
      {
        Put: {
          TableName: table(),
          Item: { ...keys.dossierCode(code), entity: 'DossierCode', dossierId: dossier.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: table(),
          Item: eventItem(
            dossier.id,
            {
              ...opts.event,
              fromStatus: 'DRAFT',
              toStatus: 'SUBMITTED',
              // The version received under: it governs the deadline and the steps.
              data: { ...opts.event.data, procedureVersion: dossier.procedureVersion },
            },
            code,
          ),
        },
      },
      {
        // The register (form 06) and the statistics' recomputation list dossiers by month from here.
        Put: {
          TableName: table(),
          Item: {
            ...statsKeys.register(at, dossier.id),
            entity: 'Register',
            dossierId: dossier.id,
            code,
            procedureCode: dossier.procedureCode,
            departmentId: dossier.departmentId,
            channel: dossier.channel,
            submittedAt: at,
          },
        },
      },
      ...counterItems(statsAttrs(dossier), [opts.event]),
      ...opts.documents.map((d) => ({
        Update: {
          TableName: table(),
          Key: keys.dossierDocument(dossier.id, d.documentId),
          UpdateExpression: `SET #s = :verified, sha256 = :h, #size = :size, contentType = :ct${
            d.versionId ? ', versionId = :vid' : ''
          }`,
          ExpressionAttributeNames: { '#s': 'status', '#size': 'size' },
          ExpressionAttributeValues: {
            ':verified': 'VERIFIED',
            ':h': d.sha256,
            ':size': d.size,
            ':ct': d.contentType,
            ...(d.versionId ? { ':vid': d.versionId } : {}),
          },
        },
      })),
    ];
    try {
      await clients().doc.send(
        new TransactWriteCommand({ TransactItems: [...own, ...extras.map((e) => e.item)] }),
      );
      return { code, sequence: next };
    } catch (err) {
      // The code was voided meanwhile (the sweeper took this request for ended): take another.
      if (isConditionFailure(err, 1) && !isConditionFailure(err, 0) && attempt < maxAttempts) {
        next = await takeDossierNumber(dossier.agencyCode, submittedAt);
        continue;
      }
      // Only held by another transaction at that moment (DynamoDB's TransactionConflict): the number
      // is still ours, so the same transaction is sent again after a jittered pause.
      if (isOnlyConflict(err) && attempt < maxAttempts) {
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 5 * 2 ** Math.min(attempt, 6))));
        continue;
      }
      const refused = extras.find((_e, i) => isConditionFailure(err, own.length + i));
      const reason = isConditionFailure(err, 0)
        ? 'DOSSIER_NOT_DRAFT'
        : refused
          ? 'REFUSED'
          : 'SUBMISSION_FAILED';
      // The number is explained before the error goes up; should this fail too, the sweeper voids it.
      await voidDossierNumber(code, reason, at, voidedFor).catch((error: Error) =>
        logger.error('could not void a dossier number', { error, code }),
      );
      if (reason === 'DOSSIER_NOT_DRAFT') {
        throw new DomainError('DOSSIER_NOT_DRAFT', 'dossier.submittedOrChanged');
      }
      if (refused) throw await refused.refusal();
      if (isOnlyConflict(err)) {
        throw new DomainError('DOSSIER_CONFLICT', 'dossier.busyWriting');
      }
      throw err;
    }
  }
}

const isOnlyConflict = (err: unknown) =>
  err instanceof TransactionCanceledException &&
  (err.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict') &&
  !(err.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');

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

/** The flag item of a dossier's partition (sort key): what the centre's flagged queue lists. */
const FLAG_SK = 'FLAG#WORKFLOW';

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
