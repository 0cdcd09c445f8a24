// @ts-expect-error PDFKit is not a dependency: installed apart for this measurement (bench/pdf-libraries.ts).
import PDFDocument from 'pdfkit';
import { fontBytes } from '../../shared/forms/fonts.ts';
import { receiptLines } from './receipt-content.ts';

/**
 * Form 01's text by PDFKit, tagged (structure tree, /Lang, /MarkInfo; PDF/UA identification), with
 * the same subset DejaVu fonts, wrapped at the page width: what a switch would draw.
 */
export function render(): Promise<Uint8Array> {
  const fonts = fontBytes();
  const doc = new PDFDocument({
    size: 'A5',
    margin: 36,
    pdfVersion: '1.7',
    tagged: true,
    subset: 'PDF/UA',
    lang: 'vi-VN',
    displayTitle: true,
    info: { Title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', Author: 'Trung tâm Phục vụ hành chính công' },
  });
  doc.registerFont('r', Buffer.from(fonts.regular));
  doc.registerFont('b', Buffer.from(fonts.bold));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const section = doc.struct('Sect');
  doc.addStructure(section);
  for (const line of receiptLines()) {
    const p = doc.struct(line.size && line.size >= 12 ? 'H1' : 'P', () => {
      doc
        .font(line.bold ? 'b' : 'r')
        .fontSize(line.size ?? 9)
        .text(line.text);
    });
    section.add(p);
  }
  section.end();
  doc.end();
  return done;
}
