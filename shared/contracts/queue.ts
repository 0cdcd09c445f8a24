import * as z from 'zod/mini';
import { DOSSIER_CODE_PATTERN } from '../domain/dossier-code.ts';
import {
  normaliseRatingCode,
  parseCounterId,
  parseTicketId,
  RATING_CODE_ALPHABET,
  RATING_CODE_LENGTH,
  type TicketStatus,
} from '../domain/queue.ts';
import { RatingRequest } from './dossier.ts';
import './zod-locale.ts';

/**
 * The counter queue's API (issue 9, items 3–4): kiosk tickets, the hall display, the reception
 * officer's counter, and the rating tablet at each counter. Identifiers are readable on a slip and
 * carry no personal data: a ticket is a day, a department and a number.
 */
export const DepartmentId = z
  .string()
  .check(z.regex(/^[A-Z][A-Z0-9]{1,7}$/, { message: 'Mã cơ quan không hợp lệ' }));

export const CounterId = z
  .string()
  .check(
    z.refine((s) => parseCounterId(s) !== undefined, { message: 'Mã quầy không hợp lệ (ví dụ STP-01)' }),
  );

export const TicketId = z.string().check(
  z.maxLength(32),
  z.refine((s) => parseTicketId(s) !== undefined, {
    message: 'Mã phiếu không hợp lệ (ví dụ 20260302-STP-015)',
  }),
);

export const TakeTicketRequest = z.strictObject({ departmentId: DepartmentId });
export type TakeTicketRequest = z.infer<typeof TakeTicketRequest>;

/** A dossier's code (on the receipt) or its id (in the workspace's address bar). */
export const DossierRef = z.string().check(
  z.trim(),
  z.refine(
    (s) =>
      DOSSIER_CODE_PATTERN.test(s) ||
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s),
    { message: 'Nhập mã hồ sơ hoặc số định danh hồ sơ' },
  ),
);

/**
 * What the officer does at the counter. The ticket the officer sees is named in every action on a
 * ticket, so a stale screen never acts on another citizen's ticket.
 */
export const CounterActionRequest = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('OPEN') }),
  z.strictObject({ action: z.literal('CALL_NEXT') }),
  z.strictObject({ action: z.literal('RECALL'), ticketId: TicketId }),
  z.strictObject({ action: z.literal('SERVED'), ticketId: TicketId, dossier: z.optional(DossierRef) }),
  z.strictObject({ action: z.literal('ABSENT'), ticketId: TicketId }),
]);
export type CounterActionRequest = z.infer<typeof CounterActionRequest>;

export const LinkDossierRequest = z.strictObject({ dossier: DossierRef });

/** The rating code printed on the ticket (`ABCD-EFGH`; case, spaces and the dash do not matter). */
export const RatingCode = z.pipe(
  z.string().check(z.maxLength(20)),
  z.pipe(
    z.transform(normaliseRatingCode),
    z.string().check(
      z.regex(new RegExp(`^[${RATING_CODE_ALPHABET}]{${RATING_CODE_LENGTH}}$`), {
        message: 'Mã đánh giá gồm 8 chữ và số in trên phiếu số thứ tự',
      }),
    ),
  ),
);

/**
 * The counter's rating: the same indices and scores as the online rating, for the ticket just
 * served, with the ticket's rating code (only its holder has it).
 */
export const CounterRatingRequest = z.strictObject({
  ticketId: TicketId,
  ratingCode: RatingCode,
  scores: RatingRequest.shape.scores,
  comment: RatingRequest.shape.comment,
});
export type CounterRatingRequest = z.infer<typeof CounterRatingRequest>;

export const CounterStatsQuery = z.strictObject({
  month: z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'Tháng dạng YYYY-MM' })),
});

/** A ticket as the citizen, the display and the officer see it (no personal data exists on it). */
export interface TicketView {
  ticketId: string;
  /** `A-015`. */
  number: string;
  departmentId: string;
  status: TicketStatus;
  takenAt: string;
  /** People to be called before this ticket (waiting tickets). */
  ahead?: number;
  counterId?: string;
  calledAt?: string;
  servedAt?: string;
  waitSeconds?: number;
  serveSeconds?: number;
  dossierId?: string;
  dossierCode?: string;
  rated?: boolean;
  /**
   * The rating code (`ABCD-EFGH`): in the answer to taking the ticket only, never again (the
   * ticket's page keeps it; the slip prints it).
   */
  ratingCode?: string;
}

/** One department's line today, for the kiosk. */
export interface QueueLineView {
  departmentId: string;
  name: string;
  nameEn: string;
  prefix: string;
  waiting: number;
}

/** A counter on the hall display: the number it called last. */
export interface DisplayCounterView {
  counterId: string;
  departmentId: string;
  /** The ticket called last (`A-015`), while it is being called or served. */
  number?: string;
  status?: TicketStatus;
  calledAt?: string;
  /** Grows with every call and recall, so the display can announce a recall too. */
  callSeq: number;
}

export interface DisplayView {
  date: string;
  counters: DisplayCounterView[];
}
