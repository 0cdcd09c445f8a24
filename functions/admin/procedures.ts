import { createProcedureVersion } from '#adapters/catalogue-procedure-edits.ts';
import { listProcedureVersions } from '#adapters/catalogue-repository.ts';
import { now } from '#adapters/clock.ts';
import { NewProcedureVersion, ProcedureCodePath, type ProcedureVersionsResponse } from '#contracts/admin.ts';
import { routeRoles } from '#contracts/routes.ts';
import { DomainError } from '#domain/errors.ts';
import { message } from '#domain/messages.ts';
import { httpHandler, json } from '#http/handler.ts';

/** GET /admin/procedures/{code}/versions — every version, the one in force today, the latest in full. */
export const listHandler = httpHandler(
  { path: ProcedureCodePath, roles: routeRoles('ListProcedureVersions') },
  async ({ path }) => {
    const found = await listProcedureVersions(path.code);
    if (!found)
      throw new DomainError('PROCEDURE_NOT_FOUND', message('procedure.notFound', { code: path.code }));
    const latest = found.versions.find((v) => v.version === found.latest)!;
    const body: ProcedureVersionsResponse & { latestProcedure: unknown } = {
      code: path.code,
      inForce: found.inForce,
      latest: found.latest,
      versions: found.versions.map(({ procedure: _p, ...v }) => v),
      latestProcedure: latest.procedure,
    };
    return json(200, body);
  },
);

/**
 * POST /admin/procedures/{code}/versions — a new version from a date (today or later): dossiers
 * received from that day get it; dossiers received before keep theirs. Audited in the same write.
 */
export const createHandler = httpHandler(
  { path: ProcedureCodePath, body: NewProcedureVersion, roles: routeRoles('CreateProcedureVersion') },
  async ({ path, body, principal }) => {
    const created = await createProcedureVersion(path.code, body, {
      actor: principal.id,
      at: now().toISOString(),
    });
    return json(201, created, { location: `/admin/procedures/${path.code}/versions` });
  },
);
