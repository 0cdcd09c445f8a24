import { GetCommand, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { type Department, DepartmentsFile, Procedure } from '../contracts/catalogue.ts';
import { clients } from './clients.ts';
import { config } from './config.ts';
import { CATALOGUE_PARTITION, DEPARTMENTS_PARTITION, keys } from './keys.ts';

/**
 * Procedures and departments. Each procedure version is kept (`V#0001`…) and a `CURRENT` copy is
 * indexed for listing; a dossier stores the version it was received under.
 */
let procedureCache: { at: number; items: Procedure[] } | undefined;

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
  for await (const page of pages)
    for (const item of page.Items ?? []) items.push(item.procedure as Procedure);
  procedureCache = { at: now, items };
  return items;
}

export function clearCatalogueCache(): void {
  procedureCache = undefined;
}

export async function getProcedure(code: string): Promise<Procedure | undefined> {
  const res = await clients().doc.send(
    new GetCommand({ TableName: config().TABLE_NAME, Key: keys.procedureCurrent(code) }),
  );
  return res.Item?.procedure as Procedure | undefined;
}

export async function listDepartments(): Promise<Department[]> {
  const out: Department[] = [];
  const pages = paginateQuery(
    { client: clients().doc },
    {
      TableName: config().TABLE_NAME,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': DEPARTMENTS_PARTITION },
    },
  );
  for await (const page of pages)
    for (const item of page.Items ?? []) out.push(item.department as Department);
  return out;
}

export async function getDepartment(id: string): Promise<Department | undefined> {
  const res = await clients().doc.send(
    new GetCommand({ TableName: config().TABLE_NAME, Key: keys.department(id) }),
  );
  return res.Item?.department as Department | undefined;
}

/** Idempotent seed of one procedure version: the version item and the CURRENT copy. */
export async function putProcedure(raw: unknown): Promise<Procedure> {
  const p = Procedure.parse(raw);
  const table = config().TABLE_NAME;
  await clients().doc.send(
    new PutCommand({ TableName: table, Item: { ...keys.procedureVersion(p.code, p.version), procedure: p } }),
  );
  await clients().doc.send(
    new PutCommand({
      TableName: table,
      Item: {
        ...keys.procedureCurrent(p.code),
        gsi1pk: CATALOGUE_PARTITION,
        gsi1sk: `PROC#${p.code}`,
        procedure: p,
      },
    }),
  );
  return p;
}

export async function putDepartments(raw: unknown): Promise<DepartmentsFile> {
  const file = DepartmentsFile.parse(raw);
  const table = config().TABLE_NAME;
  await clients().doc.send(
    new PutCommand({ TableName: table, Item: { ...keys.centre(), centre: file.centre } }),
  );
  for (const d of file.departments) {
    await clients().doc.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...keys.department(d.id),
          gsi1pk: DEPARTMENTS_PARTITION,
          gsi1sk: `DEPT#${d.id}`,
          department: d,
        },
      }),
    );
  }
  return file;
}

/** The exact version a dossier was received under (a dossier never changes procedure version). */
export async function getProcedureVersion(code: string, version: number): Promise<Procedure | undefined> {
  const res = await clients().doc.send(
    new GetCommand({ TableName: config().TABLE_NAME, Key: keys.procedureVersion(code, version) }),
  );
  return res.Item?.procedure as Procedure | undefined;
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
