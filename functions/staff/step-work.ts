import * as z from 'zod/mini';
import { now } from '#adapters/clock.ts';
import { AssignHandlerRequest, NoteRequest, ResultUploadRequest } from '#contracts/actions.ts';
import { DossierId } from '#contracts/dossier.ts';
import { routeRoles } from '#contracts/routes.ts';
import { httpHandler, json } from '#http/handler.ts';
import { addNote, assignHandler, resultUploadSlot } from '../../shared/services/staff-actions.ts';

const StepPath = z.object({ dossierId: DossierId, stepId: z.string().check(z.regex(/^S\d{2}$/)) });

/** POST /staff/dossiers/{dossierId}/steps/{stepId}/assign — the head assigns a handler. */
export const assignHandlerHandler = httpHandler(
  { path: StepPath, body: AssignHandlerRequest, roles: routeRoles('AssignHandler') },
  async ({ path, body, principal }) =>
    json(
      200,
      await assignHandler(path.dossierId, path.stepId, body.version, body.handlerId, principal, now()),
    ),
);

/** POST /staff/dossiers/{dossierId}/notes — a progress note on the staff timeline. */
export const noteHandler = httpHandler(
  { path: z.object({ dossierId: DossierId }), body: NoteRequest, roles: routeRoles('AddNote') },
  async ({ path, body, principal }) => json(201, await addNote(path.dossierId, body.text, principal, now())),
);

/** POST /staff/dossiers/{dossierId}/steps/{stepId}/result-uploads — a presigned POST for the result PDF. */
export const resultUploadHandler = httpHandler(
  { path: StepPath, body: ResultUploadRequest, roles: routeRoles('ResultUpload') },
  async ({ path, body, principal }) =>
    json(201, {
      slot: await resultUploadSlot(path.dossierId, path.stepId, body.fileName, body.size, principal, now()),
    }),
);
