import * as z from 'zod/mini';
import { DossierId, UploadSlotsRequest } from '#contracts/dossier.ts';
import { routeRoles } from '#contracts/routes.ts';
import { httpHandler, json } from '#http/handler.ts';
import { walkInUploadSlots } from '../../shared/services/walk-in.ts';

/** POST /staff/walk-in/dossiers/{dossierId}/uploads — presigned POST slots for the scans. */
export const handler = httpHandler(
  { path: z.object({ dossierId: DossierId }), body: UploadSlotsRequest, roles: routeRoles('WalkInUploads') },
  async ({ path, body, principal }) =>
    json(201, { slots: await walkInUploadSlots(path.dossierId, body, principal) }),
);
