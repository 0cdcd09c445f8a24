import { describe, expect, it } from 'vitest';
import { dossierIdByCode } from '../../shared/adapters/dossier-citizen.ts';
import { DOSSIER_CODE_PATTERN } from '../../shared/domain/dossier-code.ts';
import { call } from '../support/api.ts';
import { advanceTo, staff } from '../support/workflow.ts';
import {
  expectAccessible,
  fillPrivateEnterprise,
  pdfFile,
  pngFile,
  screenshots,
  submitButton,
  upload,
  useE2E,
} from './support.ts';

/**
 * A procedure that changes under a citizen's draft (DOMAIN.md: a dossier keeps the version in
 * force on its reception day). The citizen fills in 2.001610 in the browser on Monday 9 March 2026
 * and uploads what version 1 asks for; the administrator then publishes version 2, in force from
 * Tuesday the 10th, which adds a required document. The citizen submits at 16:00 on Monday: past
 * the 15:00 cut-off, so the dossier counts as received on Tuesday and version 2 governs it, even
 * though the public catalogue still shows version 1 that evening. The API answers 409
 * PROCEDURE_VERSION_CHANGED and moves the draft; the page must say so, list the new document as
 * missing, and submit under version 2 once it is uploaded.
 */
const MON_2026_03_09_0900 = Date.parse('2026-03-09T02:00:00Z');
const e2e = useE2E({ clockStartMs: MON_2026_03_09_0900 });

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 50 });

const CODE = '2.001610';
const NEW_DOCUMENT = {
  id: 'd7',
  name: 'Bản sao hợp đồng thuê trụ sở chính',
  originals: 0,
  copies: 1,
  uploadMandatory: true,
  acceptedTypes: ['application/pdf'],
  maxSizeMb: 10,
};
const NOTICE =
  'Thủ tục vừa có phiên bản mới với thành phần hồ sơ khác. Hãy bổ sung giấy tờ theo yêu cầu dưới đây rồi nộp lại.';

interface StoredDraft {
  procedureVersion: number;
  server?: { dossierId: string };
}

describe('a procedure version published while a citizen applies', () => {
  it('tells the citizen, asks for the new document and submits under the new version', async () => {
    const { stack } = e2e();
    const { page } = await e2e().newPage();
    const storedDraft = () =>
      page.evaluate(
        (key) => JSON.parse(localStorage.getItem(key) ?? 'null') as StoredDraft | null,
        `motcua.draft.${CODE}`,
      );

    // Monday morning: the citizen applies under version 1 with its one required document.
    await page.goto(`${e2e().webUrl}/procedures/${CODE}`);
    await page.getByRole('button', { name: 'Bắt đầu nộp hồ sơ' }).click();
    await fillPrivateEnterprise(page);
    await poll(() => page.locator(`#f-documents-${NEW_DOCUMENT.id}`).count()).toBe(0);
    await upload(page, 'd1', pdfFile());
    await upload(page, 'd2', pngFile());
    await submitButton(page).click();
    await page.waitForURL(`**/apply/${CODE}/review`);
    const draft = await storedDraft();
    expect(draft?.procedureVersion).toBe(1);
    const dossierId = draft?.server?.dossierId;
    expect(dossierId).toBeTruthy();

    // The administrator adds a required document from Tuesday.
    const versions = await staff<{ latest: number; latestProcedure: { documents: unknown[] } }>(
      stack,
      'GET',
      `/admin/procedures/${CODE}/versions`,
    );
    expect(versions.body.latest).toBe(1);
    const created = await staff<{ version: number }>(stack, 'POST', `/admin/procedures/${CODE}/versions`, {
      baseVersion: 1,
      effectiveFrom: '2026-03-10',
      documents: [...versions.body.latestProcedure.documents, NEW_DOCUMENT],
      reason: 'Bổ sung giấy tờ về trụ sở chính',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.version).toBe(2);

    // 16:00 on Monday: after the cut-off, so received on Tuesday, when version 2 is in force; the
    // public catalogue still shows Monday's version 1.
    await advanceTo(stack, '2026-03-09 16:00');
    const shown = await call<{ version: number }>(stack.urls.api, 'GET', `/procedures/${CODE}`);
    expect(shown.body.version).toBe(1);

    await page.getByRole('button', { name: 'Đồng ý và nộp hồ sơ' }).click();
    await page.waitForURL(`**/apply/${CODE}/documents`);
    const notice = page.getByRole('alert').filter({ hasText: NOTICE });
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain(NOTICE);
    // The new requirement is on the step, marked required, and listed as missing.
    const field = page.locator(`#f-documents-${NEW_DOCUMENT.id}`);
    await field.waitFor();
    await poll(() => field.textContent()).toContain(NEW_DOCUMENT.name);
    await poll(() => field.textContent()).toContain('Bắt buộc');
    await poll(() => page.locator('.error-summary a').allTextContents()).toEqual([
      `Thiếu: ${NEW_DOCUMENT.name}`,
    ]);
    await poll(() => field.locator('.error-message').textContent()).toContain(`Thiếu: ${NEW_DOCUMENT.name}`);
    // The documents already uploaded are kept.
    await poll(() => page.locator('#f-documents-d1').textContent()).toContain('giay-de-nghi.pdf');
    await poll(() => page.locator('#f-documents-d2').textContent()).toContain('can-cuoc.png');
    // The draft, in the browser and on the server, is on version 2.
    await poll(async () => (await storedDraft())?.procedureVersion).toBe(2);
    expect((await storedDraft())?.server?.dossierId).toBe(dossierId);
    await expectAccessible(page, 'documents after a procedure change (vi)');
    await screenshots(page, 'vi-procedure-changed');

    // A reload the same evening still asks for version 2's documents, although GET
    // /procedures/{code} answers with version 1 until Tuesday.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Tải lên giấy tờ' }).waitFor();
    await poll(() => field.textContent()).toContain(NEW_DOCUMENT.name);
    await poll(() => page.locator('#f-documents-d1').textContent()).toContain('giay-de-nghi.pdf');
    expect((await storedDraft())?.procedureVersion).toBe(2);

    // The citizen adds the new document and submits again.
    await upload(page, NEW_DOCUMENT.id, pdfFile('hop-dong-thue-tru-so.pdf'));
    await submitButton(page).click();
    await page.waitForURL(`**/apply/${CODE}/review`);
    await poll(() => page.locator('main').textContent()).toContain('hop-dong-thue-tru-so.pdf');
    // Before submitting, the citizen corrects an answer: a new server draft holds the new answers,
    // made under version 2 (the form's), so the submission does not meet the change a second time.
    await page.getByRole('link', { name: 'Thay đổi Số điện thoại di động' }).click();
    await page.waitForURL(`**/apply/${CODE}/applicant?from=review`);
    await page.locator('#f-applicant-phone').fill('0387654321');
    await submitButton(page).click();
    // The files chosen before the reload are no longer in the browser: the page asks for them again
    // (the one chosen after the reload goes to the new draft by itself).
    await page.waitForURL(`**/apply/${CODE}/documents`);
    await upload(page, 'd1', pdfFile());
    await upload(page, 'd2', pngFile());
    await submitButton(page).click();
    await page.waitForURL(`**/apply/${CODE}/review`);
    await poll(() => page.locator('main').textContent()).toContain('0387654321');
    await page.getByRole('button', { name: 'Đồng ý và nộp hồ sơ' }).click();
    await page.waitForURL('**/receipt/**');
    expect(await page.getByRole('alert').filter({ hasText: NOTICE }).count()).toBe(0);
    const code = (await page.locator('#dossier-code').textContent()) ?? '';
    expect(code).toMatch(DOSSIER_CODE_PATTERN);
    expect(await storedDraft()).toBeNull();
    const submittedId = await dossierIdByCode(code);
    expect(submittedId).toBeTruthy();
    expect(submittedId).not.toBe(dossierId); // the corrected answers' draft, not the moved one

    // The dossier went in under version 2, with the three documents.
    await stack.sfn.settle();
    const read = await staff<{
      dossier: { code: string; procedureVersion: number; status: string };
      documents: { requirementId: string; status: string }[];
    }>(stack, 'GET', `/staff/dossiers/${submittedId}`, undefined, 'lanhdao.ttpvhcc');
    expect(read.status).toBe(200);
    expect(read.body.dossier).toMatchObject({ code, procedureVersion: 2, status: 'SUBMITTED' });
    const verified = read.body.documents.filter((d) => d.status === 'VERIFIED');
    expect(verified.map((d) => d.requirementId).sort()).toEqual(['d1', 'd2', 'd7']);
  }, 60_000);
});
