import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { buildCadesDetached, type KeySigner } from './cms.ts';

/** What the signature dictionary says about the signing (shown by PDF readers and our look-up). */
export interface SigningDetails {
  /** The person who decided (the head who approved, or the officer who completed): /Name. */
  signerName: string;
  /** Why: e.g. "Kết quả giải quyết hồ sơ 000.99.01.H55-261205-0001". */
  reason: string;
  location: string;
  /** Where anyone can check the document: the public verification page. */
  contactInfo: string;
  signingTime: Date;
}

/** Room for the CMS (ECDSA P-256 signature, the certificate and its chain): 8 KiB is ample. */
const SIGNATURE_LENGTH = 8192;

class CadesSigner extends Signer {
  constructor(private readonly key: KeySigner) {
    super();
  }
  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    return Buffer.from(await buildCadesDetached(pdfBuffer, this.key));
  }
}

/**
 * Signs a PDF as PAdES baseline B (/SubFilter /ETSI.CAdES.detached): an incremental update adds an
 * invisible signature field whose /Contents holds a detached CMS over everything else in the file.
 * The placeholder is added by plain string edits of the file, so it works on PDFs we did not write
 * (a department's uploaded result) as long as they have a classic or stream cross-reference table.
 */
export async function signPdfPades(
  pdf: Uint8Array,
  key: KeySigner,
  details: SigningDetails,
): Promise<Buffer> {
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: Buffer.from(pdf),
    reason: details.reason,
    contactInfo: details.contactInfo,
    name: details.signerName,
    location: details.location,
    signingTime: details.signingTime,
    signatureLength: SIGNATURE_LENGTH,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: 'motcua',
  });
  return new SignPdf().sign(
    hideSignatureWidget(withPlaceholder, pdf.length),
    new CadesSigner(key),
    details.signingTime,
  );
}

/**
 * The placeholder's signature field is invisible (a zero rectangle) but flagged Print (/F 4); it is
 * flagged Hidden instead (/F 2), which is what the PDF/UA-1 rules ask of an annotation that is not
 * in the structure tree (ISO 14289-1 §7.18.1, §7.18.4: a tagged form stays conforming once signed).
 * Readers list the signature all the same. One digit for another: the update's offsets stand.
 */
function hideSignatureWidget(pdf: Buffer, updateFrom: number): Buffer {
  const widget = pdf.indexOf('/Subtype /Widget', updateFrom, 'latin1');
  const end = widget < 0 ? -1 : pdf.indexOf('endobj', widget, 'latin1');
  const flags = widget < 0 ? -1 : pdf.indexOf('/F 4\n', widget, 'latin1');
  if (flags < 0 || flags > end) throw new Error('Signature placeholder without the expected widget');
  const out = Buffer.from(pdf);
  out.write('2', flags + 3, 'latin1');
  return out;
}
