import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The VNPAY payment gateway protocol, version 2.1.0 (docs/payments.md cites the published
 * specification): pure functions, used by the adapter (vnpay-gateway.ts) and by the local sandbox
 * (infra/local/vnpay-sandbox.ts) alike, so both sides of every test sign the same way.
 *
 * Redirect, return URL and IPN: the `vnp_*` parameters are sorted by name, each name and value
 * form-URL-encoded (space as `+`), joined `k=v&…`, and signed with HMAC-SHA512 (hex) under the
 * merchant's hash secret; the signature travels as `vnp_SecureHash` (with `vnp_SecureHashType`,
 * when present, left out of the signed data). The query (`querydr`) and refund APIs are JSON POSTs
 * whose `vnp_SecureHash` is the HMAC-SHA512 of fixed fields joined with `|`.
 */
export const VNP_VERSION = '2.1.0';

export type VnpParams = Record<string, string>;

const hmac = (secret: string, data: string) =>
  createHmac('sha512', secret).update(data, 'utf8').digest('hex');

/** The signed data of a redirect, return or IPN: sorted, form-encoded, `&`-joined. */
export function signData(params: VnpParams): string {
  const sorted = Object.keys(params)
    .filter((k) => k.startsWith('vnp_') && k !== 'vnp_SecureHash' && k !== 'vnp_SecureHashType')
    .filter((k) => params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => [k, params[k]!] as [string, string]);
  return new URLSearchParams(sorted).toString();
}

export function sign(params: VnpParams, secret: string): string {
  return hmac(secret, signData(params));
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase(), 'utf8');
  const y = Buffer.from(b.toLowerCase(), 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether `vnp_SecureHash` of received parameters (return URL, IPN) is the merchant's signature. */
export function verify(params: VnpParams, secret: string): boolean {
  const given = params.vnp_SecureHash;
  return (
    typeof given === 'string' && /^[0-9a-fA-F]{128}$/.test(given) && sameHex(given, sign(params, secret))
  );
}

/** `yyyyMMddHHmmss` in GMT+7, the protocol's only time format. */
export function vnpDate(at: Date): string {
  const t = new Date(at.getTime() + 7 * 3_600_000).toISOString();
  return t.slice(0, 19).replace(/[-T:]/g, '');
}

/** The instant of a `yyyyMMddHHmmss` GMT+7 time. */
export function parseVnpDate(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(s);
  if (!m) return undefined;
  const at = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+07:00`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

export interface PayRequest {
  tmnCode: string;
  /** Amount in đồng; sent ×100 as the protocol asks. */
  amountVnd: number;
  txnRef: string;
  /** Vietnamese without diacritics, no special characters (the gateway's rule). */
  orderInfo: string;
  returnUrl: string;
  ipAddr: string;
  createdAt: Date;
  expiresAt: Date;
  locale?: 'vn' | 'en';
}

/** The signed redirect to the gateway's payment page (`vnp_Command=pay`). */
export function payUrl(base: string, r: PayRequest, secret: string): string {
  const params: VnpParams = {
    vnp_Version: VNP_VERSION,
    vnp_Command: 'pay',
    vnp_TmnCode: r.tmnCode,
    vnp_Amount: String(r.amountVnd * 100),
    vnp_CurrCode: 'VND',
    vnp_TxnRef: r.txnRef,
    vnp_OrderInfo: r.orderInfo,
    vnp_OrderType: 'billpayment',
    vnp_Locale: r.locale ?? 'vn',
    vnp_ReturnUrl: r.returnUrl,
    vnp_IpAddr: r.ipAddr,
    vnp_CreateDate: vnpDate(r.createdAt),
    vnp_ExpireDate: vnpDate(r.expiresAt),
  };
  return `${base}?${signData(params)}&vnp_SecureHash=${sign(params, secret)}`;
}

/** The IPN answers the gateway expects (RspCode, Message), each a JSON body with HTTP 200. */
export const IPN_ANSWERS = {
  confirmed: { RspCode: '00', Message: 'Confirm Success' },
  orderNotFound: { RspCode: '01', Message: 'Order not found' },
  alreadyConfirmed: { RspCode: '02', Message: 'Order already confirmed' },
  invalidAmount: { RspCode: '04', Message: 'Invalid amount' },
  invalidSignature: { RspCode: '97', Message: 'Invalid signature' },
  unknownError: { RspCode: '99', Message: 'Unknown error' },
} as const;
export type IpnAnswer = (typeof IPN_ANSWERS)[keyof typeof IPN_ANSWERS];

/** A payment's outcome as the gateway reports it (return URL, IPN, querydr). */
export type GatewayOutcome = 'PAID' | 'CANCELLED' | 'FAILED' | 'PENDING';

/** `vnp_ResponseCode` / `vnp_TransactionStatus` of a return or IPN → outcome. */
export function outcomeOf(p: VnpParams): GatewayOutcome {
  if (p.vnp_ResponseCode === '00' && p.vnp_TransactionStatus === '00') return 'PAID';
  if (p.vnp_ResponseCode === '24') return 'CANCELLED';
  if (p.vnp_TransactionStatus === '01') return 'PENDING';
  return 'FAILED';
}

/** Fields whose values, joined with `|`, are signed in each API request and response. */
export const API_HASH_FIELDS = {
  querydr: [
    'vnp_RequestId',
    'vnp_Version',
    'vnp_Command',
    'vnp_TmnCode',
    'vnp_TxnRef',
    'vnp_TransactionDate',
    'vnp_CreateDate',
    'vnp_IpAddr',
    'vnp_OrderInfo',
  ],
  querydrResponse: [
    'vnp_ResponseId',
    'vnp_Command',
    'vnp_ResponseCode',
    'vnp_Message',
    'vnp_TmnCode',
    'vnp_TxnRef',
    'vnp_Amount',
    'vnp_BankCode',
    'vnp_PayDate',
    'vnp_TransactionNo',
    'vnp_TransactionType',
    'vnp_TransactionStatus',
    'vnp_OrderInfo',
    'vnp_PromotionCode',
    'vnp_PromotionAmount',
  ],
  refund: [
    'vnp_RequestId',
    'vnp_Version',
    'vnp_Command',
    'vnp_TmnCode',
    'vnp_TransactionType',
    'vnp_TxnRef',
    'vnp_Amount',
    'vnp_TransactionNo',
    'vnp_TransactionDate',
    'vnp_CreateBy',
    'vnp_CreateDate',
    'vnp_IpAddr',
    'vnp_OrderInfo',
  ],
  refundResponse: [
    'vnp_ResponseId',
    'vnp_Command',
    'vnp_ResponseCode',
    'vnp_Message',
    'vnp_TmnCode',
    'vnp_TxnRef',
    'vnp_Amount',
    'vnp_BankCode',
    'vnp_PayDate',
    'vnp_TransactionNo',
    'vnp_TransactionType',
    'vnp_TransactionStatus',
    'vnp_OrderInfo',
  ],
} as const;
export type ApiMessage = keyof typeof API_HASH_FIELDS;

export function apiHash(kind: ApiMessage, body: Record<string, string | undefined>, secret: string): string {
  return hmac(secret, API_HASH_FIELDS[kind].map((f) => body[f] ?? '').join('|'));
}

export function verifyApi(
  kind: ApiMessage,
  body: Record<string, string | undefined>,
  secret: string,
): boolean {
  const given = body.vnp_SecureHash;
  return (
    typeof given === 'string' &&
    /^[0-9a-fA-F]{128}$/.test(given) &&
    sameHex(given, apiHash(kind, body, secret))
  );
}

/** Order information as the gateway accepts it: Vietnamese without diacritics, letters, digits, spaces. */
export function plainOrderInfo(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 255);
}
