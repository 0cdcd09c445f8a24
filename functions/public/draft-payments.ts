import * as z from 'zod/mini';
import { now } from '#adapters/clock.ts';
import { config } from '#adapters/config.ts';
import { getDossier } from '#adapters/dossier-repository.ts';
import { DossierId, FeeClaimsRequest } from '#contracts/dossier.ts';
import { WEB_ROUTES } from '#contracts/web-routes.ts';
import type { Dossier } from '#domain/dossier.ts';
import { DomainError } from '#domain/errors.ts';
import { httpHandler, json } from '#http/handler.ts';
import { claimExemptions } from '../../shared/services/fee-claims.ts';
import { feeStatus, startPayment } from '../../shared/services/payments.ts';

/**
 * The fees of an online draft (docs/payments.md): what is due and what was paid, and the start of
 * the payment of the fees payable with the dossier. The draft's id is the applicant's hold on it,
 * as for uploads and the submission. Starting answers the gateway's signed payment URL; the browser
 * goes there and comes back to the web app's payment-return page.
 */
export const returnUrl = () => new URL(WEB_ROUTES.paymentReturn, config().PUBLIC_WEB_URL).toString();

async function onlineDraft(dossierId: string): Promise<Dossier> {
  const found = await getDossier(dossierId);
  if (found?.dossier.channel !== 'ONLINE') throw new DomainError('DOSSIER_NOT_FOUND', 'dossier.notFound');
  return found.dossier;
}

/** GET /dossiers/{dossierId}/fees */
export const draftFees = httpHandler({ path: z.object({ dossierId: DossierId }) }, async ({ path }) =>
  json(200, await feeStatus(await onlineDraft(path.dossierId))),
);

/** POST /dossiers/{dossierId}/payments — the fees payable with the dossier, before it is submitted. */
export const startDraftPayment = httpHandler(
  { path: z.object({ dossierId: DossierId }) },
  async ({ path, event }) => {
    const dossier = await onlineDraft(path.dossierId);
    if (dossier.status !== 'DRAFT') throw new DomainError('DOSSIER_NOT_DRAFT', 'dossier.submitted');
    const started = await startPayment({
      dossier,
      stage: 'AT_SUBMISSION',
      ipAddr: event.requestContext.http.sourceIp,
      returnUrl: returnUrl(),
      now: now(),
    });
    return json(201, started);
  },
);

/**
 * PUT /dossiers/{dossierId}/fee-exemptions — the exemptions the citizen claims on the draft (the
 * whole set), each checked against the fee items of the draft's procedure version. A claimed item
 * is not collected at submission; the reception officer decides it at intake.
 */
export const claimFeeExemptions = httpHandler(
  { path: z.object({ dossierId: DossierId }), body: FeeClaimsRequest },
  async ({ path, body }) => json(200, await claimExemptions(path.dossierId, body.claims, now())),
);
