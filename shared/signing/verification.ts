import type { VerificationReport } from '../contracts/verification.ts';
import { certificateByFingerprint } from './certificates.ts';
import { issuedRecord, sha256Hex } from './issued.ts';
import { checkPdfSignature } from './pdf-signature.ts';

/**
 * What anyone can learn about a PDF they hold: whether it is, byte for byte, a result we issued
 * (its SHA-256 on record), whose signature it carries (a certificate installed for a department or
 * the centre, found by fingerprint) and whether that signature verifies. Two reads, no scan.
 */
export async function verifyPdf(pdf: Buffer): Promise<VerificationReport> {
  const sha256 = sha256Hex(pdf);
  const check = checkPdfSignature(pdf);
  const [record, owner] = await Promise.all([
    issuedRecord(sha256),
    check.certificate ? certificateByFingerprint(check.certificate.fingerprint) : undefined,
  ]);
  const issued = record
    ? {
        dossierCode: record.dossierCode,
        procedureName: record.procedureName,
        departmentName: record.departmentName,
        signerName: record.signerName,
        signedAt: record.signedAt,
      }
    : undefined;
  const signature = check.certificate
    ? {
        valid: check.valid,
        ...(check.problem ? { problem: check.problem } : {}),
        ...(check.signerName ? { signerName: check.signerName } : {}),
        ...(check.signedAt ? { signedAt: check.signedAt } : {}),
        ...(check.reason ? { reason: check.reason } : {}),
        certificateName: check.certificate.commonName,
        // Installed for one of our agencies: its name as the certificate states it.
        ...(owner ? { agencyName: check.certificate.commonName } : {}),
      }
    : undefined;
  const verdict: VerificationReport['verdict'] = !check.certificate
    ? check.problem === 'NOT_SIGNED' && !record
      ? 'NOT_SIGNED'
      : 'SIGNATURE_INVALID'
    : !check.valid
      ? 'SIGNATURE_INVALID'
      : !owner
        ? 'UNKNOWN_SIGNER'
        : record
          ? 'ISSUED'
          : 'SIGNED_BY_AGENCY';
  return { verdict, sha256, ...(issued ? { issued } : {}), ...(signature ? { signature } : {}) };
}
