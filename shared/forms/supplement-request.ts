import { applicantFields, lookupQr, openForm, procedureField, timeAndDate, you } from './common.ts';
import type { FontBytes } from './fonts.ts';
import type { SupplementRequestForm } from './model.ts';

/**
 * Form 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu số 02), A5: everything missing in one
 * notice (Decree 61/2018 art. 16(2)(b)), from the centre at intake or from the department.
 */
export async function renderSupplementRequest(
  data: SupplementRequestForm,
  fonts: FontBytes,
): Promise<Uint8Array> {
  const w = await openForm(data, 'A5', fonts);
  applicantFields(w, data.applicant, 'Hồ sơ của');
  procedureField(w, data);
  w.paragraph('Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:', { bold: true });
  w.numbered(data.missing, { indent: 10 });
  if (data.reasons.length) {
    w.paragraph('Lý do:', { bold: true });
    w.numbered(data.reasons, { indent: 10 });
  }
  if (data.dueAt) {
    w.paragraph([{ text: 'Thời hạn bổ sung: ', bold: true }, { text: `trước ${timeAndDate(data.dueAt)}` }]);
  }
  w.paragraph(
    `Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ${you(data.applicant)} liên hệ ${data.contact} để được hướng dẫn.`,
  );
  lookupQr(w, data);
  w.signatures([
    { title: '', note: '' },
    { title: 'NGƯỜI HƯỚNG DẪN', note: '(Ký và ghi rõ họ tên)' },
  ]);
  return w.save();
}
