import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FeePayableAt } from '../contracts/catalogue.ts';
import type { Dossier, DossierEvent } from '../domain/dossier.ts';
import { DomainError } from '../domain/errors.ts';
import type { FeeExemptionRecord } from '../domain/fees.ts';
import {
  dossierIdOfTxnRef,
  type Payment,
  type PaymentStatus,
  type RefundRecord,
} from '../domain/payments.ts';
import { statsAttrs } from '../domain/statistics.ts';
import type { GatewayReport } from '../payments/port.ts';
import { clients } from './clients.ts';
import { config } from './config.ts';
import { eventItem } from './dossier-repository.ts';
import { keys } from './keys.ts';
import { counterItems, transactWrite } from './stats-repository.ts';

/**
 * Fees paid online as stored (docs/payments.md; the rules are in shared/services/payments.ts). Each
 * attempt to pay is a payment item in the dossier's own partition (`PAY#<txnRef>`); the stage it
 * pays is marked paid once (`FEE#<stage>`, written only if absent), together with a FEE_PAID event
 * and the statistics counters, in one transaction. Pending payments sit in a sparse index
 * partition the reconciliation job reads; paid payments with a refundable part sit in another
 * until the dossier ends.
 */
const table = () => config().TABLE_NAME;

const PENDING_PAYMENTS = 'PAYMENT#PENDING';
const REFUND_WATCH = 'PAYMENT#REFUNDS';

const paymentKey = (dossierId: string, txnRef: string) => ({
  pk: keys.dossier(dossierId).pk,
  sk: `PAY#${txnRef}`,
});
const feeKey = (dossierId: string, stage: FeePayableAt) => ({
  pk: keys.dossier(dossierId).pk,
  sk: `FEE#${stage}`,
});

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
 * The exemptions claimed on an online draft (docs/payments.md, "Exemptions"): one update,
 * conditional on the draft being still a draft at the version read (409 DOSSIER_CONFLICT otherwise).
 */
export async function saveDraftClaims(d: Dossier, records: FeeExemptionRecord[]): Promise<number> {
  try {
    await clients().doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.dossier(d.id),
        UpdateExpression: 'SET feeExemptions = :r, #v = #v + :one',
        ConditionExpression: '#v = :v AND #s = :draft',
        ExpressionAttributeNames: { '#v': 'version', '#s': 'status' },
        ExpressionAttributeValues: { ':r': records, ':one': 1, ':v': d.version, ':draft': 'DRAFT' },
      }),
    );
    return d.version + 1;
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException')
      throw new DomainError('DOSSIER_CONFLICT', 'dossier.changedReload');
    throw err;
  }
}

export async function stagePaid(dossierId: string, stage: FeePayableAt): Promise<boolean> {
  const res = await clients().doc.send(new GetCommand({ TableName: table(), Key: feeKey(dossierId, stage) }));
  return res.Item !== undefined;
}

export async function dossierPayments(
  dossierId: string,
): Promise<{ payments: Payment[]; paid: Set<FeePayableAt> }> {
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

/** A new pending payment, listed for the reconciliation job. */
export async function putPendingPayment(payment: Payment): Promise<void> {
  await clients().doc.send(
    new PutCommand({
      TableName: table(),
      Item: {
        ...paymentKey(payment.dossierId, payment.txnRef),
        entity: 'Payment',
        ...payment,
        gsi1pk: PENDING_PAYMENTS,
        gsi1sk: `${payment.createdAt}#${payment.txnRef}`,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getPayment(txnRef: string): Promise<Payment | undefined> {
  const dossierId = dossierIdOfTxnRef(txnRef);
  if (!dossierId) return undefined;
  const res = await clients().doc.send(
    new GetCommand({ TableName: table(), Key: paymentKey(dossierId, txnRef), ConsistentRead: true }),
  );
  return res.Item as Payment | undefined;
}

export async function getDossierMeta(dossierId: string): Promise<Dossier | undefined> {
  const res = await clients().doc.send(
    new GetCommand({ TableName: table(), Key: keys.dossier(dossierId), ConsistentRead: true }),
  );
  return res.Item as Dossier | undefined;
}

/**
 * Records a payment the gateway reports paid: the payment, the stage's paid mark, the FEE_PAID
 * event and the counters, in one transaction conditional on the payment still pending. If the stage
 * was paid by another payment already, this one is kept as a duplicate, refunded in full.
 * `ALREADY`: it was settled before and nothing changed.
 */
export async function recordPaid(p: {
  payment: Payment;
  dossier: Dossier;
  event: DossierEvent;
  report: GatewayReport;
  by: 'IPN' | 'RECONCILIATION';
  paidAt: string;
  refundable: number;
  now: Date;
}): Promise<'SETTLED' | 'DUPLICATE' | 'ALREADY'> {
  const { payment, dossier: d, event, report, by, paidAt, refundable, now } = p;
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
    return 'DUPLICATE';
  } catch (err) {
    if (conditionFailedAt(err, 0)) return 'ALREADY';
    throw err;
  }
}

/** A cancelled, failed or expired payment: conditional on it still pending, else nothing changes. */
export async function recordUnpaid(payment: Payment, status: PaymentStatus, now: Date): Promise<boolean> {
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

/** Payments still pending that were started before `before` (one page). */
export const pendingPayments = (before: string) => indexPage(PENDING_PAYMENTS, before);
/** Paid payments with a refund watched or owed (one page). */
export const watchedRefunds = () => indexPage(REFUND_WATCH);

/** A watched refund no longer due (the dossier ended other than refused): dropped from the watch. */
export async function releaseRefund(p: Payment): Promise<void> {
  await clients().doc.send(
    new UpdateCommand({
      TableName: table(),
      Key: paymentKey(p.dossierId, p.txnRef),
      UpdateExpression: 'SET refund.#s = :nd REMOVE gsi1pk, gsi1sk',
      ConditionExpression: 'refund.#s = :w',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':nd': 'NOT_DUE', ':w': 'WATCH' },
    }),
  );
}

/** A watched refund now owed. */
export async function markRefundOwed(p: Payment, now: Date): Promise<void> {
  await clients().doc.send(
    new UpdateCommand({
      TableName: table(),
      Key: paymentKey(p.dossierId, p.txnRef),
      UpdateExpression: 'SET refund.#s = :o, refund.owedAt = :at',
      ConditionExpression: 'refund.#s = :w',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':o': 'OWED', ':w': 'WATCH', ':at': now.toISOString() },
    }),
  );
}

/** The gateway's answer to a refund it refused (retried next run). */
export async function recordRefundError(p: Payment, code: string): Promise<void> {
  await clients().doc.send(
    new UpdateCommand({
      TableName: table(),
      Key: paymentKey(p.dossierId, p.txnRef),
      UpdateExpression: 'SET refund.lastError = :e',
      ExpressionAttributeValues: { ':e': code },
    }),
  );
}

/**
 * A refund made: the payment's refund, the FEE_REFUNDED event, the dossier's total and the counters
 * in one transaction conditional on the refund still owed; false if it was recorded before.
 */
export async function recordRefundMade(p: {
  payment: Payment;
  dossier: Dossier;
  event: DossierEvent;
  amountVnd: number;
  reference: string;
  now: Date;
}): Promise<boolean> {
  const d = p.dossier;
  try {
    await transactWrite({
      TransactItems: [
        {
          Update: {
            TableName: table(),
            Key: paymentKey(p.payment.dossierId, p.payment.txnRef),
            UpdateExpression:
              'SET refund.#s = :m, refund.madeAt = :at, refund.#ref = :ref REMOVE gsi1pk, gsi1sk',
            ConditionExpression: 'refund.#s = :o',
            ExpressionAttributeNames: { '#s': 'status', '#ref': 'reference' },
            ExpressionAttributeValues: {
              ':m': 'MADE',
              ':o': 'OWED',
              ':at': p.now.toISOString(),
              ':ref': p.reference,
            },
          },
        },
        { Put: { TableName: table(), Item: eventItem(d.id, p.event, d.code) } },
        metaTotal(d.id, 'feesRefundedVnd', p.amountVnd),
        ...counterItems(statsAttrs(d), [p.event]),
      ],
    });
    return true;
  } catch (err) {
    if (!conditionFailedAt(err, 0)) throw err;
    return false;
  }
}
