/** Form 01's content, the same for the three writers measured (bench/pdf-libraries.ts). */
export const RECEIPT = {
  form: '01',
  issuer: 'Trung tâm Phục vụ hành chính công tỉnh Thái Nguyên',
  issuedAt: '2026-03-02T02:30:00.000Z',
  code: '000.99.00.H55-260302-0001',
  procedure: { code: '2.001610', name: 'Đăng ký thành lập doanh nghiệp tư nhân' },
  applicant: {
    kind: 'INDIVIDUAL',
    name: 'Nguyễn Thị Hồng Nhung',
    address: 'Số 12 đường Hoàng Văn Thụ, phường Phan Đình Phùng, tỉnh Thái Nguyên',
    phone: '0912345678',
    email: 'nhung@example.vn',
  },
  lookupUrl: 'https://motcua.thainguyen.gov.vn/lookup#code=000.99.00.H55-260302-0001',
  verifyUrl: 'https://motcua.thainguyen.gov.vn/verify',
  receivedAt: '2026-03-02T02:30:00.000Z',
  documents: [
    { name: 'Giấy đề nghị đăng ký doanh nghiệp', note: '1 bản chính' },
    { name: 'Bản sao giấy tờ pháp lý của chủ doanh nghiệp tư nhân', note: '1 bản sao' },
    { name: 'Văn bản ủy quyền (trường hợp ủy quyền)', note: '1 bản chính' },
  ],
  statutoryTime: '3 ngày làm việc',
  appointmentAt: '2026-03-05T10:00:00.000Z',
  provisional: false,
  delivery: 'Nhận bản điện tử trực tuyến',
} as const;

/** The receipt's lines of text as the other writers draw them (title, fields, documents, notes). */
export function receiptLines(): { text: string; bold?: boolean; size?: number }[] {
  const r = RECEIPT;
  return [
    { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold: true, size: 10 },
    { text: 'Độc lập - Tự do - Hạnh phúc', bold: true, size: 10 },
    { text: r.issuer, bold: true, size: 9 },
    { text: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', bold: true, size: 12 },
    { text: `Mã hồ sơ: ${r.code}` },
    { text: `Trung tâm Phục vụ hành chính công tiếp nhận hồ sơ của: ${r.applicant.name}` },
    { text: `Địa chỉ: ${r.applicant.address}` },
    { text: `Số điện thoại: ${r.applicant.phone}    Thư điện tử: ${r.applicant.email}` },
    { text: `Nội dung yêu cầu giải quyết: ${r.procedure.name}` },
    { text: 'Thành phần hồ sơ nộp gồm:', bold: true },
    ...r.documents.map((d, i) => ({ text: `${i + 1}. ${d.name} — ${d.note}` })),
    { text: `Thời gian giải quyết hồ sơ theo quy định: ${r.statutoryTime}` },
    { text: 'Thời gian nhận hồ sơ: 09 giờ 30 phút, ngày 02/03/2026' },
    { text: 'Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 05/03/2026' },
    { text: `Hình thức nhận kết quả: ${r.delivery}` },
    { text: `Tra cứu tình trạng hồ sơ: ${r.lookupUrl}` },
    { text: 'NGƯỜI TIẾP NHẬN HỒ SƠ', bold: true },
    { text: `Mẫu số 01 · ${r.code} · Kiểm tra: motcua.thainguyen.gov.vn/verify — Trang 1/1`, size: 6.5 },
  ];
}
