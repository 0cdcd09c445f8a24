import { applicantFields, lookupQr, openForm, procedureField, you } from './common.ts';
import type { FontBytes } from './fonts.ts';
import type { RefusalForm } from './model.ts';

/**
 * Form 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ (mẫu số 03), A5: the centre refusing at
 * intake, or the competent department refusing on the merits, with every reason.
 */
export async function renderRefusal(data: RefusalForm, fonts: FontBytes): Promise<Uint8Array> {
  const w = await openForm(data, 'A5', fonts);
  applicantFields(w, data.applicant, 'Tiếp nhận hồ sơ của');
  procedureField(w, data);
  w.paragraph(
    data.atIntake
      ? `Sau khi xem xét, đối chiếu với quy định hiện hành, ${data.issuer} thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:`
      : `Sau khi xem xét, đối chiếu với quy định hiện hành, ${data.issuer} thông báo từ chối giải quyết hồ sơ này với lý do cụ thể như sau:`,
  );
  w.numbered(data.reasons, { indent: 10 });
  w.paragraph(`Xin thông báo cho ${you(data.applicant)} được biết và thực hiện./.`);
  lookupQr(w, data);
  w.signatures([
    { title: '', note: '' },
    data.atIntake
      ? { title: 'NGƯỜI TIẾP NHẬN', note: '(Ký và ghi rõ họ tên)' }
      : { title: 'THỦ TRƯỞNG CƠ QUAN', note: '(Ký, ghi rõ họ tên và đóng dấu)' },
  ]);
  return w.save();
}
