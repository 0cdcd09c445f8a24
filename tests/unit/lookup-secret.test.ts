import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LookupSecret } from '../../shared/contracts/dossier.ts';
import {
  formatLookupSecret,
  hashLookupSecret,
  hashSubmitKey,
  newLookupSecret,
  sealLookupSecret,
  unsealLookupSecret,
  verifyLookupSecret,
} from '../../shared/domain/lookup-secret.ts';

const CROCKFORD = /^[0123456789ABCDEFGHJKMNPQRSTVWXYZ]{16}$/;

describe('lookup secret', () => {
  it('is 16 characters of the Crockford base32 alphabet', () => {
    for (let i = 0; i < 200; i++) expect(newLookupSecret()).toMatch(CROCKFORD);
  });

  it('is accepted by the LookupSecret contract, also in its grouped lower-case form', () => {
    const secret = newLookupSecret();
    expect(LookupSecret.parse(secret)).toBe(secret);
    expect(LookupSecret.parse(formatLookupSecret(secret).toLowerCase())).toBe(secret);
  });

  it('never repeats across 1000 secrets', () => {
    fc.assert(
      fc.property(fc.constant(null), () => {
        const secrets = Array.from({ length: 1000 }, () => newLookupSecret());
        expect(new Set(secrets).size).toBe(1000);
      }),
      { numRuns: 5 },
    );
  });

  it('uses every character of the alphabet', () => {
    const seen = new Set(Array.from({ length: 500 }, () => newLookupSecret()).join(''));
    expect(seen.size).toBe(32);
  });

  describe('verification against the stored hash', () => {
    it('accepts the right secret', () => {
      const secret = newLookupSecret();
      expect(verifyLookupSecret(secret, hashLookupSecret(secret))).toBe(true);
    });

    it('refuses a wrong secret', () => {
      fc.assert(
        fc.property(fc.string({ minLength: 1, maxLength: 20 }), (other) => {
          const secret = 'ABCDEFGHJKMNPQRS';
          fc.pre(other !== secret);
          expect(verifyLookupSecret(other, hashLookupSecret(secret))).toBe(false);
        }),
      );
      expect(verifyLookupSecret('ABCDEFGHJKMNPQRT', hashLookupSecret('ABCDEFGHJKMNPQRS'))).toBe(false);
    });

    it('refuses when no hash is stored', () => {
      expect(verifyLookupSecret('ABCDEFGHJKMNPQRS', undefined)).toBe(false);
      expect(verifyLookupSecret('ABCDEFGHJKMNPQRS', '')).toBe(false);
    });

    it('stores a hash that does not contain the secret', () => {
      const secret = newLookupSecret();
      const hash = hashLookupSecret(secret);
      expect(hash).not.toContain(secret);
      expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(hashLookupSecret(secret)).toBe(hash);
    });
  });

  it('is shown in groups of four', () => {
    expect(formatLookupSecret('ABCDEFGHJKMNPQRS')).toBe('ABCD-EFGH-JKMN-PQRS');
  });

  describe('sealed for the submitter', () => {
    it('opens with the dossier id and the key that sealed it, and only with them', () => {
      fc.assert(
        fc.property(fc.uuid(), fc.string({ minLength: 8, maxLength: 128 }), (dossierId, key) => {
          const secret = newLookupSecret();
          const sealed = sealLookupSecret(secret, dossierId, key);
          expect(sealed).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
          expect(unsealLookupSecret(sealed, dossierId, key)).toBe(secret);
          expect(unsealLookupSecret(sealed, dossierId, `${key}x`)).not.toBe(secret);
        }),
      );
    });

    it('differs from the secret and depends on the key', () => {
      const secret = 'ABCDEFGHJKMNPQRS';
      const a = sealLookupSecret(secret, 'd-1', 'key-one-123');
      expect(a).not.toBe(secret);
      expect(sealLookupSecret(secret, 'd-1', 'key-two-123')).not.toBe(a);
      expect(hashSubmitKey('key-one-123')).not.toContain('key-one');
      expect(hashSubmitKey('key-one-123')).toBe(hashSubmitKey('key-one-123'));
    });
  });
});
