import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateRequest, installFor } from '../../scripts/signing-certificate.ts';
import type { LookupResponse, ResultDownload, UploadSlot } from '../../shared/contracts/dossier.ts';
import type { VerificationReport } from '../../shared/contracts/verification.ts';
import { certificateOf } from '../../shared/signing/certificates.ts';
import {
  call,
  draftWithDocuments,
  newKey,
  privateEnterpriseRequest,
  uploadToSlot,
  useLocalStack,
} from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';
import { qpdfCheck, readTagged } from '../support/tagged-pdf.ts';
import { accept, decide, MON_2026_03_02_0900, type Submitted, staff } from '../support/workflow.ts';

/**
 * Signed results (docs/pdf-and-signing.md): the department's result is signed (PAdES baseline B)
 * when it becomes final, the citizen downloads the signed file, and anyone can check it. The
 * signature is checked by an independent verifier, poppler's `pdfsig` with an NSS database that
 * trusts the local test CA: no skipping when the tools are missing (CI installs poppler-utils and
 * libnss3-tools), the test fails instead.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });
let dir: string;
let nssdir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'motcua-pdfsig-'));
  nssdir = path.join(dir, 'nss');
  execFileSync('mkdir', ['-p', nssdir]);
  execFileSync('certutil', ['-N', '-d', `sql:${nssdir}`, '--empty-password']);
  writeFileSync(path.join(dir, 'ca.pem'), stack().signingCa.caPem);
  execFileSync('certutil', [
    '-A',
    '-d',
    `sql:${nssdir}`,
    '-n',
    'motcua-test-ca',
    '-t',
    'CT,C,C',
    '-i',
    path.join(dir, 'ca.pem'),
  ]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** pdfsig's report of a file (it exits non-zero for an unsigned file; its text is what we read). */
function pdfsig(bytes: Buffer): string {
  const file = path.join(dir, `${newKey()}.pdf`);
  writeFileSync(file, bytes);
  const r = spawnSync('pdfsig', ['-nssdir', `sql:${nssdir}`, file], { encoding: 'utf8' });
  if (r.error) throw r.error;
  return `${r.stdout}${r.stderr}`;
}

async function submitOnline(): Promise<Submitted> {
  const { dossierId } = await draftWithDocuments(
    stack().urls.api,
    [{ requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' }],
    privateEnterpriseRequest({ delivery: { method: 'ONLINE' } }),
  );
  const res = await call<{ code: string; lookupSecret: string }>(
    stack().urls.api,
    'POST',
    `/dossiers/${dossierId}/submit`,
    {
      headers: { 'idempotency-key': newKey() },
    },
  );
  expect(res.status).toBe(201);
  await stack().sfn.settle();
  return { dossierId, code: res.body.code, secret: res.body.lookupSecret, executionArn: '' };
}

async function completeWithResult(d: Submitted, bytes: Buffer) {
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

async function download(d: Submitted): Promise<Buffer> {
  const link = await call<ResultDownload>(stack().urls.api, 'GET', `/lookup/${d.code}/result`, {
    headers: { 'x-lookup-secret': d.secret },
  });
  expect(link.status).toBe(200);
  return Buffer.from(await (await fetch(link.body.url)).arrayBuffer());
}

const verify = (bytes: Buffer, contentType = 'application/pdf') =>
  fetch(`${stack().urls.api}/verify`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new Uint8Array(bytes),
  }).then(async (r) => ({
    status: r.status,
    type: r.headers.get('content-type'),
    body: (await r.json()) as VerificationReport & { code?: string },
  }));

describe('signed results', () => {
  let d: Submitted;
  let signed: Buffer;

  it('signs the result when the officer completes the step: pdfsig finds it valid and trusted', async () => {
    d = await submitOnline();
    await accept(stack(), d);
    await completeWithResult(d, pdfBytes());
    signed = await download(d);
    const report = pdfsig(signed);
    expect(report).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report).toContain('Signer Certificate Common Name: Sở Tài chính');
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Certificate Validation: Certificate is Trusted.');
    expect(report).toContain('Total document signed');
  });

  it('records who signed and when; the look-up page’s check says the stored result verifies', async () => {
    const view = (
      await call<LookupResponse>(stack().urls.api, 'GET', `/lookup/${d.code}`, {
        headers: { 'x-lookup-secret': d.secret },
      })
    ).body;
    const check = await call<VerificationReport>(
      stack().urls.api,
      'GET',
      `/lookup/${d.code}/result/verification`,
      {
        headers: { 'x-lookup-secret': d.secret },
      },
    );
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({
      verdict: 'ISSUED',
      issued: { dossierCode: d.code, departmentName: 'Sở Tài chính', signerName: 'Nguyễn Văn Chuyên Viên' },
      signature: {
        valid: true,
        signerName: 'Nguyễn Văn Chuyên Viên',
        certificateName: 'Sở Tài chính',
        agencyName: 'Sở Tài chính',
      },
    });
    expect(check.body.issued!.signedAt).toBe(view.result!.readyAt);
    const wrong = await call(stack().urls.api, 'GET', `/lookup/${d.code}/result/verification`, {
      headers: { 'x-lookup-secret': 'AAAA-BBBB-CCCC-DDDD' },
    });
    expect(wrong.status).toBe(404);
  });

  it('tells anyone who uploads the file that it is the one issued', async () => {
    const r = await verify(signed);
    expect(r.status).toBe(200);
    expect(r.body.verdict).toBe('ISSUED');
    expect(r.body.issued).toMatchObject({ dossierCode: d.code, departmentName: 'Sở Tài chính' });
  });

  it('finds one byte changed after signing: pdfsig and the verification both say invalid', async () => {
    const tampered = Buffer.from(signed);
    // A byte inside the signed range (the original page's MediaBox), not the signature itself.
    const at = tampered.indexOf('/MediaBox [0 0 200 200]') + '/MediaBox [0 0 '.length;
    tampered[at] = '3'.charCodeAt(0);
    expect(pdfsig(tampered)).toContain('Signature Validation: Digest Mismatch.');
    const r = await verify(tampered);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      verdict: 'SIGNATURE_INVALID',
      signature: { valid: false, problem: 'DIGEST_MISMATCH' },
    });
    expect(r.body.issued).toBeUndefined();
    // Something appended after the signature (a later revision) is not the issued file either.
    const appended = await verify(Buffer.concat([signed, Buffer.from('\n%%EOF\n')]));
    expect(appended.body).toMatchObject({
      verdict: 'SIGNATURE_INVALID',
      signature: { problem: 'MODIFIED_AFTER_SIGNING' },
    });
  });

  it('says an unsigned PDF is not one issued', async () => {
    const r = await verify(pdfBytes());
    expect(r.body.verdict).toBe('NOT_SIGNED');
  });

  it('refuses bad input with problem details: not a PDF, another type, no body, too large', async () => {
    const notPdf = await verify(Buffer.from('hello'));
    expect([notPdf.status, notPdf.body.code]).toEqual([422, 'NOT_A_PDF']);
    expect(notPdf.type).toMatch(/^application\/problem\+json/);
    const json = await verify(Buffer.from('{}'), 'application/json');
    expect([json.status, json.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const empty = await verify(Buffer.alloc(0));
    expect([empty.status, empty.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const big = await verify(pdfBytes(4 * 1024 * 1024));
    expect([big.status, big.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('signs the centre’s forms: the receipt (form 01) verifies as issued by the centre', async () => {
    const res = await fetch(`${stack().urls.api}/lookup/${d.code}/receipt.pdf`, {
      headers: { 'x-lookup-secret': d.secret },
    });
    expect(res.status).toBe(200);
    const receipt = Buffer.from(await res.arrayBuffer());
    const report = pdfsig(receipt);
    expect(report).toContain(
      'Signer Certificate Common Name: Trung tâm Phục vụ hành chính công tỉnh Thái Nguyên',
    );
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Certificate Validation: Certificate is Trusted.');
    const r = await verify(receipt);
    expect(r.body).toMatchObject({ verdict: 'ISSUED', issued: { dossierCode: d.code } });
  });

  it('keeps the signed receipt a tagged PDF: structure intact, the signature field hidden, qpdf clean', async () => {
    const res = await fetch(`${stack().urls.api}/lookup/${d.code}/receipt.pdf`, {
      headers: { 'x-lookup-secret': d.secret },
    });
    const receipt = new Uint8Array(await res.arrayBuffer());
    const check = qpdfCheck(receipt);
    expect(check.report).toContain('No syntax or stream encoding errors found');
    expect(check.status).toBe(0);
    const pdf = await readTagged(receipt);
    expect(pdf.marked).toBe(true);
    expect(pdf.xmp['pdfuaid:part']).toBe('1');
    const page = pdf.pages[0]!;
    expect(page.nodes.filter((n) => n.role === 'H1').map((n) => n.text)).toEqual([
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
    ]);
    expect(page.nodes.find((n) => n.role === 'Figure')?.alt).toContain(`Mã QR tra cứu hồ sơ ${d.code}`);
    expect(pdf.pages.flatMap((p) => p.untagged)).toEqual([]);
    // The invisible signature field is flagged Hidden, so PDF/UA asks no structure element of it
    // (ISO 14289-1 §7.18.4), and the page rewritten by the signature keeps /Tabs /S.
    expect(page.annotations).toEqual([{ subtype: 'Widget', fieldType: 'Sig', flags: 2 }]);
    const update = Buffer.from(receipt).toString('latin1').split('%%EOF')[1]!;
    expect(update).toMatch(/\/StructParents 0 \/Tabs \/S[\s\S]*\/Annots/);
  });

  it('makes a certificate request signed through KMS, and installs only a certificate of that key', async () => {
    const csr = await certificateRequest('STC', 'CN=Sở Tài chính,O=UBND tỉnh Thái Nguyên,C=VN');
    const r = spawnSync('openssl', ['req', '-verify', '-noout', '-subject'], {
      input: csr,
      encoding: 'utf8',
    });
    expect(`${r.stdout}${r.stderr}`).toMatch(/verify OK/);
    const stc = (await certificateOf('STC'))!;
    const centre = (await certificateOf('TTPVHCC'))!;
    await expect(installFor('STC', centre.certificatePem, centre.chainPem, new Date())).rejects.toThrow(
      /not for alias\/motcua-sign-STC/,
    );
    const again = await installFor('STC', stc.certificatePem, stc.chainPem, new Date());
    expect(again.fingerprint).toBe(stc.fingerprint);
  });
});
