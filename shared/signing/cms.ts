import { createHash } from 'node:crypto';
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  ContentInfo,
  DigestAlgorithmIdentifiers,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  id_data,
  id_signedData,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
} from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, GeneralName, GeneralNames } from '@peculiar/asn1-x509';

/**
 * The key operation of a signature: a port. The private key stays behind it (AWS KMS in the cloud,
 * the local KMS endpoint on a developer's machine); the CMS builder below only ever hands it the
 * SHA-256 digest of the signed attributes and gets back a DER-encoded ECDSA signature.
 */
export interface KeySigner {
  /** The signer's certificate first, then the chain up to (not necessarily including) the root. DER. */
  certificates: Uint8Array[];
  /** ECDSA P-256 over a SHA-256 digest (KMS `Sign`, MessageType DIGEST, ECDSA_SHA_256). */
  signDigest(digest: Uint8Array): Promise<Uint8Array>;
}

const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  /** id-aa-signingCertificateV2 (RFC 5035): required by CAdES / PAdES baseline B. */
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
} as const;

/** A DER tag-length-value. */
export function tlv(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  const len =
    n < 0x80
      ? [n]
      : n < 0x100
        ? [0x81, n]
        : n < 0x10000
          ? [0x82, n >> 8, n & 0xff]
          : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Uint8Array.of(tag, ...len), content]);
}

const u8 = (b: ArrayBuffer | Uint8Array) => (b instanceof Uint8Array ? b : new Uint8Array(b));
const sha256 = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }
 * ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256 (omitted), certHash OCTET STRING,
 *                            issuerSerial IssuerSerial }
 * IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber INTEGER }
 */
function signingCertificateV2(certDer: Uint8Array, cert: Certificate): Uint8Array {
  const issuer = new GeneralNames([new GeneralName({ directoryName: cert.tbsCertificate.issuer })]);
  const serial = tlv(0x02, u8(cert.tbsCertificate.serialNumber));
  const issuerSerial = tlv(0x30, Buffer.concat([u8(AsnConvert.serialize(issuer)), serial]));
  const essCertIdV2 = tlv(0x30, Buffer.concat([tlv(0x04, sha256(certDer)), issuerSerial]));
  return tlv(0x30, tlv(0x30, essCertIdV2));
}

/**
 * The signed attributes of a CAdES baseline B signature over `contentDigest`, in DER order, and
 * their encoding as a SET OF (what is signed, RFC 5652 §5.4). No signing-time attribute: PAdES puts
 * the claimed time in the signature dictionary's /M instead (ETSI EN 319 142-1 §5.3).
 */
export function signedAttributes(contentDigest: Uint8Array, certDer: Uint8Array) {
  const cert = AsnConvert.parse(certDer, Certificate);
  const attrs = [
    new Attribute({ attrType: OID.contentType, attrValues: [oid(id_data)] }),
    new Attribute({
      attrType: OID.messageDigest,
      attrValues: [AsnConvert.serialize(new OctetString(contentDigest))],
    }),
    new Attribute({
      attrType: OID.signingCertificateV2,
      attrValues: [toArrayBuffer(signingCertificateV2(certDer, cert))],
    }),
  ]
    .map((a) => ({ a, der: u8(AsnConvert.serialize(a)) }))
    .sort((x, y) => compareBytes(x.der, y.der));
  return {
    cert,
    attributes: attrs.map((x) => x.a),
    encoded: tlv(0x31, Buffer.concat(attrs.map((x) => x.der))),
  };
}

function oid(value: string): ArrayBuffer {
  // An OBJECT IDENTIFIER value (X.690 §8.19): the attribute value of content-type.
  const parts = value.split('.').map(Number);
  const bytes: number[] = [parts[0]! * 40 + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = p >>> 7; v > 0; v >>>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return toArrayBuffer(tlv(0x06, Uint8Array.from(bytes)));
}

function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/**
 * A detached CMS SignedData (CAdES baseline B) over `content`: the bytes a PDF's /ByteRange covers.
 * Returns the DER of the ContentInfo that goes into the signature dictionary's /Contents.
 */
export async function buildCadesDetached(content: Uint8Array, signer: KeySigner): Promise<Uint8Array> {
  const [certDer, ...chain] = signer.certificates;
  if (!certDer) throw new Error('A signer needs its certificate');
  const { cert, attributes, encoded } = signedAttributes(sha256(content), certDer);
  const signature = await signer.signDigest(sha256(encoded));
  const sha256Alg = new AlgorithmIdentifier({ algorithm: OID.sha256 });
  const signerInfo = new SignerInfo({
    version: 1,
    sid: new SignerIdentifier({
      issuerAndSerialNumber: new IssuerAndSerialNumber({
        issuer: cert.tbsCertificate.issuer,
        serialNumber: cert.tbsCertificate.serialNumber,
      }),
    }),
    digestAlgorithm: sha256Alg,
    signedAttrs: attributes,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: OID.ecdsaWithSha256 }),
    signature: new OctetString(signature),
  });
  const signedData = new SignedData({
    version: 1,
    digestAlgorithms: new DigestAlgorithmIdentifiers([sha256Alg]),
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: id_data }),
    certificates: new CertificateSet(
      [certDer, ...chain].map(
        (der) => new CertificateChoices({ certificate: AsnConvert.parse(der, Certificate) }),
      ),
    ),
    signerInfos: new SignerInfos([signerInfo]),
  });
  const info = new ContentInfo({ contentType: id_signedData, content: AsnConvert.serialize(signedData) });
  return u8(AsnConvert.serialize(info));
}
