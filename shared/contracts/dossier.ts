import * as z from 'zod';
import { DOSSIER_CODE_PATTERN } from '../domain/dossier-code.ts';
import { Applicant } from './applicant.ts';
import { type FormField, MimeType, ProcedureCode } from './catalogue.ts';

/** How the citizen wants the result: at the centre, by post, or electronically (DOMAIN.md lifecycle 5). */
export const DeliveryMethod = z.enum(['AT_CENTRE', 'POST', 'ONLINE']);

export const CreateDossierRequest = z
  .object({
    procedureCode: ProcedureCode,
    applicant: Applicant,
    /** The procedure's own form fields; checked against the procedure definition by `FormFieldsSchema`. */
    fields: z.record(z.string().max(64), z.unknown()).default({}),
    delivery: z.object({ method: DeliveryMethod, address: z.string().max(300).optional() }).strict(),
  })
  .strict();
export type CreateDossierRequest = z.infer<typeof CreateDossierRequest>;

/** A zod schema for one procedure's form fields, built from its definition (used by API and web). */
export function formFieldsSchema(fields: FormField[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const f of fields) {
    let s: z.ZodType;
    switch (f.type) {
      case 'number': {
        let n = z.number({ message: 'Phải là một số' });
        if (f.min !== undefined) n = n.min(f.min);
        if (f.max !== undefined) n = n.max(f.max);
        s = n;
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
        s = z
          .string()
          .transform((v) => v.normalize('NFC').trim())
          .pipe(
            z
              .string()
              .min(f.required ? 1 : 0, { message: 'Không được để trống' })
              .max(f.maxLength ?? (f.type === 'textarea' ? 4000 : 500)),
          );
    }
    shape[f.id] = f.required ? s : s.optional();
  }
  return z.object(shape).strict();
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

export const UploadSlotsRequest = z
  .object({
    documents: z
      .array(
        z
          .object({
            requirementId: z.string().regex(/^d\d{1,2}$/),
            fileName: z.string().min(1).max(200),
            contentType: MimeType,
            size: z
              .number()
              .int()
              .min(1)
              .max(50 * 1024 * 1024),
          })
          .strict(),
      )
      .min(1)
      .max(20),
  })
  .strict();
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
export const DossierCode = z.string().regex(DOSSIER_CODE_PATTERN);

/** The secret is 16 Crockford base32 characters; accept lower case and separators as typed. */
export const LookupSecret = z
  .string()
  .max(40)
  .transform((v) => v.toUpperCase().replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^[0-9A-HJKMNP-TV-Z]{16}$/));

export const LookupQuery = z.object({ secret: LookupSecret }).strict();

export interface TimelineEntry {
  at: string;
  type: string;
  status: string;
  label: { vi: string; en: string };
}

/** What the citizen must do now, in plain terms (the web shows it in words). */
export type NextAction =
  | { kind: 'WAIT' }
  | { kind: 'SUPPLEMENT'; missing: string[]; reasons: string[]; dueDate?: string }
  | { kind: 'COLLECT_RESULT' }
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
export const RatingRequest = z
  .object({
    scores: z
      .object(
        Object.fromEntries(RATING_INDICES.map((k) => [k, Score])) as Record<
          (typeof RATING_INDICES)[number],
          typeof Score
        >,
      )
      .strict(),
    comment: z.string().trim().max(1000).optional(),
  })
  .strict();
export type RatingRequest = z.infer<typeof RatingRequest>;
