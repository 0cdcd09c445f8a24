/**
 * The characters the forms can print in DejaVu Sans (scripts/subset-fonts.ts keeps exactly these
 * in the embedded subsets): Basic Latin, Latin-1, Latin Extended-A and -B, the combining
 * diacritics, every precomposed Vietnamese letter, general punctuation, ₫ and a few symbols. Any
 * other character prints as `?` (shared/forms/line-breaking.ts).
 */
const RANGES: readonly (readonly [number, number])[] = [
  [0x0020, 0x007e],
  [0x00a0, 0x024f],
  [0x0300, 0x036f],
  [0x1ea0, 0x1ef9],
  [0x2010, 0x2027], // dashes, quotes, bullet, ellipsis
  [0x2030, 0x203a],
  [0x20ab, 0x20ac], // ₫ €
  [0x2116, 0x2116], // №
  [0x2122, 0x2122],
  [0x2190, 0x2193], // arrows
  [0x2212, 0x2212],
];

export const FORM_CODE_POINTS: readonly number[] = RANGES.flatMap(([from, to]) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i),
);
