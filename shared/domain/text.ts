/**
 * Vietnamese text helpers. Names and addresses are stored in NFC (DOMAIN.md: "normalise to NFC");
 * search folds diacritics so that `dang ky kinh doanh` finds `Đăng ký kinh doanh`.
 */

/**
 * What a typed text may not hold, whoever typed it (the citizen's form, the API, an officer):
 * - `control`: C0 controls (NUL, BEL, ESC of an ANSI sequence…) other than tab and line breaks,
 *   DEL and the C1 controls — they corrupt terminals, logs and exports;
 * - `bidi`: bidirectional overrides, embeddings, isolates and marks (U+202A–U+202E,
 *   U+2066–U+2069, U+200E, U+200F, U+061C) — a right-to-left override can make a name read as another
 *   name on screen and on paper, and Vietnamese is written left to right only;
 * - `invisible`: zero-width and other invisible characters (U+200B–U+200D, U+2060–U+2064,
 *   U+FEFF, U+180E, U+034F, U+00AD) — Vietnamese text needs none of them, and they make two
 *   different names look the same;
 * - `surrogate`: a lone UTF-16 surrogate, which is not a character at all;
 * - `combining`: more than 3 combining marks in a row after NFC (a Vietnamese letter carries at most
 *   two — ệ is e + circumflex + dot below — and NFC composes those), the "Zalgo" text that draws
 *   over the lines around it.
 */
export type TextProblem = 'control' | 'bidi' | 'invisible' | 'surrogate' | 'combining';

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;
const INVISIBLE = /[\u200B-\u200D\u2060-\u2064\uFEFF\u180E\u00AD]|\u034F/u;
// In a `u` regular expression a surrogate code unit only matches when it is not part of a pair.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const MAX_COMBINING_RUN = 3;
const COMBINING_RUN = new RegExp(`\\p{M}{${MAX_COMBINING_RUN + 1},}`, 'u');

/** The first thing wrong with a text (checked in NFC), or undefined when it may be stored. */
export function textProblem(value: string): TextProblem | undefined {
  if (LONE_SURROGATE.test(value)) return 'surrogate';
  if (CONTROL.test(value)) return 'control';
  if (BIDI.test(value)) return 'bidi';
  if (INVISIBLE.test(value)) return 'invisible';
  if (COMBINING_RUN.test(value.normalize('NFC'))) return 'combining';
  return undefined;
}

/** The field error for each problem, Vietnamese first (the API's `message`) with its English. */
export const TEXT_PROBLEM_MESSAGES: Record<TextProblem, { vi: string; en: string }> = {
  control: {
    vi: 'Có ký tự điều khiển không được phép; hãy gõ lại nội dung',
    en: 'Contains a control character that is not allowed; please type the text again',
  },
  bidi: {
    vi: 'Có ký tự đổi chiều viết (phải sang trái) không được phép',
    en: 'Contains a text-direction character (right-to-left) that is not allowed',
  },
  invisible: {
    vi: 'Có ký tự ẩn (độ rộng bằng 0) không được phép',
    en: 'Contains an invisible (zero-width) character that is not allowed',
  },
  surrogate: {
    vi: 'Có ký tự không hợp lệ (mã hoá hỏng)',
    en: 'Contains an invalid (broken) character',
  },
  combining: {
    vi: `Có quá ${MAX_COMBINING_RUN} dấu chồng lên một chữ`,
    en: `Has more than ${MAX_COMBINING_RUN} accent marks stacked on one letter`,
  },
};

/** The English of a text-problem message, for the API's field errors and the web's English pages. */
export const TEXT_PROBLEM_ENGLISH: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(TEXT_PROBLEM_MESSAGES).map((m) => [m.vi, m.en]),
);

/** Normalise user text: NFC, trimmed, inner whitespace collapsed. */
export function normalizeText(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/** Fold a string for diacritic-insensitive matching: lower case, no combining marks, đ → d. */
export function foldForSearch(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}.]+/gu, ' ')
    .trim();
}

/** Every word of the query must occur (as a prefix of a word) in the folded haystack. */
export function matchesQuery(haystack: string, query: string): boolean {
  const words = foldForSearch(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const hay = ` ${foldForSearch(haystack)}`;
  return words.every((w) => hay.includes(` ${w}`));
}
