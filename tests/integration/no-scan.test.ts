import { describe, expect, it } from 'vitest';
import { RATING_INDICES } from '../../shared/contracts/dossier.ts';
import { ROUTES } from '../../shared/contracts/routes.ts';
import { call, draftWithDocuments, newKey, useLocalStack } from '../support/api.ts';
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
    const submitted = await hit('POST', `/dossiers/${dossierId}/submit`, 'SubmitDossier', {
      headers: { 'idempotency-key': newKey() },
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
        size: 1000,
      },
    );
    expect(slot.status).toBe(201);
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
    await staff('POST', `/staff/dossiers/${dossierId}/steps/S01/decision`, 'StepDecision', {
      action: 'COMPLETE',
      version: await version(dossierId),
    });
    const back = await staff('POST', `/staff/dossiers/${dossierId}/hand-back`, 'HandBack', {
      version: await version(dossierId),
    });
    expect(back.status).toBe(200);
    const rated = await hit('POST', `/lookup/${submitted.body.code}/rating`, 'RateDossier', {
      headers: { 'x-lookup-secret': submitted.body.lookupSecret! },
      body: { scores: Object.fromEntries(RATING_INDICES.map((k) => [k, 2])) },
    });
    expect(rated.status).toBe(201);

    const other = await submit(stack());
    const withdrawn = await hit('POST', `/lookup/${other.code}/withdraw`, 'WithdrawDossier', {
      headers: { 'x-lookup-secret': other.secret },
    });
    expect(withdrawn.status).toBe(200);

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

    expect([...exercised].sort()).toEqual(ROUTES.map((r) => r.id).sort());
    const all = stack().calls.snapshot();
    expect(all['dynamodb:Query']).toBeGreaterThan(0);
    expect(all['dynamodb:Scan'] ?? 0).toBe(0);
  });
});
