import * as z from 'zod';
import { now } from '#adapters/clock.ts';
import { newEvent, recordRating } from '#adapters/dossier-repository.ts';
import { DossierCode, RatingRequest } from '#contracts/dossier.ts';
import { citizenDossier } from '#http/citizen.ts';
import { httpHandler, json } from '#http/handler.ts';

/**
 * POST /lookup/{code}/rating (header X-Lookup-Secret) — the citizen rates the service once the
 * result is returned: each index of Circular 01/2018 art. 13 scored 2/1/0, once only.
 */
export const handler = httpHandler(
  { path: z.object({ code: DossierCode }), body: RatingRequest },
  async ({ path, body, headers }) => {
    const { dossier } = await citizenDossier(path.code, headers);
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
