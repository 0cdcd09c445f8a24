import { afterEach, describe, expect, it, vi } from 'vitest';
import { SANDBOX_KEYS } from '../../infra/local/vnpay-sandbox.ts';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { logger } from '../../shared/adapters/logger.ts';
import { monthlyRows } from '../../shared/adapters/stats-repository.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { sign } from '../../shared/payments/vnpay.ts';
import type { FeeStatus } from '../../shared/services/payments.ts';
import { requireFeesPaid } from '../../shared/services/payments.ts';
import { registerCsv, registerRows } from '../../shared/services/register.ts';
import { call, draftWithDocuments, individual, newKey, useLocalStack } from '../support/api.ts';
import { pdfBytes, pngBytes } from '../support/files.ts';
import { eventTypes, MON_2026_03_02_0900, staff, version } from '../support/workflow.ts';

/**
 * Fees paid online through the local VNPAY sandbox (docs/payments.md): the real handlers, the real
 * signing on both sides, the IPN over HTTP, reconciliation and refunds on the local clock.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });

const api = () => stack().urls.api;
const pdf = { bytes: pdfBytes(), contentType: 'application/pdf' };
const png = { bytes: pngBytes(), contentType: 'image/png' };
const PHOTOS = new Set(['1.013219/d4', '1.013217/d3']);

afterEach(() => vi.restoreAllMocks());

/** An online draft of a procedure with every mandatory document uploaded. */
async function draft(code: string, fields: Record<string, string>, docs: string[]) {
  const { dossierId } = await draftWithDocuments(
    api(),
    docs.map((requirementId) =>
      // The portrait photos (the last requirement of the certificates) are images.
      ({ requirementId, ...(PHOTOS.has(`${code}/${requirementId}`) ? png : pdf) }),
    ),
    { procedureCode: code, applicant: individual(), fields, delivery: { method: 'AT_CENTRE' } },
  );
  return dossierId;
}

const certificateDraft = () =>
  draft(
    '1.013219',
    {
      fullName: 'Nguyễn Văn An',
      nationality: 'Việt Nam',
      passportNumber: 'C1234567',
      practiceField: 'Thiết kế',
    },
    ['d1', 'd2', 'd3', 'd4'],
  );

const submitDraft = (dossierId: string) =>
  call<{ code: string; lookupSecret: string }>(api(), 'POST', `/dossiers/${dossierId}/submit`, {
    headers: { 'idempotency-key': newKey() },
  });

async function startPay(dossierId: string) {
  const res = await call<{ payUrl: string; txnRef: string; amountVnd: number }>(
    api(),
    'POST',
    `/dossiers/${dossierId}/payments`,
  );
  expect(res.status).toBe(201);
  return res.body;
}

/** The citizen opens the sandbox's page and chooses; the redirect back (not followed) is returned. */
async function choose(payUrl: string, txnRef: string, choice: 'pay' | 'cancel' | 'fail' | 'late') {
  const pageRes = await fetch(payUrl);
  expect(pageRes.status).toBe(200);
  const html = await pageRes.text();
  const res = await fetch(`${api()}/_local/vnpay/choose`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ txnRef, choice }).toString(),
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
  return { html, location: new URL(res.headers.get('location')!) };
}

const fees = async (dossierId: string) =>
  (await call<FeeStatus>(api(), 'GET', `/dossiers/${dossierId}/fees`)).body;
const paymentItems = async (dossierId: string) => (await fees(dossierId)).payments;

describe('paying the fees payable with the dossier (1.013219: 90.000 ₫, refundable on refusal)', () => {
  it('refuses submission until paid; a cancel, a duplicated IPN and a forged one change nothing; refusal refunds', async () => {
    const dossierId = await certificateDraft();
    const before = await getDossier(dossierId);
    const refused = await submitDraft(dossierId);
    expect(refused.status).toBe(402);
    expect(refused.body).toMatchObject({ code: 'FEE_NOT_PAID' });
    expect(await getDossier(dossierId)).toEqual(before);

    const due = await fees(dossierId);
    expect(due.stages.AT_SUBMISSION).toEqual({ amountVnd: 90_000, required: true });
    expect(due.due.items[0]).toMatchObject({
      legalBasis: 'Thông tư số 156/2025/TT-BTC',
      refundableOnRefusal: true,
    });

    // Cancelled at the gateway: the IPN records it, the citizen comes back, nothing is paid.
    const first = await startPay(dossierId);
    expect(new URL(first.payUrl).searchParams.get('vnp_Amount')).toBe('9000000');
    const cancelled = await choose(first.payUrl, first.txnRef, 'cancel');
    expect(cancelled.html).toContain('90.000 ₫');
    expect(cancelled.location.pathname).toBe('/payment/return');
    expect(stack().vnpay.transaction(first.txnRef)?.ipnAnswers).toEqual([
      { RspCode: '00', Message: 'Confirm Success' },
    ]);
    const back = await call<{ verified: boolean; outcome: string; recorded: string }>(
      api(),
      'GET',
      `/payments/vnpay/return${cancelled.location.search}`,
    );
    expect(back.body).toMatchObject({
      verified: true,
      outcome: 'CANCELLED',
      recorded: 'CANCELLED',
      draft: true,
    });
    expect((await submitDraft(dossierId)).status).toBe(402);

    // Paid.
    const second = await startPay(dossierId);
    const paid = await choose(second.payUrl, second.txnRef, 'pay');
    expect(stack().vnpay.transaction(second.txnRef)?.ipnAnswers).toEqual([
      { RspCode: '00', Message: 'Confirm Success' },
    ]);
    const paidBack = await call(api(), 'GET', `/payments/vnpay/return${paid.location.search}`);
    expect(paidBack.body).toMatchObject({
      verified: true,
      outcome: 'PAID',
      recorded: 'PAID',
      amountVnd: 90_000,
    });
    const afterPay = await fees(dossierId);
    expect(afterPay.stages.AT_SUBMISSION.paid).toMatchObject({
      amountVnd: 90_000,
      paidAt: '2026-03-02T02:00:00.000Z',
    });
    expect(afterPay.stages.AT_SUBMISSION.paid?.reference).toMatch(/^\d+$/);
    const snapshot = await paymentItems(dossierId);
    const statsBefore = await monthlyRows('2026-03', '2026-03');

    // The same IPN again, and a reordered "cancelled" for the paid one: answered 02, nothing changes.
    expect(await stack().vnpay.sendIpn(second.txnRef)).toEqual({
      RspCode: '02',
      Message: 'Order already confirmed',
    });
    // A forged success for the cancelled payment (signature of other values): 97, logged, nothing changes.
    const warn = vi.spyOn(logger, 'warn');
    const forged = stack().vnpay.ipnParams(first.txnRef);
    expect(
      await stack().vnpay.sendIpn(first.txnRef, {
        ...forged,
        vnp_ResponseCode: '00',
        vnp_TransactionStatus: '00',
      }),
    ).toEqual({ RspCode: '97', Message: 'Invalid signature' });
    expect(warn).toHaveBeenCalledWith('payment notification refused', { reason: 'SIGNATURE' });
    expect(JSON.stringify(warn.mock.calls)).not.toContain(first.txnRef);
    // A wrong amount, correctly signed, is refused too (04): the amount is checked against the order.
    const {
      vnp_SecureHash: _h,
      vnp_SecureHashType: _t,
      ...signedFields
    } = stack().vnpay.ipnParams(second.txnRef);
    const cheaper = { ...signedFields, vnp_Amount: '100' };
    expect(
      await stack().vnpay.sendIpn(second.txnRef, {
        ...cheaper,
        vnp_SecureHash: sign(cheaper, SANDBOX_KEYS.hashSecret),
      }),
    ).toEqual({ RspCode: '04', Message: 'Invalid amount' });
    expect(await paymentItems(dossierId)).toEqual(snapshot);
    expect(await monthlyRows('2026-03', '2026-03')).toEqual(statsBefore);
    expect((await eventTypes(dossierId)).filter((t) => t === 'FEE_PAID')).toHaveLength(1);

    // Now it may be submitted; its fee shows in the statistics of its department and procedure.
    const submitted = await submitDraft(dossierId);
    expect(submitted.status).toBe(201);
    const row = statsBefore.find((r) => r.procedureCode === '1.013219' && r.departmentId === 'SXD');
    expect(row?.values).toMatchObject({ feesCollectedVnd: 90_000, feePayments: 1 });

    // Refused at intake: the refundable fee is refunded through the gateway's refund API.
    const refusal = await staff(stack(), 'POST', `/staff/dossiers/${dossierId}/intake`, {
      decision: 'REFUSE',
      version: await version(dossierId),
      reasons: ['Hồ sơ không đủ điều kiện cấp chứng chỉ'],
    });
    expect(refusal.status).toBe(200);
    expect(await stack().runJob('ReconcilePayments')).toMatchObject({ refunded: 1 });
    expect(stack().vnpay.transaction(second.txnRef)?.refunds).toMatchObject([{ amount: 9_000_000 }]);
    const refunded = (await paymentItems(dossierId)).find((p) => p.txnRef === second.txnRef);
    expect(refunded?.refund).toMatchObject({ amountVnd: 90_000, reason: 'REFUSED', status: 'MADE' });
    expect(await eventTypes(dossierId)).toContain('FEE_REFUNDED');
    // The register (form 06, CSV) shows what the dossier paid and what was refunded.
    const rows = await registerRows({ from: '2026-03-02', to: '2026-03-02', department: 'SXD' });
    expect(rows.find((r) => r.dossierId === dossierId)).toMatchObject({
      feesPaidVnd: 90_000,
      feesRefundedVnd: 90_000,
    });
    const csv = registerCsv(rows);
    expect(csv).toContain('"Phí, lệ phí đã nộp (đồng)","Đã hoàn trả (đồng)"');
    expect(csv).toContain('"90000","90000"');
    // The month's counters of the department and procedure: one payment, collected and refunded.
    const month = (await monthlyRows('2026-03', '2026-03')).filter(
      (r) => r.procedureCode === '1.013219' && r.departmentId === 'SXD',
    );
    const sum = (f: 'feePayments' | 'feesCollectedVnd' | 'feesRefundedVnd') =>
      month.reduce((n, r) => n + (r.values[f] ?? 0), 0);
    expect([sum('feePayments'), sum('feesCollectedVnd'), sum('feesRefundedVnd')]).toEqual([
      1, 90_000, 90_000,
    ]);
    // Run again: nothing more is refunded.
    expect(await stack().runJob('ReconcilePayments')).toMatchObject({ refunded: 0 });
    expect(stack().vnpay.transaction(second.txnRef)?.refunds).toHaveLength(1);
  });
});

describe('a payment whose IPN never arrives (1.013217: 45.000 ₫)', () => {
  it('is settled by the reconciliation job on the local clock, then the dossier may be submitted', async () => {
    const dossierId = await draft(
      '1.013217',
      {
        fullName: 'Trần Thị Bình',
        personalIdNumber: '001234567890',
        certificateNumber: 'HAN-00012345',
        reissueReason: 'Chứng chỉ bị mất',
      },
      ['d1', 'd2', 'd3'],
    );
    const p = await startPay(dossierId);
    const late = await choose(p.payUrl, p.txnRef, 'late');
    expect(stack().vnpay.transaction(p.txnRef)?.ipnAnswers).toEqual([]);
    const back = await call(api(), 'GET', `/payments/vnpay/return${late.location.search}`);
    // The browser says paid; the system has not recorded it (only the IPN or the query API do).
    expect(back.body).toMatchObject({ verified: true, outcome: 'PAID', recorded: 'PENDING' });
    expect((await submitDraft(dossierId)).status).toBe(402);

    // Too early for the job: it leaves young payments to their IPN.
    expect(await stack().runJob('ReconcilePayments')).toMatchObject({ checked: 0 });
    await stack().clock.advance(20 * 60_000);
    expect(await stack().runJob('ReconcilePayments')).toMatchObject({ checked: 1, settled: 1 });
    const [payment] = await paymentItems(dossierId);
    expect(payment).toMatchObject({ status: 'PAID', settledBy: 'RECONCILIATION', amountVnd: 45_000 });
    // The IPN arriving after all changes nothing.
    expect(await stack().vnpay.sendIpn(p.txnRef)).toEqual({
      RspCode: '02',
      Message: 'Order already confirmed',
    });
    expect((await submitDraft(dossierId)).status).toBe(201);
  });
});

describe('the payment rule per procedure', () => {
  it('pay before the result (1.013222): submission is free, the result waits for the fee', async () => {
    const dossierId = await draft(
      '1.013222',
      {
        contractorName: 'Công ty ABC',
        contractorCountry: 'Nhật Bản',
        packageName: 'Gói thầu số 1',
        projectName: 'Nhà máy nước',
        projectLocation: 'Thái Nguyên',
      },
      ['d1', 'd2', 'd3', 'd4', 'd5'],
    );
    expect((await call(api(), 'POST', `/dossiers/${dossierId}/payments`)).body).toMatchObject({
      code: 'FEE_NOT_DUE',
    });
    const submitted = await submitDraft(dossierId);
    expect(submitted.status).toBe(201);
    const { code, lookupSecret } = submitted.body;
    const dossier = (await getDossier(dossierId))!.dossier;
    // The one check the result's hand-over calls (functions/public/result-download.ts).
    await expect(requireFeesPaid(dossier, 'BEFORE_RESULT')).rejects.toSatisfy(
      (e: unknown) => e instanceof DomainError && e.code === 'FEE_NOT_PAID',
    );
    const headers = { 'x-lookup-secret': lookupSecret };
    const due = await call<FeeStatus>(api(), 'GET', `/lookup/${code}/fees`, { headers });
    expect(due.body.stages.BEFORE_RESULT).toEqual({ amountVnd: 500_000, required: true });
    const started = await call<{ payUrl: string; txnRef: string }>(
      api(),
      'POST',
      `/lookup/${code}/payments`,
      {
        headers,
      },
    );
    expect(started.status).toBe(201);
    await choose(started.body.payUrl, started.body.txnRef, 'pay');
    await expect(requireFeesPaid(dossier, 'BEFORE_RESULT')).resolves.toBeUndefined();
    // Paying twice is refused.
    const again = await call(api(), 'POST', `/lookup/${code}/payments`, { headers });
    expect(again.body).toMatchObject({ code: 'FEE_ALREADY_PAID' });
  });

  it('a procedure whose fees are paid at the centre (2.001610) is submitted without paying online', async () => {
    const dossierId = await draftWithDocuments(api(), [{ requirementId: 'd1', ...pdf }]);
    expect((await submitDraft(dossierId.dossierId)).status).toBe(201);
  });
});
