import * as z from 'zod/mini';
import { DOSSIER_CODE_PATTERN } from '../domain/dossier-code.ts';
import { Applicant, safeText } from './applicant.ts';
import { type FormField, MimeType, ProcedureCode } from './catalogue.ts';
import './zod-locale.ts';

/** How the citizen wants the result: at the centre, by post, or electronically (DOMAIN.md lifecycle 5). */
export const DeliveryMethod = z.enum(['AT_CENTRE', 'POST', 'ONLINE']);

/** What a draft holds, online or at the counter: procedure, applicant, form fields, delivery. */
export const DraftShape = {
  procedureCode: ProcedureCode,
  applicant: Applicant,
  /** The procedure's own form fields; checked against the procedure definition by `FormFieldsSchema`. */
  fields: z._default(z.record(z.string().check(z.maxLength(64)), z.unknown()), {}),
  delivery: z.strictObject({
    method: DeliveryMethod,
    address: z.optional(z.string().check(z.maxLength(300), safeText())),
  }),
};

export const CreateDossierRequest = z.strictObject({
  ...DraftShape,
  /**
   * The version whose form the citizen filled in. Honoured when it is the version that would govern
   * a submission made now (after the 15:00 cut-off, the next working day's, which the public
   * catalogue does not show yet); otherwise the version in force today is used. The answer says which.
   */
  procedureVersion: z.optional(z.int().check(z.gte(1))),
});
export type CreateDossierRequest = z.infer<typeof CreateDossierRequest>;

/** A zod schema for one procedure's form fields, built from its definition (used by API and web). */
export function formFieldsSchema(fields: FormField[]) {
  const shape: Record<string, z.ZodMiniType> = {};
  for (const f of fields) {
    let s: z.ZodMiniType;
    switch (f.type) {
      case 'number': {
        const bounds: z.core.$ZodCheck<number>[] = [];
        if (f.min !== undefined) bounds.push(z.gte(f.min));
        if (f.max !== undefined) bounds.push(z.lte(f.max));
        s = z.number({ message: 'Phải là một số' }).check(...bounds);
        break;
      }
      case 'date':
        s = z.iso.date({ message: 'Ngày không hợp lệ' });
        break;
      case 'select':
        s = z.enum((f.options ?? []).map((o) => o.value) as [string, ...string[]], {
          message: 'Lựa chọn không hợp lệ',
        });
        break;
      default:
        s = z.pipe(
          z.pipe(
            z.string().check(safeText()),
            z.transform((v: string) => v.normalize('NFC').trim()),
          ),
          z
            .string()
            .check(
              z.minLength(f.required ? 1 : 0, { message: 'Không được để trống' }),
              z.maxLength(f.maxLength ?? (f.type === 'textarea' ? 4000 : 500)),
            ),
        );
    }
    shape[f.id] = f.required ? s : z.optional(s);
  }
  return z.strictObject(shape);
}

export interface CreateDossierResponse {
  dossierId: string;
  status: 'DRAFT';
  procedureCode: string;
  procedureVersion: number;
  createdAt: string;
  /** Where the client goes next. */
  links: { uploads: string; submit: string };
}

/**
 * An exemption checked by the reception officer, named by the fee item's position in the procedure
 * version's `fees` and the exemption's position in that item's `exemptions` (docs/payments.md).
 */
export const FeeExemptionChoice = z.strictObject({
  fee: z.int().check(z.gte(0), z.lte(49)),
  exemption: z.int().check(z.gte(0), z.lte(49)),
});
export type FeeExemptionChoice = z.infer<typeof FeeExemptionChoice>;

/** At most one exemption per fee item. */
export const FeeExemptionChoices = z.array(FeeExemptionChoice).check(
  z.maxLength(50),
  z.refine((cs) => new Set(cs.map((c) => c.fee)).size === cs.length, {
    message: 'Mỗi khoản phí chỉ đề nghị một đối tượng miễn',
  }),
);

/**
 * PUT /dossiers/{dossierId}/fee-exemptions — the exemptions the citizen claims on the online draft
 * (the whole set: an empty list withdraws every claim).
 */
export const FeeClaimsRequest = z.strictObject({ claims: FeeExemptionChoices });
export type FeeClaimsRequest = z.infer<typeof FeeClaimsRequest>;

export const UploadSlotsRequest = z.strictObject({
  documents: z
    .array(
      z.strictObject({
        requirementId: z.string().check(z.regex(/^[dx]\d{1,2}$/)),
        fileName: z.string().check(z.minLength(1), z.maxLength(200), safeText()),
        contentType: MimeType,
        size: z.int().check(z.gte(1), z.lte(50 * 1024 * 1024)),
      }),
    )
    .check(z.minLength(1), z.maxLength(20)),
});
export type UploadSlotsRequest = z.infer<typeof UploadSlotsRequest>;

export interface UploadSlot {
  documentId: string;
  requirementId: string;
  /** POST target and form fields of an S3 presigned POST; the file goes last in the form. */
  url: string;
  fields: Record<string, string>;
  maxBytes: number;
  expiresAt: string;
}

export interface SubmitDossierResponse {
  dossierId: string;
  code: string;
  /** Shown once: the citizen needs it with the code to look the dossier up. */
  lookupSecret: string;
  status: 'SUBMITTED';
  submittedAt: string;
  documents: {
    documentId: string;
    requirementId: string;
    sha256: string;
    size: number;
    contentType: string;
  }[];
}

export const DossierId = z.uuid();
export const DocumentId = z.uuid();

/** DELETE /dossiers/{dossierId}/uploads/{documentId}: the document, now off the draft. */
export interface RemoveUploadResponse {
  documentId: string;
  requirementId: string;
  status: 'REMOVED';
}
export const DossierCode = z.string().check(z.regex(DOSSIER_CODE_PATTERN));

/** The secret is 16 Crockford base32 characters; accept lower case and separators as typed. */
export const LookupSecret = z.pipe(
  z.pipe(
    z.string().check(z.maxLength(40)),
    z.transform((v: string) => v.toUpperCase().replace(/[\s-]/g, '')),
  ),
  z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{16}$/)),
);

export interface TimelineEntry {
  at: string;
  type: string;
  status: string;
  label: { vi: string; en: string };
}

/** What the citizen must do now, in plain terms (the web shows it in words). */
export type NextAction =
  | { kind: 'WAIT' }
  | {
      kind: 'SUPPLEMENT';
      missing: string[];
      reasons: string[];
      dueDate?: string;
      /** Free items (not in the procedure's document list), each with its own upload slot. */
      extras?: { id: string; name: string; note?: string }[];
    }
  | { kind: 'COLLECT_RESULT'; method: 'AT_CENTRE' | 'POST' | 'ONLINE' }
  | { kind: 'RATE' }
  | { kind: 'NONE' };

export interface LookupResponse {
  code: string;
  status: string;
  statusLabel: { vi: string; en: string };
  procedureCode: string;
  procedureName: string;
  departmentId: string;
  submittedAt: string;
  /** Appointment date for the result (dd/MM/yyyy in the web), once accepted. */
  appointmentDate?: string;
  /** Each agency's part: department, state, due date. */
  steps: { stepId: string; stage: number; departmentId: string; status: string; dueDate?: string }[];
  nextAction: NextAction;
  canWithdraw: boolean;
  timeline: TimelineEntry[];
  /** Who has the dossier now: the centre (intake, result), departments, the citizen, or nobody. */
  holder?: LookupHolder;
  /** Past the date the centre promised: since when, and the apology the citizen is owed. */
  overdue?: { dueDate: string; departmentIds: string[] };
  /** How the result comes back; `download`: the citizen can download it now (online delivery). */
  result?: {
    method: 'AT_CENTRE' | 'POST' | 'ONLINE';
    readyAt: string;
    returnedAt?: string;
    download: boolean;
    trackingNumber?: string;
  };
}

export type LookupHolder =
  | { kind: 'CENTRE' }
  | { kind: 'DEPARTMENTS'; departmentIds: string[] }
  /** The citizen is to supplement; `departmentIds`: who asked (none: the centre at intake). */
  | { kind: 'CITIZEN'; departmentIds: string[] }
  | { kind: 'NONE' };

/** GET /lookup/{code}/result: a short-lived link that downloads the result document. */
export interface ResultDownload {
  url: string;
  expiresAt: string;
  fileName: string;
}

/**
 * The citizen's evaluation: the indices of Circular 01/2018 art. 13, each scored 2 (good),
 * 1 (acceptable) or 0 (poor). The ninth index's exact wording is unconfirmed (DOMAIN.md lists eight).
 */
export const RATING_INDICES = [
  'totalTime', // time taken vs the statutory time
  'unitTime', // each unit's time vs its allotted time
  'contacts', // number of contacts the citizen needed
  'agencies', // number of agencies the citizen had to contact
  'staffAttitude', // staff attitude and conduct
  'informationAccuracy', // accuracy of the published procedure information
  'complaintHandling', // handling of feedback and complaints
  'onlineQuality', // quality of the online service
  'resultConformity', // the result conforms to the law (unconfirmed wording)
] as const;

const Score = z.union([z.literal(0), z.literal(1), z.literal(2)]);
export const RatingRequest = z.strictObject({
  scores: z.strictObject(
    Object.fromEntries(RATING_INDICES.map((k) => [k, Score])) as Record<
      (typeof RATING_INDICES)[number],
      typeof Score
    >,
  ),
  comment: z.optional(z.string().check(z.trim(), z.maxLength(1000), safeText())),
});
export type RatingRequest = z.infer<typeof RatingRequest>;
