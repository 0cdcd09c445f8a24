/**
 * Vietnamese text helpers. Names and addresses are stored in NFC (DOMAIN.md: "normalise to NFC");
 * search folds diacritics so that `dang ky kinh doanh` finds `Đăng ký kinh doanh`.
 */

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
