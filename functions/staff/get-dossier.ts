import * as z from 'zod';
import { presignDownload } from '#adapters/document-storage.ts';
import { getDossier } from '#adapters/dossier-repository.ts';
import { DossierId } from '#contracts/dossier.ts';
import { routeRoles } from '#contracts/routes.ts';
import { DomainError } from '#domain/errors.ts';
import { canSeeDossier } from '#http/auth.ts';
import { httpHandler, json } from '#http/handler.ts';

/**
 * GET /staff/dossiers/{dossierId} — the dossier, its steps with deadlines, and its timeline. A
 * department sees only dossiers it has a step in; others answer as if the dossier did not exist.
 */
export const handler = httpHandler(
  { path: z.object({ dossierId: DossierId }), roles: routeRoles('GetStaffDossier') },
  async ({ path, principal }) => {
    const found = await getDossier(path.dossierId);
    if (
      !found ||
      !canSeeDossier(
        principal,
        found.steps.map((s) => s.departmentId),
        found.dossier.departmentId,
      )
    ) {
      throw new DomainError('DOSSIER_NOT_FOUND', 'Không tìm thấy hồ sơ');
    }
    const { secretHash: _s, wf, ...dossier } = found.dossier;
    const { token: _t, ...workflow } = wf ?? { phase: 'DONE' };
    const documents = await Promise.all(
      found.documents.map(async (d) => ({
        ...d,
        // Staff read documents through short-lived links; the bucket itself is private.
        ...(d.status === 'VERIFIED' ? { url: await presignDownload(d.key, d.fileName, d.versionId) } : {}),
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
