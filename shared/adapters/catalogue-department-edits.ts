import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AdminDepartment, DepartmentUpdate } from '../contracts/admin.ts';
import { Department, DepartmentsFile } from '../contracts/catalogue.ts';
import { DomainError } from '../domain/errors.ts';
import { message } from '../domain/messages.ts';
import { auditItem } from './audit.ts';
import { departmentItems, forgetCatalogueReads, isConditionFailure } from './catalogue-repository.ts';
import { clients } from './clients.ts';
import { config } from './config.ts';
import { DEPARTMENTS_PARTITION, keys } from './keys.ts';

/**
 * Writing departments: the first run's seed of the list and an administrator's change of one
 * department against the version read, each with its audit entry.
 */
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
  forgetCatalogueReads();
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
  forgetCatalogueReads();
  return {
    ...department,
    version: next,
    updatedAt: by.at,
    updatedBy: by.actor,
  };
}
