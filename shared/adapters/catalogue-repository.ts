import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  AdminDepartment,
  DepartmentUpdate,
  NewProcedureVersion,
  ProcedureVersionSummary,
} from '../contracts/admin.ts';
import { Department, DepartmentsFile, Procedure } from '../contracts/catalogue.ts';
import { DomainError, fieldError } from '../domain/errors.ts';
import { message } from '../domain/messages.ts';
import { versionInForce } from '../domain/procedure-versions.ts';
import { vnIsoDate } from '../domain/time.ts';
import { auditItem } from './audit.ts';
import { clients } from './clients.ts';
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
 */
let procedureCache: { at: number; items: Procedure[] } | undefined;

/**
 * Versions read by this instance. A version is never edited (editing makes the next one), so a warm
 * function reads each at most once per `CATALOGUE_CACHE_SECONDS` instead of on every request (a
 * submission read the same version four times: create, slots, submit, the workflow's first task).
 * The bound only covers a re-seed of a version by the first-run script.
 */
const versionCache = new Map<string, { at: number; procedure: Procedure }>();

interface CurrentItem {
  procedure: Procedure;
  upcoming?: Procedure[];
  latestVersion?: number;
}

const candidates = (item: CurrentItem): Procedure[] => [item.procedure, ...(item.upcoming ?? [])];
const today = () => vnIsoDate(new Date(nowMs()));

export async function listProcedures(now = Date.now()): Promise<Procedure[]> {
  const ttl = config().CATALOGUE_CACHE_SECONDS * 1000;
  if (procedureCache && now - procedureCache.at < ttl) return procedureCache.items;
  const items: Procedure[] = [];
  const pages = paginateQuery(
    { client: clients().doc },
    {
      TableName: config().TABLE_NAME,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': CATALOGUE_PARTITION },
    },
  );
  const day = today();
  for await (const page of pages)
    for (const item of page.Items ?? []) {
      const p = versionInForce(candidates(item as CurrentItem), day);
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
async function departmentItems(): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  const pages = paginateQuery(
    { client: clients().doc },
    {
      TableName: config().TABLE_NAME,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': DEPARTMENTS_PARTITION },
    },
  );
  for await (const page of pages) out.push(...(page.Items ?? []));
  return out;
}

export async function listDepartments(): Promise<Department[]> {
  return (await departmentItems()).map((item) => item.department as Department);
}

export async function getDepartment(id: string): Promise<Department | undefined> {
  return cached(`DEPT|${id}`, async () => {
    const res = await clients().doc.send(
      new GetCommand({ TableName: config().TABLE_NAME, Key: keys.department(id) }),
    );
    return res.Item?.department as Department | undefined;
  });
}

const currentItem = (code: string, item: CurrentItem) => ({
  ...keys.procedureCurrent(code),
  gsi1pk: CATALOGUE_PARTITION,
  gsi1sk: `PROC#${code}`,
  ...item,
});

const isConditionFailure = (err: unknown) =>
  (err as { name?: string }).name === 'ConditionalCheckFailedException' ||
  (err instanceof TransactionCanceledException &&
    (err.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed'));

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
  versionCache.delete(`${table}|${p.code}|${p.version}`);
  requestCache.clear();
  return p;
}

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

export async function putDepartments(raw: unknown): Promise<DepartmentsFile> {
  const file = DepartmentsFile.parse(raw);
  const table = config().TABLE_NAME;
  await clients().doc.send(
    new PutCommand({ TableName: table, Item: { ...keys.centre(), centre: file.centre } }),
  );
  for (const d of file.departments) {
    // A department an administrator has saved since (PUT /admin/departments) keeps their edits.
    await clients()
      .doc.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...keys.department(d.id),
            gsi1pk: DEPARTMENTS_PARTITION,
            gsi1sk: `DEPT#${d.id}`,
            department: d,
          },
          ConditionExpression: 'attribute_not_exists(updatedBy)',
        }),
      )
      .catch((err: unknown) => {
        if (!isConditionFailure(err)) throw err;
      });
  }
  requestCache.clear();
  return file;
}

/** The stored item of a department as the administrator sees it (seeded items are version 1). */
function adminDepartment(item: Record<string, unknown>): AdminDepartment {
  return {
    ...(item.department as Department),
    version: typeof item.version === 'number' ? item.version : 1,
    ...(typeof item.updatedAt === 'string' ? { updatedAt: item.updatedAt } : {}),
    ...(typeof item.updatedBy === 'string' ? { updatedBy: item.updatedBy } : {}),
  };
}

/** Every department with its version and last change: one Query of the departments' index partition. */
export async function listAdminDepartments(): Promise<AdminDepartment[]> {
  return (await departmentItems()).map(adminDepartment).sort((a, b) => a.id.localeCompare(b.id));
}

/** One department with its version, read strongly consistent (the version the next save must carry). */
export async function getAdminDepartment(id: string): Promise<AdminDepartment | undefined> {
  const res = await clients().doc.send(
    new GetCommand({ TableName: config().TABLE_NAME, Key: keys.department(id), ConsistentRead: true }),
  );
  return res.Item ? adminDepartment(res.Item) : undefined;
}

const DEPARTMENT_FIELDS = [
  'name',
  'nameEn',
  'agencyCode',
  'agencyCodeConfirmed',
  'email',
  'emailConfirmed',
  'confirmed',
  'note',
] as const;

/**
 * Saves a department's details (name, mailbox, agency code…) with its audit entry, in one
 * transaction, conditional on the version the administrator read: a save made meanwhile by someone
 * else makes this one a 409 DEPARTMENT_CONFLICT, never a silent overwrite. Only existing
 * departments: each has its Cognito group, made by the deployment. The audit entry names the
 * fields changed, not their values.
 */
export async function saveDepartment(
  id: string,
  update: DepartmentUpdate,
  by: { actor: string; at: string },
): Promise<AdminDepartment> {
  const { version: base, ...fields } = update;
  const current = await getAdminDepartment(id);
  if (!current) throw new DomainError('DEPARTMENT_NOT_FOUND', message('department.notFound', { id }));
  const conflict = () =>
    new DomainError(
      'DEPARTMENT_CONFLICT',
      message('department.changed', { id, version: current.version }),
      [],
      { currentVersion: current.version },
    );
  if (current.version !== base) throw conflict();
  const department = Department.parse({ ...fields, id });
  const changed = DEPARTMENT_FIELDS.filter(
    (k) => JSON.stringify(current[k] ?? null) !== JSON.stringify(department[k] ?? null),
  );
  const next = base + 1;
  const table = config().TABLE_NAME;
  try {
    await clients().doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: {
                ...keys.department(id),
                gsi1pk: DEPARTMENTS_PARTITION,
                gsi1sk: `DEPT#${id}`,
                department,
                version: next,
                updatedAt: by.at,
                updatedBy: by.actor,
              },
              // A seeded item has no version attribute yet: it counts as version 1.
              ConditionExpression:
                base === 1
                  ? 'attribute_exists(pk) AND (attribute_not_exists(#ver) OR #ver = :base)'
                  : 'attribute_exists(pk) AND #ver = :base',
              ExpressionAttributeNames: { '#ver': 'version' },
              ExpressionAttributeValues: { ':base': base },
            },
          },
          {
            Put: {
              TableName: table,
              Item: auditItem({
                at: by.at,
                actor: by.actor,
                action: 'DEPARTMENT_SAVED',
                target: `DEPT#${id}`,
                summary: `v${next}; ${changed.length ? `sửa ${changed.join(', ')}` : 'không đổi nội dung'}; mã cơ quan ${department.agencyCode}; ${department.confirmed ? 'đã xác nhận' : 'chưa xác nhận'}`,
              }),
            },
          },
        ],
      }),
    );
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    throw conflict();
  }
  requestCache.clear();
  return {
    ...department,
    version: next,
    updatedAt: by.at,
    updatedBy: by.actor,
  };
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

export async function getCentre(): Promise<Centre | undefined> {
  const res = await clients().doc.send(
    new GetCommand({ TableName: config().TABLE_NAME, Key: keys.centre() }),
  );
  return res.Item?.centre as Centre | undefined;
}
