import * as z from 'zod/mini';
import { now } from '#adapters/clock.ts';
import { DossierCode } from '#contracts/dossier.ts';
import { citizenDossier } from '#http/citizen.ts';
import { httpHandler, json } from '#http/handler.ts';
import { feeStatus, startPayment } from '../../shared/services/payments.ts';
import { returnUrl } from './draft-payments.ts';

/**
 * The fees of a submitted dossier (docs/payments.md), with its code and look-up secret: what is
 * due, paid and refunded, and the start of the payment of the fees payable before the result.
 */
/** GET /lookup/{code}/fees with X-Lookup-Secret */
export const lookupFees = httpHandler(
  { path: z.object({ code: DossierCode }) },
  async ({ path, headers, event }) => {
    const found = await citizenDossier(path.code, { headers, event });
    return json(200, await feeStatus(found.dossier));
  },
);

/** POST /lookup/{code}/payments with X-Lookup-Secret — the fees payable before the result. */
export const startLookupPayment = httpHandler(
  { path: z.object({ code: DossierCode }) },
  async ({ path, headers, event }) => {
    const found = await citizenDossier(path.code, { headers, event });
    const started = await startPayment({
      dossier: found.dossier,
      stage: 'BEFORE_RESULT',
      ipAddr: event.requestContext.http.sourceIp,
      returnUrl: returnUrl(),
      now: now(),
    });
    return json(201, started);
  },
);
