import { inflateRawSync } from 'node:zlib';

/**
 * What a file is, from its bytes alone (magic numbers), for exactly the document types a procedure
 * may accept (shared/contracts/catalogue.ts `MIME_TYPES`): PDF, JPEG, PNG and Word (DOCX). A few
 * look-alikes are named so a refusal can say what was found (APNG, JPEG-LS, macro-enabled Word, the
 * other Office formats, a plain ZIP); anything else is `undefined`. The file name and the declared
 * type play no part: a `.pdf` holding PNG bytes is a PNG.
 *
 * Matches what the `file-type` package answered for these types (it was replaced by this to keep
 * the upload-verifying functions small): `%PDF` at offset 0; `FF D8 FF` (but `FF D8 FF F7` is
 * JPEG-LS); the PNG signature and its IHDR chunk header (an `acTL` chunk before the first `IDAT` makes it APNG); a ZIP whose
 * `[Content_Types].xml` declares the main part's type. Pure and synchronous; the only allocation
 * beyond the input is the inflated `[Content_Types].xml`, capped at 1 MiB (a ZIP bomb is refused,
 * not inflated).
 */
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const MAX_CONTENT_TYPES_BYTES = 1024 * 1024;

/** The main part's content type in [Content_Types].xml → the package's MIME type. */
const OOXML_MAIN_PARTS: Readonly<Record<string, string>> = {
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml': DOCX,
  'application/vnd.ms-word.document.macroenabled.main+xml':
    'application/vnd.ms-word.document.macroenabled.12',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml':
    'application/vnd.openxmlformats-officedocument.wordprocessingml.template',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml':
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml':
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const PDF = ascii('%PDF');
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IHDR = [0, 0, 0, 13, ...ascii('IHDR')];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];

export function sniffDocumentType(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, PDF)) return 'application/pdf';
  if (startsWith(bytes, JPEG)) return bytes[3] === 0xf7 ? 'image/jls' : 'image/jpeg';
  if (startsWith(bytes, PNG)) return pngKind(bytes);
  if (startsWith(bytes, ZIP_LOCAL)) return zipKind(bytes);
  return undefined;
}

function view(b: Uint8Array) {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function pngKind(b: Uint8Array): string | undefined {
  // A PNG starts with its IHDR chunk; a signature followed by anything else is not one.
  if (!startsWith(b, IHDR, 8)) return undefined;
  const v = view(b);
  for (let at = 8; at + 8 <= b.length; ) {
    const length = v.getUint32(at);
    const type = String.fromCharCode(b[at + 4]!, b[at + 5]!, b[at + 6]!, b[at + 7]!);
    if (type === 'acTL') return 'image/apng';
    if (type === 'IDAT' || type === 'IEND') break;
    at += 12 + length;
  }
  return 'image/png';
}

/** A ZIP entry as the central directory lists it. */
interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeader: number;
}

function zipKind(b: Uint8Array): string {
  const entry = centralDirectory(b)?.find((e) => e.name === '[Content_Types].xml');
  if (!entry) return 'application/zip';
  const xml = entryText(b, entry);
  if (xml === undefined) return 'application/zip';
  const main = /ContentType="([^"]*\.main\+xml)"/i.exec(xml)?.[1]?.toLowerCase();
  return (main && OOXML_MAIN_PARTS[main]) || 'application/zip';
}

/** The entries of the central directory, or undefined when the archive cannot be read. */
function centralDirectory(b: Uint8Array): ZipEntry[] | undefined {
  const v = view(b);
  // End of central directory record: 22 bytes plus a comment of at most 65535.
  let eocd = -1;
  for (let at = b.length - 22; at >= Math.max(0, b.length - 22 - 0xffff); at--) {
    if (v.getUint32(at, true) === 0x06054b50) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const count = v.getUint16(eocd + 10, true);
  let at = v.getUint32(eocd + 16, true);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > b.length || v.getUint32(at, true) !== 0x02014b50) return undefined;
    const nameLength = v.getUint16(at + 28, true);
    const extraLength = v.getUint16(at + 30, true);
    const commentLength = v.getUint16(at + 32, true);
    if (at + 46 + nameLength > b.length) return undefined;
    entries.push({
      method: v.getUint16(at + 10, true),
      compressedSize: v.getUint32(at + 20, true),
      localHeader: v.getUint32(at + 42, true),
      name: new TextDecoder().decode(b.subarray(at + 46, at + 46 + nameLength)),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function entryText(b: Uint8Array, e: ZipEntry): string | undefined {
  const v = view(b);
  const h = e.localHeader;
  if (h + 30 > b.length || v.getUint32(h, true) !== 0x04034b50) return undefined;
  const start = h + 30 + v.getUint16(h + 26, true) + v.getUint16(h + 28, true);
  const end = start + e.compressedSize;
  if (end > b.length) return undefined;
  const data = b.subarray(start, end);
  try {
    if (e.method === 0)
      return data.byteLength <= MAX_CONTENT_TYPES_BYTES ? new TextDecoder().decode(data) : undefined;
    if (e.method === 8) {
      return new TextDecoder().decode(inflateRawSync(data, { maxOutputLength: MAX_CONTENT_TYPES_BYTES }));
    }
  } catch {
    // Corrupt or larger than the cap: not something we can call a Word document.
  }
  return undefined;
}

/**
 * The type of a stored document when the whole file is of that type, else undefined. A magic
 * number says only how a file begins; a file that starts `%PDF` and carries an HTML page, or a PNG
 * signature in front of anything, would pass a sniff and then be whatever a browser makes of it.
 * So beyond the signature:
 * - PDF: a `%PDF-n.n` header, no HTML or SVG markup in its first kilobyte (what browsers sniff),
 *   and `%%EOF` at its end (only line ends or padding after it);
 * - PNG: a well-formed IHDR (its CRC, a non-zero size, a valid depth and colour type), chunks that
 *   follow one another to IEND, and nothing after IEND;
 * - JPEG: segments that follow one another to a frame header (SOFn) with a non-zero width and 1–4
 *   components before the scan, and the end-of-image marker at the end;
 * - Word: as `sniffDocumentType` (a ZIP whose central directory and [Content_Types].xml it read).
 */
export function wholeDocumentType(bytes: Uint8Array): string | undefined {
  const type = sniffDocumentType(bytes);
  switch (type) {
    case 'application/pdf':
      return wholePdf(bytes) ? type : undefined;
    case 'image/png':
      return wholePng(bytes) ? type : undefined;
    case 'image/jpeg':
      return wholeJpeg(bytes) ? type : undefined;
    default:
      return type;
  }
}

const latin1 = (b: Uint8Array) => new TextDecoder('latin1').decode(b);
const MARKUP = /<\s*(!doctype|html|head|body|script|iframe|svg|object|embed|meta|link|style|img|a\s)/i;

function wholePdf(b: Uint8Array): boolean {
  if (!/^%PDF-\d\.\d/.test(latin1(b.subarray(0, 8)))) return false;
  if (MARKUP.test(latin1(b.subarray(0, 1024)))) return false;
  return /%%EOF[\r\n\t \0]*$/.test(latin1(b.subarray(Math.max(0, b.length - 1024))));
}

function wholePng(b: Uint8Array): boolean {
  const v = view(b);
  if (b.length < 8 + 25) return false;
  const ihdr = b.subarray(12, 12 + 4 + 13);
  if (crc32(ihdr) !== v.getUint32(8 + 8 + 13)) return false;
  const width = v.getUint32(16);
  const height = v.getUint32(20);
  const depth = b[24]!;
  const colour = b[25]!;
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) return false;
  if (![1, 2, 4, 8, 16].includes(depth) || ![0, 2, 3, 4, 6].includes(colour)) return false;
  for (let at = 8; at + 12 <= b.length; ) {
    const length = v.getUint32(at);
    const type = String.fromCharCode(b[at + 4]!, b[at + 5]!, b[at + 6]!, b[at + 7]!);
    const next = at + 12 + length;
    if (next > b.length) return false;
    if (type === 'IEND') return next === b.length;
    at = next;
  }
  return false;
}

function wholeJpeg(b: Uint8Array): boolean {
  const v = view(b);
  let frame = false;
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return false;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const length = v.getUint16(at + 2);
    if (length < 2 || at + 2 + length > b.length) return false;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isFrame) {
      if (length < 8) return false;
      const width = v.getUint16(at + 7);
      const components = b[at + 9]!;
      if (width === 0 || components < 1 || components > 4) return false;
      frame = true;
    }
    if (marker === 0xda) {
      // The scan: entropy-coded data to the end of the image.
      let end = b.length;
      while (end > at && (b[end - 1] === 0x00 || b[end - 1] === 0x0a || b[end - 1] === 0x0d)) end--;
      return frame && end >= at + 4 && b[end - 2] === 0xff && b[end - 1] === 0xd9;
    }
    at += 2 + length;
  }
  return false;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
