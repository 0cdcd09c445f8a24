import { z } from 'zod';
import { lookupByCode } from '#adapters/dossier-repository.ts';
import { DossierCode, type LookupResponse, LookupSecret } from '#contracts/dossier.ts';
import { DomainError } from '#domain/errors.ts';
import { type DossierEventType, type DossierStatus, EVENT_LABELS, STATUS_LABELS } from '#domain/lifecycle.ts';
import { verifyLookupSecret } from '#domain/lookup-secret.ts';
import { httpHandler, json } from '#http/handler.ts';

const Headers = z.object({ 'x-lookup-secret': LookupSecret });

/**
 * GET /lookup/{code} with header `X-Lookup-Secret` — status and timeline, no personal data. One
 * DynamoDB Query on the code index. An unknown code and a wrong secret get the same answer, so the
 * endpoint tells nothing about which codes exist. (The secret travels in a header, not the URL,
 * so it never lands in access logs.)
 */
export const handler = httpHandler({ path: z.object({ code: DossierCode }) }, async ({ path, headers }) => {
  const h = Headers.safeParse(headers);
  const found = await lookupByCode(path.code);
  if (!found || !h.success || !verifyLookupSecret(h.data['x-lookup-secret'], found.meta.secretHash)) {
    throw new DomainError('DOSSIER_NOT_FOUND', 'Không tìm thấy hồ sơ với mã và mã tra cứu đã nhập');
  }
  const { meta, events } = found;
  const body: LookupResponse = {
    code: path.code,
    status: meta.status,
    statusLabel: STATUS_LABELS[meta.status as DossierStatus],
    procedureCode: meta.procedureCode,
    procedureName: meta.procedureName,
    departmentId: meta.departmentId,
    submittedAt: meta.submittedAt,
    timeline: events.map((e) => ({
      at: e.at,
      type: e.type,
      status: e.toStatus,
      label: EVENT_LABELS[e.type as DossierEventType] ?? { vi: e.type, en: e.type },
    })),
  };
  return json(200, body, { vary: 'x-lookup-secret' });
});
