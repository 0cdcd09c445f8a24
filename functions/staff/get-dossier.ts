import * as z from 'zod/mini';
import { getProcedureVersion } from '#adapters/catalogue-repository.ts';
import { now } from '#adapters/clock.ts';
import { presignDownload } from '#adapters/document-storage.ts';
import { staffNames } from '#adapters/staff-directory.ts';
import { DossierId } from '#contracts/dossier.ts';
import { routeRoles } from '#contracts/routes.ts';
import { httpHandler, json } from '#http/handler.ts';
import { acceptPreview } from '../../shared/services/staff-actions.ts';
import { loadVisibleDossier } from '../../shared/services/visible-dossier.ts';

/**
 * GET /staff/dossiers/{dossierId} — the dossier as declared, its steps with deadlines, and its
 * timeline; `procedure` is the version it was received under (form labels and order, document
 * requirements); `people` names every staff member the page mentions (the directory's current name),
 * and, while the dossier waits for intake, `acceptPreview` is the appointment acceptance would
 * give. A department sees only dossiers it has a step in; others answer as if it did not exist.
 */
export const handler = httpHandler(
  { path: z.object({ dossierId: DossierId }), roles: routeRoles('GetStaffDossier') },
  async ({ path, principal }) => {
    const found = await loadVisibleDossier(path.dossierId, principal);
    const { secretHash: _s, sealedSecret: _ss, submitKeyHash: _sk, wf, ...dossier } = found.dossier;
    const { token: _t, ...workflow } = wf ?? { phase: 'DONE' };
    const ids = [
      ...found.events.filter((e) => e.actor.kind === 'STAFF').map((e) => e.actor.id),
      ...found.events.map((e) => e.data?.handler).filter((h): h is string => typeof h === 'string'),
      ...found.steps.map((s) => s.handler).filter((h): h is string => !!h),
    ];
    const [documents, names, preview, version] = await Promise.all([
      Promise.all(
        // A file the applicant removed from the draft before submitting is not part of the dossier.
        found.documents
          .filter((d) => d.status !== 'REMOVED')
          .map(async (d) => ({
            ...d,
            // Staff read documents through short-lived links (a download, with the verified type);
            // the bucket itself is private.
            ...(d.status === 'VERIFIED'
              ? { url: await presignDownload(d.key, d.fileName, d.versionId, d.contentType) }
              : {}),
          })),
      ),
      staffNames(ids),
      found.dossier.status === 'SUBMITTED' && wf?.phase === 'INTAKE'
        ? acceptPreview(path.dossierId, now())
        : undefined,
      getProcedureVersion(found.dossier.procedureCode, found.dossier.procedureVersion),
    ]);
    return json(200, {
      dossier: { ...dossier, workflow },
      steps: found.steps.map(({ token: _tk, ...s }) => s),
      documents,
      events: found.events,
      people: Object.fromEntries(names),
      // The version the dossier was received under: its form's labels and order, its documents.
      ...(version
        ? {
            procedure: {
              formFields: version.formFields,
              documents: version.documents,
              resultIsDocument: version.resultIsDocument !== false,
              requiresApproval: version.deadlinePolicy.requiresApproval,
            },
          }
        : {}),
      ...(preview ? { acceptPreview: preview } : {}),
    });
  },
);
