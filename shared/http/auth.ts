import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { principalFromGroups, type Role, type StaffPrincipal } from '../contracts/auth.ts';
import { DomainError, fieldError } from '../domain/errors.ts';

/**
 * Who is calling a staff route, and may they. API Gateway's JWT authorizer (Cognito in AWS, the
 * local issuer locally) has already verified the token; here, in one place, every staff route
 * checks the role, and the services check the department against the dossier.
 */
function claims(event: APIGatewayProxyEventV2): Record<string, unknown> | undefined {
  const ctx = event.requestContext as APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims?: Record<string, unknown> } };
  };
  return ctx.authorizer?.jwt?.claims;
}

/** `cognito:groups` arrives as an array, or flattened by API Gateway as "[a b]". */
export function parseGroups(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

export function staffPrincipal(event: APIGatewayProxyEventV2): StaffPrincipal {
  const c = claims(event);
  const sub = c?.sub;
  if (typeof sub !== 'string' || !sub) throw new DomainError('UNAUTHORIZED', 'auth.signInRequired');
  return principalFromGroups(sub, parseGroups(c?.['cognito:groups']));
}

/** The caller must hold one of `roles`; a department role must name its department. */
export function authorize(event: APIGatewayProxyEventV2, roles: readonly Role[]): StaffPrincipal {
  const p = staffPrincipal(event);
  const ok = p.roles.some(
    (r) => roles.includes(r) && (!['DEPARTMENT_OFFICER', 'DEPARTMENT_HEAD'].includes(r) || p.departmentId),
  );
  if (!ok) throw new DomainError('FORBIDDEN', 'auth.notAllowed');
  return p;
}

/**
 * The department whose staff `p` may list: a department role only its own (asking for another is
 * FORBIDDEN); a centre leader or administrator any, which they must name.
 */
export function staffDirectoryDepartment(p: StaffPrincipal, requested: string | undefined): string {
  if (p.departmentId && p.roles.some((r) => r === 'DEPARTMENT_HEAD' || r === 'DEPARTMENT_OFFICER')) {
    if (requested && requested !== p.departmentId)
      throw new DomainError('FORBIDDEN', 'auth.ownDepartmentStaffOnly');
    return p.departmentId;
  }
  if (!p.roles.some((r) => r === 'CENTRE_LEADER' || r === 'ADMINISTRATOR'))
    throw new DomainError('FORBIDDEN', 'auth.staffListNotAllowed');
  if (!requested) {
    throw new DomainError('VALIDATION_FAILED', 'department.choose', [
      fieldError('query.department', 'required', 'department.choose'),
    ]);
  }
  return requested;
}
