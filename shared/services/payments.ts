import { randomInt } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { procedureVersionsForRequest } from '../adapters/catalogue-repository.ts';
import { clients } from '../adapters/clients.ts';
import { config } from '../adapters/config.ts';
import { eventItem, newEvent } from '../adapters/dossier-repository.ts';
import { keys } from '../adapters/keys.ts';
import { logger } from '../adapters/logger.ts';
import { counterItems, transactWrite } from '../adapters/stats-repository.ts';
import type { FeePayableAt, Procedure } from '../contracts/catalogue.ts';
import type { Dossier } from '../domain/dossier.ts';
import { DomainError } from '../domain/errors.ts';
import { type FeesDue, feesDue, paymentRequired, refundableAmount } from '../domain/fees.ts';
import { FINAL_STATUSES } from '../domain/lifecycle.ts';
import { statsAttrs } from '../domain/statistics.ts';
import type { GatewayReport } from '../payments/port.ts';
import { IPN_ANSWERS, type IpnAnswer, plainOrderInfo, type VnpParams } from '../payments/vnpay.ts';
import { paymentGateway } from '../payments/vnpay-gateway.ts';

/**
 * Fees paid online (docs/payments.md). Each attempt to pay is a payment item in the dossier's own
 * partition (`PAY#<txnRef>`); the stage it pays is marked paid once (`FEE#<stage>`, written only if
 * absent), together with a FEE_PAID event and the statistics counters, in one transaction. A
 * second payment of a paid stage (two tabs) is kept and refunded. Pending payments sit in a sparse
 * index partition the reconciliation job reads; paid payments with a refundable part sit in another
 * until the dossier ends (refused: refunded through the gateway; otherwise dropped from it).
 */
const table = () => config().TABLE_NAME;

export const PENDING_PAYMENTS = 'PAYMENT#PENDING';
export const REFUND_WATCH = 'PAYMENT#REFUNDS';
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

export const paymentKey = (dossierId: string, txnRef: string) => ({
  pk: keys.dossier(dossierId).pk,
  sk: `PAY#${txnRef}`,
});
export const feeKey = (dossierId: string, stage: FeePayableAt) => ({
  pk: keys.dossier(dossierId).pk,
  sk: `FEE#${stage}`,
});

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

async function procedureOf(
  d: Pick<Dossier, 'procedureCode' | 'procedureVersion'>,
): Promise<Procedure | undefined> {
  const versions = await procedureVersionsForRequest(d.procedureCode);
  return versions?.versions.find((v) => v.procedure.version === d.procedureVersion)?.procedure;
}

export async function dossierFees(d: Dossier): Promise<FeesDue> {
  const proc = await procedureOf(d);
  return proc
    ? feesDue(proc, d.channel)
    : { online: false, items: [], totals: { AT_SUBMISSION: 0, BEFORE_RESULT: 0 } };
}

async function stagePaid(dossierId: string, stage: FeePayableAt): Promise<boolean> {
  const res = await clients().doc.send(new GetCommand({ TableName: table(), Key: feeKey(dossierId, stage) }));
  return res.Item !== undefined;
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

async function dossierPayments(dossierId: string): Promise<{ payments: Payment[]; paid: Set<FeePayableAt> }> {
  const res = await clients().doc.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
      ExpressionAttributeValues: { ':pk': keys.dossier(dossierId).pk, ':a': 'FEE#', ':b': 'PAY$' },
      ConsistentRead: true,
    }),
  );
  const items = res.Items ?? [];
  return {
    payments: items.filter((i) => String(i.sk).startsWith('PAY#')) as unknown as Payment[],
    paid: new Set(items.filter((i) => String(i.sk).startsWith('FEE#')).map((i) => i.stage as FeePayableAt)),
  };
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
  await clients().doc.send(
    new PutCommand({
      TableName: table(),
      Item: {
        ...paymentKey(d.id, txnRef),
        entity: 'Payment',
        ...payment,
        gsi1pk: PENDING_PAYMENTS,
        gsi1sk: `${createdAt}#${txnRef}`,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
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

async function getPayment(txnRef: string): Promise<Payment | undefined> {
  const dossierId = dossierIdOfTxnRef(txnRef);
  if (!dossierId) return undefined;
  const res = await clients().doc.send(
    new GetCommand({ TableName: table(), Key: paymentKey(dossierId, txnRef), ConsistentRead: true }),
  );
  return res.Item as Payment | undefined;
}

async function getDossierMeta(dossierId: string): Promise<Dossier | undefined> {
  const res = await clients().doc.send(
    new GetCommand({ TableName: table(), Key: keys.dossier(dossierId), ConsistentRead: true }),
  );
  return res.Item as Dossier | undefined;
}

/**
 * The dossier's running total of fees paid or refunded (the register's columns): an ADD on its META
 * item, which no other write replaces (they update named attributes), and only if it exists.
 */
const metaTotal = (dossierId: string, field: 'feesPaidVnd' | 'feesRefundedVnd', amountVnd: number) => ({
  Update: {
    TableName: table(),
    Key: keys.dossier(dossierId),
    UpdateExpression: 'ADD #f :a',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: { '#f': field },
    ExpressionAttributeValues: { ':a': amountVnd },
  },
});

const conditionFailedAt = (err: unknown, index: number) =>
  err instanceof TransactionCanceledException &&
  err.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';

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
  const paymentUpdate = (duplicate: boolean) => {
    const refund: RefundRecord | undefined = duplicate
      ? { amountVnd: payment.amountVnd, reason: 'DUPLICATE', status: 'OWED', owedAt: now.toISOString() }
      : refundable > 0
        ? { amountVnd: refundable, reason: 'REFUSED', status: 'WATCH' }
        : undefined;
    return {
      Update: {
        TableName: table(),
        Key: paymentKey(payment.dossierId, payment.txnRef),
        UpdateExpression: `SET #s = :paid, paidAt = :at, settledBy = :by, bankCode = :bank, transactionNo = :no${
          duplicate ? ', duplicate = :t' : ''
        }${refund ? ', refund = :refund, gsi1pk = :watch, gsi1sk = :watchSk' : ''}${refund ? '' : ' REMOVE gsi1pk, gsi1sk'}`,
        ConditionExpression: '#s = :pending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':paid': 'PAID',
          ':pending': 'PENDING',
          ':at': paidAt,
          ':by': by,
          ':bank': report.bankCode ?? '',
          ':no': report.transactionNo ?? '',
          ...(duplicate ? { ':t': true } : {}),
          ...(refund
            ? { ':refund': refund, ':watch': REFUND_WATCH, ':watchSk': `${paidAt}#${payment.txnRef}` }
            : {}),
        },
      },
    };
  };
  const common = [
    { Put: { TableName: table(), Item: eventItem(d.id, event, d.code) } },
    metaTotal(d.id, 'feesPaidVnd', payment.amountVnd),
    ...counterItems(statsAttrs(d), [event]),
  ];
  try {
    await transactWrite({
      TransactItems: [
        paymentUpdate(false),
        {
          Put: {
            TableName: table(),
            Item: {
              ...feeKey(d.id, payment.stage),
              entity: 'FeePaid',
              stage: payment.stage,
              txnRef: payment.txnRef,
              paidAt,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...common,
      ],
    });
    return 'SETTLED';
  } catch (err) {
    if (conditionFailedAt(err, 0)) return 'ALREADY';
    if (!conditionFailedAt(err, 1)) throw err;
  }
  // The stage was paid by another payment already: this one is kept, and refunded in full.
  try {
    await transactWrite({ TransactItems: [paymentUpdate(true), ...common] });
    logger.warn('duplicate payment recorded for refund', { stage: payment.stage });
    return 'DUPLICATE';
  } catch (err) {
    if (conditionFailedAt(err, 0)) return 'ALREADY';
    throw err;
  }
}

/** A cancelled, failed or expired payment: conditional on it still pending, else nothing changes. */
async function settleUnpaid(payment: Payment, status: PaymentStatus, now: Date): Promise<boolean> {
  try {
    await clients().doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: paymentKey(payment.dossierId, payment.txnRef),
        UpdateExpression: 'SET #s = :s, closedAt = :at REMOVE gsi1pk, gsi1sk',
        ConditionExpression: '#s = :pending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': status, ':pending': 'PENDING', ':at': now.toISOString() },
      }),
    );
    return true;
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
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
  const changed = await settleUnpaid(payment, report.outcome, now);
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

async function indexPage(partition: string, before?: string): Promise<Payment[]> {
  const res = await clients().doc.send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: before ? 'gsi1pk = :p AND gsi1sk < :b' : 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': partition, ...(before ? { ':b': before } : {}) },
      Limit: 100,
    }),
  );
  return (res.Items ?? []) as Payment[];
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
      (await settleUnpaid(p, 'EXPIRED', now))
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
  } else if (report.outcome !== 'PENDING' && (await settleUnpaid(p, report.outcome, now))) r.closed++;
}

async function refundOne(p: Payment, now: Date, r: ReconcileResult): Promise<void> {
  const refund = p.refund;
  if (!refund || refund.status === 'MADE' || refund.status === 'NOT_DUE') return;
  const key = paymentKey(p.dossierId, p.txnRef);
  const d = await getDossierMeta(p.dossierId);
  if (!d) return;
  if (refund.reason === 'REFUSED' && d.status !== 'REFUSED') {
    // Not refused: the fee stays collected once the dossier has ended; until then it is watched.
    if (!FINAL_STATUSES.includes(d.status)) return;
    await clients().doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: key,
        UpdateExpression: 'SET refund.#s = :nd REMOVE gsi1pk, gsi1sk',
        ConditionExpression: 'refund.#s = :w',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':nd': 'NOT_DUE', ':w': 'WATCH' },
      }),
    );
    r.released++;
    return;
  }
  if (refund.status === 'WATCH') {
    // The refund owed is recorded before the gateway is asked, so a failed call is retried next run.
    await clients().doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: key,
        UpdateExpression: 'SET refund.#s = :o, refund.owedAt = :at',
        ConditionExpression: 'refund.#s = :w',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':o': 'OWED', ':w': 'WATCH', ':at': now.toISOString() },
      }),
    );
  }
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
    await clients().doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: key,
        UpdateExpression: 'SET refund.lastError = :e',
        ExpressionAttributeValues: { ':e': answer.code },
      }),
    );
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
  try {
    await transactWrite({
      TransactItems: [
        {
          Update: {
            TableName: table(),
            Key: key,
            UpdateExpression:
              'SET refund.#s = :m, refund.madeAt = :at, refund.#ref = :ref REMOVE gsi1pk, gsi1sk',
            ConditionExpression: 'refund.#s = :o',
            ExpressionAttributeNames: { '#s': 'status', '#ref': 'reference' },
            ExpressionAttributeValues: {
              ':m': 'MADE',
              ':o': 'OWED',
              ':at': now.toISOString(),
              ':ref': answer.reference,
            },
          },
        },
        { Put: { TableName: table(), Item: eventItem(d.id, event, d.code) } },
        metaTotal(d.id, 'feesRefundedVnd', refund.amountVnd),
        ...counterItems(statsAttrs(d), [event]),
      ],
    });
    r.refunded++;
  } catch (err) {
    if (!conditionFailedAt(err, 0)) throw err;
  }
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
  for (const p of await indexPage(PENDING_PAYMENTS, cutoff)) {
    await reconcileOne(p, now, r).catch((error: Error) => logger.error('payment query failed', { error }));
  }
  for (const p of await indexPage(REFUND_WATCH)) await refundOne(p, now, r);
  return r;
}
