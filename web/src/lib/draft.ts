import type { Procedure } from '../../../shared/contracts/catalogue.ts';

/**
 * The citizen's draft, kept in localStorage so a reload (or a closed tab) loses nothing. It holds
 * what the citizen typed and the ids the API returned — never the lookup secret, never a file.
 * Files live in memory only; after a reload an upload that had not finished must be chosen again.
 * The draft is deleted when the dossier is submitted, and drafts older than DRAFT_TTL_DAYS are
 * dropped (personal data should not linger on a shared computer).
 */
export const DRAFT_TTL_DAYS = 7;

export interface UploadedDocumentRef {
  documentId: string;
  fileName: string;
  size: number;
  contentType: string;
  /** The server dossier the upload belongs to (a new dossier means it must be uploaded again). */
  dossierId: string;
}

export interface Draft {
  procedureCode: string;
  procedureVersion: number;
  /**
   * The version the API moved the draft to (409 PROCEDURE_VERSION_CHANGED), as it sent it: public
   * catalogue data, kept because GET /procedures/{code} shows it only from its effective date, so
   * after the 15:00 cut-off a reload would otherwise show the previous version's documents.
   */
  procedure?: Procedure;
  /** Raw form values as typed, by input name (`applicant.fullName`, `fields.enterpriseName`, …). */
  values: Record<string, string>;
  /** Steps the citizen has completed at least once (to allow jumping back from the review). */
  completed: string[];
  /** The Idempotency-Key of the create request and the answers it was made for. */
  create?: { key: string; fingerprint: string };
  /** The server draft (POST /dossiers) and the answers it holds. */
  server?: { dossierId: string; fingerprint: string };
  documents: Record<string, UploadedDocumentRef>;
  /** Requirements whose upload was running (after a reload the file must be chosen again). */
  uploading?: string[];
  /** The Idempotency-Key of the submit request, kept across reloads so a retry never submits twice. */
  submitKey?: string;
  updatedAt: string;
}

const PREFIX = 'motcua.draft.';
const key = (procedureCode: string) => `${PREFIX}${procedureCode}`;

export function loadDraft(procedureCode: string): Draft | undefined {
  try {
    const raw = localStorage.getItem(key(procedureCode));
    if (!raw) return undefined;
    const d = JSON.parse(raw) as Draft;
    if (Date.now() - Date.parse(d.updatedAt) > DRAFT_TTL_DAYS * 86_400_000) {
      localStorage.removeItem(key(procedureCode));
      return undefined;
    }
    return d;
  } catch {
    return undefined;
  }
}

export function saveDraft(d: Draft): Draft {
  const next = { ...d, updatedAt: new Date().toISOString() };
  try {
    localStorage.setItem(key(d.procedureCode), JSON.stringify(next));
  } catch {
    // storage full or disabled (private mode): the form still works, without surviving a reload
  }
  return next;
}

export function deleteDraft(procedureCode: string) {
  try {
    localStorage.removeItem(key(procedureCode));
  } catch {
    // ignore
  }
}

export function newDraft(procedureCode: string, procedureVersion: number): Draft {
  return {
    procedureCode,
    procedureVersion,
    values: {},
    completed: [],
    documents: {},
    updatedAt: new Date().toISOString(),
  };
}

/**
 * The receipt of the last submission in this tab: code and dates, no secret (it is shown once,
 * from memory). sessionStorage, so a reload of the receipt page still shows the code.
 */
export interface ReceiptInfo {
  code: string;
  procedureCode: string;
  procedureName: string;
  submittedAt: string;
  departmentId: string;
}

const RECEIPT = 'motcua.receipt';

export function saveReceipt(r: ReceiptInfo) {
  try {
    sessionStorage.setItem(RECEIPT, JSON.stringify(r));
  } catch {
    // ignore
  }
}

export function loadReceipt(): ReceiptInfo | undefined {
  try {
    const raw = sessionStorage.getItem(RECEIPT);
    return raw ? (JSON.parse(raw) as ReceiptInfo) : undefined;
  } catch {
    return undefined;
  }
}

/** The secret of the submission just made: memory only, gone on reload (shown once). */
let lastSecret: { code: string; secret: string } | undefined;
export const rememberSecret = (code: string, secret: string) => {
  lastSecret = { code, secret };
};
/** Hands the secret to the receipt page once and forgets it. */
export function takeSecret(code: string): string | undefined {
  if (lastSecret?.code !== code) return undefined;
  const { secret } = lastSecret;
  lastSecret = undefined;
  return secret;
}
