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
