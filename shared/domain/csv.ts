/**
 * Spreadsheet-safe CSV cells (CSV injection, OWASP "CSV Injection"). A spreadsheet program runs a
 * cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a
 * formula, and one opening a file may split cells on `,` or `;` (whichever its locale uses, often
 * ignoring quotes when pasted) and lines on line breaks. So a cell is made safe by construction:
 *
 * - every cell is quoted, quotes inside doubled (RFC 4180);
 * - an apostrophe goes before every place a cell could begin — the start of the text, and right
 *   after each `,` `;` tab, CR or LF in it — when what follows there (past spaces and quotes)
 *   starts a formula. The apostrophe is what spreadsheets read as "this is text".
 *
 * The full-width forms (＝ ＋ － ＠) are treated like their ASCII twins: some programs fold them.
 */
const FORMULA_CHARS = '=+\\-@\\t\\r\\uFF1D\\uFF0B\\uFF0D\\uFF20';
const FORMULA_AHEAD = new RegExp(`[ "]*[${FORMULA_CHARS}]`, 'y');
const SEPARATORS = new Set([',', ';', '\t', '\r', '\n']);

/** The text with an apostrophe before each place a split could make a formula of it. */
export function neutraliseFormulas(text: string): string {
  let out = '';
  let cellStart = true;
  for (let i = 0; i < text.length; i++) {
    if (cellStart) {
      FORMULA_AHEAD.lastIndex = i;
      if (FORMULA_AHEAD.test(text)) out += "'";
    }
    const c = text[i]!;
    out += c;
    cellStart = SEPARATORS.has(c);
  }
  return out;
}

/** One CSV cell: neutralised, then quoted. */
export function csvCell(value: string | number): string {
  return `"${neutraliseFormulas(String(value)).replaceAll('"', '""')}"`;
}

/** True when some piece of `text`, split on `separator` and on line breaks, starts a formula. */
export function startsFormulaWhenSplit(text: string, separator: ',' | ';'): boolean {
  const start = new RegExp(`^[ "]*[${FORMULA_CHARS}]`);
  return text.split(/\r\n|\r|\n/).some((line) => line.split(separator).some((piece) => start.test(piece)));
}
