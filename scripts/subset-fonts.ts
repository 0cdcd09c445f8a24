import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { FORM_CODE_POINTS } from '../shared/forms/font-coverage.ts';
import { FONT_FILES } from '../shared/forms/fonts.ts';

/**
 * Regenerates the forms' fonts (shared/forms/fonts.ts `FONT_FILES`): DejaVu Sans and DejaVu Sans
 * Bold (npm `dejavu-fonts-ttf`) cut down to the characters the forms can print
 * (shared/forms/font-coverage.ts: Latin, every Vietnamese letter, combining marks, punctuation, ₫)
 * with HarfBuzz's subsetter (npm `harfbuzzjs`, WebAssembly), without TrueType hinting (PDF viewers
 * do not need it) and without the OpenType layout tables (the PDF writer places glyphs by their
 * advance widths, as pdf-lib did). Written Brotli-compressed beside shared/forms/fonts.ts, which
 * reads them once per warm function; CDK copies them beside the bundle of each function that prints
 * forms (infra/stacks/functions.ts).
 *
 *   npx tsx scripts/subset-fonts.ts        (after changing font-coverage.ts or the DejaVu version)
 *
 * tests/unit/form-fonts.test.ts fails if the committed fonts no longer cover FORM_CODE_POINTS.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

const HB_SUBSET_FLAGS_NO_HINTING = 0x1;
const HB_SUBSET_SETS_DROP_TABLE_TAG = 3;
/** Layout tables: the forms' PDF writer (shared/forms/pdf.ts) places glyphs by advance width only. */
const DROPPED_TABLES = ['GDEF', 'GPOS', 'GSUB', 'MATH', 'kern'];
const tag = (t: string) =>
  ((t.charCodeAt(0) << 24) | (t.charCodeAt(1) << 16) | (t.charCodeAt(2) << 8) | t.charCodeAt(3)) >>> 0;

interface HbSubset {
  memory: WebAssembly.Memory;
  malloc(n: number): number;
  free(p: number): void;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, codepoint: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

async function harfbuzz(): Promise<HbSubset> {
  const wasm = readFileSync(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
  const { instance } = await WebAssembly.instantiate(wasm);
  return instance.exports as unknown as HbSubset;
}

function subset(hb: HbSubset, font: Uint8Array, codePoints: readonly number[]): Uint8Array {
  const data = hb.malloc(font.byteLength);
  new Uint8Array(hb.memory.buffer).set(font, data);
  const blob = hb.hb_blob_create(data, font.byteLength, 2 /* HB_MEMORY_MODE_WRITABLE */, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  const input = hb.hb_subset_input_create_or_fail();
  const unicodes = hb.hb_subset_input_unicode_set(input);
  for (const cp of codePoints) hb.hb_set_add(unicodes, cp);
  hb.hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING);
  const drop = hb.hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
  for (const t of DROPPED_TABLES) hb.hb_set_add(drop, tag(t));
  const result = hb.hb_subset_or_fail(face, input);
  hb.hb_subset_input_destroy(input);
  if (!result) throw new Error('HarfBuzz could not subset the font');
  const out = hb.hb_face_reference_blob(result);
  const bytes = new Uint8Array(
    hb.memory.buffer,
    hb.hb_blob_get_data(out, 0),
    hb.hb_blob_get_length(out),
  ).slice();
  hb.hb_blob_destroy(out);
  hb.hb_face_destroy(result);
  hb.hb_face_destroy(face);
  hb.free(data);
  return bytes;
}

const hb = await harfbuzz();
const version = (require('dejavu-fonts-ttf/package.json') as { version: string }).version;
const fonts = {
  regular: subset(hb, readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')), FORM_CODE_POINTS),
  bold: subset(
    hb,
    readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
    FORM_CODE_POINTS,
  ),
};
const packed = (b: Uint8Array) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
const regular = packed(fonts.regular);
const bold = packed(fonts.bold);
writeFileSync(path.join(ROOT, FONT_FILES.regular), regular);
writeFileSync(path.join(ROOT, FONT_FILES.bold), bold);
const kb = (n: number) => (n / 1024).toFixed(1);
process.stdout.write(
  `DejaVu ${version}: TTF regular ${kb(fonts.regular.byteLength)} KB, bold ${kb(fonts.bold.byteLength)} KB; ` +
    `${FONT_FILES.regular} ${kb(regular.byteLength)} KB, ${FONT_FILES.bold} ${kb(bold.byteLength)} KB (Brotli)\n`,
);
