import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/local/stack.ts';
import { flagDossier, getDossier } from '../../shared/adapters/dossier-repository.ts';
import { newEventId } from '../../shared/adapters/ids.ts';
import type { UploadSlot } from '../../shared/contracts/dossier.ts';
import { RATING_INDICES } from '../../shared/contracts/dossier.ts';
import { ROUTES } from '../../shared/contracts/routes.ts';
import { call, draftWithDocuments, newKey, uploadToSlot, useLocalStack } from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';
import { bearer, MON_2026_03_02_0900, submit, userFor, version } from '../support/workflow.ts';

const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });
const api = () => stack().urls.api;

/**
 * ARCHITECTURE.md invariant 5: no Scan in any request path. The local DynamoDB counts every
 * operation it receives (from our clients, from libraries and from the workflow), so a Scan
 * anywhere shows up.
 */
describe('request paths', () => {
  it('exercise every route without a single DynamoDB Scan, and look-up costs one call', async () => {
    const exercised = new Set<string>();

    const hit = async (
      method: string,
      path: string,
      routeId: string,
      opts: Parameters<typeof call>[3] = {},
    ) => {
      exercised.add(routeId);
      const res = await call<Record<string, string>>(api(), method, path, opts);
      await stack().sfn.settle();
      return res;
    };
    await hit('GET', '/procedures?q=doanh%20nghiep', 'ListProcedures');
    await hit('GET', '/procedures/2.001610', 'GetProcedure');
    await hit('GET', '/departments', 'ListDepartments');
    exercised.add('CreateDossier');
    exercised.add('CreateUploadSlots');
    const { dossierId } = await draftWithDocuments(api(), [
      { requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' },
    ]);
    // A file chosen by mistake, taken off the draft again before submitting.
    const extra = await hit('POST', `/dossiers/${dossierId}/uploads`, 'CreateUploadSlots', {
      body: {
        documents: [{ requirementId: 'd1', fileName: 'nham.pdf', contentType: 'application/pdf', size: 100 }],
      },
    });
    const removed = await hit(
      'DELETE',
      `/dossiers/${dossierId}/uploads/${(extra.body as unknown as { slots: UploadSlot[] }).slots[0]!.documentId}`,
      'RemoveUpload',
    );
    expect(removed.status).toBe(200);
    // No exemption of this procedure is checked by an officer: the claims are an empty set.
    const claims = await hit('PUT', `/dossiers/${dossierId}/fee-exemptions`, 'ClaimFeeExemptions', {
      body: { claims: [] },
    });
    expect(claims.status).toBe(200);
    const submitted = await hit('POST', `/dossiers/${dossierId}/submit`, 'SubmitDossier', {
      headers: { 'idempotency-key': newKey() },
    });
    // Fees (docs/payments.md): this procedure's fees are paid at the centre, so none is due online.
    const secret = { 'x-lookup-secret': submitted.body.lookupSecret! };
    expect((await hit('GET', `/dossiers/${dossierId}/fees`, 'DraftFees')).status).toBe(200);
    expect((await hit('POST', `/dossiers/${dossierId}/payments`, 'StartDraftPayment')).status).toBe(409);
    const feesPath = `/lookup/${submitted.body.code}`;
    expect((await hit('GET', `${feesPath}/fees`, 'LookupFees', { headers: secret })).status).toBe(200);
    expect(
      (await hit('POST', `${feesPath}/payments`, 'StartLookupPayment', { headers: secret })).status,
    ).toBe(409);
    expect((await hit('GET', '/payments/vnpay/ipn?vnp_TxnRef=x', 'PaymentNotification')).body).toMatchObject({
      RspCode: '97',
    });
    expect((await hit('GET', '/payments/vnpay/return?vnp_TxnRef=x', 'PaymentReturn')).body).toEqual({
      verified: false,
    });
    const before = stack().calls.snapshot();
    const lookup = await call(api(), 'GET', `/lookup/${submitted.body.code}`, {
      headers: { 'x-lookup-secret': submitted.body.lookupSecret! },
    });
    exercised.add('LookupDossier');
    expect(lookup.status).toBe(200);
    expect(stack().calls.since(before)).toEqual({ 'dynamodb:Query': 1 });

    const staff = async (method: string, path: string, routeId: string, body?: unknown) =>
      hit(method, path, routeId, {
        headers: await bearer(stack(), await userFor(method, path)),
        ...(body === undefined ? {} : { body }),
      });
    expect((await staff('GET', `/staff/dossiers/${dossierId}`, 'GetStaffDossier')).status).toBe(200);
    const accepted = await staff('POST', `/staff/dossiers/${dossierId}/intake`, 'IntakeDecision', {
      decision: 'ACCEPT',
      version: await version(dossierId),
    });
    expect(accepted.status).toBe(200);
    exercised.add('AssignHandler');
    const assigned = await call(api(), 'POST', `/staff/dossiers/${dossierId}/steps/S01/assign`, {
      headers: await bearer(stack(), 'stc.truongphong'),
      body: { version: await version(dossierId), handlerId: 'local-stc.chuyenvien' },
    });
    expect(assigned.status).toBe(200);
    await stack().sfn.settle();
    const noted = await staff('POST', `/staff/dossiers/${dossierId}/notes`, 'AddNote', {
      text: 'Đang thẩm định',
    });
    expect(noted.status).toBe(201);
    const slot = await staff(
      'POST',
      `/staff/dossiers/${dossierId}/steps/S01/result-uploads`,
      'ResultUpload',
      {
        fileName: 'ket-qua.pdf',
        // Exactly the size uploaded: the result's stored size must equal the declared one.
        size: pdfBytes().length,
      },
    );
    expect(slot.status).toBe(201);
    const resultSlot = (slot.body as unknown as { slot: UploadSlot }).slot;
    expect(await uploadToSlot(resultSlot, pdfBytes(), 'application/pdf')).toBeLessThan(300);
    const asked = await staff('POST', `/staff/dossiers/${dossierId}/steps/S01/decision`, 'StepDecision', {
      action: 'REQUEST_SUPPLEMENT',
      version: await version(dossierId),
      missing: ['Bản sao giấy tờ'],
    });
    expect(asked.status).toBe(200);
    const slots = await hit('POST', `/lookup/${submitted.body.code}/uploads`, 'SupplementUploads', {
      headers: { 'x-lookup-secret': submitted.body.lookupSecret! },
      body: {
        documents: [{ requirementId: 'd2', fileName: 'cccd.pdf', contentType: 'application/pdf', size: 900 }],
      },
    });
    expect(slots.status).toBe(201);
    const supplied = await hit('POST', `/lookup/${submitted.body.code}/supplement`, 'ProvideSupplement', {
      headers: { 'x-lookup-secret': submitted.body.lookupSecret! },
    });
    expect(supplied.status).toBe(200);
    const completed = await staff('POST', `/staff/dossiers/${dossierId}/steps/S01/decision`, 'StepDecision', {
      action: 'COMPLETE',
      version: await version(dossierId),
      resultDocumentId: resultSlot.documentId,
    });
    expect(completed.status, JSON.stringify(completed.body)).toBe(200);
    const back = await staff('POST', `/staff/dossiers/${dossierId}/hand-back`, 'HandBack', {
      version: await version(dossierId),
    });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    const rated = await hit('POST', `/lookup/${submitted.body.code}/rating`, 'RateDossier', {
      headers: { 'x-lookup-secret': submitted.body.lookupSecret! },
      body: { scores: Object.fromEntries(RATING_INDICES.map((k) => [k, 2])) },
    });
    expect(rated.status).toBe(201);
    // Collected at the centre: nothing to download online (tests/integration/result-delivery.test.ts).
    const result = await hit('GET', `/lookup/${submitted.body.code}/result`, 'ResultDownload', {
      headers: { 'x-lookup-secret': submitted.body.lookupSecret! },
    });
    expect(result.status).toBe(409);
    const checked = await hit(
      'GET',
      `/lookup/${submitted.body.code}/result/verification`,
      'ResultVerification',
      {
        headers: { 'x-lookup-secret': submitted.body.lookupSecret! },
      },
    );
    expect(checked.status).toBe(409);
    // Anyone's PDF, checked against the record: by hash and certificate fingerprint, two reads at most.
    const verified = await hit('POST', '/verify', 'VerifyPdf', {
      headers: { 'content-type': 'application/pdf' },
      rawBody: pdfBytes().toString('latin1'),
    });
    expect(verified.status).toBe(200);

    const other = await submit(stack());
    const withdrawn = await hit('POST', `/lookup/${other.code}/withdraw`, 'WithdrawDossier', {
      headers: { 'x-lookup-secret': other.secret },
    });
    expect(withdrawn.status).toBe(200);
    // A workflow failure the centre resumes (flagged here as the workflow's failure task does).
    const failed = (await getDossier(other.dossierId))!.dossier;
    const at = '2026-03-02T03:00:00.000Z';
    expect(
      await flagDossier(
        failed,
        { at, reason: 'Error at step S01: test' },
        {
          eventId: newEventId(),
          type: 'WORKFLOW_FAILED',
          at,
          actor: { kind: 'SYSTEM', id: 'workflow' },
          toStatus: failed.status,
        },
      ),
    ).toBe(true);
    const resumed = await hit(
      'POST',
      `/staff/dossiers/${other.dossierId}/workflow/resume`,
      'ResumeWorkflow',
      {
        headers: await bearer(stack(), 'lanhdao.ttpvhcc'),
        body: { flaggedAt: at, note: 'Đã khắc phục' },
      },
    );
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);

    // The forms: this test only counts their DynamoDB calls (tests/integration/forms.test.ts checks them).
    await hit('GET', `/lookup/${submitted.body.code}/receipt.pdf`, 'ReceiptPdf', {
      headers: { 'x-lookup-secret': submitted.body.lookupSecret! },
    });
    await staff('GET', `/staff/dossiers/${dossierId}/forms/05`, 'DossierFormPdf');

    const queue = await staff('GET', '/staff/inbox?view=all&department=STC', 'Inbox');
    expect(queue.status).toBe(200);
    const notes = await hit('GET', '/staff/notifications', 'ListNotifications', {
      headers: await bearer(stack(), 'stc.chuyenvien'),
    });
    expect(notes.status).toBe(200);
    const first = (notes.body as unknown as { items: { notificationId: string }[] }).items[0]!;
    const read = await hit('POST', `/staff/notifications/${first.notificationId}/read`, 'ReadNotification', {
      headers: await bearer(stack(), 'stc.chuyenvien'),
    });
    expect(read.status).toBe(200);

    const year = await staff('GET', '/admin/calendar/2027', 'GetCalendarYear');
    expect(year.status).toBe(200);
    const put = await staff('PUT', '/admin/calendar/2027', 'PutCalendarYear', year.body);
    expect(put.status).toBe(200);

    // The counter queue: kiosk, counter, hall display, rating tablet, figures.
    const ticket = await hit('POST', '/queue/tickets', 'TakeTicket', { body: { departmentId: 'STC' } });
    expect(ticket.status).toBe(201);
    expect((await hit('GET', '/queue/lines', 'QueueLines')).status).toBe(200);
    expect((await hit('GET', `/queue/tickets/${ticket.body.ticketId}`, 'GetTicket')).status).toBe(200);
    const counterPath = '/staff/queue/counters/STC-01';
    for (const body of [{ action: 'OPEN' }, { action: 'CALL_NEXT' }])
      expect((await staff('POST', `${counterPath}/actions`, 'CounterAction', body)).status).toBe(200);
    expect((await staff('GET', counterPath, 'GetCounter')).status).toBe(200);
    expect((await hit('GET', '/queue/display', 'QueueDisplay')).status).toBe(200);
    const linked = await staff(
      'POST',
      `/staff/queue/tickets/${ticket.body.ticketId}/dossier`,
      'LinkTicketDossier',
      {
        dossier: submitted.body.code,
      },
    );
    expect(linked.status).toBe(200);
    const served = await staff('POST', `${counterPath}/actions`, 'CounterAction', {
      action: 'SERVED',
      ticketId: ticket.body.ticketId,
    });
    expect(served.status).toBe(200);
    expect((await hit('GET', '/queue/counters/STC-01/rating', 'CounterRatingTarget')).status).toBe(200);
    const counterRating = await hit('POST', '/queue/counters/STC-01/rating', 'RateCounterService', {
      body: {
        ticketId: ticket.body.ticketId,
        ratingCode: ticket.body.ratingCode,
        scores: Object.fromEntries(RATING_INDICES.map((k) => [k, 2])),
      },
    });
    expect(counterRating.status, JSON.stringify(counterRating.body)).toBe(201);
    expect((await staff('GET', '/staff/queue/stats?month=2026-03', 'CounterStats')).status).toBe(200);
    expect((await staff('GET', '/staff/officers?department=STC', 'ListStaff')).status).toBe(200);

    // Walk-in registration at the counter (issue 9): draft, paper ticks, a scan, submit.
    const walkIn = await staff('POST', '/staff/walk-in/dossiers', 'WalkInCreate', undefined);
    expect(walkIn.status).toBe(400); // no Idempotency-Key: refused before anything is read
    const registered = await hit('POST', '/staff/walk-in/dossiers', 'WalkInCreate', {
      headers: { ...(await bearer(stack(), 'tiepnhan.1')), 'idempotency-key': newKey() },
      body: {
        procedureCode: '2.001610',
        applicant: {
          type: 'INDIVIDUAL',
          fullName: 'Trần Văn Quầy',
          idNumber: '019190004321',
          phone: '0987654321',
          address: 'Số 1, phường Phan Đình Phùng, tỉnh Thái Nguyên',
        },
        fields: {
          enterpriseName: 'Doanh nghiệp tư nhân Quầy',
          headOfficeAddress: 'Số 1, phường Phan Đình Phùng, tỉnh Thái Nguyên',
          mainBusinessLine: 'Bán lẻ',
          investedCapitalVnd: 100_000_000,
        },
        delivery: { method: 'AT_CENTRE' },
        channel: 'COUNTER',
      },
    });
    expect(registered.status).toBe(201);
    const walkInId = registered.body.dossierId!;
    const ticked = await staff('PUT', `/staff/walk-in/dossiers/${walkInId}/paper`, 'WalkInPaperDocuments', {
      version: await version(walkInId),
      received: ['d1'],
    });
    expect(ticked.status).toBe(200);
    const scanPdf = pdfBytes();
    const scanSlots = await staff('POST', `/staff/walk-in/dossiers/${walkInId}/uploads`, 'WalkInUploads', {
      documents: [
        { requirementId: 'd1', fileName: 'scan.pdf', contentType: 'application/pdf', size: scanPdf.length },
      ],
    });
    expect(scanSlots.status).toBe(201);
    const scanSlot = (scanSlots.body as unknown as { slots: UploadSlot[] }).slots[0]!;
    expect(await uploadToSlot(scanSlot, scanPdf, 'application/pdf')).toBeLessThan(300);
    const walkInSubmitted = await hit('POST', `/staff/walk-in/dossiers/${walkInId}/submit`, 'WalkInSubmit', {
      headers: { ...(await bearer(stack(), 'tiepnhan.1')), 'idempotency-key': newKey() },
    });
    expect(walkInSubmitted.status).toBe(201);

    // Statistics and the register (issue 7).
    expect((await hit('GET', '/statistics?from=2026-01&to=2026-12', 'PublicStatistics')).status).toBe(200);
    expect((await staff('GET', '/staff/statistics?from=2026-01&to=2026-12', 'StaffStatistics')).status).toBe(
      200,
    );
    const register = await staff(
      'GET',
      '/staff/reports/register?from=2026-03-01&to=2026-03-31',
      'DossierRegister',
    );
    expect(register.status).toBe(200);

    // Administration and audit (issue 7, items 5–6).
    const versions = await staff('GET', '/admin/procedures/2.001610/versions', 'ListProcedureVersions');
    expect(versions.status).toBe(200);
    const newVersion = await staff('POST', '/admin/procedures/2.001610/versions', 'CreateProcedureVersion', {
      baseVersion: versions.body.latest,
      effectiveFrom: '2026-06-01',
      name: 'Đăng ký thành lập doanh nghiệp tư nhân',
    });
    expect(newVersion.status).toBe(201);
    const stc = JSON.parse(readFileSync(path.join(REPO_ROOT, 'data', 'departments.json'), 'utf8'))
      .departments[0];
    const { id: deptId, ...dept } = stc;
    expect((await staff('GET', '/admin/departments', 'ListAdminDepartments')).status).toBe(200);
    const deptRead = await staff('GET', `/admin/departments/${deptId}`, 'GetAdminDepartment');
    expect(deptRead.status).toBe(200);
    expect(
      (
        await staff('PUT', `/admin/departments/${deptId}`, 'SaveDepartment', {
          ...dept,
          version: deptRead.body.version,
        })
      ).status,
    ).toBe(200);
    expect((await staff('GET', '/admin/staff-users', 'ListStaffUsers')).status).toBe(200);
    const user = await staff('POST', '/admin/staff-users', 'CreateStaffUser', {
      email: 'khong.scan@ttpvhcc.local',
      name: 'Không Quét Bảng',
      role: 'RECEPTION_OFFICER',
    });
    expect(user.status).toBe(201);
    const patched = await staff('PATCH', `/admin/staff-users/${user.body.userId}`, 'UpdateStaffUser', {
      disabled: true,
    });
    expect(patched.status).toBe(200);
    expect((await staff('GET', '/admin/audit?month=2026-03', 'AdminAuditMonth')).status).toBe(200);
    expect((await staff('GET', '/staff/audit/users/local-quantri', 'UserAuditTrail')).status).toBe(200);

    expect([...exercised].sort()).toEqual(ROUTES.map((r) => r.id).sort());
    const all = stack().calls.snapshot();
    expect(all['dynamodb:Query']).toBeGreaterThan(0);
    expect(all['dynamodb:Scan'] ?? 0).toBe(0);
  });
});
