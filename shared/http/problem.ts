import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ErrorCode, FieldError } from '../domain/errors.ts';
import { PROBLEM_TITLES } from '../domain/messages.ts';

type ProblemCode = ErrorCode | 'INTERNAL_ERROR' | 'SERVICE_UNAVAILABLE';

/** The HTTP status of every error code, here and only here. */
const STATUS: Record<ProblemCode, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  IDEMPOTENCY_KEY_REQUIRED: 400,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_IN_PROGRESS: 409,
  PROCEDURE_NOT_FOUND: 404,
  PROCEDURE_NOT_ONLINE: 422,
  APPLICANT_TYPE_NOT_ALLOWED: 422,
  DOSSIER_NOT_FOUND: 404,
  LOOKUP_RATE_LIMITED: 429,
  RATE_LIMITED: 429,
  ORIGIN_NOT_VERIFIED: 403,
  DOCUMENT_NOT_FOUND: 404,
  DOSSIER_NOT_DRAFT: 409,
  DOSSIER_CONFLICT: 409,
  DOCUMENT_REQUIREMENT_UNKNOWN: 422,
  DOCUMENT_TYPE_NOT_ACCEPTED: 422,
  DOCUMENT_TOO_LARGE: 422,
  TOO_MANY_UPLOADS: 422,
  DOCUMENTS_INVALID: 422,
  DAILY_SEQUENCE_EXHAUSTED: 503,
  ROUTE_NOT_FOUND: 404,
  STEP_NOT_FOUND: 404,
  RESULT_DOCUMENT_REQUIRED: 409,
  CALENDAR_OUT_OF_RANGE: 409,
  STEP_NOT_WAITING: 409,
  DOSSIER_NOT_WAITING: 409,
  DOSSIER_NOT_FLAGGED: 409,
  DEADLINE_EXTENSION_USED: 409,
  UNAUTHORIZED: 401,
  SESSION_REVOKED: 401,
  FORBIDDEN: 403,
  ALREADY_RATED: 409,
  CALENDAR_YEAR_NOT_FOUND: 404,
  FORM_NOT_AVAILABLE: 404,
  RESULT_NOT_AVAILABLE: 409,
  FEE_NOT_PAID: 402,
  FEE_NOT_DUE: 409,
  FEE_ALREADY_PAID: 409,
  PAYMENT_UNAVAILABLE: 503,
  FEE_EXEMPTION_UNKNOWN: 422,
  FEE_EXEMPTION_NOT_CLAIMABLE: 422,
  FEE_EXEMPTION_DECIDED: 409,
  FEE_EXEMPTION_UNDECIDED: 409,
  SIGNING_CERTIFICATE_MISSING: 409,
  RESULT_NOT_SIGNABLE: 422,
  NOT_A_PDF: 422,
  QUEUE_DEPARTMENT_UNKNOWN: 422,
  QUEUE_FULL: 409,
  QUEUE_TICKET_LIMIT: 429,
  RATING_CODE_INVALID: 403,
  QUEUE_BUSY: 503,
  QUEUE_EMPTY: 409,
  COUNTER_NOT_OPEN: 409,
  COUNTER_BUSY: 409,
  TICKET_NOT_FOUND: 404,
  TICKET_NOT_CALLED: 409,
  TICKET_NO_LONGER_SERVED: 409,
  TICKET_NOT_RATEABLE: 409,
  TICKET_ALREADY_RATED: 409,
  PROCEDURE_VERSION_CONFLICT: 409,
  DEPARTMENT_NOT_FOUND: 404,
  DEPARTMENT_CONFLICT: 409,
  PROCEDURE_VERSION_CHANGED: 409,
  STAFF_USER_NOT_FOUND: 404,
  STAFF_USER_EXISTS: 409,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
};

/**
 * RFC 9457 problem details: every error code maps to one HTTP status (above) and a readable title,
 * Vietnamese first with an English companion, from the messages table (shared/domain/messages.ts).
 */
export const PROBLEMS: Record<ProblemCode, { status: number; vi: string; en: string }> = Object.fromEntries(
  Object.entries(STATUS).map(([code, status]) => [code, { status, ...PROBLEM_TITLES[code as ProblemCode] }]),
) as Record<ProblemCode, { status: number; vi: string; en: string }>;

export interface ProblemBody {
  type: string;
  code: string;
  title: string;
  titleEn: string;
  status: number;
  detail?: string;
  /** The detail in English, where the refusal names a message of the table. */
  detailEn?: string;
  errors?: FieldError[];
  requestId?: string;
  [extra: string]: unknown;
}

export function problemResponse(
  code: ProblemCode,
  opts: {
    detail?: string;
    detailEn?: string;
    errors?: FieldError[];
    requestId?: string;
    extra?: Record<string, unknown>;
  } = {},
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  const p = PROBLEMS[code];
  const body: ProblemBody = {
    type: `urn:motcua:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    code,
    title: p.vi,
    titleEn: p.en,
    status: p.status,
    ...(opts.detail ? { detail: opts.detail } : {}),
    ...(opts.detail && opts.detailEn ? { detailEn: opts.detailEn } : {}),
    ...(opts.errors?.length ? { errors: opts.errors } : {}),
    ...(opts.requestId ? { requestId: opts.requestId } : {}),
    ...(opts.extra ?? {}),
  };
  return {
    statusCode: p.status,
    headers: {
      'content-type': 'application/problem+json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    },
    body: JSON.stringify(body),
  };
}
