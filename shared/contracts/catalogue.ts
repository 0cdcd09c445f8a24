import * as z from 'zod/mini';
import { DeadlinePolicy } from './deadline-policy.ts';
import './zod-locale.ts';

/**
 * The procedure catalogue (Decree 63/2010 art. 8 as amended): what a citizen needs to know before
 * applying and what the system needs to receive and time a dossier. Seeded from data/procedures.
 */
export const MIME_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
] as const;
export const MimeType = z.enum(MIME_TYPES);
export type MimeType = z.infer<typeof MimeType>;

export const ProcedureCode = z.string().check(z.regex(/^\d\.\d{6}$/, 'mã thủ tục has the form 2.001610'));

export const DocumentRequirement = z.object({
  id: z.string().check(z.regex(/^d\d{1,2}$/)),
  name: z.string().check(z.minLength(1)),
  originals: z.int().check(z.gte(0)),
  copies: z.int().check(z.gte(0)),
  /** Whether an electronic copy must be uploaded before the dossier can be submitted. */
  uploadMandatory: z.boolean(),
  acceptedTypes: z.array(MimeType).check(z.minLength(1)),
  maxSizeMb: z.int().check(z.gte(1), z.lte(50)),
  template: z.optional(z.string()),
});
export type DocumentRequirement = z.infer<typeof DocumentRequirement>;

export const FormField = z.object({
  id: z.string().check(z.regex(/^[a-z][A-Za-z0-9]*$/)),
  label: z.string(),
  labelEn: z.string(),
  type: z.enum(['text', 'textarea', 'number', 'date', 'select']),
  required: z.boolean(),
  maxLength: z.optional(z.int().check(z.positive())),
  min: z.optional(z.number()),
  max: z.optional(z.number()),
  options: z.optional(z.array(z.object({ value: z.string(), label: z.string(), labelEn: z.string() }))),
});
export type FormField = z.infer<typeof FormField>;

export const DeadlineUnit = z.enum(['WORKING_DAYS', 'CALENDAR_DAYS', 'SAME_DAY']);
export const StatutoryDeadline = z.object({
  amount: z.nullable(z.int().check(z.gte(0))),
  unit: DeadlineUnit,
  note: z.optional(z.string()),
});

export const ApplicantType = z.enum(['INDIVIDUAL', 'ORGANISATION']);
export type ApplicantType = z.infer<typeof ApplicantType>;

/** When a charge item is paid (shared/domain/fees.ts): with the dossier, or before its result is handed over. */
export const FEE_PAYABLE_AT = ['AT_SUBMISSION', 'BEFORE_RESULT'] as const;
export const FeePayableAt = z.enum(FEE_PAYABLE_AT);
export type FeePayableAt = z.infer<typeof FeePayableAt>;

/**
 * One charge item (khoản phí, lệ phí) of a procedure version: its amount in đồng (null while the
 * rate is not confirmed — then nothing is collected online for it), its legal basis, when it is
 * payable, its exemptions and whether it is refunded when the dossier is refused.
 */
export const FeeItem = z.object({
  name: z.string(),
  amountVnd: z.nullable(z.int().check(z.gte(0), z.lte(1_000_000_000))),
  note: z.optional(z.string()),
  legalBasis: z.optional(z.string()),
  payableAt: z._default(FeePayableAt, 'AT_SUBMISSION'),
  /** Refunded to the payer when the dossier is refused (e.g. a fee for a registration not granted). */
  refundableOnRefusal: z._default(z.boolean(), false),
  /**
   * Who does not pay: each with its legal basis. `onlineSubmission` exemptions apply by themselves
   * to a dossier filed online; the others are checked by the reception officer.
   */
  exemptions: z._default(
    z.array(
      z.object({
        description: z.string().check(z.minLength(1)),
        legalBasis: z.optional(z.string()),
        onlineSubmission: z._default(z.boolean(), false),
      }),
    ),
    [],
  ),
});
export type FeeItem = z.infer<typeof FeeItem>;

export const Procedure = z.object({
  code: ProcedureCode,
  version: z.int().check(z.gte(1)),
  effectiveFrom: z.iso.date(),
  name: z.string().check(z.minLength(1)),
  field: z.object({ code: z.nullable(z.string()), name: z.string() }),
  level: z.enum(['PROVINCIAL', 'DISTRICT', 'COMMUNE', 'CENTRAL']),
  /** Competent departments; the first one leads and receives the dossier. */
  departmentIds: z.array(z.string()).check(z.minLength(1)),
  deadline: StatutoryDeadline,
  fees: z.array(FeeItem),
  /**
   * The fees of this version are paid online through the payment gateway (shared/payments), and the
   * rule of each item is enforced: AT_SUBMISSION items before the dossier can be submitted,
   * BEFORE_RESULT items before its result is handed over. False: they are paid at the centre.
   */
  onlinePayment: z._default(z.boolean(), false),
  applicantTypes: z.array(ApplicantType).check(z.minLength(1)),
  documents: z.array(DocumentRequirement),
  formFields: z.array(FormField),
  onlineLevel: z.enum(['FULL', 'PARTIAL']),
  onlineReason: z.optional(z.string()),
  resultType: z.string(),
  /**
   * The result is a document handed back (a licence, a decision, a letter): a step that finishes the
   * dossier cannot be completed without the result file. Set for every shipped procedure.
   */
  resultIsDocument: z._default(z.boolean(), true),
  conditions: z.optional(z.string()),
  legalBasis: z.array(z.string()),
  interAgency: z.optional(z.unknown()),
  /** How the statutory clock runs for this version; defaults apply where absent. */
  deadlinePolicy: z._default(DeadlinePolicy, DeadlinePolicy.parse({})),
  source: z.object({ url: z.url(), crawledAt: z.string() }),
  /** Values the seed could not confirm; an operator completes them. */
  unknown: z.array(z.string()),
});
export type Procedure = z.infer<typeof Procedure>;

export const Department = z.object({
  id: z.string().check(z.regex(/^[A-Z][A-Z0-9]{1,7}$/)),
  name: z.string(),
  nameEn: z.string(),
  agencyCode: z.string(),
  agencyCodeConfirmed: z.boolean(),
  email: z.email(),
  emailConfirmed: z.boolean(),
  confirmed: z.boolean(),
  note: z.optional(z.string()),
});
export type Department = z.infer<typeof Department>;

export const DepartmentsFile = z.object({
  province: z.object({ name: z.string(), code: z.nullable(z.string()) }),
  centre: z.object({
    id: z.string(),
    name: z.string(),
    nameEn: z.string(),
    agencyCode: z.string(),
    email: z.email(),
    emailConfirmed: z.boolean(),
    agencyCodeConfirmed: z.boolean(),
  }),
  departments: z.array(Department).check(z.minLength(1)),
});
export type DepartmentsFile = z.infer<typeof DepartmentsFile>;

/** What the public list returns for each procedure: enough to choose, not the whole definition. */
export interface ProcedureSummary {
  code: string;
  version: number;
  name: string;
  field: { code: string | null; name: string };
  departmentIds: string[];
  deadline: z.infer<typeof StatutoryDeadline>;
  onlineLevel: 'FULL' | 'PARTIAL';
}

export const ListProceduresQuery = z.strictObject({
  q: z.optional(z.string().check(z.maxLength(200))),
  department: z.optional(z.string().check(z.regex(/^[A-Z][A-Z0-9]{1,7}$/))),
  field: z.optional(z.string().check(z.maxLength(200))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
  offset: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(100_000)), 0),
});
