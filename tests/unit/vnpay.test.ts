import { describe, expect, it } from 'vitest';
import {
  claimsUnder,
  exemptionRecord,
  feesDue,
  formatVnd,
  refundableAmount,
} from '../../shared/domain/fees.ts';
import { dossierIdOfTxnRef, newTxnRef } from '../../shared/domain/payments.ts';
import {
  apiHash,
  outcomeOf,
  parseVnpDate,
  payUrl,
  plainOrderInfo,
  sign,
  signData,
  verify,
  verifyApi,
  vnpDate,
} from '../../shared/payments/vnpay.ts';

/**
 * VNPAY 2.1.0 signing (docs/payments.md). The expected hashes were computed independently of this
 * code (Python: urllib.parse.quote_plus over the sorted parameters, hmac.new(…, hashlib.sha512)).
 */
const SECRET = 'MOTCUALOCALSANDBOXHASHSECRET0000';
const created = new Date('2026-03-02T02:00:00Z');
const request = {
  tmnCode: 'MOTCUA01',
  amountVnd: 90_000,
  txnRef: 'ABC123',
  orderInfo: 'Nop phi ho so 1.013219',
  returnUrl: 'http://127.0.0.1:3004/payment/return',
  ipAddr: '127.0.0.1',
  createdAt: created,
  expiresAt: new Date(created.getTime() + 15 * 60_000),
};
const VECTOR =
  'f858446dfa9b656de66846d4094fb964d8c93173a8fdb3a825d2294bd979dbc38d58bd953348ec9475d5dd5fc31ab2316a1610687313dda7a744b213f855508d';

describe('VNPAY redirect signing', () => {
  it('signs the sorted, form-encoded parameters with HMAC-SHA512 (known vector)', () => {
    const url = new URL(payUrl('https://sandbox.vnpayment.vn/paymentv2/vpcpay.html', request, SECRET));
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({
      vnp_Version: '2.1.0',
      vnp_Command: 'pay',
      vnp_Amount: '9000000',
      vnp_CurrCode: 'VND',
      vnp_CreateDate: '20260302090000',
      vnp_ExpireDate: '20260302091500',
    });
    expect(signData(params)).toBe(
      'vnp_Amount=9000000&vnp_Command=pay&vnp_CreateDate=20260302090000&vnp_CurrCode=VND&vnp_ExpireDate=20260302091500&vnp_IpAddr=127.0.0.1&vnp_Locale=vn&vnp_OrderInfo=Nop+phi+ho+so+1.013219&vnp_OrderType=billpayment&vnp_ReturnUrl=http%3A%2F%2F127.0.0.1%3A3004%2Fpayment%2Freturn&vnp_TmnCode=MOTCUA01&vnp_TxnRef=ABC123&vnp_Version=2.1.0',
    );
    expect(params.vnp_SecureHash).toBe(VECTOR);
    expect(verify(params, SECRET)).toBe(true);
  });

  it('refuses a changed value, another key, a missing or malformed hash', () => {
    const params = Object.fromEntries(new URL(payUrl('https://x.test/pay', request, SECRET)).searchParams);
    expect(verify({ ...params, vnp_Amount: '100' }, SECRET)).toBe(false);
    expect(verify(params, 'ANOTHERSECRETANOTHERSECRET000000')).toBe(false);
    const { vnp_SecureHash: _h, ...unsigned } = params;
    expect(verify(unsigned, SECRET)).toBe(false);
    expect(verify({ ...params, vnp_SecureHash: 'zz' }, SECRET)).toBe(false);
    // The hash type travels beside the hash and is not signed; the hash is compared case-blind.
    expect(
      verify({ ...params, vnp_SecureHashType: 'HmacSHA512', vnp_SecureHash: VECTOR.toUpperCase() }, SECRET),
    ).toBe(true);
    expect(sign(params, SECRET)).toBe(VECTOR);
  });

  it('signs the query API’s fields joined with | (known vector)', () => {
    const body = {
      vnp_RequestId: 'R1',
      vnp_Version: '2.1.0',
      vnp_Command: 'querydr',
      vnp_TmnCode: 'MOTCUA01',
      vnp_TxnRef: 'ABC123',
      vnp_TransactionDate: '20260302090000',
      vnp_CreateDate: '20260302093000',
      vnp_IpAddr: '127.0.0.1',
      vnp_OrderInfo: 'Tra cuu',
    };
    const hash = apiHash('querydr', body, SECRET);
    expect(hash).toBe(
      '1d305b67fd3196da7775a4bcd52a0e203a55207663b20d1d09bfb6f23a87480e9362f5608e5a0998268e1edd868a2fe1fc62eda8bf4813bada75a70afe68e710',
    );
    expect(verifyApi('querydr', { ...body, vnp_SecureHash: hash }, SECRET)).toBe(true);
    expect(verifyApi('querydr', { ...body, vnp_TxnRef: 'ABC124', vnp_SecureHash: hash }, SECRET)).toBe(false);
  });

  it('writes and reads times as yyyyMMddHHmmss in GMT+7', () => {
    expect(vnpDate(new Date('2026-12-31T17:30:05Z'))).toBe('20270101003005');
    expect(parseVnpDate('20270101003005')?.toISOString()).toBe('2026-12-31T17:30:05.000Z');
    expect(parseVnpDate('2027-01-01')).toBeUndefined();
  });

  it('reads the outcome from the response code and transaction status', () => {
    expect(outcomeOf({ vnp_ResponseCode: '00', vnp_TransactionStatus: '00' })).toBe('PAID');
    expect(outcomeOf({ vnp_ResponseCode: '24', vnp_TransactionStatus: '02' })).toBe('CANCELLED');
    expect(outcomeOf({ vnp_ResponseCode: '51', vnp_TransactionStatus: '02' })).toBe('FAILED');
    expect(outcomeOf({ vnp_ResponseCode: '00', vnp_TransactionStatus: '02' })).toBe('FAILED');
  });

  it('writes the order text without diacritics or special characters', () => {
    expect(plainOrderInfo('Nộp lệ phí hồ sơ H23.1-260302-0001 (Đăng ký)')).toBe(
      'Nop le phi ho so H23 1 260302 0001 Dang ky',
    );
  });
});

describe('fees due and payment references', () => {
  const fee = (over: Record<string, unknown>) => ({
    name: 'Lệ phí',
    amountVnd: 50_000,
    payableAt: 'AT_SUBMISSION' as const,
    refundableOnRefusal: false,
    exemptions: [],
    ...over,
  });

  it('applies the online-filing exemption by itself, totals by stage, and formats đồng', () => {
    const due = feesDue(
      {
        onlinePayment: true,
        fees: [
          fee({ amountVnd: 100_000, refundableOnRefusal: true }),
          fee({ exemptions: [{ description: 'Đăng ký qua mạng', onlineSubmission: true }] }),
          fee({ amountVnd: 1_000_000, payableAt: 'BEFORE_RESULT' }),
          fee({ amountVnd: null }),
        ],
      },
      'ONLINE',
    );
    expect(due.totals).toEqual({ AT_SUBMISSION: 100_000, BEFORE_RESULT: 1_000_000 });
    expect(due.items[1]).toMatchObject({ amountVnd: 0, listedVnd: 50_000, exemption: 'Đăng ký qua mạng' });
    expect(refundableAmount(due, 'AT_SUBMISSION')).toBe(100_000);
    expect(feesDue({ onlinePayment: true, fees: [fee({})] }, 'COUNTER').totals.AT_SUBMISSION).toBe(50_000);
    expect(formatVnd(1_000_000)).toBe('1.000.000 ₫');
  });

  it('an exemption the officer checks: claimed (not collected), confirmed (exempt), refused (before the result)', () => {
    const proc = {
      onlinePayment: true,
      fees: [
        fee({
          amountVnd: 90_000,
          refundableOnRefusal: true,
          exemptions: [
            { description: 'Đăng ký qua mạng', onlineSubmission: true },
            { description: 'Người khuyết tật', legalBasis: 'Luật số 97/2015/QH13', onlineSubmission: false },
          ],
        }),
        fee({ amountVnd: 10_000 }),
      ],
    };
    expect(exemptionRecord(proc, { fee: 0, exemption: 0 }, 'x')).toEqual({ refused: 'NOT_CLAIMABLE' });
    expect(exemptionRecord(proc, { fee: 1, exemption: 0 }, 'x')).toEqual({ refused: 'UNKNOWN' });
    expect(exemptionRecord(proc, { fee: 2, exemption: 0 }, 'x')).toEqual({ refused: 'UNKNOWN' });
    const made = exemptionRecord(proc, { fee: 0, exemption: 1 }, '2026-03-02T02:00:00.000Z');
    if (!('record' in made)) throw new Error('refused');
    const claimed = made.record;
    expect(claimed).toMatchObject({ feeName: 'Lệ phí', amountVnd: 90_000, status: 'CLAIMED' });
    // At the counter the online exemption does not apply; the claimable one is listed.
    const counter = feesDue(proc, 'COUNTER');
    expect(counter.totals.AT_SUBMISSION).toBe(100_000);
    expect(counter.items[0]!.claimable).toEqual([
      { exemption: 1, description: 'Người khuyết tật', legalBasis: 'Luật số 97/2015/QH13' },
    ]);
    const pending = feesDue(proc, 'COUNTER', [claimed]);
    expect(pending.totals).toEqual({ AT_SUBMISSION: 10_000, BEFORE_RESULT: 0 });
    expect(pending.items[0]).toMatchObject({ amountVnd: 0, listedVnd: 90_000, claim: { status: 'CLAIMED' } });
    const confirmed = feesDue(proc, 'COUNTER', [{ ...claimed, status: 'CONFIRMED' }]);
    expect(confirmed.totals).toEqual({ AT_SUBMISSION: 10_000, BEFORE_RESULT: 0 });
    expect(confirmed.items[0]).toMatchObject({ exemption: 'Người khuyết tật' });
    const refused = feesDue(proc, 'COUNTER', [{ ...claimed, status: 'REFUSED', reason: 'Hết hạn' }]);
    expect(refused.totals).toEqual({ AT_SUBMISSION: 10_000, BEFORE_RESULT: 90_000 });
    expect(refundableAmount(refused, 'BEFORE_RESULT')).toBe(90_000);
    expect(refused.items[0]).toMatchObject({ payableAt: 'BEFORE_RESULT', claim: { reason: 'Hết hạn' } });
  });

  it('matches a claim made under an earlier version by its texts: moved items follow, dropped ones no longer apply', () => {
    const disability = {
      description: 'Người khuyết tật',
      legalBasis: 'Luật số 97/2015/QH13',
      onlineSubmission: false,
    };
    const v1 = {
      onlinePayment: true,
      fees: [
        fee({ amountVnd: 90_000, exemptions: [disability] }),
        fee({ name: 'Phí thẩm định', amountVnd: 10_000 }),
      ],
    };
    const made = exemptionRecord(v1, { fee: 0, exemption: 0 }, '2026-03-02T02:00:00.000Z');
    if (!('record' in made)) throw new Error('refused');
    const claim = made.record;
    expect(claimsUnder(v1, [claim])).toEqual([claim]);
    // Version 2 puts another item first and adds an exemption before the claimed one.
    const v2 = {
      onlinePayment: true,
      fees: [
        fee({ name: 'Phí thẩm định', amountVnd: 10_000 }),
        fee({
          amountVnd: 90_000,
          exemptions: [{ description: 'Hộ nghèo', onlineSubmission: false }, disability],
        }),
      ],
    };
    expect(claimsUnder(v2, [claim])).toEqual([{ ...claim, fee: 1, exemption: 1 }]);
    const due = feesDue(v2, 'ONLINE', [claim]);
    expect(due.items[0]).toMatchObject({ name: 'Phí thẩm định', amountVnd: 10_000 });
    expect(due.items[0]!.claim).toBeUndefined();
    expect(due.items[1]).toMatchObject({ amountVnd: 0, listedVnd: 90_000, claim: { status: 'CLAIMED' } });
    expect(due.totals.AT_SUBMISSION).toBe(10_000);
    // Version 3 no longer has that exemption: the claim does not apply, the fee is due.
    const v3 = {
      onlinePayment: true,
      fees: [fee({ amountVnd: 90_000, exemptions: [{ description: 'Hộ nghèo', onlineSubmission: false }] })],
    };
    expect(claimsUnder(v3, [claim])).toEqual([]);
    expect(feesDue(v3, 'ONLINE', [claim]).totals.AT_SUBMISSION).toBe(90_000);
  });

  it('makes alphanumeric, unique references that name their dossier', () => {
    const id = '0196a0b2-7c3d-7e4f-8a9b-0123456789ab';
    const at = new Date('2026-03-02T02:00:00Z');
    const a = newTxnRef(id, 'AT_SUBMISSION', at);
    const b = newTxnRef(id, 'AT_SUBMISSION', at);
    expect(a).toMatch(/^[0-9A-Za-z]+$/);
    expect(a).not.toBe(b);
    expect(dossierIdOfTxnRef(a)).toBe(id);
    expect(dossierIdOfTxnRef(newTxnRef(id, 'BEFORE_RESULT', at))).toBe(id);
    expect(dossierIdOfTxnRef('nonsense')).toBeUndefined();
  });
});
