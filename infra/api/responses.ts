import * as z from 'zod/mini';
import {
  type CreateDossierResponse,
  DeliveryMethod,
  type LookupResponse,
  type RemoveUploadResponse,
  type ResultDownload,
  type SubmitDossierResponse,
  type UploadSlot,
} from '../../shared/contracts/dossier.ts';
import type { TicketView } from '../../shared/contracts/queue.ts';
import type { ErrorCode } from '../../shared/domain/errors.ts';
import { PROBLEMS, type ProblemBody } from '../../shared/http/problem.ts';

/**
 * Response bodies for the API description (infra/api/openapi.ts). Requests are described from the
 * schemas the handlers enforce; responses are TypeScript types in shared/contracts, so the ones an
 * integrator relies on most are written here as schemas, held to those types at compile time
 * (`Same` below) and to real responses by tests/integration/openapi.test.ts.
 */
const Bilingual = z.strictObject({ vi: z.string(), en: z.string() });
const Iso = z.iso.datetime({ offset: true });
const codes = Object.keys(PROBLEMS) as [ErrorCode, ...ErrorCode[]];

/** RFC 9457 problem details, the body of every error (application/problem+json). */
export const Problem = z.looseObject({
  type: z.string(),
  code: z.enum(codes),
  title: z.string(),
  titleEn: z.string(),
  status: z.int().check(z.gte(400), z.lte(599)),
  detail: z.optional(z.string()),
  detailEn: z.optional(z.string()),
  errors: z.optional(
    z.array(
      z.strictObject({
        path: z.string(),
        code: z.string(),
        message: z.string(),
        messageEn: z.optional(z.string()),
      }),
    ),
  ),
  requestId: z.optional(z.string()),
});

export const CreateDossierResponseSchema = z.strictObject({
  dossierId: z.uuid(),
  status: z.literal('DRAFT'),
  procedureCode: z.string(),
  procedureVersion: z.int(),
  createdAt: Iso,
  links: z.strictObject({ uploads: z.string(), submit: z.string() }),
});

const UploadSlotSchema = z.strictObject({
  documentId: z.string(),
  requirementId: z.string(),
  url: z.url(),
  fields: z.record(z.string(), z.string()),
  maxBytes: z.int(),
  expiresAt: Iso,
});
export const UploadSlotsResponse = z.strictObject({ slots: z.array(UploadSlotSchema) });

export const RemoveUploadResponseSchema = z.strictObject({
  documentId: z.uuid(),
  requirementId: z.string(),
  status: z.literal('REMOVED'),
});

export const SubmitDossierResponseSchema = z.looseObject({
  dossierId: z.uuid(),
  code: z.string(),
  lookupSecret: z.string(),
  status: z.literal('SUBMITTED'),
  submittedAt: Iso,
  documents: z.array(
    z.strictObject({
      documentId: z.string(),
      requirementId: z.string(),
      sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
      size: z.int(),
      contentType: z.string(),
    }),
  ),
});

const NextActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('WAIT') }),
  z.strictObject({
    kind: z.literal('SUPPLEMENT'),
    missing: z.array(z.string()),
    reasons: z.array(z.string()),
    dueDate: z.optional(z.string()),
  }),
  z.strictObject({ kind: z.literal('COLLECT_RESULT'), method: DeliveryMethod }),
  z.strictObject({ kind: z.literal('RATE') }),
  z.strictObject({ kind: z.literal('NONE') }),
]);

export const LookupResponseSchema = z.strictObject({
  code: z.string(),
  status: z.string(),
  statusLabel: Bilingual,
  procedureCode: z.string(),
  procedureName: z.string(),
  departmentId: z.string(),
  submittedAt: Iso,
  appointmentDate: z.optional(z.string()),
  steps: z.array(
    z.strictObject({
      stepId: z.string(),
      stage: z.int(),
      departmentId: z.string(),
      status: z.string(),
      dueDate: z.optional(z.string()),
    }),
  ),
  nextAction: NextActionSchema,
  canWithdraw: z.boolean(),
  timeline: z.array(z.strictObject({ at: Iso, type: z.string(), status: z.string(), label: Bilingual })),
  holder: z.optional(
    z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('CENTRE') }),
      z.strictObject({ kind: z.literal('DEPARTMENTS'), departmentIds: z.array(z.string()) }),
      z.strictObject({ kind: z.literal('CITIZEN'), departmentIds: z.array(z.string()) }),
      z.strictObject({ kind: z.literal('NONE') }),
    ]),
  ),
  overdue: z.optional(z.strictObject({ dueDate: z.string(), departmentIds: z.array(z.string()) })),
  result: z.optional(
    z.strictObject({
      method: DeliveryMethod,
      readyAt: Iso,
      returnedAt: z.optional(Iso),
      download: z.boolean(),
      trackingNumber: z.optional(z.string()),
    }),
  ),
});

export const ResultDownloadSchema = z.strictObject({ url: z.url(), expiresAt: Iso, fileName: z.string() });

export const TicketViewSchema = z.strictObject({
  ticketId: z.string(),
  number: z.string(),
  departmentId: z.string(),
  status: z.string(),
  takenAt: Iso,
  ahead: z.optional(z.int()),
  counterId: z.optional(z.string()),
  calledAt: z.optional(Iso),
  servedAt: z.optional(Iso),
  waitSeconds: z.optional(z.number()),
  serveSeconds: z.optional(z.number()),
  dossierId: z.optional(z.string()),
  dossierCode: z.optional(z.string()),
  rated: z.optional(z.boolean()),
  /** In the answer to taking the ticket only: the one-time code that lets its holder rate the service. */
  ratingCode: z.optional(z.string().check(z.regex(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/))),
});

/** A response written by hand per route: status, media type and (for JSON) the body's schema. */
export interface ResponseSpec {
  status: number;
  contentType: string;
  schema?: z.ZodMiniType;
  description: string;
}

/** The routes whose success bodies are described; the others are described as "a JSON body". */
export const RESPONSES: Record<string, ResponseSpec> = {
  CreateDossier: {
    status: 201,
    contentType: 'application/json',
    schema: CreateDossierResponseSchema,
    description: 'The draft',
  },
  CreateUploadSlots: {
    status: 201,
    contentType: 'application/json',
    schema: UploadSlotsResponse,
    description: 'Presigned POST slots',
  },
  RemoveUpload: {
    status: 200,
    contentType: 'application/json',
    schema: RemoveUploadResponseSchema,
    description: 'The document, taken off the draft (the same answer when it already was)',
  },
  SubmitDossier: {
    status: 201,
    contentType: 'application/json',
    schema: SubmitDossierResponseSchema,
    description: 'The submitted dossier with its code and look-up secret (shown once)',
  },
  LookupDossier: {
    status: 200,
    contentType: 'application/json',
    schema: LookupResponseSchema,
    description: 'The dossier as the citizen sees it',
  },
  ResultDownload: {
    status: 200,
    contentType: 'application/json',
    schema: ResultDownloadSchema,
    description: 'A short-lived link that downloads the result document',
  },
  TakeTicket: {
    status: 201,
    contentType: 'application/json',
    schema: TicketViewSchema,
    description: 'The ticket',
  },
  GetTicket: {
    status: 200,
    contentType: 'application/json',
    schema: TicketViewSchema,
    description: 'The ticket',
  },
  ReceiptPdf: { status: 200, contentType: 'application/pdf', description: 'Form 01, the receipt (PDF)' },
  DossierFormPdf: { status: 200, contentType: 'application/pdf', description: 'The form (PDF)' },
};

// The schemas above describe exactly the TypeScript types the handlers return: a change to one
// without the other fails `tsc`.
// Same keys too: an optional field added to a type alone would otherwise still "extend" the schema.
type Same<A, B> = [A] extends [B]
  ? [B] extends [A]
    ? [keyof A] extends [keyof B]
      ? [keyof B] extends [keyof A]
        ? true
        : false
      : false
    : false
  : false;
const same = <_T extends true>() => undefined;
same<Same<z.infer<typeof CreateDossierResponseSchema>, CreateDossierResponse>>();
same<Same<z.infer<typeof UploadSlotSchema>, UploadSlot>>();
same<Same<z.infer<typeof LookupResponseSchema>, LookupResponse>>();
same<Same<z.infer<typeof ResultDownloadSchema>, ResultDownload>>();
same<Same<Omit<z.infer<typeof TicketViewSchema>, 'status'>, Omit<TicketView, 'status'>>>();
same<z.infer<typeof SubmitDossierResponseSchema> extends SubmitDossierResponse ? true : false>();
same<Same<z.infer<typeof RemoveUploadResponseSchema>, RemoveUploadResponse>>();
same<z.infer<typeof Problem> extends ProblemBody ? true : false>();
