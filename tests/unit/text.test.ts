import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldForSearch, matchesQuery, normalizeText } from '../../shared/domain/text.ts';

const NFD_NAME = 'Nguyễn Thị Hồng'.normalize('NFD');

/** Vietnamese words with diacritics, and the same words typed on a keyboard without them. */
const VIETNAMESE_WORDS: [string, string][] = [
  ['Đăng', 'dang'],
  ['ký', 'ky'],
  ['kinh', 'kinh'],
  ['doanh', 'doanh'],
  ['Nguyễn', 'nguyen'],
  ['Sở', 'so'],
  ['Xây', 'xay'],
  ['dựng', 'dung'],
  ['giấy', 'giay'],
  ['phép', 'phep'],
  ['đồng', 'dong'],
  ['Thái', 'thai'],
  ['Nguyên', 'nguyen'],
  ['hồ', 'ho'],
  ['sơ', 'so'],
  ['ĐỖ', 'do'],
];

describe('normalizeText', () => {
  it('turns decomposed (NFD) input into composed NFC', () => {
    const out = normalizeText(NFD_NAME);
    expect(out).toBe('Nguyễn Thị Hồng'.normalize('NFC'));
    expect(out.length).toBeLessThan(NFD_NAME.length);
  });

  it('trims and collapses inner whitespace, tabs and newlines to single spaces', () => {
    expect(normalizeText('  Số 1\t\tđường   Lê Lợi\n ')).toBe('Số 1 đường Lê Lợi');
  });
});

describe('foldForSearch', () => {
  it('lower-cases and strips diacritics, including đ and Đ', () => {
    expect(foldForSearch('Đăng ký kinh doanh')).toBe('dang ky kinh doanh');
    expect(foldForSearch('ĐỖ THỊ HỒNG đào')).toBe('do thi hong dao');
  });

  it('turns punctuation into single spaces but keeps the dots of a procedure code', () => {
    expect(foldForSearch('  Sở Xây dựng — (2.001610)  ')).toBe('so xay dung 2.001610');
  });

  it('is idempotent: folding a folded string changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const once = foldForSearch(s);
        expect(foldForSearch(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it('folds a string and its NFD form to the same value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        expect(foldForSearch(s.normalize('NFD'))).toBe(foldForSearch(s));
      }),
      { numRuns: 500 },
    );
  });

  it('folds a Vietnamese phrase in NFC and NFD to the same value', () => {
    const phrase = fc.array(fc.constantFrom(...VIETNAMESE_WORDS.map(([w]) => w)), {
      minLength: 1,
      maxLength: 6,
    });
    fc.assert(
      fc.property(phrase, (words) => {
        const s = words.join(' ');
        expect(foldForSearch(s.normalize('NFD'))).toBe(foldForSearch(s.normalize('NFC')));
      }),
    );
  });
});

describe('matchesQuery', () => {
  it('finds `Đăng ký kinh doanh` from `dang ky kinh doanh`', () => {
    expect(matchesQuery('Đăng ký kinh doanh', 'dang ky kinh doanh')).toBe(true);
  });

  it('matches each query word as the prefix of a word, in any order', () => {
    expect(matchesQuery('Đăng ký thành lập doanh nghiệp', 'doanh ng')).toBe(true);
    expect(matchesQuery('Đăng ký thành lập doanh nghiệp', 'nghiep dang')).toBe(true);
  });

  it('does not match a query word found only inside a word', () => {
    expect(matchesQuery('Đăng ký kinh doanh', 'ang')).toBe(false);
    expect(matchesQuery('Đăng ký kinh doanh', 'oanh')).toBe(false);
  });

  it('requires every query word to match', () => {
    expect(matchesQuery('Đăng ký kinh doanh', 'dang ky xay dung')).toBe(false);
  });

  it('matches everything when the query has no words', () => {
    expect(matchesQuery('Đăng ký kinh doanh', '')).toBe(true);
    expect(matchesQuery('Đăng ký kinh doanh', '  — ')).toBe(true);
  });

  it('still matches a Vietnamese phrase typed without diacritics', () => {
    const phrase = fc.array(fc.constantFrom(...VIETNAMESE_WORDS), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(phrase, fc.boolean(), (pairs, nfd) => {
        const haystack = pairs.map(([w]) => w).join(' ');
        const typed = pairs.map(([, plain]) => plain).join(' ');
        expect(matchesQuery(nfd ? haystack.normalize('NFD') : haystack, typed)).toBe(true);
      }),
    );
  });
});
