import * as z from 'zod/mini';
import { DossierId } from '#contracts/dossier.ts';
import { routeRoles } from '#contracts/routes.ts';
import { SubmitWalkInRequest } from '#contracts/walk-in.ts';
import { DomainError } from '#domain/errors.ts';
import { zodFieldErrors } from '#domain/field-errors.ts';
import { httpHandler, json } from '#http/handler.ts';
import { submitWalkIn } from '../../shared/services/walk-in.ts';

/**
 * The body is optional (a postal dossier has no ticket), so it is read here rather than by
 * httpHandler, which requires a body whenever it is given a schema.
 */
function optionalBody(raw: string | undefined, base64: boolean, contentType: string): SubmitWalkInRequest {
  if (!raw) return {};
  if (!contentType.toLowerCase().startsWith('application/json'))
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'request.jsonOnly');
  let value: unknown;
  try {
    value = JSON.parse(base64 ? Buffer.from(raw, 'base64').toString('utf8') : raw);
  } catch {
    throw new DomainError('MALFORMED_JSON', 'request.malformedJson');
  }
  const parsed = SubmitWalkInRequest.safeParse(value);
  if (!parsed.success)
    throw new DomainError('VALIDATION_FAILED', 'request.invalid', zodFieldErrors(parsed.error, ''));
  return parsed.data;
}

/**
 * POST /staff/walk-in/dossiers/{dossierId}/submit — verify the scans, assign the code, start the
 * workflow and, given `ticketId`, link the counter ticket to the dossier in the same call.
 */
export const handler = httpHandler(
  { path: z.object({ dossierId: DossierId }), idempotencyKey: true, roles: routeRoles('WalkInSubmit') },
  async ({ path, event, principal, idempotencyKey, context }) => {
    const body = optionalBody(
      event.body ?? undefined,
      event.isBase64Encoded,
      event.headers?.['content-type'] ?? '',
    );
    return json(201, await submitWalkIn(path.dossierId, body, principal, idempotencyKey, context));
  },
);
