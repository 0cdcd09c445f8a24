import { formatVnd } from '../../shared/domain/fees.ts';
import {
  API_HASH_FIELDS,
  type ApiMessage,
  apiHash,
  parseVnpDate,
  sign,
  signData,
  type VnpParams,
  verify,
  verifyApi,
  vnpDate,
} from '../../shared/payments/vnpay.ts';

/**
 * A local stand-in for the VNPAY gateway, speaking its protocol (docs/payments.md) at
 * `/_local/vnpay/…` of the local API: the payment page (`paymentv2/vpcpay.html`, signature checked
 * like the real one), a choice of outcome — pay, cancel, fail, or pay late (the notification is
 * never sent, so only reconciliation can settle it) — then the signed server-to-server notification
 * (IPN) and the browser's redirect to the return URL; and the query (`querydr`) and refund API
 * (`merchant_webapi/api/transaction`). Times come from the local clock.
 */
export const SANDBOX_KEYS = {
  tmnCode: 'MOTCUA01',
  // A development key, known to everyone: the sandbox is only ever reachable on this machine.
  hashSecret: 'MOTCUALOCALSANDBOXHASHSECRET0000',
} as const;

type Choice = 'pay' | 'cancel' | 'fail' | 'late';

interface SandboxTxn {
  request: VnpParams;
  status: 'PENDING' | 'PAID' | 'CANCELLED' | 'FAILED';
  transactionNo?: string;
  payDate?: string;
  bankCode?: string;
  refunds: { amount: number; requestId: string }[];
  /** The IPN answers the merchant gave, in order. */
  ipnAnswers: unknown[];
}

export interface VnpaySandbox {
  handle(
    method: string,
    url: URL,
    body: Buffer,
  ): Promise<
    { status: number; body: unknown; contentType?: string; headers?: Record<string, string> } | undefined
  >;
  /** What the sandbox knows of a transaction (tests). */
  transaction(txnRef: string): SandboxTxn | undefined;
  /** Sends a transaction's notification (again): tests of repeated and late IPNs. */
  sendIpn(txnRef: string, overrides?: VnpParams): Promise<unknown>;
  /** The signed notification of a transaction, as the sandbox would send it. */
  ipnParams(txnRef: string): VnpParams;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const OUTCOME: Record<Choice, { response: string; status: string; state: SandboxTxn['status'] }> = {
  pay: { response: '00', status: '00', state: 'PAID' },
  late: { response: '00', status: '00', state: 'PAID' },
  cancel: { response: '24', status: '02', state: 'CANCELLED' },
  fail: { response: '51', status: '02', state: 'FAILED' },
};

export function createVnpaySandbox(opts: { now: () => number; ipnUrl: () => string }): VnpaySandbox {
  const txns = new Map<string, SandboxTxn>();
  let seq = 14_000_000;
  const secret = SANDBOX_KEYS.hashSecret;

  const resultParams = (t: SandboxTxn, response: string, status: string): VnpParams => {
    const p: VnpParams = {
      vnp_Amount: t.request.vnp_Amount!,
      vnp_BankCode: t.bankCode ?? 'NCB',
      vnp_OrderInfo: t.request.vnp_OrderInfo!,
      vnp_PayDate: t.payDate ?? vnpDate(new Date(opts.now())),
      vnp_ResponseCode: response,
      vnp_TmnCode: SANDBOX_KEYS.tmnCode,
      vnp_TransactionNo: t.transactionNo ?? '0',
      vnp_TransactionStatus: status,
      vnp_TxnRef: t.request.vnp_TxnRef!,
      vnp_CardType: 'ATM',
    };
    if (t.transactionNo) p.vnp_BankTranNo = `VNP${t.transactionNo}`;
    return { ...p, vnp_SecureHashType: 'HmacSHA512', vnp_SecureHash: sign(p, secret) };
  };

  const ipnParams = (txnRef: string): VnpParams => {
    const t = txns.get(txnRef);
    if (!t) throw new Error(`no sandbox transaction ${txnRef}`);
    const o = t.status === 'PAID' ? OUTCOME.pay : t.status === 'CANCELLED' ? OUTCOME.cancel : OUTCOME.fail;
    return resultParams(t, o.response, o.status);
  };

  const sendIpn = async (txnRef: string, overrides: VnpParams = {}) => {
    const params = { ...ipnParams(txnRef), ...overrides };
    const res = await fetch(`${opts.ipnUrl()}?${new URLSearchParams(params).toString()}`);
    const answer: unknown = await res.json();
    txns.get(txnRef)?.ipnAnswers.push(answer);
    return answer;
  };

  const page = (title: string, inner: string, status = 200) => ({
    status,
    contentType: 'text/html; charset=utf-8',
    headers: { 'cache-control': 'no-store' },
    body: `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:1rem auto;padding:0 1rem;color:#1b1b1b}h1{font-size:1.4rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{font-weight:600}button{display:block;width:100%;margin:.5rem 0;padding:.75rem;font-size:1rem;border:2px solid #005ea2;background:#fff;color:#005ea2;border-radius:4px;cursor:pointer}button.primary{background:#005ea2;color:#fff}.note{background:#fff5d6;padding:.5rem;border-left:4px solid #b58b00}</style></head><body><main>${inner}</main></body></html>`,
  });

  const apiAnswer = (kind: ApiMessage, fields: Record<string, string>) => {
    const out: Record<string, string> = {};
    for (const f of API_HASH_FIELDS[kind]) out[f] = fields[f] ?? '';
    return { status: 200, body: { ...out, vnp_SecureHash: apiHash(kind, out, secret) } };
  };

  async function api(body: Buffer) {
    let req: Record<string, string>;
    try {
      req = JSON.parse(body.toString('utf8')) as Record<string, string>;
    } catch {
      return { status: 400, body: { vnp_ResponseCode: '99', vnp_Message: 'Invalid request' } };
    }
    const command = req.vnp_Command === 'refund' ? 'refund' : 'querydr';
    const base = {
      vnp_ResponseId: `${req.vnp_RequestId ?? ''}R`,
      vnp_Command: command,
      vnp_TmnCode: SANDBOX_KEYS.tmnCode,
      vnp_TxnRef: req.vnp_TxnRef ?? '',
    };
    const kind = command === 'refund' ? 'refundResponse' : 'querydrResponse';
    if (!verifyApi(command, req, secret) || req.vnp_TmnCode !== SANDBOX_KEYS.tmnCode)
      return apiAnswer(kind, { ...base, vnp_ResponseCode: '97', vnp_Message: 'Invalid Checksum' });
    const t = txns.get(req.vnp_TxnRef ?? '');
    if (!t) return apiAnswer(kind, { ...base, vnp_ResponseCode: '91', vnp_Message: 'Transaction not found' });
    const status = t.status === 'PAID' ? '00' : t.status === 'PENDING' ? '01' : '02';
    const common = {
      ...base,
      vnp_Amount: t.request.vnp_Amount!,
      vnp_BankCode: t.bankCode ?? '',
      vnp_PayDate: t.payDate ?? '',
      vnp_TransactionNo: t.transactionNo ?? '',
      vnp_OrderInfo: t.request.vnp_OrderInfo!,
    };
    if (command === 'querydr') {
      return apiAnswer(kind, {
        ...common,
        vnp_ResponseCode: '00',
        vnp_Message: 'QueryDR Success',
        vnp_TransactionType: '01',
        vnp_TransactionStatus: status,
      });
    }
    const amount = Number(req.vnp_Amount);
    const refunded = t.refunds.reduce((s, r) => s + r.amount, 0);
    if (t.status !== 'PAID' || !(amount > 0) || refunded + amount > Number(t.request.vnp_Amount)) {
      return apiAnswer(kind, { ...common, vnp_ResponseCode: '02', vnp_Message: 'Refund refused' });
    }
    t.refunds.push({ amount, requestId: req.vnp_RequestId ?? '' });
    seq++;
    return apiAnswer(kind, {
      ...common,
      vnp_Amount: String(amount),
      vnp_TransactionNo: String(seq),
      vnp_ResponseCode: '00',
      vnp_Message: 'Refund Success',
      vnp_TransactionType: req.vnp_TransactionType ?? '02',
      vnp_TransactionStatus: '05',
    });
  }

  return {
    transaction: (txnRef) => txns.get(txnRef),
    ipnParams,
    sendIpn,
    async handle(method, url, body) {
      const path = url.pathname.replace(/^\/_local\/vnpay/, '');
      if (path === '/paymentv2/vpcpay.html' && method === 'GET') {
        const params = Object.fromEntries(url.searchParams) as VnpParams;
        if (!verify(params, secret) || params.vnp_TmnCode !== SANDBOX_KEYS.tmnCode)
          return page('Sai chữ ký', '<h1>Giao dịch không hợp lệ</h1><p>Sai chữ ký (mã lỗi 97).</p>', 400);
        const expires = parseVnpDate(params.vnp_ExpireDate ?? '');
        if (expires && expires.getTime() < opts.now())
          return page('Hết hạn', '<h1>Giao dịch đã quá thời gian chờ thanh toán</h1><p>Mã lỗi 11.</p>', 400);
        const ref = params.vnp_TxnRef!;
        if (!txns.has(ref))
          txns.set(ref, { request: params, status: 'PENDING', refunds: [], ipnAnswers: [] });
        const amount = Number(params.vnp_Amount) / 100;
        const button = (choice: Choice, label: string, primary = false) =>
          `<button type="submit" name="choice" value="${choice}"${primary ? ' class="primary"' : ''}>${label}</button>`;
        return page(
          'Cổng thanh toán thử nghiệm',
          `<h1>Cổng thanh toán thử nghiệm (VNPAY)</h1><p class="note">Trang thử nghiệm của môi trường chạy cục bộ: không có tiền thật nào được chuyển.</p><dl><dt>Đơn vị</dt><dd>${esc(params.vnp_TmnCode!)}</dd><dt>Nội dung</dt><dd>${esc(params.vnp_OrderInfo ?? '')}</dd><dt>Số tiền</dt><dd>${esc(formatVnd(amount))}</dd><dt>Mã giao dịch</dt><dd>${esc(ref)}</dd></dl><form method="post" action="/_local/vnpay/choose"><input type="hidden" name="txnRef" value="${esc(ref)}">${button('pay', 'Thanh toán', true)}${button('cancel', 'Huỷ giao dịch')}${button('fail', 'Thanh toán không thành công')}${button('late', 'Thanh toán (không gửi thông báo IPN)')}</form>`,
        );
      }
      if (path === '/choose' && method === 'POST') {
        const form = new URLSearchParams(body.toString('utf8'));
        const t = txns.get(form.get('txnRef') ?? '');
        const choice = form.get('choice') as Choice | null;
        if (!t || !choice || !(choice in OUTCOME))
          return page('Không tìm thấy', '<h1>Không tìm thấy giao dịch</h1>', 404);
        if (t.status === 'PENDING') {
          const o = OUTCOME[choice];
          t.status = o.state;
          t.payDate = vnpDate(new Date(opts.now()));
          if (o.state === 'PAID') {
            seq++;
            t.transactionNo = String(seq);
            t.bankCode = 'NCB';
          }
          // The notification first (server to server), then the browser's redirect, as the gateway does.
          if (choice !== 'late') await sendIpn(t.request.vnp_TxnRef!).catch(() => undefined);
        }
        const o =
          t.status === 'PAID' ? OUTCOME.pay : t.status === 'CANCELLED' ? OUTCOME.cancel : OUTCOME.fail;
        const back = resultParams(t, o.response, o.status);
        const location = `${t.request.vnp_ReturnUrl}?${signData(back)}&vnp_SecureHashType=HmacSHA512&vnp_SecureHash=${back.vnp_SecureHash}`;
        return { status: 302, headers: { location, 'cache-control': 'no-store' }, body: { location } };
      }
      if (path === '/merchant_webapi/api/transaction' && method === 'POST') return api(body);
      return undefined;
    },
  };
}
