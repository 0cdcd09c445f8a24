import * as z from 'zod/mini';
import { now } from '#adapters/clock.ts';
import { type CodeView, lookupByCode } from '#adapters/dossier-citizen.ts';
import { DossierCode, type LookupResponse, LookupSecret } from '#contracts/dossier.ts';
import { CITIZEN_EVENTS, holderOf, nextAction, overdueOf } from '#domain/citizen-view.ts';
import type { ResultReturn } from '#domain/dossier.ts';
import {
  canWithdraw,
  type DossierEventType,
  type DossierStatus,
  EVENT_LABELS,
  STATUS_LABELS,
} from '#domain/lifecycle.ts';
import { verifyLookupSecret } from '#domain/lookup-secret.ts';
import { refuseKnownBlock, secretCheckFailed } from '#http/citizen.ts';
import { httpHandler, json } from '#http/handler.ts';

const Headers = z.object({ 'x-lookup-secret': LookupSecret });

type Meta = CodeView['meta'] & { resultReturn?: ResultReturn };

function resultOf(meta: Meta): LookupResponse['result'] {
  const r = meta.resultReturn;
  if (!r) return undefined;
  return {
    method: r.method,
    readyAt: r.readyAt,
    ...(r.returnedAt ? { returnedAt: r.returnedAt } : {}),
    download: r.method === 'ONLINE' && Boolean(r.documentId) && meta.status === 'RETURNED',
    ...(r.trackingNumber ? { trackingNumber: r.trackingNumber } : {}),
  };
}

/**
 * GET /lookup/{code} with header `X-Lookup-Secret` — status, what to do now, each agency's part
 * and the timeline, no personal data. One DynamoDB Query on the code index. An unknown code and a
 * wrong, missing or malformed secret get the same answer, so the endpoint tells nothing about which
 * codes exist. (The secret travels in a header, not the URL, so it never lands in access logs.)
 * Failures are counted per source and limited (shared/adapters/rate-limit.ts), in the same counter as
 * the citizen actions' secret checks (shared/http/citizen.ts): a success stays one Query; a failure
 * adds one UpdateItem; a source this instance knows to be over the limit is answered 429 with no call.
 */
export const handler = httpHandler(
  { path: z.object({ code: DossierCode }) },
  async ({ path, headers, event }) => {
    refuseKnownBlock({ headers, event });
    const h = Headers.safeParse(headers);
    const found = await lookupByCode(path.code);
    if (!found || !h.success || !verifyLookupSecret(h.data['x-lookup-secret'], found.meta.secretHash)) {
      return secretCheckFailed({ headers, event });
    }
    const { events, steps } = found;
    const meta = found.meta as Meta;
    const overdue = overdueOf(found, now());
    const result = resultOf(meta);
    const body: LookupResponse = {
      code: path.code,
      status: meta.status,
      statusLabel: STATUS_LABELS[meta.status as DossierStatus],
      procedureCode: meta.procedureCode,
      procedureName: meta.procedureName,
      departmentId: meta.departmentId,
      submittedAt: meta.submittedAt,
      ...(meta.appointment ? { appointmentDate: meta.appointment.dueDate } : {}),
      steps: steps
        .sort((a, b) => a.stepId.localeCompare(b.stepId))
        .map(({ stepId, stage, departmentId, status, dueDate }) => ({
          stepId,
          stage,
          departmentId,
          status,
          ...(dueDate ? { dueDate } : {}),
        })),
      nextAction: nextAction(meta),
      canWithdraw: canWithdraw(meta.status),
      timeline: events
        .filter((e) => CITIZEN_EVENTS.has(e.type))
        .map((e) => ({
          at: e.at,
          type: e.type,
          status: e.toStatus,
          label: EVENT_LABELS[e.type as DossierEventType] ?? { vi: e.type, en: e.type },
        })),
      holder: holderOf(found),
      ...(overdue ? { overdue } : {}),
      ...(result ? { result } : {}),
    };
    return json(200, body, { vary: 'x-lookup-secret' });
  },
);
