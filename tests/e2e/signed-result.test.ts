import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { lookupPath } from '../../shared/contracts/web-routes.ts';
import { call, draftWithDocuments, newKey, privateEnterpriseRequest } from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';
import { accept, MON_2026_03_02_0900, type Submitted } from '../support/workflow.ts';
import {
  expectAccessible,
  expectAccessibleAtBothWidths,
  issueResult,
  screenshots,
  useE2E,
} from './support.ts';

/**
 * A signed result as a person sees it (docs/pdf-and-signing.md): the look-up page says who signed
 * the result and that the signature verifies; the downloaded file, checked on the public
 * verification page, is the one issued; a copy with one byte changed is refused. axe at 360 px
 * and 1280 px.
 */
const e2e = useE2E({ clockStartMs: MON_2026_03_02_0900 });
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 50 });

describe('signed result', () => {
  it('shows the signature on the look-up page and verifies the downloaded file on /verify', async () => {
    const stack = e2e().stack;
    const { dossierId } = await draftWithDocuments(
      stack.urls.api,
      [{ requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' }],
      privateEnterpriseRequest({ delivery: { method: 'ONLINE' } }),
    );
    const res = await call<{ code: string; lookupSecret: string }>(
      stack.urls.api,
      'POST',
      `/dossiers/${dossierId}/submit`,
      {
        headers: { 'idempotency-key': newKey() },
      },
    );
    expect(res.status).toBe(201);
    await stack.sfn.settle();
    const d: Submitted = { dossierId, code: res.body.code, secret: res.body.lookupSecret, executionArn: '' };
    expect((await accept(stack, d)).status).toBe(200);
    await issueResult(stack, d, 'Giấy chứng nhận.pdf');

    // The look-up page: the result's signature, checked now.
    const { page } = await e2e().newPage({ width: 360 });
    await page.goto(`${e2e().webUrl}${lookupPath(d.code, d.secret)}`);
    await page.getByRole('heading', { level: 1, name: `Hồ sơ ${d.code}` }).waitFor();
    const signature = page.locator('#result-signature');
    await poll(() => signature.locator('#verdict').textContent()).toContain('Đúng là văn bản đã cấp');
    const text = (await signature.textContent()) ?? '';
    expect(text).toContain('Nguyễn Văn Chuyên Viên');
    expect(text).toContain('Sở Tài chính');
    expect(text).toContain('Hợp lệ');
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    await expectAccessibleAtBothWidths(page, 'look-up with a signed result');
    await screenshots(page, 'vi-21-lookup-signed-result');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Tải kết quả' }).click();
    const signed = await readFile((await (await download).path()) ?? '');

    // The public page, reached from the look-up page's link.
    await signature.getByRole('link', { name: 'Kiểm tra một tệp kết quả bạn đang giữ' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kiểm tra văn bản điện tử' }).waitFor();
    await expectAccessibleAtBothWidths(page, 'verification page');
    await page
      .getByLabel('Tệp PDF cần kiểm tra')
      .setInputFiles({ name: 'ket-qua.pdf', mimeType: 'application/pdf', buffer: signed });
    await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
    await poll(() => page.locator('#verdict').textContent()).toContain('Đúng là văn bản đã cấp');
    const found = (await page.locator('#verification-result').textContent()) ?? '';
    expect(found).toContain(d.code);
    expect(found).toContain('Sở Tài chính');
    await expectAccessibleAtBothWidths(page, 'verification page with a valid result');
    await screenshots(page, 'vi-22-verify-issued');

    // One byte changed after signing (inside the signed range): the page says it is not valid.
    const tampered = Buffer.from(signed);
    tampered[tampered.indexOf('/MediaBox [0 0 200 200]') + '/MediaBox [0 0 '.length] = '3'.charCodeAt(0);
    await page
      .getByLabel('Tệp PDF cần kiểm tra')
      .setInputFiles({ name: 'ket-qua-sua.pdf', mimeType: 'application/pdf', buffer: tampered });
    await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
    await poll(() => page.locator('#verdict').textContent()).toContain('Chữ ký số không hợp lệ');
    await poll(() => page.locator('#verification-result').textContent()).toContain(
      'nội dung đã bị sửa sau khi ký',
    );
    await expectAccessibleAtBothWidths(page, 'verification page with a changed file');
    await screenshots(page, 'vi-23-verify-tampered');

    // Not a PDF: the error summary links to the field.
    await page
      .getByLabel('Tệp PDF cần kiểm tra')
      .setInputFiles({ name: 'anh.pdf', mimeType: 'application/pdf', buffer: Buffer.from('hello') });
    await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
    await poll(() => page.locator('.error-summary').textContent()).toContain('không phải PDF');
    await expectAccessible(page, 'verification page with an error');
  }, 180_000);
});
