import type { FeeItem, FeePayableAt, Procedure } from '../contracts/catalogue.ts';

/**
 * What a dossier owes (phí, lệ phí): the charge items of its procedure version, each with the amount
 * due after the exemptions that apply by themselves (an online filing), grouped by when they are
 * payable. Pure: the form, the payment service and the tests compute it the same way.
 */
export interface FeeDueItem {
  name: string;
  /** Amount due in đồng; null while the rate is not confirmed (then not collected online). */
  amountVnd: number | null;
  /** The catalogue amount before an exemption, when an exemption applied. */
  listedVnd?: number;
  exemption?: string;
  legalBasis?: string;
  payableAt: FeePayableAt;
  refundableOnRefusal: boolean;
  /** The item's position in its procedure version's `fees` (what a claim names). */
  index: number;
  /** The exemptions a reception officer checks (the citizen may claim one), with their position. */
  claimable?: { exemption: number; description: string; legalBasis?: string }[];
  /** The exemption claimed for this item, and what the reception officer decided. */
  claim?: ExemptionView;
}

/**
 * An exemption a reception officer checks (FeeItem.exemptions without `onlineSubmission`): claimed
 * by the citizen with the online draft, decided at intake (CONFIRMED or REFUSED); or applied at the
 * counter by the officer who registers a walk-in dossier (CONFIRMED at once). Kept on the dossier
 * (`feeExemptions`), one per fee item, with the texts of the catalogue version it was made under.
 */
export type ExemptionStatus = 'CLAIMED' | 'CONFIRMED' | 'REFUSED';

export interface FeeExemptionRecord {
  /** Index of the fee item in the procedure version, and of the exemption in that item. */
  fee: number;
  exemption: number;
  feeName: string;
  description: string;
  legalBasis?: string;
  /** The item's catalogue amount (null while the rate is unconfirmed). */
  amountVnd: number | null;
  status: ExemptionStatus;
  claimedAt: string;
  /** The reception officer who decided (id and name), when, and why a claim was refused. */
  decidedBy?: string;
  decidedByName?: string;
  decidedAt?: string;
  reason?: string;
  /** Applied by the officer at the counter when the walk-in dossier was registered. */
  atCounter?: boolean;
}

/** What the citizen and the officer see of an exemption (no staff id). */
export type ExemptionView = Pick<
  FeeExemptionRecord,
  | 'exemption'
  | 'description'
  | 'legalBasis'
  | 'status'
  | 'claimedAt'
  | 'decidedAt'
  | 'decidedByName'
  | 'reason'
>;

/** The exemptions of an item that a reception officer checks, each with its position. */
export function officerExemptions(f: Pick<FeeItem, 'exemptions'>) {
  return f.exemptions.flatMap((e, exemption) =>
    e.onlineSubmission
      ? []
      : [{ exemption, description: e.description, ...(e.legalBasis ? { legalBasis: e.legalBasis } : {}) }],
  );
}

/**
 * The record of an exemption claimed on (or applied to) item `fee`, exemption `exemption`, of a
 * procedure version; undefined with the reason when that exemption does not exist there
 * (`UNKNOWN`) or applies by itself and is never claimed (`NOT_CLAIMABLE`).
 */
export function exemptionRecord(
  procedure: Pick<Procedure, 'fees'>,
  claim: { fee: number; exemption: number },
  at: string,
): { record: FeeExemptionRecord } | { refused: 'UNKNOWN' | 'NOT_CLAIMABLE' } {
  const f = procedure.fees[claim.fee];
  const e = f?.exemptions[claim.exemption];
  if (!f || !e) return { refused: 'UNKNOWN' };
  if (e.onlineSubmission) return { refused: 'NOT_CLAIMABLE' };
  return {
    record: {
      fee: claim.fee,
      exemption: claim.exemption,
      feeName: f.name,
      description: e.description,
      ...(e.legalBasis ? { legalBasis: e.legalBasis } : {}),
      amountVnd: f.amountVnd,
      status: 'CLAIMED',
      claimedAt: at,
    },
  };
}

/**
 * The exemption records as they stand against `procedure`'s fee items. A record names its item by
 * position and by text (fee name, exemption description). When the dossier's version changed since
 * the claim (a draft moved to the version in force at submission), the positions may point at
 * other items: each record is matched again by its texts, and one whose item or exemption the
 * version no longer has does not apply (the fee is due, and the citizen may claim again).
 */
export function claimsUnder(
  procedure: Pick<Procedure, 'fees'>,
  records: readonly FeeExemptionRecord[],
): FeeExemptionRecord[] {
  const officerChecked = (f: FeeItem | undefined, i: number, r: FeeExemptionRecord) =>
    f?.exemptions[i]?.description === r.description && !f.exemptions[i]!.onlineSubmission;
  return records.flatMap((r) => {
    const at = procedure.fees[r.fee];
    if (at?.name === r.feeName && officerChecked(at, r.exemption, r)) return [r];
    const fee = procedure.fees.findIndex(
      (f) => f.name === r.feeName && f.exemptions.some((_, i) => officerChecked(f, i, r)),
    );
    if (fee < 0) return [];
    const exemption = procedure.fees[fee]!.exemptions.findIndex((_, i) =>
      officerChecked(procedure.fees[fee], i, r),
    );
    return [{ ...r, fee, exemption }];
  });
}

export const exemptionView = (r: FeeExemptionRecord): ExemptionView => ({
  exemption: r.exemption,
  description: r.description,
  ...(r.legalBasis ? { legalBasis: r.legalBasis } : {}),
  status: r.status,
  claimedAt: r.claimedAt,
  ...(r.decidedAt ? { decidedAt: r.decidedAt } : {}),
  ...(r.decidedByName ? { decidedByName: r.decidedByName } : {}),
  ...(r.reason ? { reason: r.reason } : {}),
});

export interface FeesDue {
  /** The procedure collects its fees online (the payment rule is enforced). */
  online: boolean;
  items: FeeDueItem[];
  /** Total due in đồng at each stage (known amounts only). */
  totals: Record<FeePayableAt, number>;
}

export type Channel = 'ONLINE' | 'COUNTER' | 'POST';

/**
 * One item as due. An exemption that applies by itself (an online filing) comes first. A claimed
 * exemption is not collected while the reception officer has not decided it; confirmed, the item
 * is exempt; refused, the item is payable before the result (it was not collected at submission).
 */
function dueItem(
  f: FeeItem,
  index: number,
  channel: Channel,
  record: FeeExemptionRecord | undefined,
): FeeDueItem {
  const exemption = channel === 'ONLINE' ? f.exemptions.find((e) => e.onlineSubmission) : undefined;
  const claimable = officerExemptions(f);
  const base = {
    name: f.name,
    payableAt: f.payableAt,
    refundableOnRefusal: f.refundableOnRefusal,
    index,
    ...(f.legalBasis ? { legalBasis: f.legalBasis } : {}),
    ...(claimable.length ? { claimable } : {}),
  };
  if (exemption && f.amountVnd !== null) {
    return { ...base, amountVnd: 0, listedVnd: f.amountVnd, exemption: exemption.description };
  }
  if (!record) return { ...base, amountVnd: f.amountVnd };
  const claim = exemptionView(record);
  if (record.status === 'REFUSED') {
    return { ...base, claim, payableAt: 'BEFORE_RESULT', amountVnd: f.amountVnd };
  }
  return {
    ...base,
    claim,
    amountVnd: f.amountVnd === null ? null : 0,
    ...(f.amountVnd !== null ? { listedVnd: f.amountVnd } : {}),
    ...(record.status === 'CONFIRMED' ? { exemption: record.description } : {}),
  };
}

export function feesDue(
  procedure: Pick<Procedure, 'fees' | 'onlinePayment'>,
  channel: Channel = 'ONLINE',
  exemptions: readonly FeeExemptionRecord[] = [],
): FeesDue {
  const claims = claimsUnder(procedure, exemptions);
  const items = procedure.fees.map((f, i) =>
    dueItem(
      f,
      i,
      channel,
      claims.find((r) => r.fee === i),
    ),
  );
  const total = (at: FeePayableAt) =>
    items.filter((i) => i.payableAt === at).reduce((sum, i) => sum + (i.amountVnd ?? 0), 0);
  return {
    online: procedure.onlinePayment,
    items,
    totals: { AT_SUBMISSION: total('AT_SUBMISSION'), BEFORE_RESULT: total('BEFORE_RESULT') },
  };
}

/** The stage whose online payment a dossier still needs before `at` (submission, or the result). */
export function paymentRequired(due: FeesDue, stage: FeePayableAt): boolean {
  return due.online && due.totals[stage] > 0;
}

/** The part of a paid stage refunded when the dossier is refused: its refundable items. */
export function refundableAmount(due: FeesDue, stage: FeePayableAt): number {
  return due.items
    .filter((i) => i.payableAt === stage && i.refundableOnRefusal)
    .reduce((sum, i) => sum + (i.amountVnd ?? 0), 0);
}

// Made on first use: an Intl formatter costs tens of milliseconds to build on a slow phone, and
// the web app's first page imports this module without printing an amount.
let vnd: Intl.NumberFormat | undefined;

/** 1000000 → `1.000.000 ₫`, as amounts are written in Vietnam. */
export const formatVnd = (n: number) => {
  vnd ??= new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
  return `${vnd.format(n)} ₫`;
};
