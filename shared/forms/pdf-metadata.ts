import type { PdfInfo } from './pdf.ts';

/**
 * The document's XMP metadata packet (ISO 16684-1), the catalog's /Metadata stream: title,
 * description, author, language, producer and dates as in the information dictionary, and the
 * PDF/UA identification (`pdfuaid:part 1`, ISO 14289-1 §5) that tells a reader the file claims
 * PDF/UA-1.
 */
type XmpFields = PdfInfo;

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const alt = (s: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${xml(s)}</rdf:li></rdf:Alt>`;

export function xmpPacket(m: XmpFields): Uint8Array {
  const date = m.created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const packet =
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' +
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n' +
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n' +
    '<rdf:Description rdf:about=""' +
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"' +
    ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"' +
    ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"' +
    ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\n' +
    `<dc:format>application/pdf</dc:format>\n` +
    `<dc:title>${alt(m.title)}</dc:title>\n` +
    `<dc:description>${alt(m.subject)}</dc:description>\n` +
    `<dc:creator><rdf:Seq><rdf:li>${xml(m.author)}</rdf:li></rdf:Seq></dc:creator>\n` +
    `<dc:language><rdf:Bag><rdf:li>${xml(m.language)}</rdf:li></rdf:Bag></dc:language>\n` +
    `<pdf:Producer>${xml(m.producer)}</pdf:Producer>\n` +
    `<xmp:CreatorTool>${xml(m.creator)}</xmp:CreatorTool>\n` +
    `<xmp:CreateDate>${date}</xmp:CreateDate>\n` +
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>\n` +
    '<pdfuaid:part>1</pdfuaid:part>\n' +
    '</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="w"?>';
  return new TextEncoder().encode(packet);
}
