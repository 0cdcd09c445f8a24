import { deflateSync } from 'node:zlib';
import { xmpPacket } from './pdf-metadata.ts';
import { type StructElement, structElement, writeStructure } from './pdf-structure.ts';
import { parseTrueType, type TrueTypeFont } from './truetype.ts';

/**
 * A minimal PDF 1.7 writer for the official forms (ISO 32000-1): pages of text in embedded
 * TrueType fonts, lines, rectangles and filled squares, Flate-compressed, with document
 * information, the document language and a ToUnicode map so the text can be searched and copied.
 * Tagged (ISO 14289-1, PDF/UA-1): everything drawn is either real content, marked with an MCID and
 * owned by an element of the structure tree (`PdfPage.tagged`), or an artifact (`PdfPage.artifact`);
 * drawing outside both throws. The catalog carries /MarkInfo, the structure tree, /Lang, the title
 * shown by viewers and XMP metadata with the PDF/UA identification.
 *
 * It replaces pdf-lib + fontkit, which made a form function 1.6 MB minified and ~300 ms of cold
 * import for the handful of operators the forms draw. Fonts are embedded as CIDFontType2 with
 * Identity-H encoding (two bytes per glyph id), subset to the glyphs the document uses with their
 * ids kept. Deterministic: the same calls give the same bytes. Read back by pdf.js in the tests.
 */
export type Rgb = readonly [number, number, number];

export class PdfFont {
  private readonly ttf: TrueTypeFont;
  /** Glyphs this document drew, with the text each stands for (for ToUnicode). */
  readonly used = new Map<number, string>();

  constructor(
    readonly name: string,
    bytes: Uint8Array,
  ) {
    this.ttf = parseTrueType(bytes);
  }

  /** The code points this font can draw. */
  characterSet(): number[] {
    return [...this.ttf.cmap.keys()];
  }

  widthOfTextAtSize(text: string, size: number): number {
    let units = 0;
    for (const ch of text) units += this.ttf.advance(this.ttf.cmap.get(ch.codePointAt(0)!) ?? 0);
    return (units * size) / this.ttf.unitsPerEm;
  }

  /** The text as a hex string of glyph ids, recording the glyphs used. */
  encode(text: string): string {
    let hex = '';
    for (const ch of text) {
      const gid = this.ttf.cmap.get(ch.codePointAt(0)!) ?? 0;
      if (gid && !this.used.has(gid)) this.used.set(gid, ch);
      hex += gid.toString(16).padStart(4, '0');
    }
    return hex;
  }

  /** Font units → PDF glyph space (1/1000 em). */
  scaled(units: number): number {
    return Math.round((units * 1000) / this.ttf.unitsPerEm);
  }

  /** The objects of this font: Type0 → CIDFontType2 → descriptor → FontFile2, and ToUnicode. */
  write(pdf: Objects, ref: number): void {
    const gids = [...this.used.keys()].sort((a, b) => a - b);
    const [cid, descriptor, file, toUnicode] = [pdf.reserve(), pdf.reserve(), pdf.reserve(), pdf.reserve()];
    const fontFile = this.ttf.subset(gids);
    pdf.stream(file, `/Length1 ${fontFile.length}`, fontFile);
    const bbox = this.ttf.bbox.map((v) => this.scaled(v)).join(' ');
    pdf.set(
      descriptor,
      `<< /Type /FontDescriptor /FontName /${this.name} /Flags 4 /FontBBox [${bbox}] /ItalicAngle 0` +
        ` /Ascent ${this.scaled(this.ttf.ascent)} /Descent ${this.scaled(this.ttf.descent)}` +
        ` /CapHeight ${this.scaled(this.ttf.capHeight)} /StemV 80 /FontFile2 ${file} 0 R >>`,
    );
    const widths = gids.map((g) => `${g} [${this.scaled(this.ttf.advance(g))}]`).join(' ');
    pdf.set(
      cid,
      `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /${this.name}` +
        ` /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>` +
        ` /FontDescriptor ${descriptor} 0 R /DW ${this.scaled(this.ttf.advance(0))} /W [${widths}] /CIDToGIDMap /Identity >>`,
    );
    pdf.stream(toUnicode, '', new TextEncoder().encode(toUnicodeCmap(this.used)));
    pdf.set(
      ref,
      `<< /Type /Font /Subtype /Type0 /BaseFont /${this.name} /Encoding /Identity-H` +
        ` /DescendantFonts [${cid} 0 R] /ToUnicode ${toUnicode} 0 R >>`,
    );
  }
}

/** Text as UTF-16BE code units in hex (surrogate pairs beyond the BMP), as PDF strings and CMaps take it. */
function utf16Hex(s: string): string {
  let hex = '';
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    const units = cp < 0x10000 ? [cp] : [0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff)];
    for (const u of units) hex += u.toString(16).toUpperCase().padStart(4, '0');
  }
  return hex;
}

function toUnicodeCmap(used: Map<number, string>): string {
  const entries = [...used].sort((a, b) => a[0] - b[0]);
  let body = '';
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    body += `${chunk.length} beginbfchar\n`;
    for (const [gid, text] of chunk) body += `<${gid.toString(16).padStart(4, '0')}> <${utf16Hex(text)}>\n`;
    body += 'endbfchar\n';
  }
  return (
    '/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n' +
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n' +
    '/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n' +
    '1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n' +
    body +
    'endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n'
  );
}

/** Numbered indirect objects and their bytes. */
class Objects {
  private readonly bodies: (Uint8Array | undefined)[] = [];

  reserve(): number {
    this.bodies.push(undefined);
    return this.bodies.length;
  }

  set(ref: number, dict: string): void {
    this.bodies[ref - 1] = new TextEncoder().encode(`${ref} 0 obj\n${dict}\nendobj\n`);
  }

  /** A Flate-compressed stream (kept as is with `raw`); `extra` are more dictionary entries. */
  stream(ref: number, extra: string, data: Uint8Array, raw = false): void {
    const packed = raw ? data : deflateSync(data, { level: 9 });
    const filter = raw ? '' : '/Filter /FlateDecode ';
    const head = new TextEncoder().encode(
      `${ref} 0 obj\n<< ${filter}/Length ${packed.length}${extra ? ` ${extra}` : ''} >>\nstream\n`,
    );
    const tail = new TextEncoder().encode('\nendstream\nendobj\n');
    const all = new Uint8Array(head.length + packed.length + tail.length);
    all.set(head);
    all.set(packed, head.length);
    all.set(tail, head.length + packed.length);
    this.bodies[ref - 1] = all;
  }

  /** The whole file: header, objects, cross-reference table and trailer. */
  file(trailer: string): Uint8Array {
    // The binary comment marks the file as binary for transfer programs (§7.5.2).
    const header = new Uint8Array([...new TextEncoder().encode('%PDF-1.7\n%'), 0xe2, 0xe3, 0xcf, 0xd3, 0x0a]);
    const offsets: number[] = [];
    let at = header.length;
    for (const body of this.bodies) {
      if (!body) throw new Error('PDF object reserved but never written');
      offsets.push(at);
      at += body.length;
    }
    const xref =
      `xref\n0 ${this.bodies.length + 1}\n0000000000 65535 f \n` +
      offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
      `trailer\n<< /Size ${this.bodies.length + 1} ${trailer} >>\nstartxref\n${at}\n%%EOF\n`;
    const tail = new TextEncoder().encode(xref);
    const out = new Uint8Array(at + tail.length);
    out.set(header);
    let pos = header.length;
    for (const body of this.bodies) {
      out.set(body!, pos);
      pos += body!.length;
    }
    out.set(tail, pos);
    return out;
  }
}

const num = (n: number) => String(Math.round(n * 1000) / 1000);
const colour = (c: Rgb) => c.map(num).join(' ');

export class PdfPage {
  private readonly ops: string[] = [];
  /** Fonts this page uses, by resource name. */
  readonly fonts = new Map<string, PdfFont>();
  /** The element owning each MCID of this page, in MCID order (the page's parent-tree entry). */
  readonly marks: StructElement[] = [];
  /** Inside a marked-content sequence: drawing is allowed. */
  private marked = false;

  constructor(
    readonly width: number,
    readonly height: number,
    /** This page's number (0-based): its /StructParents key. */
    readonly index: number,
    private readonly fontName: (font: PdfFont) => string,
  ) {}

  /** What `draw` draws is content of `element`: one marked-content sequence with the next MCID. */
  tagged(element: StructElement, draw: () => void): void {
    const mcid = this.marks.length;
    this.marks.push(element);
    element.kids.push({ page: this.index, mcid });
    this.sequence(`/${element.role} <</MCID ${mcid}>> BDC`, draw);
  }

  /**
   * What `draw` draws is an artifact, not content (§14.8.2.2): rules and borders, or with
   * `pagination` a running header or footer.
   */
  artifact(draw: () => void, pagination?: 'Header' | 'Footer'): void {
    const props = pagination ? ` <</Type /Pagination /Subtype /${pagination}>> BDC` : ' BMC';
    this.sequence(`/Artifact${props}`, draw);
  }

  private sequence(begin: string, draw: () => void): void {
    if (this.marked) throw new Error('Marked-content sequences are not nested here');
    this.ops.push(begin);
    this.marked = true;
    try {
      draw();
    } finally {
      this.marked = false;
    }
    this.ops.push('EMC');
  }

  private push(op: string): void {
    if (!this.marked) throw new Error('Untagged content: draw inside tagged() or artifact()');
    this.ops.push(op);
  }

  drawText(text: string, o: { x: number; y: number; size: number; font: PdfFont; color: Rgb }): void {
    const name = this.fontName(o.font);
    this.fonts.set(name, o.font);
    this.push(
      `BT ${colour(o.color)} rg /${name} ${num(o.size)} Tf 1 0 0 1 ${num(o.x)} ${num(o.y)} Tm <${o.font.encode(text)}> Tj ET`,
    );
  }

  drawLine(x1: number, y1: number, x2: number, y2: number, thickness: number, color: Rgb): void {
    this.push(
      `q ${colour(color)} RG ${num(thickness)} w ${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l S Q`,
    );
  }

  /** A rectangle stroked with `border`, filled with `fill` when given. */
  drawRectangle(
    x: number,
    y: number,
    w: number,
    h: number,
    o: { border: Rgb; borderWidth: number; fill?: Rgb },
  ): void {
    const fill = o.fill ? `${colour(o.fill)} rg ` : '';
    const rect = `${num(x)} ${num(y)} ${num(w)} ${num(h)} re`;
    this.push(`q ${fill}${colour(o.border)} RG ${num(o.borderWidth)} w ${rect} ${o.fill ? 'B' : 'S'} Q`);
  }

  /** Filled rectangles in one path (a QR code's dark modules). */
  fillRectangles(rects: [number, number, number, number][], color: Rgb): void {
    const path = rects.map(([x, y, w, h]) => `${num(x)} ${num(y)} ${num(w)} ${num(h)} re`).join('\n');
    this.push(`q ${colour(color)} rg\n${path}\nf Q`);
  }

  content(): Uint8Array {
    return new TextEncoder().encode(this.ops.join('\n'));
  }
}

export interface PdfInfo {
  title: string;
  subject: string;
  author: string;
  creator: string;
  producer: string;
  /** BCP 47 language of the text (the document's /Lang). */
  language: string;
  created: Date;
}

/** A text string (§7.9.2.2): UTF-16BE with a byte-order mark, as hex. */
const textString = (s: string) => `<FEFF${utf16Hex(s)}>`;

const pdfDate = (d: Date) => `(D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z)`;

export class PdfDocument {
  private readonly pages: PdfPage[] = [];
  private readonly fonts: PdfFont[] = [];
  /** The root of the structure tree: add the document's elements here in reading order. */
  readonly structure = structElement('Document');

  constructor(private readonly info: PdfInfo) {}

  /** Registers a font for this document (fonts are per document: they record the glyphs used). */
  embedFont(name: string, bytes: Uint8Array): PdfFont {
    const font = new PdfFont(name, bytes);
    this.fonts.push(font);
    return font;
  }

  addPage(width: number, height: number): PdfPage {
    const page = new PdfPage(width, height, this.pages.length, (f) => `F${this.fonts.indexOf(f) + 1}`);
    this.pages.push(page);
    return page;
  }

  getPages(): readonly PdfPage[] {
    return this.pages;
  }

  save(): Uint8Array {
    const pdf = new Objects();
    const [catalog, pageTree, infoRef] = [pdf.reserve(), pdf.reserve(), pdf.reserve()];
    const placed = this.pages.map((page) => {
      const [ref, content] = [pdf.reserve(), pdf.reserve()];
      pdf.stream(content, '', page.content());
      return { page, ref, content };
    });
    const fontRefs = this.fonts.map(() => pdf.reserve());
    this.fonts.forEach((font, i) => {
      font.write(pdf, fontRefs[i]!);
    });
    for (const { page, ref, content } of placed) {
      const fonts = [...page.fonts].map(
        ([name, font]) => `/${name} ${fontRefs[this.fonts.indexOf(font)]} 0 R`,
      );
      pdf.set(
        ref,
        `<< /Type /Page /Parent ${pageTree} 0 R /MediaBox [0 0 ${num(page.width)} ${num(page.height)}]` +
          ` /Resources << /Font << ${fonts.join(' ')} >> >> /Contents ${content} 0 R` +
          // Annotations added later (a signature field) are visited in structure order.
          ` /StructParents ${page.index} /Tabs /S >>`,
      );
    }
    const pageRefs = placed.map((p) => p.ref);
    pdf.set(
      pageTree,
      `<< /Type /Pages /Kids [${pageRefs.map((r) => `${r} 0 R`).join(' ')}] /Count ${pageRefs.length} >>`,
    );
    const structTree = writeStructure(
      pdf,
      this.structure,
      placed.map((p) => p.page.marks),
      pageRefs,
      textString,
    );
    const metadata = pdf.reserve();
    // Uncompressed, as XMP is meant to be findable by programs that do not parse PDF.
    pdf.stream(metadata, '/Type /Metadata /Subtype /XML', xmpPacket(this.info), true);
    pdf.set(
      catalog,
      `<< /Type /Catalog /Pages ${pageTree} 0 R /Lang ${textString(this.info.language)}` +
        ` /MarkInfo << /Marked true >> /StructTreeRoot ${structTree} 0 R /Metadata ${metadata} 0 R` +
        ` /ViewerPreferences << /DisplayDocTitle true >> >>`,
    );
    const i = this.info;
    pdf.set(
      infoRef,
      `<< /Title ${textString(i.title)} /Subject ${textString(i.subject)} /Author ${textString(i.author)}` +
        ` /Creator ${textString(i.creator)} /Producer ${textString(i.producer)}` +
        ` /CreationDate ${pdfDate(i.created)} /ModDate ${pdfDate(i.created)} >>`,
    );
    return pdf.file(`/Root ${catalog} 0 R /Info ${infoRef} 0 R`);
  }
}
