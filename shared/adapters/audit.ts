import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { clients } from './clients.ts';
import { config } from './config.ts';
import { newEventId } from './ids.ts';
import { decodeCursor, encodeCursor } from './page-cursor.ts';

/**
 * The audit trail (append-only): every change by a person, with who and when.
 *
 * - Dossier events made by staff carry `gsi1pk = ACTOR#<user>` (dossier-repository `eventItem`).
 * - Administration changes (procedures, departments, calendar, staff users) are `AUDIT#<yyyy-MM>`
 *   items written in the same transaction as the change (`auditItem`), with the same `ACTOR#` key.
 *
 * So "what did this person do" is one Query of gsi1 (`ACTOR#<user>`, newest first), and "what
 * changed in the administration this month" one Query of `AUDIT#<yyyy-MM>`. Items hold ids and
 * non-personal summaries only; no item is ever updated or deleted by the application.
 */
const table = () => config().TABLE_NAME;

export const AUDIT_ACTIONS = [
  'PROCEDURE_VERSION_CREATED',
  'DEPARTMENT_SAVED',
  'CALENDAR_YEAR_SAVED',
  'STAFF_USER_CREATED',
  'STAFF_USER_UPDATED',
  'STAFF_USER_DISABLED',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  id: string;
  at: string;
  /** Staff user id (`sub`); never a name. */
  actor: string;
  action: AuditAction;
  /** What was changed: `PROC#1.001`, `DEPT#STC`, `CAL#2027`, `USER#<id>`. */
  target: string;
  /** A short, non-personal description (version numbers, dates, counts). */
  summary: string;
}

export const actorKeys = (actor: string, at: string, suffix: string) => ({
  gsi1pk: `ACTOR#${actor}`,
  gsi1sk: `${at}#${suffix}`,
});

/** The audit item of one administration change, to put in the change's own transaction. */
export function auditItem(e: Omit<AuditEntry, 'id'>) {
  const id = newEventId();
  return {
    pk: `AUDIT#${e.at.slice(0, 7)}`,
    sk: `${e.at}#${id}`,
    entity: 'Audit',
    id,
    ...e,
    ...actorKeys(e.actor, e.at, `AUDIT#${id}`),
  };
}

/** One line of a person's trail: an administration change or a dossier event. */
export interface TrailEntry {
  at: string;
  kind: 'ADMIN' | 'DOSSIER';
  /** Administration action, or the dossier event type. */
  action: string;
  target: string;
  summary?: string;
  dossierId?: string;
  code?: string;
}

/** A page cursor handed back by `trailOfUser`: gsi1's key and the table's, in this person's trail. */
export const trailCursor = (cursor: string, userId: string) =>
  decodeCursor(cursor, {
    attributes: ['gsi1pk', 'gsi1sk', 'pk', 'sk'],
    fixed: { gsi1pk: `ACTOR#${userId}` },
  });

/** What a person did, newest first: one Query of gsi1 per page. */
export async function trailOfUser(
  userId: string,
  opts: { limit?: number; cursor?: string | undefined } = {},
): Promise<{ items: TrailEntry[]; cursor?: string }> {
  const res = await clients().doc.send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': `ACTOR#${userId}` },
      ScanIndexForward: false,
      Limit: opts.limit ?? 50,
      ...(opts.cursor ? { ExclusiveStartKey: trailCursor(opts.cursor, userId) } : {}),
    }),
  );
  const items = (res.Items ?? []).map((i): TrailEntry => {
    if (i.entity === 'Audit') {
      return {
        at: String(i.at),
        kind: 'ADMIN',
        action: String(i.action),
        target: String(i.target),
        summary: String(i.summary),
      };
    }
    return {
      at: String(i.at),
      kind: 'DOSSIER',
      action: String(i.type),
      target: `DOSSIER#${String(i.dossierId)}`,
      dossierId: String(i.dossierId),
      ...(typeof i.code === 'string' ? { code: i.code } : {}),
    };
  });
  return {
    items,
    ...(res.LastEvaluatedKey ? { cursor: encodeCursor(res.LastEvaluatedKey) } : {}),
  };
}

/** The administration changes of one month, oldest first: one Query per page. */
export async function adminChanges(month: string, limit = 200): Promise<AuditEntry[]> {
  const res = await clients().doc.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': `AUDIT#${month}` },
      Limit: limit,
    }),
  );
  return (res.Items ?? []).map(auditEntryOf);
}

/** An `AUDIT#<yyyy-MM>` item as an entry of the trail. */
export function auditEntryOf(i: Record<string, unknown>): AuditEntry {
  return {
    id: String(i.id),
    at: String(i.at),
    actor: String(i.actor),
    action: i.action as AuditAction,
    target: String(i.target),
    summary: String(i.summary),
  };
}
