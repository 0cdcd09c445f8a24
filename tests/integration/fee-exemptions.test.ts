import { describe, expect, it } from 'vitest';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { monthlyRows } from '../../shared/adapters/stats-repository.ts';
import type { ResultDownload } from '../../shared/contracts/dossier.ts';
import type { FeeStatus } from '../../shared/services/payments.ts';
import { registerCsv, registerRows } from '../../shared/services/register.ts';
import { call, draftWithDocuments, individual, newKey, useLocalStack } from '../support/api.ts';
import { pdfBytes, pngBytes } from '../support/files.ts';
import {
  accept,
  bearer,
  decide,
  emailsAbout,
  MON_2026_03_02_0900,
  type Submitted,
  staff,
  version,
} from '../support/workflow.ts';

/**
 * Fee exemptions checked by the reception officer (docs/payments.md, "Exemptions"), on the real
 * handlers and the local engines: the citizen claims one with the draft, the reception officer
 * confirms or refuses it at intake, a refused one is paid through the VNPAY sandbox before the
 * result; the counter applies one at registration. 1.013219: 90.000 ₫ with the dossier, exempt for
 * a person with a severe disability (exemption 0) or a poor household (exemption 1).
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });
const api = () => stack().urls.api;
const pdf = { bytes: pdfBytes(), contentType: 'application/pdf' };

const FIELDS = {
  fullName: 'Nguyễn Văn An',
  nationality: 'Việt Nam',
  passportNumber: 'C1234567',
  practiceField: 'Thiết kế',
};

/** An online draft of 1.013219, every document uploaded, the result returned online (or as chosen). */
async function certificateDraft(delivery = 'ONLINE') {
  const { dossierId } = await draftWithDocuments(
    api(),
    [
      { requirementId: 'd1', ...pdf },
      { requirementId: 'd2', ...pdf },
      { requirementId: 'd3', ...pdf },
      { requirementId: 'd4', bytes: pngBytes(), contentType: 'image/png' },
    ],
    {
      procedureCode: '1.013219',
      applicant: individual({ email: 'an.nguyen@example.vn' }),
      fields: FIELDS,
      delivery: { method: delivery },
    },
  );
  return dossierId;
}

const claim = (dossierId: string, claims: unknown) =>
  call<FeeStatus>(api(), 'PUT', `/dossiers/${dossierId}/fee-exemptions`, { body: { claims } });

async function submitDraft(dossierId: string): Promise<Submitted> {
  const res = await call<{ code: string; lookupSecret: string }>(
    api(),
    'POST',
    `/dossiers/${dossierId}/submit`,
    {
      headers: { 'idempotency-key': newKey() },
    },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await stack().sfn.settle();
  return { dossierId, code: res.body.code, secret: res.body.lookupSecret, executionArn: '' };
}

const intake = (d: { dossierId: string }, body: Record<string, unknown>, as?: string) =>
  staff(stack(), 'POST', `/staff/dossiers/${d.dossierId}/intake`, body, as);

const lookupFees = async (d: Submitted) =>
  (
    await call<FeeStatus>(api(), 'GET', `/lookup/${d.code}/fees`, {
      headers: { 'x-lookup-secret': d.secret },
    })
  ).body;

const download = (d: Submitted) =>
  call<ResultDownload & { code?: string }>(api(), 'GET', `/lookup/${d.code}/result`, {
    headers: { 'x-lookup-secret': d.secret },
  });

const events = async (dossierId: string) => (await getDossier(dossierId))!.events;

const collected = async () =>
  (await monthlyRows('2026-03', '2026-03'))
    .filter((r) => r.procedureCode === '1.013219' && r.departmentId === 'SXD')
    .reduce((n, r) => n + (r.values.feesCollectedVnd ?? 0), 0);

/** The citizen pays the fees due before the result on the look-up page, in the VNPAY sandbox. */
async function payBeforeResult(d: Submitted) {
  const started = await call<{ payUrl: string; txnRef: string; amountVnd: number }>(
    api(),
    'POST',
    `/lookup/${d.code}/payments`,
    { headers: { 'x-lookup-secret': d.secret } },
  );
  expect(started.status).toBe(201);
  expect(started.body.amountVnd).toBe(90_000);
  expect((await fetch(started.body.payUrl)).status).toBe(200);
  const chosen = await fetch(`${api()}/_local/vnpay/choose`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ txnRef: started.body.txnRef, choice: 'pay' }).toString(),
    redirect: 'manual',
  });
  expect(chosen.status).toBe(302);
}

/** The department completes its step with a result PDF: returned online at once. */
async function completeOnline(d: Submitted) {
  const done = await decide(stack(), d, 'S01', { action: 'COMPLETE' });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  expect((await getDossier(d.dossierId))!.dossier.status).toBe('RETURNED');
}

describe('an exemption claimed online and confirmed at intake', () => {
  it('is not collected at submission, is confirmed with the officer’s name, and the result is handed over free', async () => {
    const dossierId = await certificateDraft();
    const before = (await call<FeeStatus>(api(), 'GET', `/dossiers/${dossierId}/fees`)).body;
    expect(before.stages.AT_SUBMISSION).toEqual({ amountVnd: 90_000, required: true });
    expect(before.due.items[0]!.claimable).toEqual([
      expect.objectContaining({ exemption: 0, legalBasis: expect.stringContaining('97/2015/QH13') }),
      expect.objectContaining({ exemption: 1, description: expect.stringContaining('hộ nghèo') }),
    ]);

    const claimed = await claim(dossierId, [{ fee: 0, exemption: 0 }]);
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    expect(claimed.body.stages.AT_SUBMISSION).toEqual({ amountVnd: 0, required: false });
    expect(claimed.body.due.items[0]).toMatchObject({
      amountVnd: 0,
      listedVnd: 90_000,
      claim: { status: 'CLAIMED', exemption: 0, description: expect.stringContaining('khuyết tật') },
    });
    // Nothing to pay online now.
    expect((await call(api(), 'POST', `/dossiers/${dossierId}/payments`)).body).toMatchObject({
      code: 'FEE_NOT_DUE',
    });

    // Submitted without paying: the claim goes in with it and waits for the reception officer.
    const d = await submitDraft(dossierId);
    const submittedEvent = (await events(dossierId)).find((e) => e.type === 'SUBMITTED')!;
    expect(submittedEvent.data).toMatchObject({ feeExemptionsClaimed: [{ fee: 0, exemption: 0 }] });
    expect((await lookupFees(d)).due.items[0]!.claim).toMatchObject({ status: 'CLAIMED' });

    // The dossier cannot be accepted while the claim is undecided; nothing changes.
    const early = await getDossier(dossierId);
    const refusedAccept = await accept(stack(), d);
    expect(refusedAccept.status).toBe(409);
    expect(refusedAccept.body).toMatchObject({ code: 'FEE_EXEMPTION_UNDECIDED' });
    expect(await getDossier(dossierId)).toEqual(early);

    // Another department's officer may not decide it.
    const v = await version(dossierId);
    const outsider = await intake(d, { decision: 'CONFIRM_EXEMPTION', version: v, fee: 0 }, 'sxd.chuyenvien');
    expect(outsider.status).toBe(403);
    expect(outsider.headers.get('content-type')).toContain('application/problem+json');
    // A decision on an item nobody claimed, and a refusal without a reason, are refused.
    expect((await intake(d, { decision: 'CONFIRM_EXEMPTION', version: v, fee: 3 })).body).toMatchObject({
      code: 'FEE_EXEMPTION_UNKNOWN',
      status: 422,
    });
    expect((await intake(d, { decision: 'REFUSE_EXEMPTION', version: v, fee: 0 })).status).toBe(400);
    // A stale version is a conflict.
    expect((await intake(d, { decision: 'CONFIRM_EXEMPTION', version: v - 1, fee: 0 })).body).toMatchObject({
      code: 'DOSSIER_CONFLICT',
    });
    expect(await getDossier(dossierId)).toEqual(early);

    const confirmed = await intake(d, { decision: 'CONFIRM_EXEMPTION', version: v, fee: 0 });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body).toMatchObject({ dossierId, version: v + 1 });
    const record = (await getDossier(dossierId))!.dossier.feeExemptions![0]!;
    expect(record).toMatchObject({
      status: 'CONFIRMED',
      decidedBy: 'local-tiepnhan.1',
      decidedByName: 'Lê Thị Tiếp Nhận',
      decidedAt: '2026-03-02T02:00:00.000Z',
    });
    const confirmedEvents = (await events(dossierId)).filter((e) => e.type === 'FEE_EXEMPTION_CONFIRMED');
    expect(confirmedEvents).toEqual([
      expect.objectContaining({
        actor: { kind: 'STAFF', id: 'local-tiepnhan.1', name: 'Lê Thị Tiếp Nhận' },
        at: '2026-03-02T02:00:00.000Z',
        data: { fee: 0, exemption: 0, amountVnd: 90_000 },
      }),
    ]);
    // The same decision again (a retry after a lost answer) changes nothing; another is refused.
    const retried = await intake(d, { decision: 'CONFIRM_EXEMPTION', version: v, fee: 0 });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ version: v + 1 });
    const twice = await intake(d, { decision: 'REFUSE_EXEMPTION', version: v + 1, fee: 0, reason: 'Sai' });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'FEE_EXEMPTION_DECIDED' });
    expect((await events(dossierId)).filter((e) => e.type.startsWith('FEE_EXEMPTION'))).toHaveLength(1);

    // Accepted, completed, returned online: no fee is due, the result is handed over.
    expect((await accept(stack(), d)).status).toBe(200);
    const fees = await lookupFees(d);
    expect(fees.stages).toEqual({
      AT_SUBMISSION: { amountVnd: 0, required: false },
      BEFORE_RESULT: { amountVnd: 0, required: false },
    });
    expect(fees.due.items[0]).toMatchObject({
      exemption: expect.stringContaining('khuyết tật'),
      listedVnd: 90_000,
    });
    await completeOnline(d);
    expect((await download(d)).status).toBe(200);

    // Nothing was collected: the statistics and the register say so, and the register shows it.
    expect(await collected()).toBe(0);
    const rows = await registerRows({ from: '2026-03-02', to: '2026-03-02', department: 'SXD' });
    const row = rows.find((r) => r.dossierId === dossierId)!;
    expect(row.feesPaidVnd).toBeUndefined();
    expect(row.feeExemptions).toEqual([expect.objectContaining({ status: 'CONFIRMED', amountVnd: 90_000 })]);
    expect(registerCsv(rows)).toContain('được miễn 90000 đồng (Người khuyết tật');
  });
});

describe('an exemption claimed online and refused at intake', () => {
  it('makes the fee payable before the result: the citizen is told, pays through the sandbox, and gets the result', async () => {
    const dossierId = await certificateDraft();
    expect((await claim(dossierId, [{ fee: 0, exemption: 1 }])).status).toBe(200);
    const d = await submitDraft(dossierId);
    const v = await version(dossierId);
    const reason = 'Giấy chứng nhận hộ nghèo đã hết hiệu lực';
    const refused = await intake(d, { decision: 'REFUSE_EXEMPTION', version: v, fee: 0, reason });
    expect(refused.status, JSON.stringify(refused.body)).toBe(200);
    expect((await getDossier(dossierId))!.dossier.feeExemptions![0]).toMatchObject({
      status: 'REFUSED',
      reason,
      decidedByName: 'Lê Thị Tiếp Nhận',
    });
    expect((await events(dossierId)).find((e) => e.type === 'FEE_EXEMPTION_REFUSED')).toMatchObject({
      actor: { kind: 'STAFF', id: 'local-tiepnhan.1', name: 'Lê Thị Tiếp Nhận' },
      data: { fee: 0, exemption: 1, amountVnd: 90_000 },
    });
    // The citizen is told, with the reason and the amount.
    const told = (await emailsAbout(stack(), d.code)).filter((e) => e.subject.includes('Không được miễn'));
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain(reason);
    expect(told[0]!.text).toContain('90.000 đồng');
    // The look-up page: on the timeline, and due before the result, online.
    const looked = await call<{ timeline: { type: string; label: { vi: string } }[] }>(
      api(),
      'GET',
      `/lookup/${d.code}`,
      { headers: { 'x-lookup-secret': d.secret } },
    );
    expect(looked.body.timeline.map((e) => e.type)).toContain('FEE_EXEMPTION_REFUSED');
    const due = await lookupFees(d);
    expect(due.stages.BEFORE_RESULT).toEqual({ amountVnd: 90_000, required: true });
    expect(due.due.items[0]).toMatchObject({
      payableAt: 'BEFORE_RESULT',
      claim: { status: 'REFUSED', reason },
    });

    expect((await accept(stack(), d)).status).toBe(200);
    await completeOnline(d);
    const unpaid = await download(d);
    expect(unpaid.status).toBe(402);
    expect(unpaid.body).toMatchObject({ code: 'FEE_NOT_PAID' });

    await payBeforeResult(d);
    expect((await lookupFees(d)).stages.BEFORE_RESULT.paid).toMatchObject({ amountVnd: 90_000 });
    expect((await download(d)).status).toBe(200);
    expect(await collected()).toBe(90_000);
  });

  it('holds the result at the counter too until the fee is paid', async () => {
    const dossierId = await certificateDraft('AT_CENTRE');
    expect((await claim(dossierId, [{ fee: 0, exemption: 0 }])).status).toBe(200);
    const d = await submitDraft(dossierId);
    const refused = await intake(d, {
      decision: 'REFUSE_EXEMPTION',
      version: await version(dossierId),
      fee: 0,
      reason: 'Không có giấy xác nhận mức độ khuyết tật',
    });
    expect(refused.status).toBe(200);
    expect((await accept(stack(), d)).status).toBe(200);
    expect((await decide(stack(), d, 'S01', { action: 'COMPLETE' })).status).toBe(200);
    expect((await getDossier(dossierId))!.dossier.status).toBe('RESULT_READY');
    const handBack = async () =>
      staff(stack(), 'POST', `/staff/dossiers/${dossierId}/hand-back`, { version: await version(dossierId) });
    const before = await getDossier(dossierId);
    const held = await handBack();
    expect(held.status).toBe(402);
    expect(held.body).toMatchObject({ code: 'FEE_NOT_PAID', amountVnd: 90_000 });
    expect(await getDossier(dossierId)).toEqual(before);
    await payBeforeResult(d);
    const handed = await handBack();
    expect(handed.status, JSON.stringify(handed.body)).toBe(200);
    expect((await getDossier(dossierId))!.dossier.status).toBe('RETURNED');
  });
});

describe('bad claims and decisions', () => {
  it('refuses unknown and unclaimable exemptions with 4xx problem+json and writes nothing', async () => {
    const dossierId = await certificateDraft();
    const before = await getDossier(dossierId);
    const cases: [unknown, number, string][] = [
      [[{ fee: 0, exemption: 5 }], 422, 'FEE_EXEMPTION_UNKNOWN'],
      [[{ fee: 2, exemption: 0 }], 422, 'FEE_EXEMPTION_UNKNOWN'],
      [
        [
          { fee: 0, exemption: 0 },
          { fee: 0, exemption: 1 },
        ],
        400,
        'VALIDATION_FAILED',
      ],
      [[{ fee: -1, exemption: 0 }], 400, 'VALIDATION_FAILED'],
      ['all', 400, 'VALIDATION_FAILED'],
    ];
    for (const [claims, status, code] of cases) {
      const res = await claim(dossierId, claims);
      expect(res.status, JSON.stringify(claims)).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ code });
    }
    expect(await getDossier(dossierId)).toEqual(before);

    // 2.001610: its first item has no exemption; its second one applies by itself to an online filing.
    const { dossierId: other } = await draftWithDocuments(api(), [{ requirementId: 'd1', ...pdf }]);
    const otherBefore = await getDossier(other);
    expect((await claim(other, [{ fee: 0, exemption: 0 }])).body).toMatchObject({
      code: 'FEE_EXEMPTION_UNKNOWN',
    });
    const automatic = await claim(other, [{ fee: 1, exemption: 0 }]);
    expect(automatic.status).toBe(422);
    expect(automatic.body).toMatchObject({ code: 'FEE_EXEMPTION_NOT_CLAIMABLE' });
    expect(await getDossier(other)).toEqual(otherBefore);

    // A claim withdrawn before submission is collected as usual; after submission nothing changes.
    expect((await claim(dossierId, [{ fee: 0, exemption: 0 }])).status).toBe(200);
    const withdrawn = await claim(dossierId, []);
    expect(withdrawn.body.stages.AT_SUBMISSION).toEqual({ amountVnd: 90_000, required: true });
    const refused = await call(api(), 'POST', `/dossiers/${dossierId}/submit`, {
      headers: { 'idempotency-key': newKey() },
    });
    expect(refused.status).toBe(402);
    expect((await claim(dossierId, [{ fee: 0, exemption: 0 }])).status).toBe(200);
    const d = await submitDraft(dossierId);
    const late = await claim(dossierId, []);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'DOSSIER_NOT_DRAFT' });
    expect((await lookupFees(d)).due.items[0]!.claim).toMatchObject({ status: 'CLAIMED' });
  });
});

describe('an exemption applied at the counter', () => {
  it('is confirmed at registration with the officer’s name, and checked like a claim', async () => {
    const officer = await bearer(stack(), 'tiepnhan.1');
    const body = (feeExemptions: unknown) => ({
      procedureCode: '1.013219',
      applicant: individual(),
      fields: FIELDS,
      delivery: { method: 'AT_CENTRE' },
      channel: 'COUNTER',
      feeExemptions,
    });
    const bad = await call(api(), 'POST', '/staff/walk-in/dossiers', {
      body: body([{ fee: 0, exemption: 9 }]),
      headers: { ...officer, 'idempotency-key': newKey() },
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ code: 'FEE_EXEMPTION_UNKNOWN' });

    const created = await call<{ dossierId: string }>(api(), 'POST', '/staff/walk-in/dossiers', {
      body: body([{ fee: 0, exemption: 0 }]),
      headers: { ...officer, 'idempotency-key': newKey() },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const found = (await getDossier(created.body.dossierId))!;
    expect(found.dossier.feeExemptions).toEqual([
      expect.objectContaining({
        status: 'CONFIRMED',
        atCounter: true,
        decidedBy: 'local-tiepnhan.1',
        decidedByName: 'Lê Thị Tiếp Nhận',
      }),
    ]);
    expect(found.events.find((e) => e.type === 'FEE_EXEMPTION_CONFIRMED')).toMatchObject({
      actor: { kind: 'STAFF', id: 'local-tiepnhan.1', name: 'Lê Thị Tiếp Nhận' },
      data: { fee: 0, exemption: 0, atCounter: true, amountVnd: 90_000 },
    });
  });
});
