/**
 * Staff identity, the same in AWS and locally: a JWT whose `cognito:groups` claim carries one role
 * group and, for department roles, one department group. Cognito user-pool groups in AWS; the local
 * issuer (infra/local) signs the same shape with `jose`.
 */
export const ROLES = [
  'RECEPTION_OFFICER', // centre: intake decisions, scanning, hands back results
  'DEPARTMENT_OFFICER', // department: processes assigned dossiers
  'DEPARTMENT_HEAD', // department: assigns handlers, approves, sees the department's overdue list
  'CENTRE_LEADER', // centre leadership: every department's figures
  'ADMINISTRATOR', // catalogue, calendar, departments, users
] as const;
export type Role = (typeof ROLES)[number];

/** Cognito group names: `role-reception-officer`, …, and `dept-STC` for a department. */
export const roleGroup = (role: Role) => `role-${role.toLowerCase().replaceAll('_', '-')}`;
export const departmentGroup = (departmentId: string) => `dept-${departmentId}`;

/** Roles whose holder belongs to one department (and sees only its dossiers). */
export const DEPARTMENT_ROLES: readonly Role[] = ['DEPARTMENT_OFFICER', 'DEPARTMENT_HEAD'];

export interface StaffPrincipal {
  /** Stable user id (`sub`). */
  id: string;
  roles: Role[];
  /** The department of a department role; undefined for centre roles. */
  departmentId?: string;
}

export function principalFromGroups(sub: string, groups: readonly string[]): StaffPrincipal {
  const roles = ROLES.filter((r) => groups.includes(roleGroup(r)));
  const dept = groups.find((g) => g.startsWith('dept-'))?.slice('dept-'.length);
  return { id: sub, roles, ...(dept ? { departmentId: dept } : {}) };
}
