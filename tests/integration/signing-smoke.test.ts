import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { certificateOf, pemToDer } from '../../shared/signing/certificates.ts';
import { kmsKeySigner } from '../../shared/signing/kms-signer.ts';
import { signPdfPades } from '../../shared/signing/pades.ts';
import { useLocalStack } from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';

const stack = useLocalStack({});
it('smoke', async () => {
  const c = (await certificateOf('STC'))!;
  const signer = kmsKeySigner('STC', [pemToDer(c.certificatePem), ...c.chainPem.map(pemToDer)]);
  const out = await signPdfPades(pdfBytes(), signer, {
    signerName: 'Nguyễn Văn A',
    reason: 'Kết quả hồ sơ X',
    location: 'Thái Nguyên',
    contactInfo: 'http://x/kiem-tra',
    signingTime: new Date(),
  });
  writeFileSync('/tmp/hg/signed.pdf', out);
  writeFileSync('/tmp/hg/ca.pem', stack().signingCa.caPem);
  expect(out.length).toBeGreaterThan(100);
  console.log(execFileSync('pdfsig', ['/tmp/hg/signed.pdf']).toString());
});
