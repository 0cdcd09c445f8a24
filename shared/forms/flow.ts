import type { FontBytes } from './fonts.ts';
import { LineBreaker, lineWidth, type Piece, type Text } from './line-breaking.ts';
import { PdfDocument, type PdfFont, type PdfPage, type Rgb } from './pdf.ts';
import { type StructElement, type StructRole, structElement } from './pdf-structure.ts';

/**
 * Text flowing top-down onto as many pages as needed, tagged as it is drawn: the base of the forms'
 * layout (`layout.ts`). Every line of text is a marked-content sequence of the structure element
 * it belongs to (`within` opens one, in reading order); rules, borders and the running footer are
 * artifacts. Pure apart from the bytes it is given; the same input renders the same PDF bytes.
 */
export type PaperSize = 'A5' | 'A4';

export const BLACK: Rgb = [0, 0, 0];
export const GREY: Rgb = [0.35, 0.35, 0.35];
/** The footer's size, and the smallest it shrinks to before its address is broken across lines. */
const FOOTER_SIZE = 6.5;
const MIN_FOOTER_SIZE = 5;

export const PAPER: Record<PaperSize, { size: [number, number]; margin: number; fontSize: number }> = {
  // A5 is 148 × 210 mm = 419.53 × 595.28 pt; 15 mm side margins leave about 334 pt of text.
  A5: { size: [419.53, 595.28], margin: 42, fontSize: 9 },
  A4: { size: [595.28, 841.89], margin: 50, fontSize: 10 },
};

export interface WriterOptions {
  paper: PaperSize;
  fonts: FontBytes;
  /** Document information (no personal data: it is what file managers and viewers show). */
  title: string;
  subject: string;
  author: string;
  issuedAt: Date;
  /** Printed in the footer of every page, with the page number. */
  footer: string;
  /**
   * Printed after `footer` (an address, e.g. where to verify the document): on the same line when
   * it fits, else on a line of its own, shrunk, and only as a last resort broken.
   */
  footerLink?: string;
}

export class FlowWriter {
  readonly fontSize: number;
  readonly margin: number;
  protected page: PdfPage;
  /** Distance from the bottom of the page to the top of the next line. */
  protected y: number;
  protected readonly lines: LineBreaker;
  /** Open structure elements, the document first: drawn text belongs to the last. */
  private readonly open: StructElement[];

  protected constructor(
    protected readonly doc: PdfDocument,
    protected readonly regular: PdfFont,
    protected readonly bold: PdfFont,
    protected readonly opts: WriterOptions,
  ) {
    const paper = PAPER[opts.paper];
    this.fontSize = paper.fontSize;
    this.margin = paper.margin;
    this.lines = new LineBreaker(regular, bold);
    this.page = doc.addPage(...paper.size);
    this.y = this.page.height - this.margin;
    this.open = [doc.structure];
  }

  /** A new document with the forms' fonts, for `FormWriter.create`. */
  protected static document(opts: WriterOptions): { doc: PdfDocument; regular: PdfFont; bold: PdfFont } {
    const doc = new PdfDocument({
      title: opts.title,
      subject: opts.subject,
      author: opts.author,
      creator: 'motcua — Hệ thống một cửa điện tử',
      producer: 'motcua',
      language: 'vi-VN',
      created: opts.issuedAt,
    });
    // Each document subsets the fonts to the glyphs it prints (a form stays at tens of kilobytes);
    // fixed subset names keep the output deterministic.
    const regular = doc.embedFont('MOTCUA+DejaVuSans', opts.fonts.regular);
    const bold = doc.embedFont('MOTCUB+DejaVuSans-Bold', opts.fonts.bold);
    return { doc, regular, bold };
  }

  get contentWidth(): number {
    return this.page.width - 2 * this.margin;
  }

  protected get lineHeight(): number {
    return this.fontSize * 1.35;
  }

  /** The element drawn text belongs to now. */
  protected get current(): StructElement {
    return this.open.at(-1)!;
  }

  /** A new element of `role` after the current element's other children (not opened). */
  protected element(role: StructRole, opts: { alt?: string; attributes?: string } = {}): StructElement {
    const e = structElement(role, opts);
    this.current.kids.push(e);
    return e;
  }

  /** Runs `draw` inside a new element of `role`: what it draws is that element's content. */
  protected within<T>(role: StructRole, draw: () => T, opts: { alt?: string; attributes?: string } = {}): T {
    this.open.push(this.element(role, opts));
    try {
      return draw();
    } finally {
      this.open.pop();
    }
  }

  /** Pieces of one line, as they are, at `x` (call inside a tagged or artifact sequence). */
  protected drawPieces(pieces: Piece[], x: number, baseline: number, size: number, color = BLACK): void {
    let cx = x;
    // Consecutive pieces in one font are drawn as one string (fewer text operators).
    for (let i = 0; i < pieces.length; ) {
      const font = pieces[i]!.font;
      let text = '';
      while (i < pieces.length && pieces[i]!.font === font) text += pieces[i++]!.text;
      this.page.drawText(text, { x: cx, y: baseline, size, font, color });
      cx += font.widthOfTextAtSize(text, size);
    }
  }

  /** One line of text, content of `into` (the current element unless given). */
  protected drawLine(
    pieces: Piece[],
    x: number,
    baseline: number,
    size: number,
    color = BLACK,
    into = this.current,
  ): void {
    if (pieces.length === 0) return;
    this.page.tagged(into, () => this.drawPieces(pieces, x, baseline, size, color));
  }

  /** A rule or border: an artifact. */
  protected rule(x: number, y: number, width: number): void {
    this.page.artifact(() => this.page.drawLine(x, y, x + width, y, 0.6, BLACK));
  }

  protected newPage(): void {
    this.page = this.doc.addPage(...PAPER[this.opts.paper].size);
    this.y = this.page.height - this.margin;
  }

  /** Starts a new page unless `height` points still fit above the bottom margin (and footer). */
  ensure(height: number): void {
    if (this.y - height < this.margin + this.fontSize) this.newPage();
  }

  space(points: number): void {
    this.y -= points;
  }

  /**
   * A wrapped block of text, one structure element (`role`, a paragraph unless said otherwise).
   * `hang` indents every line but the first (numbered lists).
   */
  paragraph(
    text: Text,
    opts: {
      size?: number;
      bold?: boolean;
      align?: 'left' | 'center' | 'right';
      indent?: number;
      hang?: number;
      after?: number;
      color?: 'black' | 'grey';
      role?: 'P' | 'H1' | 'H2';
    } = {},
  ): void {
    const size = opts.size ?? this.fontSize;
    const indent = opts.indent ?? 0;
    const hang = opts.hang ?? 0;
    const width = this.contentWidth - indent - hang;
    const lh = size * 1.35;
    const lines = this.lines.wrap(text, width, size, opts.bold);
    this.within(opts.role ?? 'P', () => {
      lines.forEach((pieces, i) => {
        this.ensure(lh);
        const w = lineWidth(pieces, size);
        const left = this.margin + indent + (i > 0 ? hang : 0);
        const x =
          opts.align === 'center'
            ? this.margin + (this.contentWidth - w) / 2
            : opts.align === 'right'
              ? this.margin + this.contentWidth - w
              : left;
        this.drawLine(pieces, x, this.y - size, size, opts.color === 'grey' ? GREY : BLACK);
        this.y -= lh;
      });
    });
    this.y -= opts.after ?? 2;
  }

  /**
   * The footer of every page, a pagination artifact: `footer`, `footerLink` and the page number on
   * one line when they fit; else the page number beside `footer`, and the link under it, shrunk to
   * fit the text width (down to 5 pt) and only then broken. Then the PDF bytes.
   */
  async save(): Promise<Uint8Array> {
    const pages = this.doc.getPages();
    const { footer, footerLink } = this.opts;
    pages.forEach((page, i) => {
      const numbered = (text: string) => this.lines.clean(`${text} — Trang ${i + 1}/${pages.length}`);
      const one = numbered(footerLink ? `${footer} · ${footerLink}` : footer);
      const width = (t: string, s: number) => this.regular.widthOfTextAtSize(t, s);
      // Lines from the top, each with its size.
      const lines: [string, number][] = [];
      if (!footerLink || width(one, FOOTER_SIZE) <= this.contentWidth) lines.push([one, FOOTER_SIZE]);
      else {
        lines.push([numbered(footer), FOOTER_SIZE]);
        const link = this.lines.clean(footerLink);
        const fit = Math.min(FOOTER_SIZE, (this.contentWidth / width(link, 1)) * 0.999);
        if (fit >= MIN_FOOTER_SIZE) lines.push([link, fit]);
        else {
          for (const pieces of this.lines.wrap(link, this.contentWidth, MIN_FOOTER_SIZE))
            lines.push([pieces.map((p) => p.text).join(''), MIN_FOOTER_SIZE]);
        }
      }
      let baseline = this.margin / 2;
      page.artifact(() => {
        for (const [text, size] of lines.reverse()) {
          const w = width(text, size);
          page.drawText(text, {
            x: (page.width - w) / 2,
            y: baseline,
            size,
            font: this.regular,
            color: GREY,
          });
          baseline += size * 1.3;
        }
      }, 'Footer');
    });
    return Promise.resolve(this.doc.save());
  }
}
