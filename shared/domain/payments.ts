import { randomInt } from 'node:crypto';
import type { FeePayableAt } from '../contracts/catalogue.ts';

/** Minutes the gateway's payment page accepts a payment. */
export const PAYMENT_EXPIRY_MINUTES = 15;

export type PaymentStatus = 'PENDING' | 'PAID' | 'CANCELLED' | 'FAILED' | 'EXPIRED';

export interface RefundRecord {
  amountVnd: number;
  reason: 'REFUSED' | 'DUPLICATE';
  /** WATCH: refundable if the dossier is refused; OWED: to be refunded; MADE: refunded; NOT_DUE. */
  status: 'WATCH' | 'OWED' | 'MADE' | 'NOT_DUE';
  owedAt?: string;
  madeAt?: string;
  reference?: string;
  lastError?: string;
}

export interface Payment {
  txnRef: string;
  dossierId: string;
  stage: FeePayableAt;
  amountVnd: number;
  provider: 'VNPAY';
  status: PaymentStatus;
  createdAt: string;
  paidAt?: string;
  transactionNo?: string;
  bankCode?: string;
  settledBy?: 'IPN' | 'RECONCILIATION';
  duplicate?: boolean;
  refund?: RefundRecord;
}

/**
 * `<dossier id without dashes><S|R><time base 36><4 random>`: alphanumeric (the gateway's rule),
 * unique, and names its dossier, so a notification finds its payment with one GetItem.
 */
export function newTxnRef(dossierId: string, stage: FeePayableAt, at: Date): string {
  const random = randomInt(36 ** 4)
    .toString(36)
    .padStart(4, '0');
  const suffix = `${at.getTime().toString(36)}${random}`.toUpperCase();
  return `${dossierId.replace(/-/g, '')}${stage === 'AT_SUBMISSION' ? 'S' : 'R'}${suffix}`;
}

export function dossierIdOfTxnRef(txnRef: string): string | undefined {
  const m = /^([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})[SR][0-9A-Z]{8,16}$/.exec(
    txnRef,
  );
  return m ? `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}` : undefined;
}
