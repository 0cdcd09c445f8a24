import * as z from 'zod/mini';
import { CitizenIdNumber, PersonName, VnMobile } from './applicant.ts';
import { DraftShape, FeeExemptionChoices, type SubmitDossierResponse } from './dossier.ts';
import { TicketId } from './queue.ts';
import './zod-locale.ts';

/**
 * Dossiers a reception officer registers for a citizen: handed in at the counter (walk-in) or
 * received by post (DOMAIN.md lifecycle 1). The applicant is checked with the same schemas as
 * online (CCCD, mobile); the channel, a representative and the postal receipt time are the
 * counter's own facts.
 */
export const WalkInChannel = z.enum(['COUNTER', 'POST']);
export type WalkInChannel = z.infer<typeof WalkInChannel>;

/** The person handing the dossier in for the applicant (người được ủy quyền). */
export const Representative = z.strictObject({
  fullName: PersonName,
  idNumber: CitizenIdNumber,
  phone: z.optional(VnMobile),
});
export type Representative = z.infer<typeof Representative>;

export const RequirementId = z.string().check(z.regex(/^d\d{1,2}$/));

/** Documents received on paper, by the procedure's requirement id (d1, d2, …). */
export const PaperDocuments = z.array(RequirementId).check(
  z.maxLength(30),
  z.refine((ids) => new Set(ids).size === ids.length, { message: 'Mỗi thành phần chỉ đánh dấu một lần' }),
);

/** The online draft's fields (procedure, applicant, form fields, delivery), and the counter's own. */
export const CreateWalkInRequest = z
  .strictObject({
    ...DraftShape,
    channel: WalkInChannel,
    representative: z.optional(Representative),
    /** POST only: when the centre received the envelope (ISO 8601 with offset); never in the future. */
    receivedAt: z.optional(z.iso.datetime({ offset: true, message: 'Thời điểm nhận không hợp lệ' })),
    paperDocuments: z._default(PaperDocuments, []),
    /** Exemptions the officer applies at the counter, the applicant having shown the proof. */
    feeExemptions: z._default(FeeExemptionChoices, []),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.channel === 'POST' && !v.receivedAt) {
        ctx.addIssue({
          code: 'custom',
          path: ['receivedAt'],
          message: 'Hồ sơ qua bưu chính cần thời điểm nhận bưu phẩm',
        });
      }
      if (v.channel === 'COUNTER' && v.receivedAt) {
        ctx.addIssue({
          code: 'custom',
          path: ['receivedAt'],
          message: 'Hồ sơ nộp tại quầy được tính từ lúc đăng ký; không nhập thời điểm nhận',
        });
      }
    }),
  );
export type CreateWalkInRequest = z.infer<typeof CreateWalkInRequest>;

export interface CreateWalkInResponse {
  dossierId: string;
  status: 'DRAFT';
  channel: WalkInChannel;
  procedureCode: string;
  procedureVersion: number;
  version: number;
  createdAt: string;
  links: { uploads: string; paper: string; submit: string };
}

export const PaperDocumentsRequest = z.strictObject({
  version: z.int().check(z.gte(1)),
  received: PaperDocuments,
});
export type PaperDocumentsRequest = z.infer<typeof PaperDocumentsRequest>;

/**
 * The submission of a registered dossier. `ticketId`: the counter ticket the citizen was called
 * with; the same call links it to the dossier (no separate link call), so the counter's rating and
 * figures reach the dossier. The body may be absent (a postal dossier has no ticket).
 */
export const SubmitWalkInRequest = z.strictObject({ ticketId: z.optional(TicketId) });
export type SubmitWalkInRequest = z.infer<typeof SubmitWalkInRequest>;

/** The printable intake forms (Circular 01/2018 art. 9): receipt, supplement request, refusal. */
export type IntakeFormNumber = '01' | '02' | '03';

/**
 * Everything the counter page needs after submitting, so it never reads the dossier again before
 * the intake decision: the version to decide on and the links of the forms to print.
 */
export type WalkInSubmitResponse = SubmitDossierResponse & {
  channel: WalkInChannel;
  receivedAt: string;
  /** The dossier's version after submission: the intake decision is conditioned on it. */
  version: number;
  links: { dossier: string; intake: string; forms: Record<IntakeFormNumber, string> };
  /**
   * The ticket, linked in the submission's own transaction (a ticket no longer being served refuses
   * the submission with 409 TICKET_NO_LONGER_SERVED), so `linked` is true; kept for clients.
   */
  ticket?: { ticketId: string; number?: string; counterId?: string; linked: boolean };
};
