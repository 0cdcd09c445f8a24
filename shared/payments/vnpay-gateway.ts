import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { config } from '../adapters/config.ts';
import { newEventId } from '../adapters/ids.ts';
import type { CheckoutOrder, GatewayReport, PaymentGateway, RefundRequest, Verified } from './port.ts';
import {
  apiHash,
  type GatewayOutcome,
  outcomeOf,
  parseVnpDate,
  payUrl,
  VNP_VERSION,
  type VnpParams,
  verify,
  verifyApi,
  vnpDate,
} from './vnpay.ts';

/**
 * The VNPAY adapter of the payment port. The merchant's keys (terminal code and hash secret) come
 * from Secrets Manager in AWS (VNPAY_SECRET_ARN, read once per warm function; the function's role may
 * read that one secret only) and from the environment locally (the sandbox's keys).
 */
interface Keys {
  tmnCode: string;
  hashSecret: string;
}

let keysMemo: { arn: string; keys: Promise<Keys> } | undefined;

async function keys(): Promise<Keys> {
  const cfg = config();
  if (cfg.VNPAY_SECRET_ARN) {
    if (keysMemo?.arn !== cfg.VNPAY_SECRET_ARN) {
      const arn = cfg.VNPAY_SECRET_ARN;
      const load = async () => {
        const client = new SecretsManagerClient({ region: cfg.AWS_REGION });
        const res = await client.send(new GetSecretValueCommand({ SecretId: arn }));
        const parsed = JSON.parse(res.SecretString ?? '{}') as Partial<Keys>;
        if (!parsed.tmnCode || !parsed.hashSecret) throw new Error('the payment keys secret is incomplete');
        return { tmnCode: parsed.tmnCode, hashSecret: parsed.hashSecret };
      };
      const keys = load();
      keysMemo = { arn, keys };
      keys.catch(() => {
        if (keysMemo?.keys === keys) keysMemo = undefined;
      });
    }
    return keysMemo.keys;
  }
  if (!cfg.VNPAY_TMN_CODE || !cfg.VNPAY_HASH_SECRET) throw new Error('no payment gateway keys configured');
  return { tmnCode: cfg.VNPAY_TMN_CODE, hashSecret: cfg.VNPAY_HASH_SECRET };
}

/** The merchant server's own address, as the query and refund APIs ask for it. */
const SERVER_IP = '127.0.0.1';

function reportOf(p: VnpParams, outcome: GatewayOutcome): GatewayReport | undefined {
  const amount = Number(p.vnp_Amount);
  if (!p.vnp_TxnRef || !Number.isSafeInteger(amount) || amount < 0 || amount % 100 !== 0) return undefined;
  const paidAt = p.vnp_PayDate ? parseVnpDate(p.vnp_PayDate) : undefined;
  return {
    txnRef: p.vnp_TxnRef,
    amountVnd: amount / 100,
    outcome,
    ...(p.vnp_TransactionNo && p.vnp_TransactionNo !== '0' ? { transactionNo: p.vnp_TransactionNo } : {}),
    ...(p.vnp_BankCode ? { bankCode: p.vnp_BankCode } : {}),
    ...(paidAt && outcome === 'PAID' ? { paidAt: paidAt.toISOString() } : {}),
  };
}

async function post(body: Record<string, string>): Promise<Record<string, string>> {
  const res = await fetch(config().VNPAY_API_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(8000),
  });
  if (!res.ok) throw new Error(`payment gateway API answered ${res.status}`);
  return (await res.json()) as Record<string, string>;
}

const requestId = () =>
  newEventId()
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 32);

export const vnpayGateway: PaymentGateway = {
  provider: 'VNPAY',

  async checkoutUrl(order: CheckoutOrder) {
    const k = await keys();
    return payUrl(config().VNPAY_PAY_URL, { ...order, tmnCode: k.tmnCode }, k.hashSecret);
  },

  async verifyCallback(params: VnpParams): Promise<Verified> {
    const k = await keys();
    if (!verify(params, k.hashSecret)) return { ok: false, reason: 'SIGNATURE' };
    if (params.vnp_TmnCode !== k.tmnCode) return { ok: false, reason: 'MERCHANT' };
    if (params.vnp_CurrCode !== undefined && params.vnp_CurrCode !== 'VND')
      return { ok: false, reason: 'CURRENCY' };
    const report = reportOf(params, outcomeOf(params));
    return report ? { ok: true, report } : { ok: false, reason: 'MALFORMED' };
  },

  async query({ txnRef, createdAt, at }) {
    const k = await keys();
    const body: Record<string, string> = {
      vnp_RequestId: requestId(),
      vnp_Version: VNP_VERSION,
      vnp_Command: 'querydr',
      vnp_TmnCode: k.tmnCode,
      vnp_TxnRef: txnRef,
      vnp_OrderInfo: `Tra cuu giao dich ${txnRef}`,
      vnp_TransactionDate: vnpDate(createdAt),
      vnp_CreateDate: vnpDate(at),
      vnp_IpAddr: SERVER_IP,
    };
    body.vnp_SecureHash = apiHash('querydr', body, k.hashSecret);
    const answer = await post(body);
    if (!verifyApi('querydrResponse', answer, k.hashSecret))
      throw new Error('payment gateway answer not signed');
    if (answer.vnp_ResponseCode === '91') return undefined;
    if (answer.vnp_ResponseCode !== '00')
      throw new Error(`payment gateway query failed (${answer.vnp_ResponseCode})`);
    const status = answer.vnp_TransactionStatus;
    const outcome: GatewayOutcome =
      status === '00' ? 'PAID' : status === '01' ? 'PENDING' : status === '02' ? 'FAILED' : 'CANCELLED';
    return reportOf(answer, outcome);
  },

  async refund(r: RefundRequest) {
    const k = await keys();
    const body: Record<string, string> = {
      vnp_RequestId: requestId(),
      vnp_Version: VNP_VERSION,
      vnp_Command: 'refund',
      vnp_TmnCode: k.tmnCode,
      vnp_TransactionType: r.full ? '02' : '03',
      vnp_TxnRef: r.txnRef,
      vnp_Amount: String(r.amountVnd * 100),
      vnp_OrderInfo: `Hoan tra phi ${r.txnRef}`,
      vnp_TransactionNo: r.transactionNo,
      vnp_TransactionDate: vnpDate(r.paymentCreatedAt),
      vnp_CreateBy: r.by,
      vnp_CreateDate: vnpDate(r.at),
      vnp_IpAddr: SERVER_IP,
    };
    body.vnp_SecureHash = apiHash('refund', body, k.hashSecret);
    const answer = await post(body);
    if (!verifyApi('refundResponse', answer, k.hashSecret))
      throw new Error('payment gateway answer not signed');
    if (answer.vnp_ResponseCode === '00')
      return { accepted: true, reference: answer.vnp_TransactionNo ?? body.vnp_RequestId ?? '' };
    return { accepted: false, code: answer.vnp_ResponseCode ?? '99' };
  },
};

/** The port's adapter in use (tests and the local stack use the same VNPAY adapter). */
export const paymentGateway = (): PaymentGateway => vnpayGateway;
