import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The TrueType fonts the forms are set in: DejaVu Sans (regular and bold) from the npm package
 * `dejavu-fonts-ttf`, which covers every precomposed Vietnamese letter (U+1EA0–U+1EF9, Ơ, Ư, Đ),
 * so diacritics are drawn as designed rather than stacked combining marks. Read once per warm
 * function; the only impure part of shared/forms.
 *
 * Lambda bundling: esbuild bundles JavaScript only, so these .ttf files are NOT in the function
 * asset by themselves. The CDK bundling must copy them next to the bundle, keeping the package path,
 * i.e. `<outputDir>/node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf` and `…/DejaVuSans-Bold.ttf`
 * (a `commandHooks.afterBundling` copy of those two files, or `nodeModules: ['dejavu-fonts-ttf']`,
 * which ships the whole 12 MB package). Resolution starts from this module's URL, which after
 * bundling is the bundle itself.
 */
export const FONT_FILES = {
  regular: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
} as const;

export interface FontBytes {
  regular: Uint8Array;
  bold: Uint8Array;
}

// Not named `require`: the Lambda bundle's banner already declares a top-level `require`.
const resolveFromHere = createRequire(import.meta.url).resolve;

let cached: FontBytes | undefined;

function read(specifier: string): Uint8Array {
  let file: string;
  try {
    file = resolveFromHere(specifier);
  } catch (err) {
    throw new Error(`form font missing: ${specifier} (is it copied into the function bundle?)`, {
      cause: err,
    });
  }
  return readFileSync(file);
}

export function fontBytes(): FontBytes {
  cached ??= { regular: read(FONT_FILES.regular), bold: read(FONT_FILES.bold) };
  return cached;
}
