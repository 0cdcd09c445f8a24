import { formatVnDate, vnParts } from '../domain/time.ts';
import type { FontBytes } from './fonts.ts';
import { FormWriter, type PaperSize } from './layout.ts';
import type { Run } from './line-breaking.ts';
import { type ApplicantOnForm, FORM_TITLES, type FormHeader } from './model.ts';

/** Pieces every form shares: heading and title, the applicant, dates in words, the look-up QR code. */
const pad2 = (n: number) => String(n).padStart(2, '0');

/** `dd/MM/yyyy` of an instant, in Vietnam. */
export const dateOf = (instant: string) => formatVnDate(new Date(instant));

/** `dd/MM/yyyy` of a calendar date `YYYY-MM-DD`. */
export function day(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** `09 giờ 05 phút, ngày 02/03/2026`, the wording of the Circular's forms. */
export function timeAndDate(instant: string): string {
  const p = vnParts(new Date(instant));
  return `${pad2(p.hour)} giờ ${pad2(p.minute)} phút, ngày ${dateOf(instant)}`;
}

/** `09:05 02/03/2026`, for table cells. */
export function shortTime(instant: string): string {
  const p = vnParts(new Date(instant));
  return `${pad2(p.hour)}:${pad2(p.minute)} ${dateOf(instant)}`;
}

/** How the form addresses the applicant. */
export const you = (a: ApplicantOnForm) => (a.kind === 'INDIVIDUAL' ? 'Ông/Bà' : 'Quý tổ chức');

/** A new form: document information, the national heading, the title and the dossier code. */
export async function openForm(data: FormHeader, paper: PaperSize, fonts: FontBytes): Promise<FormWriter> {
  const title = FORM_TITLES[data.form];
  const issuedAt = new Date(data.issuedAt);
  const w = await FormWriter.create({
    paper,
    fonts,
    title: `${title} — ${data.code}`,
    subject: `Mẫu số ${data.form}, Thông tư 01/2018/TT-VPCP — hồ sơ ${data.code}`,
    author: data.issuer,
    issuedAt,
    footer: `Mẫu số ${data.form} · ${data.code}`,
    // Where anyone checks the signed form, without the scheme so the line fits an A5 page.
    footerLink: `Kiểm tra: ${data.verifyUrl.replace(/^https?:\/\//, '')}`,
  });
  w.nationalHeading(data.issuer, issuedAt);
  w.title(title, [{ text: 'Mã hồ sơ: ' }, { text: data.code, bold: true }]);
  return w;
}

/** The applicant's name, address and contact lines under `label`. */
export function applicantFields(w: FormWriter, a: ApplicantOnForm, label: string): void {
  if (a.kind === 'INDIVIDUAL') w.field(label, `Ông/Bà ${a.name}`);
  else {
    w.field(label, a.name);
    if (a.representative) w.field('Người đại diện theo pháp luật', a.representative);
  }
  w.field('Địa chỉ', a.address);
  const contact: Run[] = [{ text: 'Số điện thoại: ', bold: true }, { text: a.phone }];
  if (a.email) contact.push({ text: '    Email: ', bold: true }, { text: a.email });
  w.paragraph(contact);
}

export function procedureField(w: FormWriter, data: FormHeader): void {
  w.field('Nội dung yêu cầu giải quyết', `${data.procedure.name} (mã thủ tục ${data.procedure.code})`);
}

/** The QR code of the look-up page, with the address written out for those who cannot scan. */
export function lookupQr(w: FormWriter, data: FormHeader): void {
  w.space(4);
  // The address gets a line of its own, set small enough to fit it whole: one that wraps is copied
  // wrongly by hand and read wrongly by a program reading the PDF. It sits in Vietnamese quotation
  // marks, which no URL contains, so whoever copies it knows where it ends.
  w.qr(
    data.lookupUrl,
    `Mã QR tra cứu hồ sơ ${data.code}: mở trang tra cứu tình trạng hồ sơ trên Hệ thống một cửa điện tử`,
    [
      { text: 'Tra cứu tình trạng hồ sơ', bold: true },
      {
        text: '\nQuét mã QR hoặc truy cập địa chỉ dưới đây, nhập mã hồ sơ và mã tra cứu in trên giấy biên nhận được cấp khi nộp hồ sơ. Nếu mất mã tra cứu, mang căn cước công dân đến quầy tiếp nhận của Trung tâm để được cấp lại.',
      },
    ],
    `“${data.lookupUrl}”`,
  );
}
