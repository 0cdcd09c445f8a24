/**
 * POST /verify (a PDF in the body) and GET /lookup/{code}/result/verification: is this the document
 * the agency issued, whose signature does it carry, and does that signature verify?
 *
 * - `ISSUED`: the file's SHA-256 is on record as a result we issued, and its signature verifies.
 * - `SIGNED_BY_AGENCY`: not on record as a result (a form 01–04 the centre signed as it printed it,
 *   or another copy) but signed, intact, with a certificate installed for one of our agencies.
 * - `SIGNATURE_INVALID`: signed, but changed after signing (or the signature does not verify).
 * - `UNKNOWN_SIGNER`: intact signature, but not with a certificate of ours.
 * - `NOT_SIGNED`: no signature, and not on record.
 */
export type VerificationVerdict =
  | 'ISSUED'
  | 'SIGNED_BY_AGENCY'
  | 'SIGNATURE_INVALID'
  | 'UNKNOWN_SIGNER'
  | 'NOT_SIGNED';

export interface VerificationReport {
  verdict: VerificationVerdict;
  /** SHA-256 of the file checked, hex. */
  sha256: string;
  /** The result this file is, when its hash is on record. */
  issued?: {
    dossierCode: string;
    procedureName: string;
    departmentName: string;
    signerName: string;
    signedAt: string;
  };
  signature?: {
    valid: boolean;
    /** Why it does not verify: MODIFIED_AFTER_SIGNING, DIGEST_MISMATCH, BAD_SIGNATURE, UNREADABLE. */
    problem?: string;
    /** /Name: the person who signed. */
    signerName?: string;
    signedAt?: string;
    reason?: string;
    /** The certificate's common name (the agency), and whose of ours it is. */
    certificateName: string;
    agencyName?: string;
  };
}

/** The largest file POST /verify reads (a base64 body stays under Lambda's 6 MB payload). */
export const VERIFY_MAX_BYTES = 4 * 1024 * 1024;
