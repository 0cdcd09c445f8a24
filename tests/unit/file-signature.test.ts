import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DocumentRequirement } from '../../shared/contracts/catalogue.ts';
import { documentProblems } from '../../shared/domain/documents.ts';
import { DOCX, sniffDocumentType } from '../../shared/domain/file-signature.ts';
import { pdfBytes, pngBytes } from '../support/files.ts';

/** A real 16×16 baseline JFIF JPEG (543 bytes, from CPython's test data). */
const JPEG_JFIF = Buffer.from(
  '/9j/4AAQSkZJRgABAQEAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/2wBDAQMDAwQDBAgEBAgQCwkLEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBD/wAARCAAQABADASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAABwQF/8QAJBAAAQQBBAICAwAAAAAAAAAAAQIDBAYFBwgSExEiABQJMTL/xAAVAQEBAAAAAAAAAAAAAAAAAAAABv/EACMRAAECBQMFAAAAAAAAAAAAAAECEQMEBQYhABIxFRZhgeH/2gAMAwEAAhEDEQA/ABSm0mobc8HmExLUlRzzEWPkJWW+ulrsaUVAseUgslSlH9LKuPryIKuWPZdskzXmm3fX5m2nF4GlVxx/HOpx4ks51+MiU/Iaad7UcUo4tILoS4kqcWkezS0hO/HvuRp0rO6hWnWO1UisZVuFi4GFeyEpmGepa5S5SWVPuciFKRFLgSrwetnyPIB+Vb4N9mKhQMzo5po9XLdDs9d6ZVix2VEhiL9kuNPxw2gEKcDQ/rs8AuA8VAe0vdl7VOYn+27flGAUgmITjbhSmCg3BYlyeWDkMolvw4KOp1KM6iCNvngZHwetf//Z',
  'base64',
);
/** The first bytes of a camera JPEG (SOI, then an APP1 Exif segment). */
const JPEG_EXIF_HEAD = Buffer.from('ffd8ffe1' + '1c45457869660000' + '49492a00', 'hex');
/** A real GIF89a header (not an accepted type). */
const GIF_HEAD = Buffer.from('GIF89a\x10\x00\x10\x00', 'latin1');

// --- a minimal ZIP writer: local headers, central directory, end record (as Word writes them) ---
function zip(files: { name: string; data: string; store?: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const raw = Buffer.from(f.data, 'utf8');
    const body = f.store ? raw : deflateRawSync(raw);
    const name = Buffer.from(f.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(f.store ? 0 : 8, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(f.store ? 0 : 8, 10);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(raw.length, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    central.push(dir, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const contentTypes = (main: string) =>
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  `<Override PartName="/word/document.xml" ContentType="${main}"/>` +
  '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>';

const WORD_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
const ooxml = (main: string, opts: { store?: boolean; contentTypesLast?: boolean } = {}) => {
  const parts = [
    { name: '_rels/.rels', data: '<Relationships/>' },
    { name: 'word/document.xml', data: '<w:document/>' },
  ];
  const ct = { name: '[Content_Types].xml', data: contentTypes(main), store: opts.store ?? false };
  return zip(opts.contentTypesLast ? [...parts, ct] : [ct, ...parts]);
};

describe('sniffing a document type from its bytes', () => {
  it('recognises each accepted type from real headers', () => {
    expect(sniffDocumentType(pdfBytes())).toBe('application/pdf');
    expect(sniffDocumentType(pngBytes())).toBe('image/png');
    expect(sniffDocumentType(JPEG_JFIF)).toBe('image/jpeg');
    expect(sniffDocumentType(JPEG_EXIF_HEAD)).toBe('image/jpeg');
    expect(sniffDocumentType(ooxml(WORD_MAIN))).toBe(DOCX);
  });

  it('reads [Content_Types].xml stored or deflated, wherever it sits in the archive', () => {
    expect(sniffDocumentType(ooxml(WORD_MAIN, { store: true }))).toBe(DOCX);
    expect(sniffDocumentType(ooxml(WORD_MAIN, { contentTypesLast: true }))).toBe(DOCX);
  });

  it('names the look-alikes it refuses', () => {
    expect(
      sniffDocumentType(ooxml('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml')),
    ).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(sniffDocumentType(ooxml('application/vnd.ms-word.document.macroEnabled.main+xml'))).toBe(
      'application/vnd.ms-word.document.macroenabled.12',
    );
    // A ZIP with a word/ folder but no [Content_Types].xml is not a Word document.
    expect(sniffDocumentType(zip([{ name: 'word/document.xml', data: '<w:document/>' }]))).toBe(
      'application/zip',
    );
    expect(sniffDocumentType(Buffer.concat([JPEG_JFIF.subarray(0, 3), Buffer.from([0xf7, 0])]))).toBe(
      'image/jls',
    );
    const acTL = Buffer.concat([Buffer.from('00000008', 'hex'), Buffer.from('acTL'), Buffer.alloc(12)]);
    const apng = Buffer.concat([pngBytes().subarray(0, 33), acTL, pngBytes().subarray(33)]);
    expect(sniffDocumentType(apng)).toBe('image/apng');
  });

  it('knows nothing of other content, truncated headers or text that merely mentions a type', () => {
    for (const bytes of [
      GIF_HEAD,
      Buffer.from('<html><body>%PDF-1.4</body></html>'),
      Buffer.from(' %PDF-1.4\n'),
      Buffer.from('%PD'),
      Buffer.from([0xff, 0xd8]),
      pngBytes().subarray(0, 7),
      Buffer.alloc(0),
    ]) {
      expect(sniffDocumentType(bytes)).toBeUndefined();
    }
  });

  it('refuses a broken or bomb-like archive as a plain ZIP instead of inflating it', () => {
    const docx = ooxml(WORD_MAIN);
    expect(sniffDocumentType(docx.subarray(0, docx.length - 30))).toBe('application/zip');
    const bomb = zip([
      { name: '[Content_Types].xml', data: `${' '.repeat(2 * 1024 * 1024)}${contentTypes(WORD_MAIN)}` },
    ]);
    expect(sniffDocumentType(bomb)).toBe('application/zip');
  });

  it('never throws on arbitrary bytes, including bytes behind a valid signature', () => {
    const prefixes = [
      [],
      [0x25, 0x50, 0x44, 0x46],
      [0xff, 0xd8, 0xff],
      [...pngBytes().subarray(0, 8)],
      [0x50, 0x4b, 3, 4],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 300 }), (prefix, rest) => {
        const t = sniffDocumentType(Uint8Array.from([...prefix, ...rest]));
        expect(t === undefined || typeof t === 'string').toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('a spoofed upload is refused by what its bytes are', () => {
  const requirement: DocumentRequirement = {
    id: 'd1',
    name: 'Đơn đề nghị',
    originals: 1,
    copies: 0,
    uploadMandatory: true,
    acceptedTypes: ['application/pdf', DOCX],
    maxSizeMb: 5,
  };
  const check = (bytes: Buffer, declaredType: 'application/pdf' | typeof DOCX) =>
    documentProblems(requirement, {
      documentId: 'x',
      requirementId: 'd1',
      declaredType,
      createdAt: '2026-03-10T01:00:00Z',
      stored: { size: bytes.length, detectedType: sniffDocumentType(bytes), sha256: 'h' },
    }).map((p) => [p.code, p.message]);

  it('a "scan.pdf" holding PNG bytes', () => {
    expect(check(pngBytes(), 'application/pdf')).toEqual([
      ['DOCUMENT_TYPE_MISMATCH', 'Nội dung tệp không phải application/pdf (phát hiện image/png)'],
    ]);
  });

  it('a "don.docx" that is a JPEG, a spreadsheet or an HTML page', () => {
    expect(check(JPEG_JFIF, DOCX).map(([c]) => c)).toEqual(['DOCUMENT_TYPE_MISMATCH']);
    expect(
      check(ooxml('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'), DOCX).map(
        ([c]) => c,
      ),
    ).toEqual(['DOCUMENT_TYPE_MISMATCH']);
    expect(check(Buffer.from('<html></html>'), DOCX)).toEqual([
      ['DOCUMENT_TYPE_MISMATCH', `Nội dung tệp không phải ${DOCX}`],
    ]);
  });

  it('accepts the genuine files', () => {
    expect(check(pdfBytes(), 'application/pdf')).toEqual([]);
    expect(check(ooxml(WORD_MAIN), DOCX)).toEqual([]);
  });
});
