import * as z from 'zod/mini';
import { DossierId } from '#contracts/dossier.ts';
import { routeRoles } from '#contracts/routes.ts';
import { PaperDocumentsRequest } from '#contracts/walk-in.ts';
import { httpHandler, json } from '#http/handler.ts';
import { setPaperDocuments } from '../../shared/services/walk-in.ts';

/** PUT /staff/walk-in/dossiers/{dossierId}/paper — the documents received on paper, ticked. */
export const handler = httpHandler(
  {
    path: z.object({ dossierId: DossierId }),
    body: PaperDocumentsRequest,
    roles: routeRoles('WalkInPaperDocuments'),
  },
  async ({ path, body }) =>
    json(200, { dossierId: path.dossierId, ...(await setPaperDocuments(path.dossierId, body)) }),
);
