import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AGENCY_CODE_PATTERN,
  dailySequenceKey,
  formatDossierCode,
  MAX_DAILY_SEQUENCE,
  parseDossierCode,
} from '../../shared/domain/dossier-code.ts';
import { vnYyMmDd } from '../../shared/domain/time.ts';

const AGENCY = '000.99.01.H55';

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n });
const agencyCode = fc
  .tuple(digits(3), digits(2), digits(2), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), digits(2))
  .map(([a, b, c, letter, d]) => `${a.join('')}.${b.join('')}.${c.join('')}.${letter}${d.join('')}`);
const instant = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2099-12-30T00:00:00Z'),
  noInvalidDate: true,
});
const sequence = fc.integer({ min: 1, max: MAX_DAILY_SEQUENCE });

describe('dossier code (Circular 01/2018 art. 19)', () => {
  it('has the form agency-YYMMDD-XXXX with a zero-padded daily sequence', () => {
    expect(formatDossierCode(AGENCY, new Date('2026-03-10T02:00:00Z'), 7)).toBe('000.99.01.H55-260310-0007');
    expect(formatDossierCode(AGENCY, new Date('2026-03-10T02:00:00Z'), 9999)).toBe(
      '000.99.01.H55-260310-9999',
    );
  });

  it('dates the code by the Vietnamese day of receipt', () => {
    // 18:00 UTC on 27 November is 01:00 on 28 November in Vietnam.
    expect(formatDossierCode(AGENCY, new Date('2026-11-27T18:00:00Z'), 1)).toBe('000.99.01.H55-261128-0001');
  });

  it('parses back to the agency, date and sequence it was formatted from', () => {
    fc.assert(
      fc.property(agencyCode, instant, sequence, (agency, at, seq) => {
        expect(AGENCY_CODE_PATTERN.test(agency)).toBe(true);
        const code = formatDossierCode(agency, at, seq);
        expect(parseDossierCode(code)).toEqual({ agencyCode: agency, yymmdd: vnYyMmDd(at), sequence: seq });
      }),
      { numRuns: 500 },
    );
  });

  it.each(['00.99.01.H55', '000.99.01.h55', '000.99.01.H5', '000-99-01-H55', '000.99.01.H55 ', ''])(
    'refuses the invalid agency code %j',
    (bad) => {
      expect(() => formatDossierCode(bad, new Date('2026-03-10T02:00:00Z'), 1)).toThrow(RangeError);
    },
  );

  it.each([0, 10000, -1, 1.5, Number.NaN])('refuses the daily sequence %s', (bad) => {
    expect(() => formatDossierCode(AGENCY, new Date('2026-03-10T02:00:00Z'), bad)).toThrow(RangeError);
  });

  it.each([
    '000.99.01.H55-260310-007',
    '000.99.01.H55-2603100-0007',
    '000.99.01.H55-260310-0007-1',
    'x000.99.01.H55-260310-0007',
    '000.99.01.h55-260310-0007',
    '',
  ])('does not parse the malformed code %j', (bad) => {
    expect(parseDossierCode(bad)).toBeUndefined();
  });

  describe('daily sequence key', () => {
    it('names one agency on one Vietnamese day', () => {
      expect(dailySequenceKey(AGENCY, new Date('2026-11-27T18:00:00Z'))).toBe('000.99.01.H55#261128');
    });

    it('is shared by two instants of the same Vietnamese day that fall on different UTC days', () => {
      const lateUtc = new Date('2026-11-27T17:00:00Z'); // 28/11 00:00 in Vietnam
      const nextUtc = new Date('2026-11-28T16:59:59Z'); // 28/11 23:59:59 in Vietnam
      expect(dailySequenceKey(AGENCY, lateUtc)).toBe(dailySequenceKey(AGENCY, nextUtc));
      expect(dailySequenceKey(AGENCY, new Date('2026-11-27T16:59:59Z'))).not.toBe(
        dailySequenceKey(AGENCY, lateUtc),
      );
    });

    it('differs between agencies on the same day', () => {
      const at = new Date('2026-03-10T02:00:00Z');
      expect(dailySequenceKey('000.99.01.H55', at)).not.toBe(dailySequenceKey('000.99.02.H55', at));
    });
  });
});

describe('an invalid receipt date', () => {
  it('is refused rather than printed as NaN', () => {
    expect(() => formatDossierCode('000.99.01.H55', new Date('nope'), 1)).toThrow(RangeError);
  });
});
