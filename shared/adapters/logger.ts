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
  ].map((k) => k.toLowerCase()),
);

export const REDACTED = '[REDACTED]';

export function redactingReplacer(key: string, value: unknown): unknown {
  if (key !== '' && PII_KEYS.has(key.toLowerCase()) && value !== undefined && value !== null) return REDACTED;
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'motcua',
  jsonReplacerFn: redactingReplacer,
});
