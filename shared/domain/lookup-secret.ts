import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The lookup secret a citizen receives once at submission and types with the dossier code.
 * 16 Crockford base32 characters = 80 random bits; high entropy, so a plain SHA-256 is a fit
 * verifier (no slow hash needed) and only the hash is stored.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newLookupSecret(): string {
  const bytes = randomBytes(16);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

export function hashLookupSecret(secret: string): string {
  return createHash('sha256').update(`motcua-lookup:${secret}`).digest('base64url');
}

export function verifyLookupSecret(secret: string, storedHash: string | undefined): boolean {
  const a = Buffer.from(hashLookupSecret(secret));
  const b = Buffer.from(storedHash ?? '');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `ABCD-EFGH-JKMN-PQRS`: easier to copy by hand. */
export function formatLookupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join('-') ?? secret;
}

/**
 * The submitter's copy of the secret, kept on the dossier so a lost answer can be given again.
 * A one-time pad over the alphabet, derived from the dossier id and the submission's
 * Idempotency-Key: only a client holding that key (the one that submitted) can open it, and the
 * key itself is kept only as a hash (`hashSubmitKey`).
 */
function pad(dossierId: string, idempotencyKey: string): Buffer {
  return createHash('sha256').update(`motcua-seal:${dossierId}:${idempotencyKey}`).digest();
}

export function sealLookupSecret(secret: string, dossierId: string, idempotencyKey: string): string {
  const k = pad(dossierId, idempotencyKey);
  return [...secret].map((c, i) => ALPHABET[(ALPHABET.indexOf(c) + k[i]!) & 31]).join('');
}

export function unsealLookupSecret(sealed: string, dossierId: string, idempotencyKey: string): string {
  const k = pad(dossierId, idempotencyKey);
  return [...sealed].map((c, i) => ALPHABET[(ALPHABET.indexOf(c) - k[i]! + 256) & 31]).join('');
}

export function hashSubmitKey(idempotencyKey: string): string {
  return createHash('sha256').update(`motcua-submit-key:${idempotencyKey}`).digest('base64url');
}
