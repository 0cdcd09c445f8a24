import * as z from 'zod/mini';
import { MAX_EXTRA_ITEMS } from '../domain/supplement-items.ts';
import { CitizenIdNumber, PersonName, safeText } from './applicant.ts';
import { Duration } from './deadline-policy.ts';
import './zod-locale.ts';

/** Bodies of the actions that answer the workflow's waits (staff and citizens). */
const Version = z.int().check(z.gte(1));
const FeeIndex = z.int().check(z.gte(0), z.lte(49));
/** Every missing item in one notice (Decree 61/2018 art. 16). */
const Missing = z
  .array(z.string().check(z.trim(), z.minLength(1), z.maxLength(500), safeText()))
  .check(z.maxLength(50));
/** Items not in the procedure's document list, each with an upload slot of its own (a name, a note). */
const ExtraItems = z
  .array(
    z.strictObject({
      name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200), safeText()),
      note: z.optional(z.string().check(z.trim(), z.maxLength(500), safeText())),
    }),
  )
  .check(z.maxLength(MAX_EXTRA_ITEMS));
/** A supplement request names at least one item: from the document list, or a free one. */
const someItem = z.refine(
  (b: unknown) => {
    const x = b as { missing: string[]; extraItems: unknown[] };
    return x.missing.length + x.extraItems.length > 0;
  },
  { message: 'Cần nêu ít nhất một giấy tờ cần bổ sung', path: ['missing'] },
);
const Reasons = z
  .array(z.string().check(z.trim(), z.minLength(1), z.maxLength(1000), safeText()))
  .check(z.maxLength(30));

export const IntakeDecisionRequest = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('ACCEPT'), version: Version }),
  z
    .strictObject({
      decision: z.literal('SUPPLEMENT'),
      version: Version,
      missing: z._default(Missing, []),
      extraItems: z._default(ExtraItems, []),
      reasons: z._default(Reasons, []),
    })
    .check(someItem),
  z.strictObject({ decision: z.literal('REFUSE'), version: Version, reasons: Reasons.check(z.minLength(1)) }),
  /**
   * The exemption the citizen claimed for fee item `fee` (its position in the procedure version's
   * fees), checked against the proof in the dossier: confirmed, or refused with the reason.
   */
  z.strictObject({ decision: z.literal('CONFIRM_EXEMPTION'), version: Version, fee: FeeIndex }),
  z.strictObject({
    decision: z.literal('REFUSE_EXEMPTION'),
    version: Version,
    fee: FeeIndex,
    reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(1000), safeText()),
  }),
]);
export type IntakeDecisionRequest = z.infer<typeof IntakeDecisionRequest>;

export const StepDecisionRequest = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('COMPLETE'),
    version: Version,
    /** The result document uploaded through a result slot (a PDF), when the result is electronic. */
    resultDocumentId: z.optional(z.uuid()),
  }),
  z
    .strictObject({
      action: z.literal('REQUEST_SUPPLEMENT'),
      version: Version,
      missing: z._default(Missing, []),
      extraItems: z._default(ExtraItems, []),
      reasons: z._default(Reasons, []),
    })
    .check(someItem),
  z.strictObject({
    action: z.literal('EXTEND'),
    version: Version,
    extension: Duration,
    reasons: Reasons.check(z.minLength(1)),
  }),
  z.strictObject({ action: z.literal('REFUSE'), version: Version, reasons: Reasons.check(z.minLength(1)) }),
  /** The department head approves the submitted result (procedures that require approval). */
  z.strictObject({ action: z.literal('APPROVE'), version: Version }),
  /** The department head sends the result back to the officer, saying why. */
  z.strictObject({
    action: z.literal('RETURN_FOR_REWORK'),
    version: Version,
    reasons: Reasons.check(z.minLength(1)),
  }),
]);
export type StepDecisionRequest = z.infer<typeof StepDecisionRequest>;

/**
 * Who collected the result (trả kết quả): the applicant or an authorised person, with a CCCD.
 * Kept on the dossier only; the event records the kind, never the name or number.
 */
export const Collector = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('APPLICANT'),
    fullName: z.optional(PersonName),
    idNumber: z.optional(CitizenIdNumber),
  }),
  z.strictObject({ kind: z.literal('AUTHORISED'), fullName: PersonName, idNumber: CitizenIdNumber }),
]);
export type Collector = z.infer<typeof Collector>;

/** A postal service's tracking number (mã vận đơn), e.g. VNPost's `EE123456789VN`. */
export const TrackingNumber = z
  .string()
  .check(
    z.trim(),
    z.toUpperCase(),
    z.regex(/^[A-Z0-9][A-Z0-9-]{5,39}$/, 'Mã vận đơn gồm 6–40 chữ cái và chữ số'),
  );

/**
 * The hand-back: the collector is optional for online dossiers, required for counter and postal ones;
 * a result sent by post records the postal service's tracking number instead.
 */
export const HandBackRequest = z.strictObject({
  version: Version,
  collector: z.optional(Collector),
  trackingNumber: z.optional(TrackingNumber),
});

/**
 * Resuming the workflow of a flagged dossier once its cause is fixed: the failure the person saw
 * (its time, from the flagged queue) and what was done about it (kept in the dossier's history).
 */
export const ResumeWorkflowRequest = z.strictObject({
  flaggedAt: z.iso.datetime(),
  note: z.string().check(z.trim(), z.minLength(1), z.maxLength(1000), safeText()),
});

export const AssignHandlerRequest = z.strictObject({
  version: Version,
  handlerId: z.string().check(z.minLength(1), z.maxLength(128)),
});
export const NoteRequest = z.strictObject({
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000), safeText()),
});
export const ResultUploadRequest = z.strictObject({
  fileName: z.string().check(z.minLength(1), z.maxLength(200), safeText()),
  size: z.int().check(z.gte(1), z.lte(50 * 1024 * 1024)),
});
