import { z } from 'zod';
import { getDossier } from '#adapters/dossier-repository.ts';
import { DossierId } from '#contracts/dossier.ts';
import { DomainError } from '#domain/errors.ts';
import { staffActor } from '#http/auth.ts';
import { httpHandler, json } from '#http/handler.ts';

/** GET /staff/dossiers/{dossierId} — the dossier, its steps with deadlines, and its timeline. */
export const handler = httpHandler({ path: z.object({ dossierId: DossierId }) }, async ({ path, event }) => {
  staffActor(event);
  const found = await getDossier(path.dossierId);
  if (!found) throw new DomainError('DOSSIER_NOT_FOUND', 'Không tìm thấy hồ sơ');
  const { secretHash: _s, wf, ...dossier } = found.dossier;
  const { token: _t, ...workflow } = wf ?? { phase: 'DONE' };
  return json(200, {
    dossier: { ...dossier, workflow },
    steps: found.steps.map(({ token: _tk, ...s }) => s),
    documents: found.documents,
    events: found.events,
  });
});
