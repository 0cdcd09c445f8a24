import { describe, expect, it } from 'vitest';
import { dailyRows } from '../../shared/adapters/stats-repository.ts';
import type { LookupResponse, ResultDownload, UploadSlot } from '../../shared/contracts/dossier.ts';
import { vnIsoDate } from '../../shared/domain/time.ts';
import { checkPdfSignature } from '../../shared/signing/pdf-signature.ts';
import {
  call,
  draftWithDocuments,
  newKey,
  privateEnterpriseRequest,
  uploadToSlot,
  useLocalStack,
} from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';
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
 * The result reaches the citizen by the way they chose (docs/result-delivery.md): online, the
 * result made available for download is the return; by post, the hand-back records the tracking
 * number. The look-up, the register and the statistics agree on the returned time.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });

async function submitWith(delivery: Record<string, unknown>): Promise<Submitted> {
  const { dossierId } = await draftWithDocuments(
    stack().urls.api,
    [{ requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' }],
    privateEnterpriseRequest({ delivery }),
  );
  const res = await call<{ code: string; lookupSecret: string }>(
    stack().urls.api,
    'POST',
    `/dossiers/${dossierId}/submit`,
    { headers: { 'idempotency-key': newKey() } },
  );
  expect(res.status).toBe(201);
  await stack().sfn.settle();
  return { dossierId, code: res.body.code, secret: res.body.lookupSecret, executionArn: '' };
}

const lookup = async (d: Submitted) =>
  (
    await call<LookupResponse>(stack().urls.api, 'GET', `/lookup/${d.code}`, {
      headers: { 'x-lookup-secret': d.secret },
    })
  ).body;

/** The department uploads the result PDF and completes its step with it. */
async function completeWithResult(d: Submitted, bytes = pdfBytes()) {
  const slot = (
    await staff<{ slot: UploadSlot }>(
      stack(),
      'POST',
      `/staff/dossiers/${d.dossierId}/steps/S01/result-uploads`,
      { fileName: 'Giấy chứng nhận.pdf', size: bytes.length },
      'stc.chuyenvien',
    )
  ).body.slot;
  expect(await uploadToSlot(slot, bytes, 'application/pdf')).toBeLessThan(300);
  const done = await decide(stack(), d, 'S01', { action: 'COMPLETE', resultDocumentId: slot.documentId });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
}

describe('online delivery', () => {
  it('returns the result when it is made available: look-up, download, email, register and statistics agree', async () => {
    const d = await submitWith({ method: 'ONLINE' });
    await accept(stack(), d);
    const before = await call(stack().urls.api, 'GET', `/lookup/${d.code}/result`, {
      headers: { 'x-lookup-secret': d.secret },
    });
    expect([before.status, before.body.code]).toEqual([409, 'RESULT_NOT_AVAILABLE']);

    const bytes = pdfBytes();
    await completeWithResult(d, bytes);

    const view = await lookup(d);
    expect(view.status).toBe('RETURNED');
    expect(view.result).toMatchObject({ method: 'ONLINE', download: true });
    expect(view.result!.returnedAt).toBe(view.result!.readyAt);
    expect(view.nextAction).toEqual({ kind: 'RATE' });
    expect(view.holder).toEqual({ kind: 'NONE' });
    const returnedEvent = view.timeline.find((e) => e.type === 'RESULT_RETURNED')!;
    expect(returnedEvent.at).toBe(view.result!.returnedAt);

    // The download: a short-lived link, saved as an attachment, served as the verified PDF.
    const link = await call<ResultDownload>(stack().urls.api, 'GET', `/lookup/${d.code}/result`, {
      headers: { 'x-lookup-secret': d.secret },
    });
    expect(link.status).toBe(200);
    expect(link.body.fileName).toBe(`ket-qua-${d.code}.pdf`);
    const url = new URL(link.body.url);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('120');
    expect(url.searchParams.get('response-content-disposition')).toMatch(/^attachment; filename="ket-qua-/);
    expect(url.searchParams.get('response-content-type')).toBe('application/pdf');
    const file = await fetch(link.body.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="ket-qua-${d.code}.pdf"; filename*=UTF-8''ket-qua-${d.code}.pdf`,
    );
    expect(file.headers.get('content-type')).toBe('application/pdf');
    // The signed result (docs/pdf-and-signing.md): the upload, then the signature's incremental update.
    const downloaded = Buffer.from(await file.arrayBuffer());
    expect(downloaded.subarray(0, bytes.length - 1).equals(bytes.subarray(0, -1))).toBe(true);
    expect(checkPdfSignature(downloaded)).toMatchObject({ valid: true, subFilter: 'ETSI.CAdES.detached' });

    // A wrong secret is the look-up's one answer.
    const wrong = await call(stack().urls.api, 'GET', `/lookup/${d.code}/result`, {
      headers: { 'x-lookup-secret': 'AAAA-BBBB-CCCC-DDDD' },
    });
    expect(wrong.status).toBe(404);

    // One email says the result is returned online; no second "completed" email follows it.
    const mail = (await emailsAbout(stack(), d.code)).map((m) => m.subject);
    expect(mail).toContain(`[Một Cửa] Kết quả hồ sơ ${d.code} đã được trả trực tuyến`);
    expect(mail).not.toContain(`[Một Cửa] Kết thúc hồ sơ ${d.code}`);
    expect(mail).not.toContain(`[Một Cửa] Đã có kết quả hồ sơ ${d.code}`);

    // The register shows the same returned time; the statistics count it returned on that day.
    const day = vnIsoDate(new Date(view.result!.returnedAt!));
    const register = await call<{ items: { code: string; returnedAt?: string; resultAt?: string }[] }>(
      stack().urls.api,
      'GET',
      `/staff/reports/register?from=${day}&to=${day}`,
      { headers: await bearer(stack(), 'tiepnhan.1') },
    );
    const row = register.body.items.find((r) => r.code === d.code)!;
    expect(row.returnedAt).toBe(view.result!.returnedAt);
    expect(row.resultAt).toBe(view.result!.readyAt);
    const counted = (await dailyRows(day, day))
      .filter((r) => r.departmentId === 'STC')
      .reduce((n, r) => n + (r.values.returned ?? 0), 0);
    expect(counted).toBeGreaterThanOrEqual(1);

    // Rating closes the journey.
    const rated = await call(stack().urls.api, 'POST', `/lookup/${d.code}/rating`, {
      headers: { 'x-lookup-secret': d.secret },
      body: {
        scores: Object.fromEntries(
          [
            'totalTime',
            'unitTime',
            'contacts',
            'agencies',
            'staffAttitude',
            'informationAccuracy',
            'complaintHandling',
            'onlineQuality',
            'resultConformity',
          ].map((k) => [k, 2]),
        ),
      },
    });
    expect(rated.status).toBe(201);
  });
});

describe('postal delivery', () => {
  it('records the tracking number at hand-back and shows it in the look-up and the closing email', async () => {
    const d = await submitWith({ method: 'POST', address: 'Số 5, đường Lương Ngọc Quyến, tỉnh Thái Nguyên' });
    await accept(stack(), d);
    await decide(stack(), d, 'S01', { action: 'COMPLETE' });
    const ready = await lookup(d);
    expect(ready.nextAction).toEqual({ kind: 'COLLECT_RESULT', method: 'POST' });
    const ready_mail = (await emailsAbout(stack(), d.code)).find((m) =>
      m.subject.startsWith('[Một Cửa] Đã có kết quả'),
    )!;
    expect(ready_mail.text).toContain('gửi qua dịch vụ bưu chính');

    const path = `/staff/dossiers/${d.dossierId}/hand-back`;
    const without = await staff(stack(), 'POST', path, { version: await version(d.dossierId) });
    expect(without.status).toBe(400);
    expect(without.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'trackingNumber' }] });
    const bad = await staff(stack(), 'POST', path, {
      version: await version(d.dossierId),
      trackingNumber: 'x',
    });
    expect(bad.status).toBe(400);
    const back = await staff(stack(), 'POST', path, {
      version: await version(d.dossierId),
      trackingNumber: ' ee123456789vn ',
    });
    expect(back.status, JSON.stringify(back.body)).toBe(200);

    const view = await lookup(d);
    expect(view.status).toBe('RETURNED');
    expect(view.result).toMatchObject({ method: 'POST', trackingNumber: 'EE123456789VN', download: false });
    expect(view.timeline.find((e) => e.type === 'RESULT_RETURNED')!.at).toBe(view.result!.returnedAt);
    const closed = (await emailsAbout(stack(), d.code)).find((m) => m.subject.includes('Kết thúc hồ sơ'))!;
    expect(closed.text).toContain('mã vận đơn: EE123456789VN');
  });
});
