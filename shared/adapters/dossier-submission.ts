import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Procedure } from '../contracts/catalogue.ts';
import type { WorkingCalendar } from '../domain/calendar.ts';
import type { Dossier, DossierEvent } from '../domain/dossier.ts';
import { formatDossierCode } from '../domain/dossier-code.ts';
import { DomainError } from '../domain/errors.ts';
import { message } from '../domain/messages.ts';
import { governingVersion, versionAtReception } from '../domain/procedure-versions.ts';
import { statsAttrs } from '../domain/statistics.ts';
import { workingCalendar } from './calendar-repository.ts';
import { procedureVersionsForRequest } from './catalogue-repository.ts';
import type { TransactItem } from './clients.ts';
import { clients } from './clients.ts';
import { takeDossierNumber, voidDossierNumber } from './dossier-numbers.ts';
import { ACTIVE_WORKFLOWS, eventItem, isConditionFailure, table } from './dossier-repository.ts';
import { keys } from './keys.ts';
import { logger } from './logger.ts';
import { counterItems, statsKeys } from './stats-repository.ts';

/**
 * Handing a dossier in: the procedure version that governs it (shared/domain/procedure-versions.ts),
 * the day's number, the verified documents, the events and the figures, in one transaction.
 */

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
