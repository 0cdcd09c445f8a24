import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The Powertools logger every handler uses. Personal data never reaches the logs: every key that can
 * hold a name, ID number, phone, email, address or secret is replaced, at any depth, by the JSON
 * replacer (ARCHITECTURE.md invariant 8).
 */
/** Compared in lower case, so header names match in any spelling. */
export const PII_KEYS = new Set(
  [
    'fullName',
    'organisationName',
    'representative',
    'idNumber',
    'taxCode',
    'phone',
    'email',
    'address',
    'dateOfBirth',
    'applicant',
    'fields',
    'secret',
    'lookupSecret',
    'x-lookup-secret',
    'fileName',
    'authorization',
    // Free text typed by staff or citizens can hold anything, a phone number or a name included.
    'text',
    'reasons',
    'missing',
    'collector',
    // Search terms (a staff member may search for an applicant) and the raw query they come in.
    'q',
    'rawQueryString',
  ].map((k) => k.toLowerCase()),
);

export const REDACTED = '[REDACTED]';

/**
 * A request body arrives as a string (an API Gateway event, which Powertools logs whole when
 * POWERTOOLS_LOGGER_LOG_EVENT is on): key-based redaction cannot see into it, so a JSON body is
 * parsed and redacted like any object, and anything else (base64, form data) is dropped.
 */
function redactBody(value: string): string {
  try {
    return JSON.stringify(JSON.parse(value), redactingReplacer);
  } catch {
    return REDACTED;
  }
}

export function redactingReplacer(key: string, value: unknown): unknown {
  if (key !== '' && PII_KEYS.has(key.toLowerCase()) && value !== undefined && value !== null) return REDACTED;
  if (key === 'body' && typeof value === 'string' && value !== '') return redactBody(value);
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'motcua',
  jsonReplacerFn: redactingReplacer,
});
