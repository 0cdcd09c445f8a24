import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ProcedureVersionSummary } from '../contracts/admin.ts';
import type { Department, Procedure } from '../contracts/catalogue.ts';
import { versionInForce } from '../domain/procedure-versions.ts';
import { vnIsoDate } from '../domain/time.ts';
import { clients, queryAll } from './clients.ts';
import { nowMs } from './clock.ts';
import { config } from './config.ts';
import { CATALOGUE_PARTITION, DEPARTMENTS_PARTITION, keys } from './keys.ts';

/**
 * Procedures and departments. Each procedure version is kept, never changed (`V#0001`…), and a
 * `CURRENT` item is indexed for listing. CURRENT holds the version in force when it was written
 * (`procedure`), the versions made since that start on a later day (`upcoming`) and the highest
 * version number (`latestVersion`, the optimistic lock of the next edit). Readers pick the version
 * in force on their own day from that one item, so a version dated tomorrow applies tomorrow with
 * no job to switch it. A dossier stores the version it was received under and reads exactly that.
 * Here the reads (cached on the request path); the edits are in catalogue-procedure-edits.ts and
 * catalogue-department-edits.ts.
 */
let procedureCache: { at: number; items: Procedure[] } | undefined;

/**
 * Versions read by this instance. A version is never edited (editing makes the next one), so a warm
 * function reads each at most once per `CATALOGUE_CACHE_SECONDS` instead of on every request (a
 * submission read the same version four times: create, slots, submit, the workflow's first task).
 * The bound only covers a re-seed of a version by the first-run script.
 */
const versionCache = new Map<string, { at: number; procedure: Procedure }>();

export interface CurrentItem {
  procedure: Procedure;
  upcoming?: Procedure[];
  latestVersion?: number;
}

export const candidates = (item: CurrentItem): Procedure[] => [item.procedure, ...(item.upcoming ?? [])];
export const today = () => vnIsoDate(new Date(nowMs()));

export async function listProcedures(now = Date.now()): Promise<Procedure[]> {
  const ttl = config().CATALOGUE_CACHE_SECONDS * 1000;
  if (procedureCache && now - procedureCache.at < ttl) return procedureCache.items;
  const items: Procedure[] = [];
  const current = await queryAll({
    TableName: config().TABLE_NAME,
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :p',
    ExpressionAttributeValues: { ':p': CATALOGUE_PARTITION },
  });
  const day = today();
  for (const item of current) {
    const p = versionInForce(candidates(item as unknown as CurrentItem), day);
    if (p) items.push(p);
  }
  procedureCache = { at: now, items };
  return items;
}

/**
 * What a warm function read of the catalogue for a request path (CURRENT items, departments, the
 * version lists a submission picks its governing version from), kept `CATALOGUE_CACHE_SECONDS` like
 * the public list: a draft, its uploads and its submission read the catalogue once per minute per
 * function, not on every request. Only what was found is kept; this instance's own catalogue writes
 * clear it, another instance's show within the bound.
 */
const requestCache = new Map<string, { at: number; value: unknown }>();

async function cached<T>(key: string, read: () => Promise<T | undefined>): Promise<T | undefined> {
  const k = `${config().TABLE_NAME}|${key}`;
  const hit = requestCache.get(k);
  if (hit && Date.now() - hit.at < config().CATALOGUE_CACHE_SECONDS * 1000) return hit.value as T;
  const value = await read();
  if (value !== undefined) requestCache.set(k, { at: Date.now(), value });
  return value;
}

export function clearCatalogueCache(): void {
  procedureCache = undefined;
  versionCache.clear();
  requestCache.clear();
}

/**
 * After this instance's own write of the catalogue: the request-path reads are made again, and a
 * re-seeded version is read again (a version is otherwise never rewritten).
 */
export function forgetCatalogueReads(reseeded?: { code: string; version: number }): void {
  if (reseeded) versionCache.delete(`${config().TABLE_NAME}|${reseeded.code}|${reseeded.version}`);
  requestCache.clear();
}

/** The version of `code` in force on `day` (default: today in Vietnam): one GetItem (cached). */
export async function getProcedure(code: string, day = today()): Promise<Procedure | undefined> {
  const item = await cached(`CURRENT|${code}`, async () => {
    const res = await clients().doc.send(
      new GetCommand({ TableName: config().TABLE_NAME, Key: keys.procedureCurrent(code) }),
    );
    return res.Item as CurrentItem | undefined;
  });
  return item ? versionInForce(candidates(item), day) : undefined;
}

/** Every department's stored item: one Query of the departments' index partition, page by page. */
export async function departmentItems(): Promise<Record<string, unknown>[]> {
  return queryAll({
    TableName: config().TABLE_NAME,
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :p',
    ExpressionAttributeValues: { ':p': DEPARTMENTS_PARTITION },
  });
}

/** Every department: one Query, cached like the other catalogue reads (every workflow task reads it). */
export async function listDepartments(): Promise<Department[]> {
  const items = await cached('DEPARTMENTS', departmentItems);
  return (items ?? []).map((item) => item.department as Department);
}

export async function getDepartment(id: string): Promise<Department | undefined> {
  return cached(`DEPT|${id}`, async () => {
    const res = await clients().doc.send(
      new GetCommand({ TableName: config().TABLE_NAME, Key: keys.department(id) }),
    );
    return res.Item?.department as Department | undefined;
  });
}

export const currentItem = (code: string, item: CurrentItem) => ({
  ...keys.procedureCurrent(code),
  gsi1pk: CATALOGUE_PARTITION,
  gsi1sk: `PROC#${code}`,
  ...item,
});

export const isConditionFailure = (err: unknown) =>
  (err as { name?: string }).name === 'ConditionalCheckFailedException' ||
  (err instanceof TransactionCanceledException &&
    (err.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed'));

/**
 * Every version of a procedure for a submission's governing version (one Query, cached like the
 * other request-path reads: versions are never edited, a new one shows within the bound).
 */
export const procedureVersionsForRequest = (code: string) =>
  cached(`VERSIONS|${code}`, () => listProcedureVersions(code));

/** Every version of a procedure, oldest first (one Query), with the one in force today. */
export async function listProcedureVersions(code: string): Promise<
  | {
      versions: (ProcedureVersionSummary & { procedure: Procedure })[];
      inForce: number;
      latest: number;
    }
  | undefined
> {
  const res = await clients().doc.send(
    new QueryCommand({
      TableName: config().TABLE_NAME,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
      ExpressionAttributeValues: { ':pk': keys.procedureCurrent(code).pk, ':v': 'V#' },
      ConsistentRead: true,
    }),
  );
  const versions = (res.Items ?? []).map((i) => {
    const p = i.procedure as Procedure;
    return {
      version: p.version,
      effectiveFrom: p.effectiveFrom,
      name: p.name,
      deadline: p.deadline,
      deadlinePolicy: p.deadlinePolicy,
      ...(typeof i.createdAt === 'string' ? { createdAt: i.createdAt } : {}),
      ...(typeof i.createdBy === 'string' ? { createdBy: i.createdBy } : {}),
      ...(typeof i.reason === 'string' ? { reason: i.reason } : {}),
      procedure: p,
    };
  });
  if (versions.length === 0) return undefined;
  const inForce = versionInForce(
    versions.map((v) => v.procedure),
    today(),
  )!;
  return { versions, inForce: inForce.version, latest: Math.max(...versions.map((v) => v.version)) };
}

/** The exact version a dossier was received under (a dossier never changes procedure version). */
export async function getProcedureVersion(code: string, version: number): Promise<Procedure | undefined> {
  const cacheKey = `${config().TABLE_NAME}|${code}|${version}`;
  const cached = versionCache.get(cacheKey);
  if (cached && Date.now() - cached.at < config().CATALOGUE_CACHE_SECONDS * 1000) return cached.procedure;
  const res = await clients().doc.send(
    new GetCommand({ TableName: config().TABLE_NAME, Key: keys.procedureVersion(code, version) }),
  );
  const procedure = res.Item?.procedure as Procedure | undefined;
  if (procedure) versionCache.set(cacheKey, { at: Date.now(), procedure });
  return procedure;
}

export interface Centre {
  id: string;
  name: string;
  nameEn: string;
  agencyCode: string;
  email: string;
}

/** The centre's name and address for forms and notices: one GetItem, cached. */
export async function getCentre(): Promise<Centre | undefined> {
  return cached('CENTRE', async () => {
    const res = await clients().doc.send(
      new GetCommand({ TableName: config().TABLE_NAME, Key: keys.centre() }),
    );
    return res.Item?.centre as Centre | undefined;
  });
}
