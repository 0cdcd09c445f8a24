import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  dailySequenceKey,
  dossierCodeOfDay,
  MAX_DAILY_SEQUENCE,
  parseDossierCode,
} from '../domain/dossier-code.ts';
import { DomainError } from '../domain/errors.ts';
import { vnYyMmDd } from '../domain/time.ts';
import { clients, queryAll } from './clients.ts';
import { nowMs } from './clock.ts';
import { config } from './config.ts';
import { keys } from './keys.ts';
import { statsKeys } from './stats-repository.ts';

/**
 * The daily dossier numbers of an agency: collision-free, and no unexplained gap in the register.
 *
 * A number is taken by one atomic `UpdateItem ADD` on the agency's day counter (`SEQ#<agency>#<YYMMDD>`),
 * outside the submission's transaction, so concurrent submissions never retry for a number. The
 * transaction that uses the number puts `CODE#<code>` on condition that it does not exist; a number
 * not used is recorded as voided by putting that same item (`VoidedCode`) on the same condition,
 * with its register row. So a number is used or voided, never both, whichever comes first:
 *
 * - the submission's own error path voids the number of a transaction that failed (with the reason
 *   and the draft's id);
 * - `sweepDossierNumbers` voids the numbers of requests that died before either, once a number has
 *   stayed unaccounted for longer than any request lives (`NUMBER_GRACE_MS`).
 *
 * An open day counter sits in the sparse gsi1 partition `SEQ#OPEN` until every number it gave is
 * accounted for and the day is over: the sweeper's work is one Query plus a BatchGetItem of the
 * numbers taken since its last pass, never a Scan.
 */
const table = () => config().TABLE_NAME;

export const OPEN_SEQUENCES = 'SEQ#OPEN';

/** Longer than any request that takes a number lives (the API's Lambda timeout is 29 s). */
export const NUMBER_GRACE_MS = 5 * 60_000;

/** Why a number was voided (the register shows the reason). */
export type VoidReason =
  /** The draft was submitted meanwhile by another request (a double click with a new key). */
  | 'DOSSIER_NOT_DRAFT'
  /** A write that had to commit with the submission refused it (e.g. the counter ticket). */
  | 'REFUSED'
  /** The submission's transaction failed for another reason (the store's error). */
  | 'SUBMISSION_FAILED'
  /** The request that took the number ended before it used or voided it (found by the sweeper). */
  | 'REQUEST_ENDED';

export const VOID_REASON_LABELS: Record<VoidReason, { vi: string; en: string }> = {
  DOSSIER_NOT_DRAFT: { vi: 'Hồ sơ đã được nộp bằng yêu cầu khác', en: 'Submitted by another request' },
  REFUSED: { vi: 'Việc nộp bị từ chối', en: 'Submission refused' },
  SUBMISSION_FAILED: { vi: 'Lỗi hệ thống khi ghi hồ sơ', en: 'System error while recording' },
  REQUEST_ENDED: { vi: 'Yêu cầu nộp bị gián đoạn', en: 'Submission request interrupted' },
};

/**
 * Takes the next number of the agency's day: one UpdateItem, no read, no retry. Throws
 * DAILY_SEQUENCE_EXHAUSTED past 9999 (such a number has no code and needs no voiding).
 */
export async function takeDossierNumber(agencyCode: string, at: Date): Promise<number> {
  const yymmdd = vnYyMmDd(at);
  const seq = dailySequenceKey(agencyCode, at);
  const res = await clients().doc.send(
    new UpdateCommand({
      TableName: table(),
      Key: keys.dailySequence(seq),
      UpdateExpression: 'ADD #val :one SET gsi1pk = :open, gsi1sk = :seq, agencyCode = :agency, #day = :day',
      ExpressionAttributeNames: { '#val': 'value', '#day': 'day' },
      ExpressionAttributeValues: {
        ':one': 1,
        ':open': OPEN_SEQUENCES,
        ':seq': seq,
        ':agency': agencyCode,
        ':day': yymmdd,
      },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const n = Number(res.Attributes?.value);
  if (!(n >= 1 && n <= MAX_DAILY_SEQUENCE)) {
    throw new DomainError('DAILY_SEQUENCE_EXHAUSTED', 'dossier.sequenceExhausted');
  }
  return n;
}

/** What the register shows of the dossier a voided number was taken for (none when unknown). */
export interface VoidedFor {
  draftId?: string;
  procedureCode?: string;
  departmentId?: string;
  channel?: string;
}

/**
 * Records `code` as voided, with its register row at `at`, on condition that the code was neither
 * used nor voided: false if it was (then the number is accounted for already).
 */
export async function voidDossierNumber(
  code: string,
  reason: VoidReason,
  at: string,
  about: VoidedFor = {},
): Promise<boolean> {
  const detail = { voided: true, voidReason: reason, ...about };
  try {
    await clients().doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: { ...keys.dossierCode(code), entity: 'VoidedCode', voidedAt: at, ...detail },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: table(),
              Item: {
                // Keyed by code, not by dossier: a draft may void more than one number.
                ...statsKeys.register(at, `VOID#${code}`),
                entity: 'Register',
                number: code,
                submittedAt: at,
                ...detail,
              },
            },
          },
        ],
      }),
    );
    return true;
  } catch (err) {
    if (
      err instanceof TransactionCanceledException &&
      err.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
    ) {
      return false;
    }
    throw err;
  }
}

/** The last instant of a code's Vietnamese day (the register row of a number voided after it). */
function endOfVnDay(yymmdd: string): number {
  const iso = `20${yymmdd.slice(0, 2)}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}T23:59:59.999+07:00`;
  return Date.parse(iso);
}

async function existingCodes(codes: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < codes.length; i += 100) {
    let request:
      | Record<string, { Keys: Record<string, unknown>[]; ProjectionExpression: string }>
      | undefined = {
      [table()]: {
        Keys: codes.slice(i, i + 100).map((c) => keys.dossierCode(c)),
        ProjectionExpression: 'pk',
      },
    };
    for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
      if (attempt >= 8) throw new Error('code items still unprocessed after 8 attempts');
      const res = await clients().doc.send(new BatchGetCommand({ RequestItems: request }));
      for (const item of res.Responses?.[table()] ?? []) found.add(String(item.pk).slice('CODE#'.length));
      request = res.UnprocessedKeys as typeof request;
      if (request && Object.keys(request).length > 0)
        await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
    }
  }
  return found;
}

/**
 * Voids the numbers taken by requests that ended before using or voiding them. A number is voided
 * when it was already taken at the previous pass at least `graceMs` ago and is still unaccounted
 * for; the day counter remembers how far every number is accounted for, so each pass reads only the
 * numbers taken since. A day counter leaves the open list once its day is over and all is accounted.
 */
export async function sweepDossierNumbers(graceMs = NUMBER_GRACE_MS): Promise<{ voided: string[] }> {
  const at = nowMs();
  const today = vnYyMmDd(new Date(at));
  const voided: string[] = [];
  const open = await queryAll({
    TableName: table(),
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :open',
    ExpressionAttributeValues: { ':open': OPEN_SEQUENCES },
  });
  for (const seq of open) {
    const agencyCode = String(seq.agencyCode);
    const day = String(seq.day);
    const value = Math.min(Number(seq.value ?? 0), MAX_DAILY_SEQUENCE);
    const accounted = Number(seq.accounted ?? 0);
    const seen = Number(seq.seen ?? 0);
    const seenAt = Number(seq.seenAt ?? at);
    const codeOf = (n: number) => dossierCodeOfDay(agencyCode, day, n);
    const pending = Array.from({ length: value - accounted }, (_, i) => codeOf(accounted + 1 + i));
    const used = await existingCodes(pending);
    const overdue = at - seenAt >= graceMs;
    let upTo = accounted;
    for (const code of pending) {
      const n = parseDossierCode(code)!.sequence;
      if (!used.has(code)) {
        if (!(overdue && n <= seen)) break;
        const when = new Date(Math.min(at, endOfVnDay(day))).toISOString();
        if (await voidDossierNumber(code, 'REQUEST_ENDED', when)) voided.push(code);
      }
      upTo = n;
    }
    const closed = day < today && upTo >= value;
    // What this pass saw, kept until it is acted on: numbers it saw are voidable `graceMs` later.
    const snapshot = upTo < value && (seq.seen === undefined || overdue);
    if (!closed && !snapshot && upTo === accounted) continue;
    // Conditional on the counter not having moved since it was read: a late number is seen next pass.
    await clients()
      .doc.send(
        new UpdateCommand({
          TableName: table(),
          Key: { pk: seq.pk, sk: seq.sk },
          UpdateExpression: closed
            ? 'SET accounted = :up REMOVE gsi1pk, gsi1sk'
            : `SET accounted = :up${snapshot ? ', seen = :value, seenAt = :at' : ''}`,
          ConditionExpression: '#val = :raw',
          ExpressionAttributeNames: { '#val': 'value' },
          ExpressionAttributeValues: {
            ':up': upTo,
            ':raw': seq.value,
            ...(!closed && snapshot ? { ':value': value, ':at': at } : {}),
          },
        }),
      )
      .catch((err: { name?: string }) => {
        if (err.name !== 'ConditionalCheckFailedException') throw err;
      });
  }
  return { voided };
}
