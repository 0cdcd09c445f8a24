import * as z from 'zod/mini';
import { presignDownload } from '#adapters/document-storage.ts';
import { DossierId } from '#contracts/dossier.ts';
import { routeRoles } from '#contracts/routes.ts';
import { httpHandler, json } from '#http/handler.ts';
import { loadVisibleDossier } from '../../shared/services/visible-dossier.ts';

/**
 * GET /staff/dossiers/{dossierId} — the dossier, its steps with deadlines, and its timeline. A
 * department sees only dossiers it has a step in; others answer as if the dossier did not exist.
 */
export const handler = httpHandler(
  { path: z.object({ dossierId: DossierId }), roles: routeRoles('GetStaffDossier') },
  async ({ path, principal }) => {
    const found = await loadVisibleDossier(path.dossierId, principal);
    const { secretHash: _s, sealedSecret: _ss, submitKeyHash: _sk, wf, ...dossier } = found.dossier;
    const { token: _t, ...workflow } = wf ?? { phase: 'DONE' };
    const documents = await Promise.all(
      found.documents.map(async (d) => ({
        ...d,
        // Staff read documents through short-lived links (a download, with the verified type); the
        // bucket itself is private.
        ...(d.status === 'VERIFIED'
          ? { url: await presignDownload(d.key, d.fileName, d.versionId, d.contentType) }
          : {}),
      })),
    );
    return json(200, {
      dossier: { ...dossier, workflow },
      steps: found.steps.map(({ token: _tk, ...s }) => s),
      documents,
      events: found.events,
    });
  },
);
