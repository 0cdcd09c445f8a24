import { vnParts } from '../domain/time.ts';
import type { FontBytes } from './fonts.ts';
import { LineBreaker, lineWidth, type Piece, type Text } from './line-breaking.ts';
import { PdfDocument, type PdfFont, type PdfPage, type Rgb } from './pdf.ts';
import { qrCode } from './qr-code.ts';

/**
 * A small layout helper for the official forms: the national heading of Circular 01/2018 forms,
 * titles, wrapped paragraphs with bold labels, numbered lists, a bordered table, a vector QR code
 * and signature blocks, flowing top-down onto as many pages as needed. Pure apart from the bytes
 * it is given; the same input renders the same PDF bytes.
 */
export type PaperSize = 'A5' | 'A4';

const BLACK: Rgb = [0, 0, 0];
const GREY: Rgb = [0.35, 0.35, 0.35];
const HEADER_FILL: Rgb = [0.92, 0.92, 0.92];
/** The smallest size (points) a printed address is set in before it moves to a wider line. */
const MIN_LINK_SIZE = 6.5;

const PAPER: Record<PaperSize, { size: [number, number]; margin: number; fontSize: number }> = {
  // A5 is 148 × 210 mm = 419.53 × 595.28 pt; 15 mm side margins leave about 334 pt of text.
  A5: { size: [419.53, 595.28], margin: 42, fontSize: 9 },
  A4: { size: [595.28, 841.89], margin: 50, fontSize: 10 },
};

const pad2 = (n: number) => String(n).padStart(2, '0');

export interface WriterOptions {
  paper: PaperSize;
  fonts: FontBytes;
  /** Document information (no personal data: it is what file managers and viewers show). */
  title: string;
  subject: string;
  author: string;
  issuedAt: Date;
  /** Printed in the footer of every page. */
  footer: string;
}

export class FormWriter {
  readonly fontSize: number;
  readonly margin: number;
  private page: PdfPage;
  /** Distance from the bottom of the page to the top of the next line. */
  private y: number;
  private readonly lines: LineBreaker;

  private constructor(
    private readonly doc: PdfDocument,
    private readonly regular: PdfFont,
    private readonly bold: PdfFont,
    private readonly opts: WriterOptions,
  ) {
    const paper = PAPER[opts.paper];
    this.fontSize = paper.fontSize;
    this.margin = paper.margin;
    this.lines = new LineBreaker(regular, bold);
    this.page = doc.addPage(...paper.size);
    this.y = this.page.height - this.margin;
  }

  static async create(opts: WriterOptions): Promise<FormWriter> {
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
    return Promise.resolve(new FormWriter(doc, regular, bold, opts));
  }

  get contentWidth(): number {
    return this.page.width - 2 * this.margin;
  }

  private get lineHeight(): number {
    return this.fontSize * 1.35;
  }

  private drawLine(pieces: Piece[], x: number, baseline: number, size: number, color = BLACK): void {
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

  private newPage(): void {
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
   * A wrapped block of text in a column `[x, x + width]` from the current line; returns its height.
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
    } = {},
  ): void {
    const size = opts.size ?? this.fontSize;
    const indent = opts.indent ?? 0;
    const hang = opts.hang ?? 0;
    const width = this.contentWidth - indent - hang;
    const lh = size * 1.35;
    const lines = this.lines.wrap(text, width, size, opts.bold);
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
    this.y -= opts.after ?? 2;
  }

  /** `Label: value` with the label in bold. */
  field(label: string, value: string, opts: { indent?: number } = {}): void {
    this.paragraph([{ text: `${label}: `, bold: true }, { text: value }], { ...opts, hang: 0 });
  }

  /** A line to be completed by hand when the system does not hold the value. */
  blankLine(label: string, opts: { indent?: number } = {}): void {
    const indent = opts.indent ?? 0;
    const lw = this.bold.widthOfTextAtSize(`${label}: `, this.fontSize);
    const dot = this.regular.widthOfTextAtSize('.', this.fontSize);
    const dots = '.'.repeat(Math.max(3, Math.floor((this.contentWidth - indent - lw) / dot) - 1));
    this.paragraph([{ text: `${label}: `, bold: true }, { text: dots }], { indent });
    this.paragraph('.'.repeat(Math.floor((this.contentWidth - indent) / dot) - 1), { indent });
  }

  /** `1. …`, `2. …` with wrapped lines hanging under the text, not the number. */
  numbered(items: Text[], opts: { indent?: number; style?: 'dot' | 'paren' } = {}): void {
    const indent = opts.indent ?? 0;
    const labels = items.map((_, i) => (opts.style === 'paren' ? `${i + 1})` : `${i + 1}.`));
    const hang = Math.max(...labels.map((l) => this.regular.widthOfTextAtSize(`${l} `, this.fontSize)), 0);
    items.forEach((item, i) => {
      const lines = this.lines.wrap(item, this.contentWidth - indent - hang, this.fontSize);
      lines.forEach((pieces, j) => {
        this.ensure(this.lineHeight);
        const baseline = this.y - this.fontSize;
        if (j === 0) {
          this.drawLine(
            [{ text: labels[i]!, font: this.regular }],
            this.margin + indent,
            baseline,
            this.fontSize,
          );
        }
        this.drawLine(pieces, this.margin + indent + hang, baseline, this.fontSize);
        this.y -= this.lineHeight;
      });
      this.y -= 1;
    });
    this.y -= 1;
  }

  /**
   * The heading of every Circular 01/2018 form: the issuing agency on the left, the national name
   * and motto on the right, each underlined, and the date of issue under the motto.
   */
  nationalHeading(issuer: string, issuedAt: Date): void {
    const top = this.y;
    const size = this.fontSize - 1;
    const leftWidth = this.contentWidth * 0.4;
    const rightX = this.margin + leftWidth + 6;
    const rightWidth = this.contentWidth - leftWidth - 6;
    const lh = size * 1.3;

    // Left: the agency, upper case, bold, centred in its column.
    let y = top;
    const agency = this.lines.wrap(issuer.toLocaleUpperCase('vi-VN'), leftWidth, size, true);
    for (const pieces of agency) {
      const w = lineWidth(pieces, size);
      this.drawLine(pieces, this.margin + (leftWidth - w) / 2, y - size, size);
      y -= lh;
    }
    const rule = Math.min(leftWidth * 0.4, 60);
    this.rule(this.margin + (leftWidth - rule) / 2, y - 2, rule);
    const leftBottom = y - 4;

    // Right: the national name and motto, shrunk if needed to stay on one line each.
    y = top;
    const nation = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
    const motto = 'Độc lập - Tự do - Hạnh phúc';
    const nationSize = Math.min(size, (size * rightWidth) / this.bold.widthOfTextAtSize(nation, size));
    // One line centred in the right column, its top at `y`; returns its width.
    const centred = (text: string, font: PdfFont, s: number) => {
      const w = font.widthOfTextAtSize(text, s);
      this.page.drawText(text, { x: rightX + (rightWidth - w) / 2, y: y - s, size: s, font, color: BLACK });
      return w;
    };
    centred(nation, this.bold, nationSize);
    y -= lh;
    const mw = centred(motto, this.bold, size);
    y -= lh;
    this.rule(rightX + (rightWidth - mw) / 2, y - 2, mw);
    y -= 8;
    const p = vnParts(issuedAt);
    centred(`ngày ${pad2(p.day)} tháng ${pad2(p.month)} năm ${p.year}`, this.regular, size);
    y -= lh;
    this.y = Math.min(leftBottom, y) - this.fontSize;
  }

  private rule(x: number, y: number, width: number): void {
    this.page.drawLine(x, y, x + width, y, 0.6, BLACK);
  }

  title(text: string, subtitle?: Text): void {
    this.paragraph(text, { bold: true, size: this.fontSize + 2, align: 'center', after: 2 });
    if (subtitle) this.paragraph(subtitle, { align: 'center', after: 2 });
    this.space(this.fontSize * 0.8);
  }

  /**
   * A vector QR code of `url` with a caption on its right. `link`, when given, is printed on one
   * line of its own after the caption, never broken (a broken address is copied wrongly by hand and
   * read wrongly by programs): in the caption's column at a size that fits it, or, if that size
   * would be too small to read, under the code across the whole width.
   */
  qr(url: string, caption: Text, link?: string): void {
    const placeQr = qrCode(url);
    const side = this.opts.paper === 'A4' ? 78 : 66;
    this.ensure(side + 8);
    const top = this.y - 4;
    this.page.fillRectangles(placeQr(this.margin, top, side), BLACK);
    const textX = side + 10;
    const lines = this.lines.wrap(caption, this.contentWidth - textX, this.fontSize - 1);
    let y = top - 2;
    for (const pieces of lines) {
      this.drawLine(pieces, this.margin + textX, y - (this.fontSize - 1), this.fontSize - 1);
      y -= (this.fontSize - 1) * 1.35;
    }
    let below = 0;
    if (link) {
      const sizeFor = (width: number) =>
        Math.min(this.fontSize - 1, (width / this.regular.widthOfTextAtSize(link, 1)) * 0.999);
      const beside = sizeFor(this.contentWidth - textX);
      if (beside >= MIN_LINK_SIZE) {
        this.page.drawText(link, {
          x: this.margin + textX,
          y: y - beside,
          size: beside,
          font: this.regular,
          color: BLACK,
        });
        y -= beside * 1.35;
      } else below = this.linkBelow(link, sizeFor(this.contentWidth), top - side - 4);
    }
    this.y = Math.min(top - side, y) - 8 - below;
  }

  /** `link` on one line under the QR code at `size` points; returns the height it took. */
  private linkBelow(link: string, size: number, top: number): number {
    this.page.drawText(link, { x: this.margin, y: top - size, size, font: this.regular, color: BLACK });
    return size * 1.35 + 4;
  }

  /** Signature blocks side by side: who signs, the instruction in brackets, room to sign. */
  signatures(blocks: { title: string; note: string; name?: string }[]): void {
    const size = this.fontSize;
    const height = size * 1.35 * 2 + 48 + size * 1.35;
    this.ensure(height);
    const colWidth = this.contentWidth / blocks.length;
    const top = this.y;
    blocks.forEach((b, i) => {
      const x0 = this.margin + i * colWidth;
      let y = top;
      for (const [text, bold, s] of [
        [b.title, true, size],
        [b.note, false, size - 1],
      ] as const) {
        for (const pieces of this.lines.wrap(text, colWidth - 6, s, bold)) {
          const w = lineWidth(pieces, s);
          this.drawLine(pieces, x0 + (colWidth - w) / 2, y - s, s);
          y -= s * 1.35;
        }
      }
      if (b.name) {
        y -= 48;
        for (const pieces of this.lines.wrap(b.name, colWidth - 6, size, true)) {
          const w = lineWidth(pieces, size);
          this.drawLine(pieces, x0 + (colWidth - w) / 2, y - size, size);
          y -= size * 1.35;
        }
      }
    });
    this.y = top - height;
  }

  /**
   * A bordered table with a shaded header row repeated on each page; each cell wraps.
   * `widths` are fractions of the text width.
   */
  table(columns: { header: string; width: number; align?: 'left' | 'center' }[], rows: Text[][]): void {
    const size = this.fontSize - 1.5;
    const padding = 3;
    const lh = size * 1.3;
    const widths = columns.map((c) => c.width * this.contentWidth);
    const layout = (cells: Text[], bold: boolean) => {
      const wrapped = cells.map((cell, i) => this.lines.wrap(cell, widths[i]! - 2 * padding, size, bold));
      return { wrapped, height: Math.max(...wrapped.map((l) => l.length)) * lh + 2 * padding };
    };
    const drawRow = (cells: Text[], bold: boolean, fill: boolean) => {
      const { wrapped, height } = layout(cells, bold);
      let x = this.margin;
      wrapped.forEach((lines, i) => {
        const w = widths[i]!;
        this.page.drawRectangle(x, this.y - height, w, height, {
          border: BLACK,
          borderWidth: 0.5,
          ...(fill ? { fill: HEADER_FILL } : {}),
        });
        let y = this.y - padding;
        const centre = bold || columns[i]!.align === 'center';
        for (const pieces of lines) {
          const lw = lineWidth(pieces, size);
          this.drawLine(pieces, centre ? x + (w - lw) / 2 : x + padding, y - size, size);
          y -= lh;
        }
        x += w;
      });
      this.y -= height;
    };
    const header = columns.map((c) => c.header);
    const headerHeight = layout(header, true).height;
    this.ensure(headerHeight + lh * 2);
    drawRow(header, true, true);
    for (const row of rows) {
      const { height } = layout(row, false);
      if (this.y - height < this.margin + this.fontSize) {
        this.newPage();
        drawRow(header, true, true);
      }
      drawRow(row, false, false);
    }
    this.space(this.fontSize);
  }

  /** Footer on every page (the dossier code and the page number), then the PDF bytes. */
  async save(): Promise<Uint8Array> {
    const pages = this.doc.getPages();
    const size = 6.5;
    pages.forEach((page, i) => {
      const text = this.lines.clean(`${this.opts.footer} — Trang ${i + 1}/${pages.length}`);
      const w = this.regular.widthOfTextAtSize(text, size);
      page.drawText(text, {
        x: (page.width - w) / 2,
        y: this.margin / 2,
        size,
        font: this.regular,
        color: GREY,
      });
    });
    return Promise.resolve(this.doc.save());
  }
}
