import { createHash, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import { ContentInfo, id_signedData, SignedData } from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import type { Certificate } from '@peculiar/asn1-x509';
import { tlv } from './cms.ts';

/**
 * Reads and checks the last signature of a PDF (the one an issuer adds last, as an incremental
 * update): that it covers the whole file, that the signed bytes' digest is the one the signature
 * states, and that the signature over the signed attributes verifies with the certificate it
 * carries. Trust in that certificate (is it one of ours?) is the caller's question.
 */
export type SignatureProblem =
  | 'NOT_SIGNED'
  | 'UNREADABLE'
  | 'MODIFIED_AFTER_SIGNING'
  | 'DIGEST_MISMATCH'
  | 'BAD_SIGNATURE';

export interface PdfSignatureCheck {
  /** True when the signature verifies and nothing was changed or added after it. */
  valid: boolean;
  problem?: SignatureProblem;
  subFilter?: string;
  /** /Name, /Reason and /M of the signature dictionary. */
  signerName?: string;
  reason?: string;
  signedAt?: string;
  certificate?: { subject: string; commonName: string; fingerprint: string; der: Uint8Array };
}

const DIGESTS: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const MESSAGE_DIGEST = '1.2.840.113549.1.9.4';

/** A PDF literal or hex string's text (PDFDocEncoding taken as Latin-1, or UTF-16BE with a BOM). */
function pdfText(raw: Buffer): string {
  if (raw.length >= 2 && raw[0] === 0xfe && raw[1] === 0xff) {
    const swapped = Buffer.from(raw.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return raw.toString('latin1');
}

/** The value of `/Key (literal)` or `/Key <hex>` in a dictionary's text, unescaped. */
function stringEntry(dict: Buffer, key: string): string | undefined {
  const at = dict.indexOf(`/${key}`);
  if (at < 0) return undefined;
  let i = at + key.length + 1;
  while (i < dict.length && (dict[i] === 0x20 || dict[i] === 0x0a || dict[i] === 0x0d)) i++;
  if (dict[i] === 0x3c) {
    const end = dict.indexOf('>', i);
    return pdfText(
      Buffer.from(
        dict
          .subarray(i + 1, end)
          .toString('latin1')
          .replace(/\s/g, ''),
        'hex',
      ),
    );
  }
  if (dict[i] !== 0x28) return undefined;
  const out: number[] = [];
  let depth = 1;
  for (i++; i < dict.length && depth > 0; i++) {
    const c = dict[i]!;
    if (c === 0x5c) {
      const n = dict[++i]!;
      const map: Record<number, number> = { 110: 10, 114: 13, 116: 9, 98: 8, 102: 12 };
      if (n >= 0x30 && n <= 0x37) {
        let oct = String.fromCharCode(n);
        while (oct.length < 3 && dict[i + 1]! >= 0x30 && dict[i + 1]! <= 0x37)
          oct += String.fromCharCode(dict[++i]!);
        out.push(Number.parseInt(oct, 8) & 0xff);
      } else if (n !== 0x0a && n !== 0x0d) out.push(map[n] ?? n);
      continue;
    }
    if (c === 0x28) depth++;
    if (c === 0x29 && --depth === 0) break;
    out.push(c);
  }
  return pdfText(Buffer.from(out));
}

/** PDF date `D:YYYYMMDDHHmmSS+07'00'` (or Z) as ISO 8601. */
function pdfDate(s: string | undefined): string | undefined {
  const m = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'?\d{2}'?)?/.exec(s ?? '');
  if (!m) return undefined;
  const zone = !m[7] || m[7] === 'Z' ? 'Z' : `${m[7].slice(0, 3)}:${m[7].replace(/'/g, '').slice(3, 5)}`;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The length of one DER element at the start of `b` (tag, length and content). */
function derLength(b: Uint8Array): number {
  const first = b[1]!;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[2 + i]!;
  return 2 + n + len;
}

export function checkPdfSignature(pdf: Buffer): PdfSignatureCheck {
  const ranges = [
    ...pdf.toString('latin1').matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g),
  ];
  const last = ranges.at(-1);
  if (!last) return { valid: false, problem: 'NOT_SIGNED' };
  const [a, b, c, d] = last.slice(1, 5).map(Number) as [number, number, number, number];
  if (a !== 0 || b <= 0 || c <= b || c + d > pdf.length || pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e) {
    return { valid: false, problem: 'UNREADABLE' };
  }
  // The signature dictionary around /Contents: from its `<<` before the range to `>>` after it.
  const dictStart = pdf.lastIndexOf('<<', last.index);
  const dictEnd = pdf.indexOf('>>', c);
  const dict = Buffer.concat([pdf.subarray(dictStart, b), pdf.subarray(c, dictEnd)]);
  const facts: PdfSignatureCheck = {
    valid: false,
    ...optional('subFilter', /\/SubFilter\s*\/([\w.]+)/.exec(dict.toString('latin1'))?.[1]),
    ...optional('signerName', stringEntry(dict, 'Name')),
    ...optional('reason', stringEntry(dict, 'Reason')),
    ...optional('signedAt', pdfDate(stringEntry(dict, 'M'))),
  };
  let signed: SignedData;
  let certDer: Uint8Array;
  let cert: Certificate;
  try {
    const hex = pdf.subarray(b + 1, c - 1).toString('latin1');
    const bytes = Buffer.from(hex, 'hex');
    const info = AsnConvert.parse(bytes.subarray(0, derLength(bytes)), ContentInfo);
    if (info.contentType !== id_signedData) throw new Error('not SignedData');
    signed = AsnConvert.parse(info.content, SignedData);
    const si = signed.signerInfos[0]!;
    const sid = si.sid.issuerAndSerialNumber;
    const certs = (signed.certificates ?? []).flatMap((x) => (x.certificate ? [x.certificate] : []));
    cert =
      certs.find(
        (x) =>
          sid &&
          Buffer.from(x.tbsCertificate.serialNumber).equals(Buffer.from(sid.serialNumber)) &&
          Buffer.from(AsnConvert.serialize(x.tbsCertificate.issuer)).equals(
            Buffer.from(AsnConvert.serialize(sid.issuer)),
          ),
      ) ?? certs[0]!;
    certDer = new Uint8Array(AsnConvert.serialize(cert));
  } catch {
    return { ...facts, problem: 'UNREADABLE' };
  }
  const x = new X509Certificate(certDer);
  facts.certificate = {
    subject: x.subject,
    commonName: /(?:^|\n)CN=(.*)/.exec(x.subject)?.[1] ?? x.subject,
    fingerprint: createHash('sha256').update(certDer).digest('hex'),
    der: certDer,
  };
  const si = signed.signerInfos[0]!;
  const hash = DIGESTS[si.digestAlgorithm.algorithm];
  const attrs = si.signedAttrs ?? [];
  const stated = attrs.find((x) => x.attrType === MESSAGE_DIGEST)?.attrValues[0];
  if (!hash || !stated) return { ...facts, problem: 'UNREADABLE' };
  const content = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  const digest = createHash(hash).update(content).digest();
  if (!digest.equals(Buffer.from(AsnConvert.parse(stated, OctetString).buffer))) {
    return { ...facts, problem: 'DIGEST_MISMATCH' };
  }
  const signedAttrs = tlv(0x31, Buffer.concat(attrs.map((x) => new Uint8Array(AsnConvert.serialize(x)))));
  const ok = cryptoVerify(hash, signedAttrs, x.publicKey, Buffer.from(si.signature.buffer));
  if (!ok) return { ...facts, problem: 'BAD_SIGNATURE' };
  // Bytes after the signed ranges: something was added after signing (another revision).
  if (c + d !== pdf.length) return { ...facts, problem: 'MODIFIED_AFTER_SIGNING' };
  return { ...facts, valid: true };
}

function optional<K extends string>(key: K, v: string | undefined): Partial<Record<K, string>> {
  return v === undefined ? {} : ({ [key]: v } as Record<K, string>);
}
