import { readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';

/**
 * The TrueType fonts the forms are set in: DejaVu Sans (regular and bold) from the npm package
 * `dejavu-fonts-ttf`, which covers every precomposed Vietnamese letter (U+1EA0–U+1EF9, Ơ, Ư, Đ),
 * so diacritics are drawn as designed rather than stacked combining marks.
 *
 * Only the characters the forms can print are kept (shared/forms/font-coverage.ts; about 44 KB per
 * font instead of 750 KB, unhinted, no layout tables), subset by scripts/subset-fonts.ts into the
 * Brotli files named here, beside this module. They are data, not code: CDK copies them beside the
 * bundle of each function that prints forms (`FORM_ASSETS` in infra/stacks/functions.ts), where
 * they sit next to the bundle's entry module as they sit next to this file in the repository, so
 * the same relative URL finds them in both. Read and decompressed once per warm function, on the
 * first form, not at import. Licence: DEJAVU-LICENSE.txt.
 */
export interface FontBytes {
  regular: Uint8Array;
  bold: Uint8Array;
}

/** The font files, relative to the repository root; each is found beside this module at runtime. */
export const FONT_FILES = {
  regular: 'shared/forms/DejaVuSans.ttf.br',
  bold: 'shared/forms/DejaVuSans-Bold.ttf.br',
} as const;

let cached: FontBytes | undefined;

const load = (file: string) => {
  const name = file.slice(file.lastIndexOf('/') + 1);
  return new Uint8Array(brotliDecompressSync(readFileSync(new URL(`./${name}`, import.meta.url))));
};

export function fontBytes(): FontBytes {
  cached ??= { regular: load(FONT_FILES.regular), bold: load(FONT_FILES.bold) };
  return cached;
}
