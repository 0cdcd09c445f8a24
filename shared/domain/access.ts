import type { StaffPrincipal } from '../contracts/auth.ts';
import { DomainError } from './errors.ts';
import type { Actor } from './lifecycle.ts';
import type { DossierStep } from './workflow.ts';

/**
 * Who may see and act on a dossier: the rules of access, one definition each, used by the HTTP
 * edge, the services and the decisions alike.
 */

/** The staff member as the actor of an event. */
export function actorOf(p: StaffPrincipal): Actor {
  return { kind: 'STAFF', id: p.id };
}

/** Centre roles see every dossier; a department role only dossiers with a step of its department. */
export function canSeeDossier(
  p: StaffPrincipal,
  stepDepartments: readonly string[],
  leadDepartment: string,
): boolean {
  if (p.roles.some((r) => r === 'RECEPTION_OFFICER' || r === 'CENTRE_LEADER' || r === 'ADMINISTRATOR'))
    return true;
  return !!p.departmentId && (stepDepartments.includes(p.departmentId) || leadDepartment === p.departmentId);
}

/** A dossier outside the caller's department answers like a dossier that does not exist. */
export function assertCanSee(
  p: StaffPrincipal,
  dossier: { departmentId: string },
  steps: readonly { departmentId: string }[],
): void {
  if (
    !canSeeDossier(
      p,
      steps.map((s) => s.departmentId),
      dossier.departmentId,
    )
  ) {
    throw new DomainError('DOSSIER_NOT_FOUND', 'dossier.notFound');
  }
}

/**
 * Who may decide a department's step: the officer it is assigned to, or the department's head.
 * An unassigned step may be decided by any officer of the department (the head has not split the
 * work); approval and return for rework are the head's alone (checked with the action).
 */
export function assertMayDecide(principal: StaffPrincipal, step: DossierStep): void {
  if (principal.roles.includes('DEPARTMENT_HEAD')) return;
  if (step.handler && step.handler !== principal.id) {
    throw new DomainError('FORBIDDEN', 'step.assignedToOther');
  }
}
