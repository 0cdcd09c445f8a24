/**
 * The payment port: what the fee service needs of a payment gateway. One adapter speaks VNPAY's
 * published protocol (vnpay-gateway.ts); the local stack's sandbox speaks the same protocol, so the
 * same adapter runs locally and in AWS with other URLs and keys.
 */
import type { GatewayOutcome, VnpParams } from './vnpay.ts';

export interface CheckoutOrder {
  txnRef: string;
  amountVnd: number;
  /** Plain text shown by the gateway (no diacritics: the gateway's rule). */
  orderInfo: string;
  /** Where the gateway sends the citizen back. */
  returnUrl: string;
  /** The citizen's address, as the gateway asks for it (not stored). */
  ipAddr: string;
  createdAt: Date;
  expiresAt: Date;
}

/** A payment's state as the gateway reports it (a verified notification or a query answer). */
export interface GatewayReport {
  txnRef: string;
  amountVnd: number;
  outcome: GatewayOutcome;
  /** The gateway's transaction number: the payment reference kept with the dossier. */
  transactionNo?: string;
  bankCode?: string;
  /** When the gateway says it was paid (ISO). */
  paidAt?: string;
}

export type Verified =
  | { ok: true; report: GatewayReport }
  | { ok: false; reason: 'SIGNATURE' | 'MERCHANT' | 'CURRENCY' | 'MALFORMED' };

export interface RefundRequest {
  txnRef: string;
  amountVnd: number;
  /** Whether the whole paid amount is refunded (else a part). */
  full: boolean;
  transactionNo: string;
  /** When the payment was created (the gateway finds it by reference and date). */
  paymentCreatedAt: Date;
  /** Who asks (the system job or a staff member's username). */
  by: string;
  at: Date;
}

export interface PaymentGateway {
  readonly provider: 'VNPAY';
  checkoutUrl(order: CheckoutOrder): Promise<string>;
  /** A notification (IPN) or a return to the return URL: signature, merchant and currency checked. */
  verifyCallback(params: VnpParams): Promise<Verified>;
  /** The query API (reconciliation): undefined when the gateway knows no such payment. */
  query(p: { txnRef: string; createdAt: Date; at: Date }): Promise<GatewayReport | undefined>;
  /** The refund API: the gateway's reference for the refund when it accepted it. */
  refund(
    r: RefundRequest,
  ): Promise<{ accepted: true; reference: string } | { accepted: false; code: string }>;
}
