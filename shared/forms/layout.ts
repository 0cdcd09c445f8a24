import { vnParts } from '../domain/time.ts';
import { BLACK, FlowWriter, type WriterOptions } from './flow.ts';
import { lineWidth, type Text } from './line-breaking.ts';
import type { PdfFont, Rgb } from './pdf.ts';
import { structElement } from './pdf-structure.ts';
import { qrCode } from './qr-code.ts';

export type { PaperSize, WriterOptions } from './flow.ts';

/**
 * The official forms' layout: the national heading of Circular 01/2018 forms, titles, label and
 * value fields, numbered lists, a bordered table, a vector QR code and signature blocks, on the
 * tagged text flow of `flow.ts`. Each is tagged for what it is: the title H1, paragraphs P, lists
 * L / LI / Lbl / LBody, the table Table / TR / TH / TD, the QR code a Figure with its alternate
 * text; rules, borders and shading are artifacts.
 */
const HEADER_FILL: Rgb = [0.92, 0.92, 0.92];
const COLUMN_HEADER = '<< /O /Table /Scope /Column >>';
/** The smallest size (points) a printed address is set in before it moves to a wider line. */
const MIN_LINK_SIZE = 6.5;

const pad2 = (n: number) => String(n).padStart(2, '0');

export class FormWriter extends FlowWriter {
  static async create(opts: WriterOptions): Promise<FormWriter> {
    const { doc, regular, bold } = FlowWriter.document(opts);
    return Promise.resolve(new FormWriter(doc, regular, bold, opts));
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
    const size = this.fontSize;
    const x = this.margin + indent;
    // The label is content; the dotted lines to write on are artifacts (nothing to read aloud).
    const dotted = (text: string, left: number) =>
      this.page.artifact(() =>
        this.page.drawText(text, { x: left, y: this.y - size, size, font: this.regular, color: BLACK }),
      );
    this.ensure(this.lineHeight);
    this.within('P', () => this.drawLine([{ text: `${label}: `, font: this.bold }], x, this.y - size, size));
    dotted(dots, x + lw);
    this.y -= this.lineHeight + 2;
    this.ensure(this.lineHeight);
    dotted('.'.repeat(Math.floor((this.contentWidth - indent) / dot) - 1), x);
    this.y -= this.lineHeight + 2;
  }

  /** `1. …`, `2. …` with wrapped lines hanging under the text, not the number. */
  numbered(items: Text[], opts: { indent?: number; style?: 'dot' | 'paren' } = {}): void {
    const indent = opts.indent ?? 0;
    const labels = items.map((_, i) => (opts.style === 'paren' ? `${i + 1})` : `${i + 1}.`));
    const hang = Math.max(...labels.map((l) => this.regular.widthOfTextAtSize(`${l} `, this.fontSize)), 0);
    this.within(
      'L',
      () => {
        items.forEach((item, i) => {
          this.within('LI', () => {
            const [label, body] = [this.element('Lbl'), this.element('LBody')];
            const lines = this.lines.wrap(item, this.contentWidth - indent - hang, this.fontSize);
            lines.forEach((pieces, j) => {
              this.ensure(this.lineHeight);
              const baseline = this.y - this.fontSize;
              if (j === 0) {
                const number = [{ text: labels[i]!, font: this.regular }];
                this.drawLine(number, this.margin + indent, baseline, this.fontSize, BLACK, label);
              }
              this.drawLine(pieces, this.margin + indent + hang, baseline, this.fontSize, BLACK, body);
              this.y -= this.lineHeight;
            });
            this.y -= 1;
          });
        });
      },
      { attributes: '<< /O /List /ListNumbering /Decimal >>' },
    );
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
    this.within('P', () => {
      for (const pieces of agency) {
        const w = lineWidth(pieces, size);
        this.drawLine(pieces, this.margin + (leftWidth - w) / 2, y - size, size);
        y -= lh;
      }
    });
    const rule = Math.min(leftWidth * 0.4, 60);
    this.rule(this.margin + (leftWidth - rule) / 2, y - 2, rule);
    const leftBottom = y - 4;

    // Right: the national name and motto, shrunk if needed to stay on one line each.
    y = top;
    const nation = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
    const motto = 'Độc lập - Tự do - Hạnh phúc';
    const nationSize = Math.min(size, (size * rightWidth) / this.bold.widthOfTextAtSize(nation, size));
    // One line centred in the right column, its top at `y`, a paragraph; returns its width.
    const centred = (text: string, font: PdfFont, s: number) => {
      const w = font.widthOfTextAtSize(text, s);
      this.within('P', () => this.drawLine([{ text, font }], rightX + (rightWidth - w) / 2, y - s, s));
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

  title(text: string, subtitle?: Text): void {
    this.paragraph(text, { bold: true, size: this.fontSize + 2, align: 'center', after: 2, role: 'H1' });
    if (subtitle) this.paragraph(subtitle, { align: 'center', after: 2 });
    this.space(this.fontSize * 0.8);
  }

  /**
   * A vector QR code of `url` with a caption on its right. `link`, when given, is printed on one
   * line of its own after the caption, never broken (a broken address is copied wrongly by hand and
   * read wrongly by programs): in the caption's column at a size that fits it, or, if that size
   * would be too small to read, under the code across the whole width. The code is a figure whose
   * alternate text `alt` says what it leads to; the caption and the address are paragraphs.
   */
  qr(url: string, alt: string, caption: Text, link?: string): void {
    const placeQr = qrCode(url);
    const side = this.opts.paper === 'A4' ? 78 : 66;
    this.ensure(side + 8);
    const top = this.y - 4;
    const round = (v: number) => Math.round(v * 100) / 100;
    const [x0, y0] = [round(this.margin), round(top - side)];
    const figure = this.element('Figure', {
      alt,
      attributes: `<< /O /Layout /BBox [${x0} ${y0} ${x0 + side} ${y0 + side}] /Placement /Block >>`,
    });
    this.page.tagged(figure, () => this.page.fillRectangles(placeQr(this.margin, top, side), BLACK));
    const textX = side + 10;
    const lines = this.lines.wrap(caption, this.contentWidth - textX, this.fontSize - 1);
    let y = top - 2;
    this.within('P', () => {
      for (const pieces of lines) {
        this.drawLine(pieces, this.margin + textX, y - (this.fontSize - 1), this.fontSize - 1);
        y -= (this.fontSize - 1) * 1.35;
      }
    });
    let below = 0;
    if (link) {
      const sizeFor = (width: number) =>
        Math.min(this.fontSize - 1, (width / this.regular.widthOfTextAtSize(link, 1)) * 0.999);
      const beside = sizeFor(this.contentWidth - textX);
      if (beside >= MIN_LINK_SIZE) {
        const at = y - beside;
        this.within('P', () =>
          this.drawLine([{ text: link, font: this.regular }], this.margin + textX, at, beside),
        );
        y -= beside * 1.35;
      } else below = this.linkBelow(link, sizeFor(this.contentWidth), top - side - 4);
    }
    this.y = Math.min(top - side, y) - 8 - below;
  }

  /** `link` on one line under the QR code at `size` points; returns the height it took. */
  private linkBelow(link: string, size: number, top: number): number {
    this.within('P', () =>
      this.drawLine([{ text: link, font: this.regular }], this.margin, top - size, size),
    );
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
      // Each text a paragraph, centred in its column (an empty one leaves no element).
      const centred = (text: string, s: number, bold: boolean) =>
        this.within('P', () => {
          for (const pieces of this.lines.wrap(text, colWidth - 6, s, bold)) {
            const w = lineWidth(pieces, s);
            this.drawLine(pieces, x0 + (colWidth - w) / 2, y - s, s);
            y -= s * 1.35;
          }
        });
      centred(b.title, size, true);
      centred(b.note, size - 1, false);
      if (b.name) {
        y -= 48;
        centred(b.name, size, true);
      }
    });
    this.y = top - height;
  }

  /**
   * A bordered table with a shaded header row repeated on each page; each cell wraps.
   * `widths` are fractions of the text width. Tagged Table / TR / TH (column headers) / TD; the
   * header row repeated on a later page, the borders and the shading are artifacts.
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
    /** A row: `header` is the shaded header row, `repeat` its copy on a later page (an artifact). */
    const drawRow = (cells: Text[], header: boolean, repeat = false) => {
      const { wrapped, height } = layout(cells, header);
      let x = this.margin;
      const row = repeat ? undefined : this.element('TR');
      wrapped.forEach((lines, i) => {
        const w = widths[i]!;
        this.page.artifact(() =>
          this.page.drawRectangle(x, this.y - height, w, height, {
            border: BLACK,
            borderWidth: 0.5,
            ...(header ? { fill: HEADER_FILL } : {}),
          }),
        );
        const cell = row && structElement(header ? 'TH' : 'TD', header ? { attributes: COLUMN_HEADER } : {});
        if (row && cell) row.kids.push(cell);
        let y = this.y - padding;
        const centre = header || columns[i]!.align === 'center';
        for (const pieces of lines) {
          const lx = centre ? x + (w - lineWidth(pieces, size)) / 2 : x + padding;
          if (cell) this.drawLine(pieces, lx, y - size, size, BLACK, cell);
          else if (pieces.length) this.page.artifact(() => this.drawPieces(pieces, lx, y - size, size));
          y -= lh;
        }
        x += w;
      });
      this.y -= height;
    };
    const header = columns.map((c) => c.header);
    const headerHeight = layout(header, true).height;
    this.ensure(headerHeight + lh * 2);
    this.within('Table', () => {
      drawRow(header, true);
      for (const row of rows) {
        const { height } = layout(row, false);
        if (this.y - height < this.margin + this.fontSize) {
          this.newPage();
          drawRow(header, true, true);
        }
        drawRow(row, false);
      }
    });
    this.space(this.fontSize);
  }
}
