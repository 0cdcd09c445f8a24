import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from 'vitest';
import { FORM_CODE_POINTS } from '../../shared/forms/font-coverage.ts';
import { fontBytes } from '../../shared/forms/fonts.ts';

const original = {
  regular: readFileSync(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
  bold: readFileSync(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
};

describe('the fonts embedded for the forms (scripts/subset-fonts.ts)', () => {
  const fonts = fontBytes();

  it.each(['regular', 'bold'] as const)('%s keeps every glyph DejaVu has for the forms’ characters', (w) => {
    const font = fontkit.create(fonts[w]);
    const full = fontkit.create(original[w]);
    const missing = FORM_CODE_POINTS.filter(
      (cp) => full.hasGlyphForCodePoint(cp) && !font.hasGlyphForCodePoint(cp),
    ).map((cp) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`);
    expect(missing).toEqual([]);
    // The same advance widths as the full font, so text is laid out exactly as before.
    for (const cp of [0x41, 0x1ec7, 0x20ab]) {
      expect(font.glyphForCodePoint(cp).advanceWidth).toBe(full.glyphForCodePoint(cp).advanceWidth);
    }
    for (const ch of 'ẠảẤầẩẫậắằẳẵặẸẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐđƠơƯư₫—–…') {
      expect(font.hasGlyphForCodePoint(ch.codePointAt(0)!), ch).toBe(true);
    }
  });

  it('keeps the subsets small and drops scripts the forms never print', () => {
    for (const bytes of [fonts.regular, fonts.bold]) {
      expect(bytes.byteLength).toBeLessThan(100 * 1024);
      const font = fontkit.create(bytes);
      expect(font.hasGlyphForCodePoint(0x0416)).toBe(false); // Cyrillic Ж
      expect(font.postscriptName).toMatch(/^DejaVuSans/);
    }
  });
});
