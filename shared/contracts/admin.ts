import * as z from 'zod/mini';
import { ROLES } from './auth.ts';
import {
  ApplicantType,
  type Department,
  DocumentRequirement,
  FormField,
  Procedure,
  StatutoryDeadline,
} from './catalogue.ts';
import { DeadlinePolicy } from './deadline-policy.ts';
import './zod-locale.ts';

/**
 * The administration API (issue 7, item 5): procedure versions, departments, staff users, and the
 * audit trail. Shared by the handlers and the staff workspace's forms, so both validate alike.
 */

const DepartmentId = z.string().check(z.regex(/^[A-Z][A-Z0-9]{1,7}$/, 'Mã cơ quan gồm chữ in hoa và số'));

/**
 * A new procedure version: the editable parts (absent ones are copied from `baseVersion`) and the
 * date it applies from. `baseVersion` is the version the administrator edited: a version made
 * meanwhile by someone else makes this one a conflict (409), never an overwrite.
 */
export const NewProcedureVersion = z.strictObject({
  baseVersion: z.int().check(z.gte(1)),
  effectiveFrom: z.iso.date('Ngày áp dụng có dạng yyyy-MM-dd'),
  name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(500))),
  deadline: z.optional(StatutoryDeadline),
  deadlinePolicy: z.optional(DeadlinePolicy),
  documents: z.optional(z.array(DocumentRequirement).check(z.maxLength(50))),
  fees: z.optional(Procedure.shape.fees),
  formFields: z.optional(z.array(FormField).check(z.maxLength(100))),
  applicantTypes: z.optional(z.array(ApplicantType).check(z.minLength(1))),
  onlineLevel: z.optional(z.enum(['FULL', 'PARTIAL'])),
  onlineReason: z.optional(z.string().check(z.maxLength(2000))),
  resultType: z.optional(z.string().check(z.maxLength(500))),
  resultIsDocument: z.optional(z.boolean()),
  conditions: z.optional(z.string().check(z.maxLength(5000))),
  legalBasis: z.optional(z.array(z.string().check(z.maxLength(500))).check(z.maxLength(50))),
  /** Values still to be confirmed; an administrator clears them as they are completed. */
  unknown: z.optional(z.array(z.string().check(z.maxLength(500))).check(z.maxLength(50))),
  /** Why this version exists (the decision that changed the procedure); kept with the version. */
  reason: z.optional(z.string().check(z.trim(), z.maxLength(500))),
});
export type NewProcedureVersion = z.infer<typeof NewProcedureVersion>;

export const ProcedureCodePath = z.object({ code: Procedure.shape.code });

/** One version in the administrator's list. */
export interface ProcedureVersionSummary {
  version: number;
  effectiveFrom: string;
  name: string;
  deadline: z.infer<typeof StatutoryDeadline>;
  deadlinePolicy: DeadlinePolicy;
  createdAt?: string;
  createdBy?: string;
  reason?: string;
}

export interface ProcedureVersionsResponse {
  code: string;
  /** The version a dossier received today gets. */
  inForce: number;
  latest: number;
  versions: ProcedureVersionSummary[];
}

/** Text as typed by a person: trimmed and in NFC, so `Sở` typed with combining marks equals `Sở`. */
const personText = (min: number, max: number, message: string) =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((v: string) => v.normalize('NFC').trim()),
    ),
    z.string().check(z.minLength(min, message), z.maxLength(max, message)),
  );

/**
 * The receiving agency's code (Circular 01/2018 art. 19, `V1V2V3.Z1Z2.Y1Y2.MX1X2`, e.g.
 * `000.99.03.H55`): the first part of the codes of dossiers received from now on.
 */
export const AgencyCode = z
  .string()
  .check(z.trim(), z.regex(/^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/, 'Mã cơ quan có dạng 000.99.03.H55'));

/**
 * PUT /admin/departments/{id}: every field of the department but the id (the id names Cognito's
 * `dept-<ID>` group, the counters `STC-01` and the queue's line, so it never changes), and the
 * `version` read with it: someone else's save in between makes this one a conflict (409
 * DEPARTMENT_CONFLICT), never an overwrite.
 */
export const DepartmentUpdate = z.strictObject({
  version: z.int().check(z.gte(1)),
  /** The official Vietnamese name, shown to citizens and printed on the forms. */
  name: z.pipe(
    z.pipe(
      z.string(),
      z.transform((v: string) => v.normalize('NFC').trim()),
    ),
    z
      .string()
      .check(
        z.regex(
          /^\p{Lu}.{1,199}$/su,
          'Nhập tên cơ quan bằng tiếng Việt có dấu, bắt đầu bằng chữ in hoa (2–200 ký tự), ví dụ: Sở Tài chính',
        ),
      ),
  ),
  nameEn: personText(2, 200, 'Nhập tên tiếng Anh (2–200 ký tự)'),
  agencyCode: AgencyCode,
  agencyCodeConfirmed: z.boolean(),
  /** The mailbox that receives the department's task notifications, reminders and escalations. */
  email: z.pipe(
    z.string().check(z.trim(), z.toLowerCase()),
    z.email('Thư điện tử nhận thông báo không hợp lệ').check(z.maxLength(254)),
  ),
  emailConfirmed: z.boolean(),
  confirmed: z.boolean(),
  note: z.optional(personText(0, 1000, 'Ghi chú tối đa 1000 ký tự')),
});
export type DepartmentUpdate = z.infer<typeof DepartmentUpdate>;
export const DepartmentPath = z.object({ id: DepartmentId });

/** A department as the administrator reads it: the record, its version and its last change. */
export type AdminDepartment = Department & {
  version: number;
  updatedAt?: string;
  updatedBy?: string;
};

const Role = z.enum(ROLES);
const DEPT_ROLES = ['DEPARTMENT_OFFICER', 'DEPARTMENT_HEAD'] as const;

/** A department role needs its department; a centre role has none. */
function roleNeedsDepartment(
  v: { role?: (typeof ROLES)[number] | undefined; departmentId?: string | null | undefined },
  ctx: z.core.$RefinementCtx,
) {
  if (!v.role) return;
  const isDept = (DEPT_ROLES as readonly string[]).includes(v.role);
  if (isDept && !v.departmentId) {
    ctx.addIssue({ code: 'custom', path: ['departmentId'], message: 'Vai trò của sở cần chọn cơ quan' });
  }
  if (!isDept && v.departmentId) {
    ctx.addIssue({
      code: 'custom',
      path: ['departmentId'],
      message: 'Vai trò của Trung tâm không thuộc cơ quan nào',
    });
  }
}

export const CreateStaffUser = z
  .strictObject({
    email: z.email('Thư điện tử không hợp lệ').check(z.maxLength(254)),
    name: z.string().check(z.trim(), z.minLength(2), z.maxLength(200)),
    role: Role,
    departmentId: z.optional(DepartmentId),
  })
  .check(z.superRefine(roleNeedsDepartment));
export type CreateStaffUser = z.infer<typeof CreateStaffUser>;

/**
 * Change a user's role or department, or disable the account (Cognito: AdminDisableUser; the
 * user's current token lives out its hour). `departmentId: null` moves a user to the centre.
 */
export const UpdateStaffUser = z
  .strictObject({
    role: z.optional(Role),
    departmentId: z.optional(z.nullable(DepartmentId)),
    disabled: z.optional(z.literal(true)),
  })
  .check(
    z.refine((v) => v.role !== undefined || v.departmentId !== undefined || v.disabled, {
      message: 'Không có thay đổi nào',
    }),
  );
export type UpdateStaffUser = z.infer<typeof UpdateStaffUser>;

export const StaffUserPath = z.object({ id: z.string().check(z.regex(/^[\w@.+-]{1,128}$/)) });

export const ListStaffUsersQuery = z.strictObject({
  unit: z.optional(z.union([DepartmentId, z.literal('CENTRE')])),
});

/** A staff account as the administrator sees it (no password, no token). */
export interface StaffUser {
  userId: string;
  username: string;
  name: string;
  email: string;
  role: (typeof ROLES)[number];
  departmentId?: string;
  disabled: boolean;
}

export const Month = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Tháng có dạng yyyy-MM'));
export const Cursor = z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,2000}$/)));

export const AuditMonthQuery = z.strictObject({
  month: Month,
  cursor: Cursor,
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
});
export const TrailQuery = z.strictObject({
  cursor: Cursor,
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
});
export const TrailPath = z.object({ userId: StaffUserPath.shape.id });
