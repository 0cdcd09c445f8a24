import type { StaffPrincipal } from '../../contracts/auth.ts';
import { actorOf } from '../access.ts';
import { DomainError } from '../errors.ts';
import { claimsUnder, type ExemptionStatus, type FeeExemptionRecord } from '../fees.ts';
import { citizenEmail, type Decision, type DossierContext, event, notify } from './context.ts';
import { assertIntakeOpen } from './guards.ts';

/** What the reception officer decides of an exemption claimed for one fee item. */
export type ExemptionDecision =
  | { decision: 'CONFIRM_EXEMPTION'; version: number; fee: number }
  | { decision: 'REFUSE_EXEMPTION'; version: number; fee: number; reason: string };

/**
 * The reception officer confirms or refuses the exemption the citizen claimed (docs/payments.md,
 * "Exemptions"), at intake, on the dossier as the officer saw it (`version`). Confirmed: the item
 * is exempt. Refused: it is payable before the result, and the citizen is told. Each is an event
 * with the officer's name. The same decision sent again by the same officer (a retry after a lost
 * answer) writes nothing; any other second decision is refused.
 */
export function decideExemption(
  ctx: DossierContext,
  principal: StaffPrincipal,
  input: ExemptionDecision,
  officerName: string | undefined,
): Decision {
  const d = ctx.dossier;
  // Matched against the dossier's version (positions may have moved since the claim).
  const records = claimsUnder(ctx.procedure, d.feeExemptions ?? []);
  const current = records.find((r) => r.fee === input.fee);
  if (!current) throw new DomainError('FEE_EXEMPTION_UNKNOWN', 'fees.exemptionNotClaimed');
  const status: ExemptionStatus = input.decision === 'CONFIRM_EXEMPTION' ? 'CONFIRMED' : 'REFUSED';
  const reason = input.decision === 'REFUSE_EXEMPTION' ? input.reason : undefined;
  if (current.status !== 'CLAIMED') {
    const replay =
      current.status === status && current.decidedBy === principal.id && current.reason === reason;
    if (replay) return {};
    throw new DomainError('FEE_EXEMPTION_DECIDED', 'fees.exemptionDecided');
  }
  if (d.version !== input.version) throw new DomainError('DOSSIER_CONFLICT', 'dossier.changedByOther');
  assertIntakeOpen(ctx);
  const at = ctx.now.toISOString();
  const decided: FeeExemptionRecord = {
    ...current,
    status,
    decidedBy: principal.id,
    ...(officerName ? { decidedByName: officerName } : {}),
    decidedAt: at,
    ...(reason ? { reason } : {}),
  };
  const actor = { ...actorOf(principal), ...(officerName ? { name: officerName } : {}) };
  const data = {
    fee: current.fee,
    exemption: current.exemption,
    ...(current.amountVnd !== null ? { amountVnd: current.amountVnd } : {}),
  };
  return {
    change: {
      checkVersion: true,
      expectStatus: ['SUBMITTED'],
      set: { feeExemptions: records.map((r) => (r.fee === input.fee ? decided : r)) },
      events: [
        event(
          status === 'CONFIRMED' ? 'FEE_EXEMPTION_CONFIRMED' : 'FEE_EXEMPTION_REFUSED',
          ctx.now,
          actor,
          d.status,
          d.status,
          data,
        ),
      ],
      messages:
        status === 'REFUSED'
          ? [
              notify(ctx, 'FEE_EXEMPTION_REFUSED', citizenEmail(d), {
                reasons: [reason ?? ''],
                fee: {
                  name: current.feeName,
                  exemption: current.description,
                  amountVnd: current.amountVnd,
                  online: ctx.procedure.onlinePayment,
                },
              }),
            ]
          : [],
    },
  };
}
