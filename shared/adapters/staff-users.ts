import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { CreateStaffUser, StaffUser, UpdateStaffUser } from '../contracts/admin.ts';
import { DEPARTMENT_ROLES, departmentGroup, type Role, roleGroup } from '../contracts/auth.ts';
import { DomainError, fieldError } from '../domain/errors.ts';
import { message } from '../domain/messages.ts';
import { type AuditAction, auditItem } from './audit.ts';
import { getDepartment, listDepartments } from './catalogue-repository.ts';
import { clients, queryAll } from './clients.ts';
import { config } from './config.ts';
import type { StaffIdentities } from './staff-identities.ts';
import { cognitoIdentities } from './staff-users-cognito.ts';
import { localIdentities } from './staff-users-local.ts';
import '../contracts/zod-locale.ts';

/**
 * Staff accounts, administered in the workspace (issue 7, item 5). Two parts:
 *
 * - the **identity** (sign-in, groups, enabled): Cognito in AWS, the local issuer's store locally,
 *   behind `StaffIdentities` (staff-identities.ts), chosen by configuration (`USER_POOL_ID` set → Cognito);
 * - the **profile** in the table (`USER#<sub>` / `PROFILE`, gsi1 `USERS#<unit>`): name, email, role,
 *   unit — the staff directory and in-app notifications read it, so nothing on a request path ever
 *   lists Cognito. Disabled users move to `DISABLED_USERS` so no assignment list offers them.
 *
 * Every change writes its audit entry in the profile's own transaction; audit summaries name roles
 * and departments only, never a person's name or email, and nothing here logs.
 */
const IdentityConfig = z.object({
  USER_POOL_ID: z.optional(z.string().check(z.regex(/^[\w-]+_[0-9a-zA-Z]+$/))),
});

let chosen: StaffIdentities | undefined;

/** Cognito when the function is configured with a user pool, else the local issuer's store. */
export function staffIdentities(): StaffIdentities {
  if (chosen) return chosen;
  const { USER_POOL_ID } = IdentityConfig.parse({ USER_POOL_ID: process.env.USER_POOL_ID || undefined });
  chosen = USER_POOL_ID ? cognitoIdentities(USER_POOL_ID, config().AWS_REGION) : localIdentities();
  return chosen;
}

export const DISABLED_PARTITION = 'DISABLED_USERS';
const table = () => config().TABLE_NAME;
const profileKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' });
const unitOf = (departmentId: string | undefined) => departmentId ?? 'CENTRE';
const groupsOf = (role: Role, departmentId: string | undefined) => [
  roleGroup(role),
  ...(departmentId ? [departmentGroup(departmentId)] : []),
];

function toUser(i: Record<string, unknown>): StaffUser {
  const unit = String(i.unit ?? 'CENTRE');
  return {
    userId: String(i.userId),
    username: String(i.username ?? i.userId),
    name: String(i.name ?? ''),
    email: String(i.email ?? ''),
    role: String(i.role) as Role,
    ...(unit !== 'CENTRE' ? { departmentId: unit } : {}),
    disabled: i.disabled === true,
  };
}

async function queryPartition(gsi1pk: string): Promise<StaffUser[]> {
  const items = await queryAll({
    TableName: table(),
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :u)',
    ExpressionAttributeValues: { ':p': gsi1pk, ':u': 'USER#' },
  });
  return items.filter((i) => typeof i.userId === 'string').map(toUser);
}

/**
 * The staff of one unit (one Query), or of every unit and the disabled accounts (one Query per
 * department, the centre and the disabled: about twenty, on an administrator's page only).
 */
export async function listStaffUsers(unit?: string): Promise<StaffUser[]> {
  const partitions = unit
    ? [`USERS#${unit}`]
    : ['USERS#CENTRE', ...(await listDepartments()).map((d) => `USERS#${d.id}`), DISABLED_PARTITION];
  const users = (await Promise.all(partitions.map(queryPartition))).flat();
  return users
    .filter((u) => !unit || !u.disabled)
    .sort((a, b) => a.name.localeCompare(b.name, 'vi') || a.userId.localeCompare(b.userId));
}

async function getStaffUser(userId: string): Promise<StaffUser | undefined> {
  const res = await clients().doc.send(
    new GetCommand({
      TableName: table(),
      Key: profileKey(userId),
      ConsistentRead: true,
    }),
  );
  return res.Item ? toUser(res.Item) : undefined;
}

async function assertDepartment(departmentId: string | undefined | null): Promise<void> {
  if (departmentId && !(await getDepartment(departmentId))) {
    throw new DomainError('VALIDATION_FAILED', 'department.unknown', [
      fieldError('departmentId', 'unknown', message('department.notFound', { id: departmentId })),
    ]);
  }
}

const summaryOf = (u: Pick<StaffUser, 'role' | 'departmentId' | 'disabled'>) =>
  `${u.role}${u.departmentId ? ` · ${u.departmentId}` : ''}${u.disabled ? ' · vô hiệu hoá' : ''}`;

function profileItem(u: StaffUser, extra: Record<string, unknown>) {
  return {
    ...profileKey(u.userId),
    entity: 'StaffProfile',
    userId: u.userId,
    username: u.username,
    name: u.name,
    email: u.email,
    role: u.role,
    unit: unitOf(u.departmentId),
    disabled: u.disabled,
    gsi1pk: u.disabled ? DISABLED_PARTITION : `USERS#${unitOf(u.departmentId)}`,
    gsi1sk: `USER#${u.userId}`,
    ...extra,
  };
}

function auditOf(action: AuditAction, u: StaffUser, by: { actor: string; at: string }) {
  return auditItem({ at: by.at, actor: by.actor, action, target: `USER#${u.userId}`, summary: summaryOf(u) });
}

const conditionFailed = (err: unknown) => (err as { name?: string }).name === 'TransactionCanceledException';

/** Creates the sign-in identity, its groups, then the profile with its audit entry. */
export async function createStaffUser(
  input: CreateStaffUser,
  by: { actor: string; at: string },
  identities: StaffIdentities = staffIdentities(),
): Promise<StaffUser> {
  await assertDepartment(input.departmentId);
  const email = input.email.toLowerCase();
  const { userId, username } = await identities.create({ email, name: input.name });
  await identities.setGroups(username, groupsOf(input.role, input.departmentId), []);
  const user: StaffUser = {
    userId,
    username,
    name: input.name,
    email,
    role: input.role,
    ...(input.departmentId ? { departmentId: input.departmentId } : {}),
    disabled: false,
  };
  try {
    await clients().doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: profileItem(user, { unread: 0, createdAt: by.at, createdBy: by.actor }),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: table(), Item: auditOf('STAFF_USER_CREATED', user, by) } },
        ],
      }),
    );
  } catch (err) {
    if (conditionFailed(err)) throw new DomainError('STAFF_USER_EXISTS', 'staff.exists');
    throw err;
  }
  identities.changed?.(user);
  return user;
}

/** Changes a user's role or department (groups moved in the identity provider), or disables it. */
export async function updateStaffUser(
  userId: string,
  patch: UpdateStaffUser,
  by: { actor: string; at: string },
  identities: StaffIdentities = staffIdentities(),
): Promise<StaffUser> {
  const before = await getStaffUser(userId);
  if (!before) throw new DomainError('STAFF_USER_NOT_FOUND', 'staff.notFound');
  const role = patch.role ?? before.role;
  const departmentId = patch.departmentId === null ? undefined : (patch.departmentId ?? before.departmentId);
  const isDept = DEPARTMENT_ROLES.includes(role);
  if (isDept !== Boolean(departmentId)) {
    throw new DomainError('VALIDATION_FAILED', 'staff.roleDepartmentMismatch', [
      fieldError(
        'departmentId',
        isDept ? 'required' : 'not_allowed',
        isDept ? 'staff.departmentRoleNeedsDepartment' : 'staff.centreRoleNoDepartment',
      ),
    ]);
  }
  await assertDepartment(departmentId);
  const after: StaffUser = {
    ...before,
    role,
    ...(departmentId ? { departmentId } : {}),
    disabled: before.disabled || patch.disabled === true,
  };
  if (!departmentId) delete after.departmentId;
  const oldGroups = groupsOf(before.role, before.departmentId);
  const newGroups = groupsOf(after.role, after.departmentId);
  const add = newGroups.filter((g) => !oldGroups.includes(g));
  const remove = oldGroups.filter((g) => !newGroups.includes(g));
  if (add.length || remove.length) await identities.setGroups(before.username, add, remove);
  if (after.disabled && !before.disabled) await identities.disable(before.username);
  // Disabled or moved: every session ends now — refresh tokens revoked in Cognito, and tokens
  // issued before this moment refused on the next request (shared/http/session.ts).
  const revoke = (after.disabled && !before.disabled) || add.length > 0 || remove.length > 0;
  if (revoke) await identities.signOut(before.username);
  const action: AuditAction =
    after.disabled && !before.disabled ? 'STAFF_USER_DISABLED' : 'STAFF_USER_UPDATED';
  const item = profileItem(after, {
    updatedAt: by.at,
    updatedBy: by.actor,
    ...(revoke ? { revokedAt: Math.floor(Date.parse(by.at) / 1000) } : {}),
  });
  const { pk: _pk, sk: _sk, ...fields } = item;
  const names = Object.fromEntries(Object.keys(fields).map((k, i) => [`#f${i}`, k]));
  const values = Object.fromEntries(Object.values(fields).map((v, i) => [`:f${i}`, v]));
  try {
    await clients().doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table(),
              Key: profileKey(userId),
              // Every field but the unread counter, which in-app notifications move concurrently.
              UpdateExpression: `SET ${Object.keys(names)
                .map((n, i) => `${n} = :f${i}`)
                .join(', ')}`,
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            },
          },
          { Put: { TableName: table(), Item: auditOf(action, after, by) } },
        ],
      }),
    );
  } catch (err) {
    if (conditionFailed(err)) throw new DomainError('STAFF_USER_NOT_FOUND', 'staff.notFound');
    throw err;
  }
  identities.changed?.(after);
  return after;
}
