import { getProcedureVersion } from '../adapters/catalogue-repository.ts';
import { getDossier } from '../adapters/dossier-repository.ts';
import { dossierPayments, saveDraftClaims } from '../adapters/payment-store.ts';
import type { FeeExemptionChoice } from '../contracts/dossier.ts';
import type { Dossier } from '../domain/dossier.ts';
import { DomainError } from '../domain/errors.ts';
import { exemptionRecords } from './fee-exemptions.ts';
import { type FeeStatus, feeStatus } from './payments.ts';

/**
 * The exemptions a citizen claims on an online draft (docs/payments.md, "Exemptions"): the whole
 * set, checked against the fee items of the draft's procedure version, written conditional on the
 * draft's version. A claimed item is not collected at submission; the reception officer decides it
 * at intake.
 */

/** Tries of one claim while another write to the same draft (an upload) moves its version. */
const CLAIM_ATTEMPTS = 4;

async function claimOnce(dossierId: string, choices: readonly FeeExemptionChoice[], at: string) {
  const found = await getDossier(dossierId);
  if (found?.dossier.channel !== 'ONLINE') throw new DomainError('DOSSIER_NOT_FOUND', 'dossier.notFound');
  const d = found.dossier;
  if (d.status !== 'DRAFT') throw new DomainError('DOSSIER_NOT_DRAFT', 'dossier.submitted');
  const procedure = await getProcedureVersion(d.procedureCode, d.procedureVersion);
  if (!procedure) throw new Error(`procedure version missing: ${d.procedureCode}`);
  const records = exemptionRecords(procedure, choices, at, 'claims', d.feeExemptions);
  // Once a stage is paid online its claims stay as they were: a new claim would need a refund, and
  // a withdrawn one would leave its item unpaid behind the stage's paid mark.
  const { paid } = await dossierPayments(d.id);
  const claimsAt = (rs: readonly { fee: number; exemption: number }[], stage: string) =>
    JSON.stringify(
      rs
        .filter((r) => procedure.fees[r.fee]?.payableAt === stage)
        .map((r) => [r.fee, r.exemption])
        .sort(),
    );
  for (const stage of paid) {
    if (claimsAt(records, stage) !== claimsAt(d.feeExemptions ?? [], stage))
      throw new DomainError('FEE_ALREADY_PAID', 'fees.exemptionAfterPayment');
  }
  // The claims of a draft are its working state; the submission's event records them for good.
  const version = await saveDraftClaims(d, records);
  return { ...d, version, feeExemptions: records } satisfies Dossier;
}

/** The citizen's claims on an online draft (the whole set), answered with the fees as now due. */
export async function claimExemptions(
  dossierId: string,
  choices: readonly FeeExemptionChoice[],
  now: Date,
): Promise<FeeStatus> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await feeStatus(await claimOnce(dossierId, choices, now.toISOString()));
    } catch (err) {
      const conflict = err instanceof DomainError && err.code === 'DOSSIER_CONFLICT';
      if (!conflict || attempt >= CLAIM_ATTEMPTS) throw err;
    }
  }
}
