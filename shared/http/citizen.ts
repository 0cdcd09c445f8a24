import * as z from 'zod';
import { type DossierAggregate, dossierIdByCode, getDossier } from '../adapters/dossier-repository.ts';
import { LookupSecret } from '../contracts/dossier.ts';
import { DomainError } from '../domain/errors.ts';
import { verifyLookupSecret } from '../domain/lookup-secret.ts';

const Headers = z.object({ 'x-lookup-secret': LookupSecret });

/**
 * A citizen acts on a dossier with its code and lookup secret (no login). Unknown code and wrong
 * secret get the same answer.
 */
export async function citizenDossier(
  code: string,
  headers: Record<string, string | undefined>,
): Promise<DossierAggregate> {
  const h = Headers.safeParse(headers);
  const notFound = new DomainError('DOSSIER_NOT_FOUND', 'Không tìm thấy hồ sơ với mã và mã tra cứu đã nhập');
  if (!h.success) throw notFound;
  const id = await dossierIdByCode(code);
  const found = id ? await getDossier(id) : undefined;
  if (!found || !verifyLookupSecret(h.data['x-lookup-secret'], found.dossier.secretHash)) throw notFound;
  return found;
}

/** The dossier id only, for actions that read the dossier again under their own conditions. */
export async function citizenDossierId(
  code: string,
  headers: Record<string, string | undefined>,
): Promise<string> {
  return (await citizenDossier(code, headers)).dossier.id;
}
