import type { Timeliness } from '../domain/calendar.ts';

/**
 * What each official form prints (Circular 01/2018/TT-VPCP art. 9, forms 01–05), as plain data.
 * Built from the dossier aggregate by `form-data.ts`; rendered by one module per form. Instants are
 * ISO strings, calendar dates `YYYY-MM-DD`; the renderers format them dd/MM/yyyy in Vietnam time.
 * The forms go to the applicant and to staff, so they carry personal data: never log these values.
 */
export const FORM_CODES = ['01', '02', '03', '04', '05'] as const;
export type FormCode = (typeof FORM_CODES)[number];

export const FORM_TITLES: Record<FormCode, string> = {
  '01': 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
  '02': 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
  '03': 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
  '04': 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
  '05': 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
};

export interface ApplicantOnForm {
  kind: 'INDIVIDUAL' | 'ORGANISATION';
  /** The person's or organisation's name. */
  name: string;
  /** Organisations: the legal representative. */
  representative?: string;
  address: string;
  phone: string;
  email?: string;
}

/** What every form shares: who issues it, about which dossier, and where to look it up. */
export interface FormHeader {
  form: FormCode;
  /** The agency issuing the form (the centre, or the department for its own decisions). */
  issuer: string;
  /** When the form was issued: the date under the national motto. */
  issuedAt: string;
  code: string;
  procedure: { code: string; name: string };
  applicant: ApplicantOnForm;
  /** `${PUBLIC_WEB_URL}/lookup#code=<code>` (shared/contracts/web-routes.ts), printed as a QR code. */
  lookupUrl: string;
  /** `${PUBLIC_WEB_URL}/verify`: where anyone checks the form's signature (printed in the footer). */
  verifyUrl: string;
}

/** 01 — receipt with the appointment date (Decree 61/2018 art. 16(3)). */
export interface ReceiptForm extends FormHeader {
  form: '01';
  /** When the complete dossier counts as received. */
  receivedAt: string;
  documents: { name: string; note: string }[];
  /** Statutory time, worded (e.g. "3 ngày làm việc"). */
  statutoryTime: string;
  /** The appointment for the result, as issued at intake. */
  appointmentAt: string;
  /** The appointment lies in a calendar year the government has not decided yet. */
  provisional: boolean;
  /** Where the result will be handed over, worded. */
  delivery: string;
}

/** 02 — supplement request: everything missing in one notice (Decree 61/2018 art. 16(2)(b)). */
export interface SupplementRequestForm extends FormHeader {
  form: '02';
  missing: string[];
  reasons: string[];
  /** End of the applicant's window to complete the dossier. */
  dueAt?: string;
  /** Who to ask while completing the dossier. */
  contact: string;
}

/** 03 — refusal to receive or to resolve the dossier, with reasons. */
export interface RefusalForm extends FormHeader {
  form: '03';
  /** Refused by the centre at intake (else by the competent department on the merits). */
  atIntake: boolean;
  reasons: string[];
}

/** 04 — apology with a new date for the result, allowed once (Decree 61/2018 art. 19(9)). */
export interface ApologyForm extends FormHeader {
  form: '04';
  /** The centre, which received the dossier. */
  receivedBy: string;
  receivedAt: string;
  /** The date that will not be met, and the new one. */
  previousDueDate: string;
  newDueDate: string;
  /** Empty when the reasons were not recorded with the extension: the form leaves a line to fill in. */
  reasons: string[];
}

/** One hand-over of the dossier on the process-control sheet. */
export interface HandOverRow {
  from: string;
  to: string;
  /** When the receiving side got the dossier. */
  receivedAt?: string;
  /** Time allowed, worded, with the due date when there is one. */
  allowed: string;
  dueDate?: string;
  /** Time taken, worded; or the state when the work is not finished. */
  taken: string;
  result?: Timeliness;
  note: string;
}

/** 05 — process-control sheet: each hand-over, time allowed vs taken, early / on time / late. */
export interface ProcessControlForm extends FormHeader {
  form: '05';
  submittedAt: string;
  statutoryTime: string;
  appointmentDate?: string;
  rows: HandOverRow[];
}

export type FormData = ReceiptForm | SupplementRequestForm | RefusalForm | ApologyForm | ProcessControlForm;

/** Early / on time / late as the process-control sheet prints them. */
export const TIMELINESS_LABELS: Record<Timeliness, string> = {
  EARLY: 'Sớm hạn',
  ON_TIME: 'Đúng hạn',
  LATE: 'Quá hạn',
};
