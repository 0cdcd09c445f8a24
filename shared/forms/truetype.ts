/**
 * Just enough of a TrueType reader for embedding the forms' fonts in a PDF: the character map,
 * the advance widths and the metrics a PDF font descriptor needs, and a glyph subsetter that keeps
 * glyph ids (unused outlines are emptied, so the font's own cmap and hmtx stay valid and the PDF
 * can map CIDs to glyphs one to one). The fonts are already cut down to the forms' characters at
 * build time (scripts/subset-fonts.ts); this drops, per document, the glyphs it does not print.
 *
 * Written here rather than taken from a library because the libraries that embed TrueType fonts
 * (fontkit, opentype.js) weigh 200–900 KB minified, which is most of a function's cold start, for
 * the few tables a PDF needs. Checked against fontkit in tests/unit/truetype.test.ts.
 */
export interface TrueTypeFont {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  capHeight: number;
  bbox: [number, number, number, number];
  numGlyphs: number;
  /** Unicode code point → glyph id. */
  cmap: Map<number, number>;
  /** Advance width of a glyph in font units. */
  advance(gid: number): number;
  /** The font with only these glyphs' outlines (and the components they use); same glyph ids. */
  subset(gids: Iterable<number>): Uint8Array;
}

interface Table {
  offset: number;
  length: number;
}

export function parseTrueType(bytes: Uint8Array): TrueTypeFont {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = new Map<string, Table>();
  const numTables = view.getUint16(4);
  for (let i = 0; i < numTables; i++) {
    const at = 12 + i * 16;
    const tag = String.fromCharCode(...bytes.subarray(at, at + 4));
    tables.set(tag, { offset: view.getUint32(at + 8), length: view.getUint32(at + 12) });
  }
  const table = (tag: string): Table => {
    const t = tables.get(tag);
    if (!t) throw new Error(`TrueType font without a ${tag} table`);
    return t;
  };

  const head = table('head').offset;
  const unitsPerEm = view.getUint16(head + 18);
  const bbox: [number, number, number, number] = [
    view.getInt16(head + 36),
    view.getInt16(head + 38),
    view.getInt16(head + 40),
    view.getInt16(head + 42),
  ];
  const longLoca = view.getInt16(head + 50) === 1;
  const hhea = table('hhea').offset;
  const ascent = view.getInt16(hhea + 4);
  const descent = view.getInt16(hhea + 6);
  const numberOfHMetrics = view.getUint16(hhea + 34);
  const numGlyphs = view.getUint16(table('maxp').offset + 4);
  const os2 = tables.get('OS/2');
  const capHeight = os2 && view.getUint16(os2.offset) >= 2 ? view.getInt16(os2.offset + 88) : ascent;

  const hmtx = table('hmtx').offset;
  const advance = (gid: number) => view.getUint16(hmtx + 4 * Math.min(gid, numberOfHMetrics - 1));

  const cmap = readCmap(view, table('cmap').offset);

  const loca = table('loca').offset;
  const glyf = table('glyf');
  const glyphStart = (gid: number) =>
    longLoca ? view.getUint32(loca + 4 * gid) : 2 * view.getUint16(loca + 2 * gid);

  const subset = (gids: Iterable<number>): Uint8Array => {
    const keep = new Set<number>([0]);
    const pending = [...gids];
    while (pending.length) {
      const gid = pending.pop()!;
      if (gid >= numGlyphs || keep.has(gid)) continue;
      keep.add(gid);
      const start = glyf.offset + glyphStart(gid);
      if (glyphStart(gid + 1) > glyphStart(gid) && view.getInt16(start) < 0)
        pending.push(...components(view, start));
    }
    // New glyf (4-byte aligned outlines) and a long loca.
    const parts: Uint8Array[] = [];
    const newLoca = new DataView(new ArrayBuffer(4 * (numGlyphs + 1)));
    let at = 0;
    for (let gid = 0; gid < numGlyphs; gid++) {
      newLoca.setUint32(4 * gid, at);
      if (!keep.has(gid)) continue;
      const outline = bytes.subarray(glyf.offset + glyphStart(gid), glyf.offset + glyphStart(gid + 1));
      if (!outline.length) continue;
      const padded = new Uint8Array((outline.length + 3) & ~3);
      padded.set(outline);
      parts.push(padded);
      at += padded.length;
    }
    newLoca.setUint32(4 * numGlyphs, at);
    const newGlyf = concat(parts);
    const newHead = bytes.slice(head, head + table('head').length);
    new DataView(newHead.buffer).setUint32(8, 0); // checkSumAdjustment: not recomputed
    new DataView(newHead.buffer).setInt16(50, 1); // indexToLocFormat: long
    const out = new Map<string, Uint8Array>();
    // The tables a PDF viewer needs for a CIDFontType2 (ISO 32000-1 §9.9), layout tables left out.
    for (const tag of ['OS/2', 'cmap', 'cvt ', 'fpgm', 'hhea', 'hmtx', 'maxp', 'name', 'post', 'prep']) {
      const t = tables.get(tag);
      if (t) out.set(tag, bytes.subarray(t.offset, t.offset + t.length));
    }
    out.set('glyf', newGlyf);
    out.set('head', newHead);
    out.set('loca', new Uint8Array(newLoca.buffer));
    return writeSfnt(out);
  };

  return { unitsPerEm, ascent, descent, capHeight, bbox, numGlyphs, cmap, advance, subset };
}

/** The glyph ids a composite glyph at `start` is made of. */
function components(view: DataView, start: number): number[] {
  const ids: number[] = [];
  let at = start + 10;
  for (;;) {
    const flags = view.getUint16(at);
    ids.push(view.getUint16(at + 2));
    at += 4 + (flags & 0x1 ? 4 : 2); // ARG_1_AND_2_ARE_WORDS
    if (flags & 0x8)
      at += 2; // WE_HAVE_A_SCALE
    else if (flags & 0x40)
      at += 4; // WE_HAVE_AN_X_AND_Y_SCALE
    else if (flags & 0x80) at += 8; // WE_HAVE_A_TWO_BY_TWO
    if (!(flags & 0x20)) return ids; // MORE_COMPONENTS
  }
}

/** Unicode → glyph from a Windows Unicode subtable (format 12 preferred, else format 4). */
function readCmap(view: DataView, cmap: number): Map<number, number> {
  const map = new Map<number, number>();
  const subtables: { platform: number; encoding: number; offset: number }[] = [];
  for (let i = 0; i < view.getUint16(cmap + 2); i++) {
    const at = cmap + 4 + i * 8;
    subtables.push({
      platform: view.getUint16(at),
      encoding: view.getUint16(at + 2),
      offset: cmap + view.getUint32(at + 4),
    });
  }
  const pick =
    subtables.find((s) => view.getUint16(s.offset) === 12 && (s.platform === 3 || s.platform === 0)) ??
    subtables.find((s) => view.getUint16(s.offset) === 4 && (s.platform === 3 || s.platform === 0));
  if (!pick) throw new Error('TrueType font without a Unicode cmap');
  const at = pick.offset;
  if (view.getUint16(at) === 12) {
    const groups = view.getUint32(at + 12);
    for (let g = 0; g < groups; g++) {
      const rec = at + 16 + g * 12;
      const [first, last, glyph] = [view.getUint32(rec), view.getUint32(rec + 4), view.getUint32(rec + 8)];
      for (let cp = first; cp <= last; cp++) map.set(cp, glyph + cp - first);
    }
    return map;
  }
  const segments = view.getUint16(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const ranges = deltas + 2 * segments;
  for (let s = 0; s < segments; s++) {
    const [first, last] = [view.getUint16(starts + 2 * s), view.getUint16(ends + 2 * s)];
    const delta = view.getInt16(deltas + 2 * s);
    const range = view.getUint16(ranges + 2 * s);
    for (let cp = first; cp <= last && cp !== 0xffff; cp++) {
      let gid: number;
      if (range === 0) gid = (cp + delta) & 0xffff;
      else {
        gid = view.getUint16(ranges + 2 * s + range + 2 * (cp - first));
        if (gid !== 0) gid = (gid + delta) & 0xffff;
      }
      if (gid !== 0) map.set(cp, gid);
    }
  }
  return map;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function checksum(data: Uint8Array): number {
  const padded = new Uint8Array((data.length + 3) & ~3);
  padded.set(data);
  const view = new DataView(padded.buffer);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}

/** An sfnt file from its tables (tags in ascending order, each 4-byte aligned). */
function writeSfnt(tables: Map<string, Uint8Array>): Uint8Array {
  const tags = [...tables.keys()].sort();
  const header = new DataView(new ArrayBuffer(12 + 16 * tags.length));
  const power = 2 ** Math.floor(Math.log2(tags.length));
  header.setUint32(0, 0x00010000);
  header.setUint16(4, tags.length);
  header.setUint16(6, power * 16);
  header.setUint16(8, Math.log2(power));
  header.setUint16(10, tags.length * 16 - power * 16);
  const body: Uint8Array[] = [];
  let offset = header.byteLength;
  tags.forEach((tag, i) => {
    const data = tables.get(tag)!;
    const at = 12 + 16 * i;
    for (let c = 0; c < 4; c++) header.setUint8(at + c, tag.charCodeAt(c));
    header.setUint32(at + 4, checksum(data));
    header.setUint32(at + 8, offset);
    header.setUint32(at + 12, data.length);
    const padded = new Uint8Array((data.length + 3) & ~3);
    padded.set(data);
    body.push(padded);
    offset += padded.length;
  });
  return concat([new Uint8Array(header.buffer), ...body]);
}
