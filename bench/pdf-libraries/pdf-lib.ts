import fontkit from '@pdf-lib/fontkit';
// @ts-expect-error pdf-lib is not a dependency: installed apart for this measurement (bench/pdf-libraries.ts).
import { PDFDocument } from 'pdf-lib';
import { fontBytes } from '../../shared/forms/fonts.ts';
import { receiptLines } from './receipt-content.ts';

/** Form 01's text by pdf-lib + fontkit (what the forms used before our writer); pdf-lib has no tagging. */
export async function render(): Promise<Uint8Array> {
  const fonts = fontBytes();
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const regular = await doc.embedFont(fonts.regular, { subset: true });
  const bold = await doc.embedFont(fonts.bold, { subset: true });
  const page = doc.addPage([419.53, 595.28]);
  let y = 560;
  for (const line of receiptLines()) {
    const size = line.size ?? 9;
    page.drawText(line.text, {
      x: 36,
      y,
      size,
      font: line.bold ? bold : regular,
      maxWidth: 347,
      lineHeight: size * 1.3,
    });
    y -= size * 1.3 * Math.ceil((line.bold ? bold : regular).widthOfTextAtSize(line.text, size) / 347);
  }
  return doc.save();
}
