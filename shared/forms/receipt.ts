import { applicantFields, lookupQr, openForm, procedureField, timeAndDate } from './common.ts';
import type { FontBytes } from './fonts.ts';
import type { ReceiptForm } from './model.ts';

/** Form 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Circular 01/2018/TT-VPCP, mẫu số 01), A5. */
export async function renderReceipt(data: ReceiptForm, fonts: FontBytes): Promise<Uint8Array> {
  const w = await openForm(data, 'A5', fonts);
  applicantFields(w, data.applicant, `${data.issuer} tiếp nhận hồ sơ của`);
  procedureField(w, data);
  w.paragraph('1. Thành phần hồ sơ nộp gồm:', { bold: true });
  if (data.documents.length) {
    w.numbered(
      data.documents.map((d) => `${d.name} (${d.note})`),
      { indent: 10, style: 'paren' },
    );
  } else w.paragraph('Không có thành phần hồ sơ điện tử.', { indent: 10 });
  w.paragraph([{ text: '2. Số lượng hồ sơ: ', bold: true }, { text: '01 bộ' }]);
  w.paragraph([
    { text: '3. Thời gian giải quyết hồ sơ theo quy định: ', bold: true },
    { text: data.statutoryTime },
  ]);
  w.paragraph([{ text: '4. Thời gian nhận hồ sơ: ', bold: true }, { text: timeAndDate(data.receivedAt) }]);
  w.paragraph([
    { text: '5. Thời gian trả kết quả giải quyết hồ sơ: ', bold: true },
    { text: timeAndDate(data.appointmentAt), bold: true },
  ]);
  if (data.provisional) {
    w.paragraph(
      '(Ngày hẹn tính theo lịch nghỉ lễ dự kiến; sẽ được xác nhận khi có quyết định của Chính phủ.)',
      {
        indent: 10,
        size: w.fontSize - 1,
      },
    );
  }
  w.paragraph([{ text: '6. Đăng ký nhận kết quả: ', bold: true }, { text: data.delivery }]);
  lookupQr(w, data);
  w.signatures([
    { title: 'NGƯỜI NỘP HỒ SƠ', note: '(Ký và ghi rõ họ tên)' },
    { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', note: '(Ký và ghi rõ họ tên)' },
  ]);
  return w.save();
}
