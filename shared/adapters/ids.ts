import { randomBytes } from 'node:crypto';
import { monotonicFactory } from 'ulid';

/**
 * Event ids sort in the order they were made, even within one millisecond, so a dossier's
 * timeline (`EVT#<time>#<id>`) reads in the order things happened.
 */
const ulid = monotonicFactory();
export const newEventId = (): string => ulid();

let lastMs = 0;
let counter = 0;

/**
 * Document ids: UUIDs version 7 (RFC 9562) that sort in the order they were made, even within one
 * millisecond (a 12-bit counter), so "the newest upload of a slot" never hangs on a random tie when
 * two uploads share a timestamp (a frozen local clock, or one fast client).
 */
export function newDocumentId(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else if (++counter > 0xfff) {
    lastMs += 1;
    counter = 0;
  }
  const random = randomBytes(8);
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  const time = hex(lastMs, 12);
  const variant = hex(((random[0]! & 0x3f) | 0x80) * 256 + random[1]!, 4);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(counter, 3)}-${variant}-${random.subarray(2).toString('hex')}`;
}
