import { brotliDecompressSync } from 'node:zlib';
import { DEJAVU_SANS_BOLD_SUBSET, DEJAVU_SANS_SUBSET } from './font-data.ts';

/**
 * The TrueType fonts the forms are set in: DejaVu Sans (regular and bold) from the npm package
 * `dejavu-fonts-ttf`, which covers every precomposed Vietnamese letter (U+1EA0–U+1EF9, Ơ, Ư, Đ),
 * so diacritics are drawn as designed rather than stacked combining marks.
 *
 * Only the characters the forms can print are kept (shared/forms/font-coverage.ts; about 60 KB per
 * font instead of 750 KB, unhinted), subset by scripts/subset-fonts.ts into font-data.ts, which is
 * part of the bundle: a form function needs no font file beside it. Decompressed once per warm
 * function, on the first form, not at import.
 */
export interface FontBytes {
  regular: Uint8Array;
  bold: Uint8Array;
}

let cached: FontBytes | undefined;

const unpack = (base64: string) => new Uint8Array(brotliDecompressSync(Buffer.from(base64, 'base64')));

export function fontBytes(): FontBytes {
  cached ??= { regular: unpack(DEJAVU_SANS_SUBSET), bold: unpack(DEJAVU_SANS_BOLD_SUBSET) };
  return cached;
}
