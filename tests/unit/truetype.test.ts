import fontkit from '@pdf-lib/fontkit';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { FORM_CODE_POINTS } from '../../shared/forms/font-coverage.ts';
import { fontBytes } from '../../shared/forms/fonts.ts';
import { PdfDocument } from '../../shared/forms/pdf.ts';
import { structElement } from '../../shared/forms/pdf-structure.ts';
import { parseTrueType } from '../../shared/forms/truetype.ts';

/**
 * Our TrueType reader and subsetter (shared/forms/truetype.ts) and PDF writer (shared/forms/pdf.ts)
 * checked against independent implementations: fontkit reads the same fonts and our subsets,
 * pdf.js (unpdf) reads our PDFs back.
 */
describe('the TrueType reader', () => {
  const fonts = fontBytes();

  it.each(['regular', 'bold'] as const)('%s: the same glyphs and advance widths as fontkit', (w) => {
    const ours = parseTrueType(fonts[w]);
    const theirs = fontkit.create(fonts[w]);
    expect(ours.unitsPerEm).toBe(theirs.unitsPerEm);
    expect(ours.numGlyphs).toBe(theirs.numGlyphs);
    expect(ours.ascent).toBe(theirs.ascent);
    expect(ours.descent).toBe(theirs.descent);
    for (const cp of FORM_CODE_POINTS) {
      const glyph = theirs.glyphForCodePoint(cp);
      expect(ours.cmap.get(cp) ?? 0, `U+${cp.toString(16)}`).toBe(glyph.id);
      if (glyph.id) expect(ours.advance(glyph.id)).toBe(glyph.advanceWidth);
    }
  });

  it('subsets to the glyphs used and the components they are built from, keeping glyph ids', () => {
    const ours = parseTrueType(fonts.regular);
    const used = [...'HồsơĐ'].map((ch) => ours.cmap.get(ch.codePointAt(0)!)!);
    const subset = fontkit.create(ours.subset(used));
    const full = fontkit.create(fonts.regular);
    expect(subset.numGlyphs).toBe(full.numGlyphs);
    for (const gid of used) {
      // Same outline (composites resolved through their components), same id.
      expect(subset.getGlyph(gid).path.toSVG()).toBe(full.getGlyph(gid).path.toSVG());
      expect(subset.getGlyph(gid).path.toSVG().length).toBeGreaterThan(0);
    }
    const unused = ours.cmap.get('Z'.codePointAt(0)!)!;
    expect(subset.getGlyph(unused).path.toSVG()).toBe('');
    expect(ours.subset(used).byteLength).toBeLessThan(fonts.regular.byteLength / 4);
  });
});

describe('the PDF writer', () => {
  it('writes text that pdf.js reads back, with the information dictionary and the language', async () => {
    const doc = new PdfDocument({
      title: 'Giấy tiếp nhận hồ sơ',
      subject: 'Mẫu 01',
      author: 'Trung tâm Phục vụ hành chính công',
      creator: 'motcua',
      producer: 'motcua',
      language: 'vi-VN',
      created: new Date('2026-03-02T03:04:05Z'),
    });
    const font = doc.embedFont('MOTCUA+DejaVuSans', fontBytes().regular);
    const page = doc.addPage(419.53, 595.28);
    const p = structElement('P');
    doc.structure.kids.push(p);
    page.tagged(p, () =>
      page.drawText('Nguyễn Thị Hường — 01/03/2026', { x: 40, y: 500, size: 10, font, color: [0, 0, 0] }),
    );
    page.artifact(() => {
      page.drawLine(40, 490, 200, 490, 0.6, [0, 0, 0]);
      page.drawRectangle(40, 400, 100, 50, { border: [0, 0, 0], borderWidth: 0.5, fill: [0.9, 0.9, 0.9] });
    });
    const second = doc.addPage(419.53, 595.28);
    second.artifact(
      () => second.drawText('Trang 2', { x: 40, y: 500, size: 10, font, color: [0.3, 0.3, 0.3] }),
      'Footer',
    );
    const bytes = doc.save();

    const pdf = await getDocumentProxy(bytes);
    expect(pdf.numPages).toBe(2);
    const { text } = await extractText(pdf, { mergePages: false });
    expect(text[0]).toContain('Nguyễn Thị Hường — 01/03/2026');
    expect(text[1]).toContain('Trang 2');
    const info = (await pdf.getMetadata()).info as Record<string, unknown>;
    expect(info.Title).toBe('Giấy tiếp nhận hồ sơ');
    expect(info.Author).toBe('Trung tâm Phục vụ hành chính công');
    expect(info.CreationDate).toBe('D:20260302030405Z');
    expect(info.Language).toBe('vi-VN');
    const [w, h] = (await pdf.getPage(1)).view.slice(2);
    expect([w, h]).toEqual([419.53, 595.28]);
    // Only the glyphs drawn are embedded.
    expect(bytes.byteLength).toBeLessThan(20 * 1024);
  });
});
