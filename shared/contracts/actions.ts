import * as z from 'zod';
import { CitizenIdNumber, PersonName } from './applicant.ts';
import { Duration } from './deadline-policy.ts';

/** Bodies of the actions that answer the workflow's waits (staff and citizens). */
const Version = z.number().int().min(1);
const Reasons = z.array(z.string().trim().min(1).max(1000)).max(30);

export const IntakeDecisionRequest = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('ACCEPT'), version: Version }).strict(),
  z
    .object({
      decision: z.literal('SUPPLEMENT'),
      version: Version,
      /** Every missing item in one notice (Decree 61/2018 art. 16). */
      missing: z.array(z.string().trim().min(1).max(500)).min(1).max(50),
      reasons: Reasons.default([]),
    })
    .strict(),
  z.object({ decision: z.literal('REFUSE'), version: Version, reasons: Reasons.min(1) }).strict(),
]);
export type IntakeDecisionRequest = z.infer<typeof IntakeDecisionRequest>;

export const StepDecisionRequest = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('COMPLETE'),
      version: Version,
      /** The result document uploaded through a result slot (a PDF), when the result is electronic. */
      resultDocumentId: z.uuid().optional(),
    })
    .strict(),
  z
    .object({
      action: z.literal('REQUEST_SUPPLEMENT'),
      version: Version,
      missing: z.array(z.string().trim().min(1).max(500)).min(1).max(50),
      reasons: Reasons.default([]),
    })
    .strict(),
  z
    .object({ action: z.literal('EXTEND'), version: Version, extension: Duration, reasons: Reasons.min(1) })
    .strict(),
  z.object({ action: z.literal('REFUSE'), version: Version, reasons: Reasons.min(1) }).strict(),
  /** The department head approves the submitted result (procedures that require approval). */
  z.object({ action: z.literal('APPROVE'), version: Version }).strict(),
  /** The department head sends the result back to the officer, saying why. */
  z.object({ action: z.literal('RETURN_FOR_REWORK'), version: Version, reasons: Reasons.min(1) }).strict(),
]);
export type StepDecisionRequest = z.infer<typeof StepDecisionRequest>;

export const VersionOnly = z.object({ version: Version }).strict();

/**
 * Who collected the result (trả kết quả): the applicant or an authorised person, with a CCCD.
 * Kept on the dossier only; the event records the kind, never the name or number.
 */
export const Collector = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('APPLICANT'),
      fullName: PersonName.optional(),
      idNumber: CitizenIdNumber.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('AUTHORISED'), fullName: PersonName, idNumber: CitizenIdNumber }).strict(),
]);
export type Collector = z.infer<typeof Collector>;

/** The hand-back: the collector is optional for online dossiers, required for counter and postal ones. */
export const HandBackRequest = z.object({ version: Version, collector: Collector.optional() }).strict();

export const AssignHandlerRequest = z
  .object({ version: Version, handlerId: z.string().min(1).max(128) })
  .strict();
export const NoteRequest = z.object({ text: z.string().trim().min(1).max(2000) }).strict();
export const ResultUploadRequest = z
  .object({
    fileName: z.string().min(1).max(200),
    size: z
      .number()
      .int()
      .min(1)
      .max(50 * 1024 * 1024),
  })
  .strict();
