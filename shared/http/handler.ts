import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { logger } from '../adapters/logger.ts';
import type { Role, StaffPrincipal } from '../contracts/auth.ts';
import { calendarGapProblem, missingCalendarYear } from '../domain/calendar-gap.ts';
import { DomainError, type ErrorCode, fieldError } from '../domain/errors.ts';
import { zodFieldErrors } from '../domain/field-errors.ts';
import { authorize } from './auth.ts';
import { originCheck } from './edge.ts';
import { problemResponse } from './problem.ts';
import { assertSessionCurrent } from './session.ts';
import '../contracts/zod-locale.ts';

/**
 * Every HTTP handler is `httpHandler(schemas, fn)`: the request is parsed and validated with zod
 * before `fn` runs (so bad input never reaches a write), and errors become RFC 9457 problem+json in
 * one middy middleware instead of a try/catch in each handler.
 */
type Schema = z.ZodMiniType;

export interface RequestSchemas<B extends Schema, Q extends Schema, P extends Schema> {
  body?: B;
  query?: Q;
  path?: P;
  /** Require an `Idempotency-Key` header (8–128 visible ASCII characters). */
  idempotencyKey?: boolean;
  /** A staff route: the roles admitted (from the route table); the principal is passed on. */
  roles?: readonly Role[];
}

export interface ParsedRequest<B, Q, P> {
  body: B;
  query: Q;
  path: P;
  idempotencyKey: string;
  /** The authenticated staff member (staff routes only). */
  principal: StaffPrincipal;
  headers: Record<string, string | undefined>;
  event: APIGatewayProxyEventV2;
  context: Context;
}

export type HttpResult = APIGatewayProxyStructuredResultV2;

const BASE_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { ...BASE_HEADERS, ...headers }, body: JSON.stringify(body) };
}

function parsePart<S extends Schema>(schema: S | undefined, value: unknown, prefix: string): z.infer<S> {
  if (!schema) return undefined as z.infer<S>;
  const r = schema.safeParse(value);
  if (!r.success) {
    throw new DomainError('VALIDATION_FAILED', 'request.invalid', zodFieldErrors(r.error, prefix));
  }
  return r.data;
}

function readJsonBody(event: APIGatewayProxyEventV2): unknown {
  if (event.body === undefined || event.body === null || event.body === '') {
    throw new DomainError('VALIDATION_FAILED', 'request.bodyMissing', [
      fieldError('body', 'required', 'request.bodyRequired'),
    ]);
  }
  const type = (event.headers?.['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('application/json')) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'request.jsonOnly');
  }
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError('MALFORMED_JSON', 'request.malformedJson');
  }
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,128}$/;

/** Headers a refusal carries beyond problem+json's own. */
const PROBLEM_HEADERS: Partial<Record<ErrorCode, Record<string, string>>> = {
  // A concurrent duplicate of an idempotent request: the first one is still running.
  IDEMPOTENCY_IN_PROGRESS: { 'retry-after': '1' },
};

/**
 * An error that knows when to come back (a rate limit: `extra.retryAfterSeconds`, also in the
 * body) carries it as `Retry-After` (RFC 9110 §10.2.3, delay in seconds).
 */
function retryAfter(err: DomainError): Record<string, string> {
  const s = err.extra.retryAfterSeconds;
  return typeof s === 'number' && Number.isInteger(s) && s > 0 ? { 'retry-after': String(s) } : {};
}

const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'TransactionInProgressException',
  'InternalServerError',
  'ServiceUnavailable',
  'SlowDown',
  'TimeoutError',
]);
const TRANSIENT_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

/**
 * An AWS call that still failed after the SDK's retries for a reason that passes by itself
 * (throttling, a 5xx of the service, a dropped connection): the request may be retried as is, so
 * it is answered 503 with Retry-After rather than 500. Idempotent routes replay safely.
 */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { $retryable?: unknown; $metadata?: { httpStatusCode?: number }; code?: unknown };
  if (e.$retryable) return true;
  if (TRANSIENT_NAMES.has(e.name)) return true;
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  return typeof e.code === 'string' && TRANSIENT_SOCKET_CODES.has(e.code);
}

/**
 * Maps every error to problem+json; transient AWS failures are answered 503 with Retry-After,
 * other unknown errors are logged (without PII) and answered 500.
 * Idempotency refusals arrive as DomainErrors (shared/adapters/idempotency.ts translates Powertools'
 * errors), so this module — imported by every handler — does not import Powertools idempotency,
 * which only the handlers with an Idempotency-Key bundle.
 */
export const problemJsonErrors = (): MiddlewareObj<APIGatewayProxyEventV2, HttpResult> => ({
  onError: async (request) => {
    const err = request.error;
    const requestId = request.context?.awsRequestId;
    if (err instanceof DomainError) {
      request.response = problemResponse(
        err.code,
        {
          detail: err.message,
          detailEn: err.messageEn,
          errors: err.fieldErrors,
          requestId,
          extra: err.extra,
        },
        { ...PROBLEM_HEADERS[err.code], ...retryAfter(err) },
      );
      logger.info('request refused', { code: err.code });
      return;
    }
    // A deadline beyond the known calendar: the year to add, never a 500.
    const year = missingCalendarYear(err);
    if (year !== undefined) {
      const gap = calendarGapProblem(year);
      request.response = problemResponse(gap.code, {
        detail: gap.message,
        detailEn: gap.messageEn,
        requestId,
        extra: gap.extra,
      });
      logger.warn('calendar out of range', { missingYear: year });
      return;
    }
    if (isTransient(err)) {
      logger.warn('transient failure after retries', { error: err as Error });
      request.response = problemResponse(
        'SERVICE_UNAVAILABLE',
        { requestId, extra: { retryAfterSeconds: 2 } },
        { 'retry-after': '2' },
      );
      return;
    }
    logger.error('unhandled error', { error: err as Error });
    request.response = problemResponse('INTERNAL_ERROR', { requestId });
  },
});

/**
 * `X-Content-Type-Options: nosniff` on every response a handler gives (JSON, problem+json, CSV,
 * PDF, HTML), whatever built it: a browser never second-guesses a declared type into script.
 */
const noSniff = (): MiddlewareObj<APIGatewayProxyEventV2, HttpResult> => {
  const add = async (request: { response: HttpResult | undefined | null }) => {
    const r = request.response;
    if (r && typeof r === 'object') r.headers = { ...r.headers, 'x-content-type-options': 'nosniff' };
  };
  return { after: add, onError: add };
};

export function httpHandler<B extends Schema, Q extends Schema, P extends Schema>(
  schemas: RequestSchemas<B, Q, P>,
  fn: (req: ParsedRequest<z.infer<B>, z.infer<Q>, z.infer<P>>) => Promise<HttpResult>,
) {
  const base = async (event: APIGatewayProxyEventV2, context: Context): Promise<HttpResult> => {
    const headers = event.headers ?? {};
    // Authorization first: a caller without the role learns nothing about the input's validity.
    const principal = schemas.roles
      ? authorize(event, schemas.roles)
      : (undefined as unknown as StaffPrincipal);
    // …and a revoked session (disabled or moved since the token was issued) is refused.
    if (schemas.roles) await assertSessionCurrent(event, principal);
    let idempotencyKey = '';
    if (schemas.idempotencyKey) {
      idempotencyKey = headers['idempotency-key'] ?? '';
      if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
        throw new DomainError('IDEMPOTENCY_KEY_REQUIRED', 'request.idempotencyKey');
      }
    }
    const path = parsePart(schemas.path, event.pathParameters ?? {}, 'path');
    const query = parsePart(schemas.query, event.queryStringParameters ?? {}, 'query');
    const body = (schemas.body ? parsePart(schemas.body, readJsonBody(event), '') : undefined) as z.infer<B>;
    return fn({ body, query, path, idempotencyKey, principal, headers, event, context });
  };
  const handler = middy<APIGatewayProxyEventV2, HttpResult>(base)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(noSniff())
    .use(problemJsonErrors())
    // Before anything is parsed: a request that did not come through CloudFront is refused.
    .use(originCheck());
  // The schemas travel with the handler, so the API description is built from what is enforced.
  return Object.assign(handler, { contract: schemas as RequestSchemas<Schema, Schema, Schema> });
}

/** What `httpHandler` attaches to every handler it makes: the schemas its requests are checked with. */
export type RouteContract = RequestSchemas<Schema, Schema, Schema>;
