import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { dossierIdByCode } from '../adapters/dossier-citizen.ts';
import { type DossierAggregate, getDossier } from '../adapters/dossier-repository.ts';
import { knownBlock, recordFailure } from '../adapters/rate-limit.ts';
import { LookupSecret } from '../contracts/dossier.ts';
import { DomainError } from '../domain/errors.ts';
import { verifyLookupSecret } from '../domain/lookup-secret.ts';
import { clientAddress } from './edge.ts';
import '../contracts/zod-locale.ts';

const Headers = z.object({ 'x-lookup-secret': LookupSecret });

/**
 * What a citizen route needs of its request to check the secret: the headers, and the source
 * address the failures are counted against (the viewer's behind CloudFront: shared/http/edge.ts).
 */
export interface CitizenRequest {
  headers: Record<string, string | undefined>;
  event: Pick<APIGatewayProxyEventV2, 'requestContext' | 'headers'>;
}

const sourceOf = (req: CitizenRequest) => clientAddress(req.event);

const lookupRateLimited = (retryAfterSeconds: number) =>
  new DomainError('LOOKUP_RATE_LIMITED', 'lookup.rateLimited', [], { retryAfterSeconds });

/**
 * Every route that checks a look-up secret (GET /lookup/{code} and each citizen action below) calls
 * this first: a source this function instance already knows to be over the limit is answered 429
 * before any call, the right secret included (shared/adapters/rate-limit.ts).
 */
export function refuseKnownBlock(req: CitizenRequest): void {
  const wait = knownBlock(sourceOf(req));
  if (wait !== undefined) throw lookupRateLimited(wait);
}

/**
 * A failed secret check — unknown code, wrong, missing or malformed secret, all one answer. The
 * failure is counted in the source's one counter, whichever route it came through, so guesses cannot
 * be spread over routes to get more of them: 404 `DOSSIER_NOT_FOUND` up to the limit, then 429.
 */
export async function secretCheckFailed(req: CitizenRequest): Promise<never> {
  const counted = await recordFailure(sourceOf(req));
  if (counted.limited) throw lookupRateLimited(counted.retryAfterSeconds);
  throw new DomainError('DOSSIER_NOT_FOUND', 'lookup.notFound');
}

/**
 * A citizen acts on a dossier with its code and lookup secret (no login). Unknown code and wrong
 * secret get the same answer, and failures count towards the source's look-up rate limit (one
 * UpdateItem on its `RATE#` counter; a success adds no call).
 */
export async function citizenDossier(code: string, req: CitizenRequest): Promise<DossierAggregate> {
  refuseKnownBlock(req);
  const h = Headers.safeParse(req.headers);
  if (!h.success) return secretCheckFailed(req);
  const id = await dossierIdByCode(code);
  const found = id ? await getDossier(id) : undefined;
  if (!found || !verifyLookupSecret(h.data['x-lookup-secret'], found.dossier.secretHash)) {
    return secretCheckFailed(req);
  }
  return found;
}

/** The dossier id only, for actions that read the dossier again under their own conditions. */
export async function citizenDossierId(code: string, req: CitizenRequest): Promise<string> {
  return (await citizenDossier(code, req)).dossier.id;
}
