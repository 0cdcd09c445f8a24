import type { Message, MessageKey, PlainMessageKey } from './messages.ts';
import { say } from './messages.ts';

/**
 * Errors are values with codes. Each code is mapped to an HTTP status in one place, the HTTP edge's
 * problem table; its title and every detail text are in the messages table (./messages.ts).
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'RESULT_DOCUMENT_REQUIRED'
  | 'CALENDAR_OUT_OF_RANGE'
  | 'MALFORMED_JSON'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'IDEMPOTENCY_KEY_REQUIRED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'IDEMPOTENCY_IN_PROGRESS'
  | 'PROCEDURE_NOT_FOUND'
  | 'PROCEDURE_NOT_ONLINE'
  | 'APPLICANT_TYPE_NOT_ALLOWED'
  | 'DOSSIER_NOT_FOUND'
  | 'LOOKUP_RATE_LIMITED'
  | 'RATE_LIMITED'
  | 'ORIGIN_NOT_VERIFIED'
  | 'DOSSIER_NOT_DRAFT'
  | 'DOSSIER_CONFLICT'
  | 'DOCUMENT_NOT_FOUND'
  | 'DOCUMENT_REQUIREMENT_UNKNOWN'
  | 'DOCUMENT_TYPE_NOT_ACCEPTED'
  | 'DOCUMENT_TOO_LARGE'
  | 'TOO_MANY_UPLOADS'
  | 'DOCUMENTS_INVALID'
  | 'DAILY_SEQUENCE_EXHAUSTED'
  | 'ROUTE_NOT_FOUND'
  | 'STEP_NOT_FOUND'
  | 'STEP_NOT_WAITING'
  | 'DOSSIER_NOT_WAITING'
  | 'DOSSIER_NOT_FLAGGED'
  | 'DEADLINE_EXTENSION_USED'
  | 'UNAUTHORIZED'
  | 'SESSION_REVOKED'
  | 'FORBIDDEN'
  | 'CALENDAR_YEAR_NOT_FOUND'
  | 'ALREADY_RATED'
  | 'FORM_NOT_AVAILABLE'
  | 'RESULT_NOT_AVAILABLE'
  // signed results and their verification (shared/signing/)
  | 'SIGNING_CERTIFICATE_MISSING'
  | 'RESULT_NOT_SIGNABLE'
  | 'NOT_A_PDF'
  // the counter queue (shared/domain/queue.ts)
  | 'QUEUE_DEPARTMENT_UNKNOWN'
  | 'QUEUE_FULL'
  | 'QUEUE_TICKET_LIMIT'
  | 'RATING_CODE_INVALID'
  | 'QUEUE_BUSY'
  | 'QUEUE_EMPTY'
  | 'COUNTER_NOT_OPEN'
  | 'COUNTER_BUSY'
  | 'TICKET_NOT_FOUND'
  | 'TICKET_NOT_CALLED'
  | 'TICKET_NO_LONGER_SERVED'
  | 'TICKET_NOT_RATEABLE'
  | 'TICKET_ALREADY_RATED'
  // administration (functions/admin)
  | 'PROCEDURE_VERSION_CONFLICT'
  | 'DEPARTMENT_NOT_FOUND'
  | 'DEPARTMENT_CONFLICT'
  | 'PROCEDURE_VERSION_CHANGED'
  | 'STAFF_USER_NOT_FOUND'
  | 'STAFF_USER_EXISTS'
  // fees paid online (shared/services/payments.ts)
  | 'FEE_NOT_PAID'
  | 'FEE_NOT_DUE'
  | 'FEE_ALREADY_PAID'
  | 'PAYMENT_UNAVAILABLE'
  // exemptions checked by the reception officer (shared/services/fee-exemptions.ts)
  | 'FEE_EXEMPTION_UNKNOWN'
  | 'FEE_EXEMPTION_NOT_CLAIMABLE'
  | 'FEE_EXEMPTION_DECIDED'
  | 'FEE_EXEMPTION_UNDECIDED';

export interface FieldError {
  /** Path of the offending field, e.g. `applicant.idNumber` or `documents.d1`. */
  path: string;
  code: string;
  message: string;
  /** The message in English, where the rule that refused the field has one. */
  messageEn?: string;
}

/**
 * A field error in the words of the messages table. The API's field errors are Vietnamese
 * (`message`); `messageEn` stays with the text rule that has always sent it.
 */
export function fieldError(path: string, code: string, m: Message | PlainMessageKey): FieldError {
  return { path, code, message: say(m, 'vi') };
}

/**
 * A refusal: its code (→ HTTP status and title) and what to tell the person, a message of the
 * table (`'dossier.notFound'`, or `message('procedure.notFound', { code })` for one with
 * parameters). `message` is the Vietnamese text (the problem's `detail`), `messageEn` the English.
 * No text is written at a throw site.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  /** The English text of the message (the problem's `detailEn`). */
  readonly messageEn: string | undefined;
  /** The key of the message in the messages table. */
  readonly messageKey: MessageKey | undefined;
  constructor(
    readonly code: ErrorCode,
    said?: Message | PlainMessageKey,
    readonly fieldErrors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(said ? say(said, 'vi') : '');
    this.messageKey = said === undefined ? undefined : typeof said === 'string' ? said : said.key;
    this.messageEn = said ? say(said, 'en') : undefined;
  }
}
