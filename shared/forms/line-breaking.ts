import type { PdfFont } from './pdf.ts';

/** A piece of text in one weight; a paragraph is a list of runs. */
export interface Run {
  text: string;
  bold?: boolean;
}
export type Text = string | Run[];

/** A stretch of one line in one font, as drawn. */
export interface Piece {
  text: string;
  font: PdfFont;
}

/**
 * Line breaking for the forms: text made printable in the embedded fonts, then broken greedily into
 * lines of a given width, in runs of regular and bold. Pure: the same text and fonts give the same
 * lines.
 */
export class LineBreaker {
  private readonly glyphs: Set<number>;

  constructor(
    private readonly regular: PdfFont,
    private readonly bold: PdfFont,
  ) {
    this.glyphs = new Set(regular.characterSet());
  }

  /** NFC (one glyph per Vietnamese letter), no control characters, `?` for a glyph the font lacks. */
  clean(text: string): string {
    let out = '';
    for (const ch of text.normalize('NFC').replace(/\t/g, ' ')) {
      const cp = ch.codePointAt(0)!;
      if (ch === '\n') out += ch;
      else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) continue;
      else out += this.glyphs.has(cp) ? ch : '?';
    }
    return out;
  }

  private runs(text: Text, bold = false): Run[] {
    return typeof text === 'string' ? [{ text, bold }] : text;
  }

  /** Greedy line breaking of runs into `width`; words longer than a line are broken by character. */
  wrap(text: Text, width: number, size: number, bold = false): Piece[][] {
    const lines: Piece[][] = [];
    let line: Piece[] = [];
    let used = 0;
    const flush = () => {
      while (line.length && line.at(-1)!.text === ' ') line.pop();
      lines.push(line);
      line = [];
      used = 0;
    };
    const put = (text: string, font: PdfFont, w: number) => {
      line.push({ text, font });
      used += w;
    };
    for (const run of this.runs(text, bold)) {
      const font = run.bold ? this.bold : this.regular;
      const paragraphs = this.clean(run.text).split('\n');
      paragraphs.forEach((part, i) => {
        if (i > 0) flush();
        for (const token of part.split(/( +)/)) {
          if (!token) continue;
          if (token.trim() === '') {
            if (line.length) put(' ', font, font.widthOfTextAtSize(' ', size));
            continue;
          }
          let word = token;
          let w = font.widthOfTextAtSize(word, size);
          if (used + w > width && line.length) flush();
          while (w > width) {
            // A word wider than the line (a long URL or code): cut it where it fills the line.
            let cut = '';
            for (const ch of word) {
              if (font.widthOfTextAtSize(cut + ch, size) > width && cut) break;
              cut += ch;
            }
            put(cut, font, font.widthOfTextAtSize(cut, size));
            flush();
            word = word.slice(cut.length);
            w = font.widthOfTextAtSize(word, size);
          }
          if (word) put(word, font, w);
        }
      });
    }
    if (line.length || lines.length === 0) flush();
    return lines;
  }
}

/** The width of a line of pieces at `size`. */
export function lineWidth(pieces: Piece[], size: number): number {
  return pieces.reduce((sum, p) => sum + p.font.widthOfTextAtSize(p.text, size), 0);
}
