import * as z from 'zod';
import { DeadlinePolicy } from './deadline-policy.ts';

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

export const ProcedureCode = z.string().regex(/^\d\.\d{6}$/, 'mã thủ tục has the form 2.001610');

export const DocumentRequirement = z.object({
  id: z.string().regex(/^d\d{1,2}$/),
  name: z.string().min(1),
  originals: z.number().int().min(0),
  copies: z.number().int().min(0),
  /** Whether an electronic copy must be uploaded before the dossier can be submitted. */
  uploadMandatory: z.boolean(),
  acceptedTypes: z.array(MimeType).min(1),
  maxSizeMb: z.number().int().min(1).max(50),
  template: z.string().optional(),
});
export type DocumentRequirement = z.infer<typeof DocumentRequirement>;

export const FormField = z.object({
  id: z.string().regex(/^[a-z][A-Za-z0-9]*$/),
  label: z.string(),
  labelEn: z.string(),
  type: z.enum(['text', 'textarea', 'number', 'date', 'select']),
  required: z.boolean(),
  maxLength: z.number().int().positive().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  options: z.array(z.object({ value: z.string(), label: z.string(), labelEn: z.string() })).optional(),
});
export type FormField = z.infer<typeof FormField>;

export const DeadlineUnit = z.enum(['WORKING_DAYS', 'CALENDAR_DAYS', 'SAME_DAY']);
export const StatutoryDeadline = z.object({
  amount: z.number().int().min(0).nullable(),
  unit: DeadlineUnit,
  note: z.string().optional(),
});

export const ApplicantType = z.enum(['INDIVIDUAL', 'ORGANISATION']);
export type ApplicantType = z.infer<typeof ApplicantType>;

export const Procedure = z.object({
  code: ProcedureCode,
  version: z.number().int().min(1),
  effectiveFrom: z.iso.date(),
  name: z.string().min(1),
  field: z.object({ code: z.string().nullable(), name: z.string() }),
  level: z.enum(['PROVINCIAL', 'DISTRICT', 'COMMUNE', 'CENTRAL']),
  /** Competent departments; the first one leads and receives the dossier. */
  departmentIds: z.array(z.string()).min(1),
  deadline: StatutoryDeadline,
  fees: z.array(
    z.object({
      name: z.string(),
      amountVnd: z.number().int().min(0).nullable(),
      note: z.string().optional(),
      legalBasis: z.string().optional(),
    }),
  ),
  applicantTypes: z.array(ApplicantType).min(1),
  documents: z.array(DocumentRequirement),
  formFields: z.array(FormField),
  onlineLevel: z.enum(['FULL', 'PARTIAL']),
  onlineReason: z.string().optional(),
  resultType: z.string(),
  conditions: z.string().optional(),
  legalBasis: z.array(z.string()),
  interAgency: z.unknown().optional(),
  /** How the statutory clock runs for this version; defaults apply where absent. */
  deadlinePolicy: DeadlinePolicy.default(DeadlinePolicy.parse({})),
  source: z.object({ url: z.url(), crawledAt: z.string() }),
  /** Values the seed could not confirm; an operator completes them. */
  unknown: z.array(z.string()),
});
export type Procedure = z.infer<typeof Procedure>;

export const Department = z.object({
  id: z.string().regex(/^[A-Z][A-Z0-9]{1,7}$/),
  name: z.string(),
  nameEn: z.string(),
  agencyCode: z.string(),
  agencyCodeConfirmed: z.boolean(),
  email: z.email(),
  emailConfirmed: z.boolean(),
  confirmed: z.boolean(),
  note: z.string().optional(),
});
export type Department = z.infer<typeof Department>;

export const DepartmentsFile = z.object({
  province: z.object({ name: z.string(), code: z.string().nullable() }),
  centre: z.object({
    id: z.string(),
    name: z.string(),
    nameEn: z.string(),
    agencyCode: z.string(),
    email: z.email(),
    emailConfirmed: z.boolean(),
    agencyCodeConfirmed: z.boolean(),
  }),
  departments: z.array(Department).min(1),
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

export const ListProceduresQuery = z
  .object({
    q: z.string().max(200).optional(),
    department: z
      .string()
      .regex(/^[A-Z][A-Z0-9]{1,7}$/)
      .optional(),
    field: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict();
