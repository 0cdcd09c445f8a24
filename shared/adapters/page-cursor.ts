import { DomainError, fieldError } from '../domain/errors.ts';

/**
 * Page cursors: the last key a Query read (DynamoDB's LastEvaluatedKey), base64url JSON, handed
 * back by the client to get the next page. A cursor comes from outside, so it is checked against
 * the schema of the key it must be before it goes anywhere near DynamoDB, and bound to the page it
 * belongs to: exactly the key attributes of that table or index, every one a string, the partition
 * attribute equal to the partition being read (so a cursor of another department's queue, another
 * person's trail or another month is refused) and, when the Query reads a range of the sort key,
 * the sort key inside that range. Anything else — `e30` (`{}`), a number, a missing or extra
 * attribute — is a 400 with a field error on `query.cursor`, never a DynamoDB ValidationException
 * (which would be a 500).
 */
export interface CursorShape {
  /** Every attribute of the key, in any order (table key plus index key for an index Query). */
  attributes: readonly string[];
  /** Attributes whose value is fixed by the page being read (the partition key). */
  fixed: Readonly<Record<string, string>>;
  /** The sort key's range in this Query, when it reads one: `[attribute, lowest, highest]` (inclusive). */
  range?: readonly [string, string | undefined, string | undefined];
}

export const badCursor = () =>
  new DomainError('VALIDATION_FAILED', 'request.cursorInvalid', [
    fieldError('query.cursor', 'invalid_cursor', 'request.cursorInvalidField'),
  ]);

export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, shape: CursorShape): Record<string, string> {
  if (cursor.length > 2000 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw badCursor();
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw badCursor();
  const k = key as Record<string, unknown>;
  const names = Object.keys(k).sort();
  if (names.join('\u0000') !== [...shape.attributes].sort().join('\u0000')) throw badCursor();
  if (!names.every((n) => typeof k[n] === 'string' && (k[n] as string).length > 0)) throw badCursor();
  for (const [n, v] of Object.entries(shape.fixed)) if (k[n] !== v) throw badCursor();
  if (shape.range) {
    const [n, lo, hi] = shape.range;
    const v = k[n] as string;
    if ((lo !== undefined && v < lo) || (hi !== undefined && v > hi)) throw badCursor();
  }
  return k as Record<string, string>;
}
