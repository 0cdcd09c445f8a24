import { staffNames } from '../adapters/staff-directory.ts';
import type { StaffPrincipal } from '../contracts/auth.ts';
import type { Procedure } from '../contracts/catalogue.ts';
import type { FeeExemptionChoice } from '../contracts/dossier.ts';
import { DomainError, fieldError } from '../domain/errors.ts';
import { exemptionRecord, type FeeExemptionRecord } from '../domain/fees.ts';

/**
 * Fee exemptions checked by the reception officer (docs/payments.md, "Exemptions"). The citizen
 * claims them with the online draft (./fee-claims.ts); the reception officer confirms or refuses
 * each at intake (./dossier-workflow.ts), or applies them at the counter when registering a walk-in
 * dossier (below). The records live on the dossier (`feeExemptions`); shared/domain/fees.ts says
 * what each means for the amounts due.
 */

/**
 * The records of `choices` under `procedure`, checked before anything is written: each exemption
 * must exist on its fee item (422 FEE_EXEMPTION_UNKNOWN) and be one the officer checks (422
 * FEE_EXEMPTION_NOT_CLAIMABLE). A claim kept from before keeps its time.
 */
export function exemptionRecords(
  procedure: Pick<Procedure, 'fees'>,
  choices: readonly FeeExemptionChoice[],
  at: string,
  path: string,
  kept: readonly FeeExemptionRecord[] = [],
): FeeExemptionRecord[] {
  return choices.map((c, i) => {
    const made = exemptionRecord(procedure, c, at);
    if ('refused' in made) {
      const errors = [
        fieldError(
          `${path}.${i}`,
          made.refused,
          made.refused === 'UNKNOWN' ? 'fees.exemptionUnknown' : 'fees.exemptionNotClaimable',
        ),
      ];
      throw made.refused === 'UNKNOWN'
        ? new DomainError('FEE_EXEMPTION_UNKNOWN', 'fees.exemptionUnknown', errors)
        : new DomainError('FEE_EXEMPTION_NOT_CLAIMABLE', 'fees.exemptionNotClaimable', errors);
    }
    const before = kept.find((k) => k.fee === c.fee && k.exemption === c.exemption);
    return before ? { ...made.record, claimedAt: before.claimedAt } : made.record;
  });
}

/**
 * Exemptions the reception officer applies at the counter (the applicant shows the proof there):
 * confirmed at once, with the officer's name and the time.
 */
export async function counterExemptions(
  procedure: Pick<Procedure, 'fees'>,
  choices: readonly FeeExemptionChoice[],
  principal: StaffPrincipal,
  at: string,
): Promise<FeeExemptionRecord[]> {
  const records = exemptionRecords(procedure, choices, at, 'feeExemptions');
  if (!records.length) return [];
  const name = (await staffNames([principal.id])).get(principal.id);
  return records.map((r) => ({
    ...r,
    status: 'CONFIRMED',
    decidedBy: principal.id,
    ...(name ? { decidedByName: name } : {}),
    decidedAt: at,
    atCounter: true,
  }));
}
