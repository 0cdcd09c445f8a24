import type { ExtraItem } from './supplement-items.ts';

/**
 * The notices the centre and the departments issue to a citizen (the glossary's terms), as data:
 * each decision that issues one returns it, the citizen's email is built from it, and the dossier
 * keeps the latest supplement request or refusal (forms 02 and 03, the look-up's next action).
 */

/** Yêu cầu bổ sung, hoàn thiện hồ sơ (form 02): everything missing in one notice, with the window. */
export interface SupplementRequest {
  kind: 'SUPPLEMENT';
  /** The department asking; absent when the centre asks at intake. */
  departmentId?: string;
  missing: string[];
  reasons: string[];
  at: string;
  /** The end of the citizen's window to answer. */
  dueAt: string;
  /** The free items among `missing` (not in the procedure's document list), with their ids. */
  extras?: ExtraItem[];
}

/** Thông báo từ chối (form 03): the dossier ends; the reasons are stated. */
export interface Refusal {
  kind: 'REFUSAL';
  /** The department refusing on the merits; absent when the centre refuses at intake. */
  departmentId?: string;
  reasons: string[];
  at: string;
}

/** Giấy tiếp nhận hồ sơ và hẹn trả kết quả (form 01): the appointment, given once on acceptance. */
export interface Receipt {
  kind: 'RECEIPT';
  /** ISO date of the appointment (ngày hẹn trả kết quả). */
  appointment: string;
  /** The deadline was counted over calendar days not yet confirmed. */
  provisional: boolean;
  at: string;
}

/** Phiếu xin lỗi và hẹn lại ngày trả kết quả (form 04): once per step (Decree 61/2018 art. 19(9)). */
export interface ApologyLetter {
  kind: 'APOLOGY';
  departmentId: string;
  stepId: string;
  /** The step's due date before and after the extension. */
  from: string;
  to: string;
  /** The new appointment the citizen is given (never earlier than the one before). */
  appointment: string;
  reasons: string[];
  /** Sent after the step's reminder was due (late, not in advance as the decree expects). */
  late: boolean;
  at: string;
}

export type CitizenNotice = SupplementRequest | Refusal | Receipt | ApologyLetter;

/** What the dossier keeps of its latest supplement request or refusal. */
export interface StoredNotice {
  kind: 'SUPPLEMENT' | 'REFUSAL';
  reasons: string[];
  missing: string[];
  at: string;
  dueAt?: string;
  extras?: ExtraItem[];
}

export function storedNotice(n: SupplementRequest | Refusal): StoredNotice {
  return n.kind === 'SUPPLEMENT'
    ? {
        kind: 'SUPPLEMENT',
        reasons: n.reasons,
        missing: n.missing,
        at: n.at,
        dueAt: n.dueAt,
        ...(n.extras?.length ? { extras: n.extras } : {}),
      }
    : { kind: 'REFUSAL', reasons: n.reasons, missing: [], at: n.at };
}
