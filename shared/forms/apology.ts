import { dateOf, day, lookupQr, openForm, you } from './common.ts';
import type { FontBytes } from './fonts.ts';
import type { ApologyForm } from './model.ts';

/**
 * Form 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả (mẫu số 04), A5: issued by the late
 * department no later than one working day before the deadline, once (Decree 61/2018 art. 19(9)).
 */
export async function renderApology(data: ApologyForm, fonts: FontBytes): Promise<Uint8Array> {
  const w = await openForm(data, 'A5', fonts);
  const a = data.applicant;
  const addressee = a.kind === 'INDIVIDUAL' ? `Ông/Bà ${a.name}` : a.name;
  w.paragraph([{ text: 'Kính gửi: ', bold: true }, { text: addressee }], { align: 'center', after: 6 });
  w.paragraph(
    `Ngày ${dateOf(data.receivedAt)}, ${data.receivedBy} tiếp nhận giải quyết hồ sơ của ${you(a)} đề nghị giải quyết thủ tục ${data.procedure.name} (mã thủ tục ${data.procedure.code}).`,
  );
  w.paragraph([
    { text: 'Thời hạn giải quyết hồ sơ theo quy định: ' },
    { text: `ngày ${day(data.previousDueDate)}`, bold: true },
    { text: '.' },
  ]);
  w.paragraph(`Tuy nhiên đến nay, ${data.issuer} chưa trả kết quả giải quyết hồ sơ của ${you(a)}.`);
  if (data.reasons.length) {
    w.paragraph('Lý do:', { bold: true });
    w.numbered(data.reasons, { indent: 10 });
  } else w.blankLine('Lý do');
  w.paragraph([
    {
      text: `Sự chậm trễ này đã gây phiền hà, tốn kém chi phí đi lại cho ${you(a)}. Chúng tôi xin lỗi ${you(a)} và sẽ trả kết quả giải quyết hồ sơ cho ${you(a)} vào `,
    },
    { text: `ngày ${day(data.newDueDate)}`, bold: true },
    { text: '.' },
  ]);
  w.paragraph(`Xin trân trọng cảm ơn sự hợp tác của ${you(a)}./.`);
  lookupQr(w, data);
  w.signatures([
    { title: '', note: '' },
    { title: 'THỦ TRƯỞNG CƠ QUAN', note: '(Ký, ghi rõ họ tên và đóng dấu)' },
  ]);
  return w.save();
}
