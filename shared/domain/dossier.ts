import type { Applicant } from '../contracts/applicant.ts';
import type { MimeType } from '../contracts/catalogue.ts';
import type { FeeExemptionRecord } from './fees.ts';
import type { Actor, DossierEventType, DossierStatus } from './lifecycle.ts';
import type { StoredNotice } from './notices.ts';

/** A dossier (hồ sơ) as stored: the procedure version it was received under travels with it. */
export interface Dossier {
  id: string;
  status: DossierStatus;
  /** Optimistic-concurrency version: every write is conditional on it. */
  version: number;
  procedureCode: string;
  procedureVersion: number;
  procedureName: string;
  /** The lead competent department (sở/ban/ngành). */
  departmentId: string;
  /** The receiving agency's code used in the dossier code. */
  agencyCode: string;
  channel: 'ONLINE' | 'COUNTER' | 'POST';
  applicant: Applicant;
  fields: Record<string, unknown>;
  delivery: { method: 'AT_CENTRE' | 'POST' | 'ONLINE'; address?: string | undefined };
  createdAt: string;
  submittedAt?: string;
  code?: string;
  secretHash?: string;
  /** The submitter's sealed copy of the lookup secret (domain/lookup-secret.ts), never shown. */
  sealedSecret?: string;
  /** Hash of the Idempotency-Key that submitted the dossier online. */
  submitKeyHash?: string;
  /** When the complete dossier counts as received (restarted by a supplement at intake). */
  receivedAt?: string;
  /** Appointment date for the result (ngày hẹn trả kết quả), on the receipt. */
  appointment?: { dueDate: string; dueAt: string };
  /** The workflow's bookkeeping: where the execution is parked and the token of that wait. */
  wf?: {
    phase: 'INTAKE' | 'INTAKE_SUPPLEMENT' | 'PROCESSING' | 'RETURN' | 'DONE';
    executionArn?: string;
    token?: string;
    tokenKind?: string;
    intakeDueAt?: string;
    intakeRemindedAt?: string;
    citizenDueAt?: string;
    readyAt?: string;
    collectionRemindedAt?: string;
  };
  /**
   * Fees paid online and refunded, in đồng: running totals kept by shared/services/payments.ts in
   * the transactions that record each payment and refund (the register reads them).
   */
  feesPaidVnd?: number;
  feesRefundedVnd?: number;
  /**
   * Exemptions checked by the reception officer (docs/payments.md, "Exemptions"): claimed with the
   * online draft and decided at intake, or applied at the counter. One per fee item.
   */
  feeExemptions?: FeeExemptionRecord[];
  /** Set when the workflow failed for good: someone must look at this dossier. */
  flagged?: { at: string; reason: string };
  /** Reasons and missing items of the latest refusal or supplement request (one notice lists them all). */
  notice?: StoredNotice;
  /**
   * Result return (trả kết quả), as the citizen may see it (projected on the code index: no personal
   * data). Set when the result is ready; `returnedAt` is the one returned time that the look-up,
   * the register and the statistics (the RESULT_RETURNED event) all use: the hand-back at the
   * counter or to the post, or — online delivery — the moment the result is made available for
   * download (docs/result-delivery.md).
   */
  resultReturn?: ResultReturn;
  /** The citizen's evaluation (Circular 01/2018 art. 13), once. */
  rating?: Rating;
  rated?: boolean;
}

export interface ResultReturn {
  method: 'AT_CENTRE' | 'POST' | 'ONLINE';
  readyAt: string;
  returnedAt?: string;
  /** Online delivery: the result document the citizen downloads. */
  documentId?: string;
  /** Postal delivery: the postal service's tracking number, recorded at hand-back. */
  trackingNumber?: string;
}

/** Scores 2 (good), 1 (acceptable), 0 (poor) for each index of the citizen's evaluation. */
export type RatingScore = 0 | 1 | 2;
export interface Rating {
  scores: Record<string, RatingScore>;
  comment?: string;
  at: string;
}

export interface DossierDocument {
  documentId: string;
  requirementId: string;
  /** Object key in the documents bucket: random, never derived from a name. */
  key: string;
  fileName: string;
  declaredType: MimeType;
  declaredSize: number;
  createdAt: string;
  /** `REMOVED`: the applicant took it off the draft; it is never verified or counted. */
  status: 'PENDING' | 'VERIFIED' | 'REMOVED';
  /** When the applicant removed it from the draft. */
  removedAt?: string;
  sha256?: string;
  size?: number;
  /** The type detected from the bytes when the document was verified. */
  contentType?: string;
  /** The object version that was verified (versioned buckets). */
  versionId?: string;
  /** `RESULT`: the result document a department uploaded; absent: a document of the applicant. */
  kind?: 'RESULT';
  /** The name of the free supplement item it answers (not in the procedure's document list). */
  label?: string;
  /**
   * A result signed by its department (PAdES) when it became final: `key`, `sha256` and `size`
   * are then the signed file's; `unsignedSha256` is the upload's.
   */
  signature?: DocumentSignature;
  unsignedSha256?: string;
}

/** Who signed a result, for whom, and when (the signature dictionary says the same). */
export interface DocumentSignature {
  /** The person whose decision made the result final (the head, or the officer). */
  signerName: string;
  departmentId: string;
  departmentName: string;
  signedAt: string;
}

export interface DossierEvent {
  eventId: string;
  type: DossierEventType;
  at: string;
  actor: Actor;
  fromStatus?: DossierStatus;
  toStatus: DossierStatus;
  /** Non-personal details (document ids, counts); never names or numbers of people. */
  data?: Record<string, unknown>;
}
