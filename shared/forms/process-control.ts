import { dateOf, day, lookupQr, openForm, shortTime } from './common.ts';
import type { FontBytes } from './fonts.ts';
import { type ProcessControlForm, TIMELINESS_LABELS } from './model.ts';

/**
 * Form 05 — Phiếu kiểm soát quá trình giải quyết hồ sơ (mẫu số 05), A4: every hand-over of the
 * dossier (who gave it, who received it, when), the time allowed against the time taken, and
 * whether that side finished early, on time or late.
 */
export async function renderProcessControl(data: ProcessControlForm, fonts: FontBytes): Promise<Uint8Array> {
  const w = await openForm(data, 'A4', fonts);
  const a = data.applicant;
  w.field('Kèm theo hồ sơ của', a.kind === 'INDIVIDUAL' ? `Ông/Bà ${a.name}` : a.name);
  w.field('Thủ tục', `${data.procedure.name} (mã thủ tục ${data.procedure.code})`);
  w.field('Ngày nộp hồ sơ', dateOf(data.submittedAt));
  w.field('Thời hạn giải quyết theo quy định', data.statutoryTime);
  if (data.appointmentDate) w.field('Ngày hẹn trả kết quả', day(data.appointmentDate));
  w.space(6);
  w.table(
    [
      { header: 'STT', width: 0.05, align: 'center' },
      { header: 'Giao, nhận hồ sơ', width: 0.25 },
      { header: 'Thời điểm nhận hồ sơ', width: 0.12, align: 'center' },
      { header: 'Thời gian cho phép', width: 0.15 },
      { header: 'Thời gian thực hiện', width: 0.13 },
      { header: 'Kết quả (sớm hạn / đúng hạn / quá hạn)', width: 0.13, align: 'center' },
      { header: 'Ghi chú', width: 0.17 },
    ],
    data.rows.map((r, i) => [
      String(i + 1),
      [
        { text: 'Giao: ', bold: true },
        { text: `${r.from}\n` },
        { text: 'Nhận: ', bold: true },
        { text: r.to },
      ],
      r.receivedAt ? shortTime(r.receivedAt) : '—',
      r.dueDate ? `${r.allowed}\nHạn: ${day(r.dueDate)}` : r.allowed,
      r.taken || '—',
      r.result ? TIMELINESS_LABELS[r.result] : '—',
      r.note,
    ]),
  );
  w.paragraph(
    'Phiếu được lập từ các mốc thời gian ghi nhận trên Hệ thống một cửa điện tử; thời gian thực hiện được tính từ ngày tiếp theo ngày nhận hồ sơ (Bộ luật Dân sự 2015, Điều 147).',
    { size: w.fontSize - 1.5, color: 'grey' },
  );
  lookupQr(w, data);
  return w.save();
}
