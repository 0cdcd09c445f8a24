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
}

export interface FeesDue {
  /** The procedure collects its fees online (the payment rule is enforced). */
  online: boolean;
  items: FeeDueItem[];
  /** Total due in đồng at each stage (known amounts only). */
  totals: Record<FeePayableAt, number>;
}

export type Channel = 'ONLINE' | 'COUNTER' | 'POST';

function dueItem(f: FeeItem, channel: Channel): FeeDueItem {
  const exemption = channel === 'ONLINE' ? f.exemptions.find((e) => e.onlineSubmission) : undefined;
  const base = {
    name: f.name,
    payableAt: f.payableAt,
    refundableOnRefusal: f.refundableOnRefusal,
    ...(f.legalBasis ? { legalBasis: f.legalBasis } : {}),
  };
  if (exemption && f.amountVnd !== null) {
    return { ...base, amountVnd: 0, listedVnd: f.amountVnd, exemption: exemption.description };
  }
  return { ...base, amountVnd: f.amountVnd };
}

export function feesDue(
  procedure: Pick<Procedure, 'fees' | 'onlinePayment'>,
  channel: Channel = 'ONLINE',
): FeesDue {
  const items = procedure.fees.map((f) => dueItem(f, channel));
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
