import { procedureVersionsForRequest } from '../adapters/catalogue-repository.ts';
import { config } from '../adapters/config.ts';
import { newEvent } from '../adapters/dossier-repository.ts';
import { logger } from '../adapters/logger.ts';
import {
  dossierPayments,
  getDossierMeta,
  getPayment,
  markRefundOwed,
  pendingPayments,
  putPendingPayment,
  recordPaid,
  recordRefundError,
  recordRefundMade,
  recordUnpaid,
  releaseRefund,
  stagePaid,
  watchedRefunds,
} from '../adapters/payment-store.ts';
import type { FeePayableAt, Procedure } from '../contracts/catalogue.ts';
import type { Dossier } from '../domain/dossier.ts';
import { DomainError } from '../domain/errors.ts';
import { type FeesDue, feesDue, paymentRequired, refundableAmount } from '../domain/fees.ts';
import { FINAL_STATUSES } from '../domain/lifecycle.ts';
import { newTxnRef, PAYMENT_EXPIRY_MINUTES, type Payment, type PaymentStatus } from '../domain/payments.ts';
import type { GatewayReport } from '../payments/port.ts';
import { IPN_ANSWERS, type IpnAnswer, plainOrderInfo, type VnpParams } from '../payments/vnpay.ts';
import { paymentGateway } from '../payments/vnpay-gateway.ts';

/**
 * Fees paid online (docs/payments.md). Each attempt to pay is a payment item in the dossier's own
 * partition (`PAY#<txnRef>`); the stage it pays is marked paid once (`FEE#<stage>`, written only if
 * absent), together with a FEE_PAID event and the statistics counters, in one transaction. A
 * second payment of a paid stage (two tabs) is kept and refunded. Pending payments sit in a sparse
 * index partition the reconciliation job reads; paid payments with a refundable part sit in another
 * until the dossier ends (refused: refunded through the gateway; otherwise dropped from it). The
 * items, keys and transactions are in shared/adapters/payment-store.ts; the rules stay here.
 */

async function procedureOf(
  d: Pick<Dossier, 'procedureCode' | 'procedureVersion'>,
): Promise<Procedure | undefined> {
  const versions = await procedureVersionsForRequest(d.procedureCode);
  return versions?.versions.find((v) => v.procedure.version === d.procedureVersion)?.procedure;
}

export async function dossierFees(d: Dossier): Promise<FeesDue> {
  const proc = await procedureOf(d);
  return proc
    ? feesDue(proc, d.channel, d.feeExemptions)
    : { online: false, items: [], totals: { AT_SUBMISSION: 0, BEFORE_RESULT: 0 } };
}

/**
 * The payment rule of the procedure, at the one point each stage needs it: submission (AT_SUBMISSION)
 * and the result's hand-over (BEFORE_RESULT). Refused with 402 FEE_NOT_PAID until paid online.
 */
export async function requireFeesPaid(d: Dossier, stage: FeePayableAt): Promise<void> {
  const due = await dossierFees(d);
  if (!paymentRequired(due, stage) || (await stagePaid(d.id, stage))) return;
  throw new DomainError(
    'FEE_NOT_PAID',
    stage === 'AT_SUBMISSION' ? 'fees.unpaidAtSubmission' : 'fees.unpaidBeforeResult',
    [],
    { stage, amountVnd: due.totals[stage] },
  );
}

export interface FeeStatus {
  due: FeesDue;
  stages: Record<
    FeePayableAt,
    { amountVnd: number; required: boolean; paid?: { amountVnd: number; paidAt: string; reference: string } }
  >;
  /** Every attempt to pay, newest first: what was paid, when, its reference, any refund. */
  payments: Omit<Payment, 'dossierId'>[];
}

export async function feeStatus(d: Dossier): Promise<FeeStatus> {
  const [due, { payments, paid }] = await Promise.all([dossierFees(d), dossierPayments(d.id)]);
  const stage = (s: FeePayableAt) => {
    const p = payments.find((x) => x.stage === s && x.status === 'PAID' && !x.duplicate);
    return {
      amountVnd: due.totals[s],
      required: paymentRequired(due, s),
      ...(paid.has(s) && p?.paidAt
        ? { paid: { amountVnd: p.amountVnd, paidAt: p.paidAt, reference: p.transactionNo ?? p.txnRef } }
        : {}),
    };
  };
  return {
    due,
    stages: { AT_SUBMISSION: stage('AT_SUBMISSION'), BEFORE_RESULT: stage('BEFORE_RESULT') },
    payments: payments
      .map(({ dossierId: _d, ...p }) => {
        const {
          gsi1pk: _g,
          gsi1sk: _h,
          pk: _p,
          sk: _s,
          entity: _e,
          ...rest
        } = p as Payment & Record<string, unknown>;
        return rest as Omit<Payment, 'dossierId'>;
      })
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
  };
}

/** Starts paying a stage's fees: a pending payment and the gateway's signed payment URL. */
export async function startPayment(p: {
  dossier: Dossier;
  stage: FeePayableAt;
  ipAddr: string;
  returnUrl: string;
  now: Date;
}): Promise<{ payUrl: string; txnRef: string; amountVnd: number }> {
  const d = p.dossier;
  // A result returned online still waits for its fee (the download is refused until paid).
  const resultWaits = p.stage === 'BEFORE_RESULT' && d.status === 'RETURNED';
  if (FINAL_STATUSES.includes(d.status) && !resultWaits)
    throw new DomainError('FEE_NOT_DUE', 'dossier.final');
  const due = await dossierFees(d);
  if (!paymentRequired(due, p.stage)) throw new DomainError('FEE_NOT_DUE', 'fees.notDue');
  if (await stagePaid(d.id, p.stage)) throw new DomainError('FEE_ALREADY_PAID', 'fees.alreadyPaid');
  const txnRef = newTxnRef(d.id, p.stage, p.now);
  const amountVnd = due.totals[p.stage];
  const createdAt = p.now.toISOString();
  const payment: Payment = {
    txnRef,
    dossierId: d.id,
    stage: p.stage,
    amountVnd,
    provider: 'VNPAY',
    status: 'PENDING',
    createdAt,
  };
  await putPendingPayment(payment);
  let payUrl: string;
  try {
    payUrl = await paymentGateway().checkoutUrl({
      txnRef,
      amountVnd,
      orderInfo: plainOrderInfo(`Nop phi le phi ho so ${d.code ?? ''} ${d.procedureCode}`),
      returnUrl: p.returnUrl,
      ipAddr: p.ipAddr,
      createdAt: p.now,
      expiresAt: new Date(p.now.getTime() + PAYMENT_EXPIRY_MINUTES * 60_000),
    });
  } catch (error) {
    logger.error('payment gateway keys unavailable', { error: error as Error });
    throw new DomainError('PAYMENT_UNAVAILABLE', 'fees.gatewayUnavailable');
  }
  return { payUrl, txnRef, amountVnd };
}

/**
 * Records a payment the gateway reports paid: the payment, the stage's paid mark, a FEE_PAID event
 * and the counters, in one transaction conditional on the payment still pending. `ALREADY`: it was
 * settled before (a repeated IPN, or reconciliation and IPN racing) and nothing changed.
 */
async function settlePaid(
  payment: Payment,
  report: GatewayReport,
  by: 'IPN' | 'RECONCILIATION',
  now: Date,
): Promise<'SETTLED' | 'DUPLICATE' | 'ALREADY'> {
  const d = await getDossierMeta(payment.dossierId);
  if (!d) return 'ALREADY';
  const paidAt = report.paidAt ?? now.toISOString();
  const due = await dossierFees(d);
  const refundable = refundableAmount(due, payment.stage);
  const event = newEvent({
    type: 'FEE_PAID',
    at: paidAt,
    actor: { kind: 'SYSTEM', id: by === 'IPN' ? 'payment-gateway' : 'reconciliation' },
    fromStatus: d.status,
    toStatus: d.status,
    data: { amountVnd: payment.amountVnd, stage: payment.stage, txnRef: payment.txnRef },
  });
  const r = await recordPaid({ payment, dossier: d, event, report, by, paidAt, refundable, now });
  if (r === 'DUPLICATE') logger.warn('duplicate payment recorded for refund', { stage: payment.stage });
  return r;
}

/**
 * The gateway's server-to-server notification (IPN), in the order the protocol asks: signature
 * (97), order (01), amount (04), already confirmed (02), then the record (00). Only verified
 * notifications change anything; a repeated or late one finds the payment settled and is answered
 * 02. The log names the outcome and the reason, never the parameters (they carry the order text).
 */
export async function handleIpn(params: VnpParams, now: Date): Promise<IpnAnswer> {
  const verified = await paymentGateway().verifyCallback(params);
  if (!verified.ok) {
    logger.warn('payment notification refused', { reason: verified.reason });
    return verified.reason === 'MALFORMED' ? IPN_ANSWERS.unknownError : IPN_ANSWERS.invalidSignature;
  }
  const { report } = verified;
  const payment = await getPayment(report.txnRef);
  if (!payment) {
    logger.warn('payment notification for an unknown order');
    return IPN_ANSWERS.orderNotFound;
  }
  if (report.amountVnd !== payment.amountVnd) {
    logger.warn('payment notification with a wrong amount');
    return IPN_ANSWERS.invalidAmount;
  }
  if (payment.status !== 'PENDING') return IPN_ANSWERS.alreadyConfirmed;
  if (report.outcome === 'PAID') {
    const r = await settlePaid(payment, report, 'IPN', now);
    logger.info('payment notification', { outcome: r, stage: payment.stage });
    return r === 'ALREADY' ? IPN_ANSWERS.alreadyConfirmed : IPN_ANSWERS.confirmed;
  }
  if (report.outcome === 'PENDING') return IPN_ANSWERS.confirmed;
  const changed = await recordUnpaid(payment, report.outcome, now);
  logger.info('payment notification', { outcome: report.outcome, stage: payment.stage });
  return changed ? IPN_ANSWERS.confirmed : IPN_ANSWERS.alreadyConfirmed;
}

/** What the citizen's browser brings back to the return URL: verified, never written from. */
export async function paymentReturn(params: VnpParams): Promise<{
  verified: boolean;
  outcome?: GatewayReport['outcome'];
  recorded?: PaymentStatus;
  stage?: FeePayableAt;
  code?: string;
  procedureCode?: string;
  draft?: boolean;
  amountVnd?: number;
}> {
  const verified = await paymentGateway().verifyCallback(params);
  if (!verified.ok) {
    logger.warn('payment return refused', { reason: verified.reason });
    return { verified: false };
  }
  const payment = await getPayment(verified.report.txnRef);
  const d = payment ? await getDossierMeta(payment.dossierId) : undefined;
  if (!payment || !d) return { verified: false };
  return {
    verified: true,
    outcome: verified.report.outcome,
    recorded: payment.status,
    stage: payment.stage,
    amountVnd: payment.amountVnd,
    procedureCode: d.procedureCode,
    draft: d.status === 'DRAFT',
    ...(d.code ? { code: d.code } : {}),
  };
}

export interface ReconcileResult {
  checked: number;
  settled: number;
  closed: number;
  refunded: number;
  refundsFailed: number;
  released: number;
}

async function reconcileOne(p: Payment, now: Date, r: ReconcileResult): Promise<void> {
  const report = await paymentGateway().query({
    txnRef: p.txnRef,
    createdAt: new Date(p.createdAt),
    at: now,
  });
  r.checked++;
  if (!report) {
    // Unknown to the gateway and past its payment window: the citizen never paid.
    if (
      now.getTime() - Date.parse(p.createdAt) > 2 * PAYMENT_EXPIRY_MINUTES * 60_000 &&
      (await recordUnpaid(p, 'EXPIRED', now))
    )
      r.closed++;
    return;
  }
  if (report.amountVnd !== p.amountVnd) {
    logger.error('payment query answered a different amount', { stage: p.stage });
    return;
  }
  if (report.outcome === 'PAID') {
    if ((await settlePaid(p, report, 'RECONCILIATION', now)) !== 'ALREADY') r.settled++;
  } else if (report.outcome !== 'PENDING' && (await recordUnpaid(p, report.outcome, now))) r.closed++;
}

async function refundOne(p: Payment, now: Date, r: ReconcileResult): Promise<void> {
  const refund = p.refund;
  if (!refund || refund.status === 'MADE' || refund.status === 'NOT_DUE') return;
  const d = await getDossierMeta(p.dossierId);
  if (!d) return;
  if (refund.reason === 'REFUSED' && d.status !== 'REFUSED') {
    // Not refused: the fee stays collected once the dossier has ended; until then it is watched.
    if (!FINAL_STATUSES.includes(d.status)) return;
    await releaseRefund(p);
    r.released++;
    return;
  }
  // The refund owed is recorded before the gateway is asked, so a failed call is retried next run.
  if (refund.status === 'WATCH') await markRefundOwed(p, now);
  const answer = await paymentGateway()
    .refund({
      txnRef: p.txnRef,
      amountVnd: refund.amountVnd,
      full: refund.amountVnd === p.amountVnd,
      transactionNo: p.transactionNo ?? '',
      paymentCreatedAt: new Date(p.createdAt),
      by: 'motcua-reconciliation',
      at: now,
    })
    .catch((error: Error) => {
      logger.error('refund call failed', { error });
      return { accepted: false as const, code: 'UNREACHABLE' };
    });
  if (!answer.accepted) {
    r.refundsFailed++;
    await recordRefundError(p, answer.code);
    return;
  }
  const event = newEvent({
    type: 'FEE_REFUNDED',
    at: now.toISOString(),
    actor: { kind: 'SYSTEM', id: 'reconciliation' },
    fromStatus: d.status,
    toStatus: d.status,
    data: { amountVnd: refund.amountVnd, stage: p.stage, txnRef: p.txnRef },
  });
  const made = await recordRefundMade({
    payment: p,
    dossier: d,
    event,
    amountVnd: refund.amountVnd,
    reference: answer.reference,
    now,
  });
  if (made) r.refunded++;
}

/**
 * The reconciliation job: asks the gateway about each payment pending longer than
 * PAYMENT_RECONCILE_AFTER_MINUTES (an IPN that never came) and settles it as the gateway answers;
 * then refunds what is owed — the refundable fees of refused dossiers and duplicate payments.
 */
export async function reconcilePayments(now: Date): Promise<ReconcileResult> {
  const r: ReconcileResult = {
    checked: 0,
    settled: 0,
    closed: 0,
    refunded: 0,
    refundsFailed: 0,
    released: 0,
  };
  const cutoff = new Date(now.getTime() - config().PAYMENT_RECONCILE_AFTER_MINUTES * 60_000).toISOString();
  for (const p of await pendingPayments(cutoff)) {
    await reconcileOne(p, now, r).catch((error: Error) => logger.error('payment query failed', { error }));
  }
  for (const p of await watchedRefunds()) await refundOne(p, now, r);
  return r;
}
