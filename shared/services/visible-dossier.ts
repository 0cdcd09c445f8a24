import { getDossier } from '../adapters/dossier-repository.ts';
import type { StaffPrincipal } from '../contracts/auth.ts';
import { assertCanSee } from '../domain/access.ts';
import { DomainError } from '../domain/errors.ts';

/** The dossier, if the caller may see it; a dossier of another department answers like none at all. */
export async function loadVisibleDossier(dossierId: string, principal: StaffPrincipal) {
  const found = await getDossier(dossierId);
  if (!found) throw new DomainError('DOSSIER_NOT_FOUND', 'dossier.notFound');
  assertCanSee(principal, found.dossier, found.steps);
  return found;
}
