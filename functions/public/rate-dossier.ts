import * as z from 'zod/mini';
import { now } from '#adapters/clock.ts';
import { recordRating } from '#adapters/dossier-citizen.ts';
import { newEvent } from '#adapters/dossier-repository.ts';
import { DossierCode, RatingRequest } from '#contracts/dossier.ts';
import { DomainError } from '#domain/errors.ts';
import { citizenDossier } from '#http/citizen.ts';
import { httpHandler, json } from '#http/handler.ts';

/**
 * POST /lookup/{code}/rating (header X-Lookup-Secret) — the citizen rates the service once the
 * result is returned: each index of Circular 01/2018 art. 13 scored 2/1/0, once only.
 */
export const handler = httpHandler(
  { path: z.object({ code: DossierCode }), body: RatingRequest },
  async ({ path, body, headers, event }) => {
    const { dossier } = await citizenDossier(path.code, { headers, event });
    // Refused before any write when the dossier just read cannot be rated; the transaction's
    // condition still decides a race between two ratings.
    if (dossier.status !== 'RETURNED' || dossier.rated) {
      throw new DomainError('ALREADY_RATED', 'dossier.ratedOrNotReturned');
    }
    const at = now().toISOString();
    const total = Object.values(body.scores).reduce<number>((n, v) => n + v, 0);
    await recordRating(
      dossier,
      { scores: body.scores, ...(body.comment ? { comment: body.comment } : {}), at },
      newEvent({
        type: 'RATED',
        at,
        actor: { kind: 'CITIZEN', id: 'citizen' },
        fromStatus: dossier.status,
        toStatus: dossier.status,
        data: { total, max: Object.keys(body.scores).length * 2 },
      }),
    );
    return json(201, { code: path.code, rated: true, total });
  },
);
