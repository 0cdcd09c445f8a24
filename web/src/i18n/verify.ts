import type { VerificationVerdict } from '../../../shared/contracts/verification.ts';
import { currentLang } from './index.ts';

/**
 * Messages of the verification page (/verify) and of the signature check on the look-up page.
 * Loaded with those pages only. Vietnamese is the reference; English has the same shape.
 */
const vi = {
  title: 'Kiểm tra văn bản điện tử',
  intro:
    'Tải lên tệp PDF kết quả giải quyết hoặc biểu mẫu do Trung tâm Phục vụ hành chính công và các sở, ban, ngành cấp, để biết tệp có đúng là bản đã cấp không, ai đã ký số và chữ ký còn nguyên vẹn không. Tệp chỉ được dùng để kiểm tra, không được lưu lại.',
  file: 'Tệp PDF cần kiểm tra',
  fileHint: 'Tệp PDF, tối đa 4 MB.',
  chooseFile: 'Chọn tệp',
  noFile: 'Chưa chọn tệp',
  fileRequired: 'Chọn tệp PDF cần kiểm tra',
  notPdf: 'Tệp đã chọn không phải PDF',
  tooLarge: 'Tệp lớn hơn 4 MB',
  check: 'Kiểm tra',
  checking: 'Đang kiểm tra…',
  failed: 'Chưa kiểm tra được tệp. Hãy thử lại.',
  resultTitle: 'Kết quả kiểm tra',
  verdicts: {
    ISSUED: 'Đúng là văn bản đã cấp. Chữ ký số hợp lệ, nội dung không bị thay đổi sau khi ký.',
    SIGNED_BY_AGENCY:
      'Chữ ký số hợp lệ của cơ quan nhà nước trong hệ thống, nhưng tệp này không có trong danh sách văn bản đã cấp.',
    SIGNATURE_INVALID: 'Chữ ký số không hợp lệ: tệp đã bị thay đổi sau khi ký. Không dùng tệp này.',
    UNKNOWN_SIGNER: 'Tệp có chữ ký số, nhưng không phải của cơ quan nào trong hệ thống.',
    NOT_SIGNED: 'Tệp không có chữ ký số và không phải văn bản hệ thống đã cấp.',
  } satisfies Record<VerificationVerdict, string>,
  problems: {
    MODIFIED_AFTER_SIGNING: 'có nội dung được thêm vào sau khi ký',
    DIGEST_MISMATCH: 'nội dung đã bị sửa sau khi ký',
    BAD_SIGNATURE: 'chữ ký không khớp với chứng thư số',
    UNREADABLE: 'không đọc được chữ ký',
  } as Record<string, string>,
  dossierCode: 'Mã hồ sơ',
  procedure: 'Thủ tục',
  issuer: 'Cơ quan cấp',
  signer: 'Người ký',
  signedAt: 'Thời điểm ký',
  certificate: 'Chứng thư số của',
  signature: 'Chữ ký số',
  valid: 'Hợp lệ',
  invalid: (why: string) => `Không hợp lệ: ${why}`,
  fingerprint: 'Mã băm SHA-256 của tệp',
  lookupTitle: 'Kiểm tra kết quả của hồ sơ của bạn',
  lookupText:
    'Nếu có mã hồ sơ và mã tra cứu, vào trang Tra cứu hồ sơ: kết quả trả trực tuyến được kiểm tra chữ ký ngay trên trang đó.',
  lookupLink: 'Tra cứu hồ sơ',
  // The look-up page's line about its result.
  signatureTitle: 'Chữ ký số của kết quả',
  signatureChecking: 'Đang kiểm tra chữ ký số…',
  signatureFailed: 'Chưa kiểm tra được chữ ký số. Tải lại trang để thử lại.',
  verifyLink: 'Kiểm tra một tệp kết quả bạn đang giữ',
};

type VerifyMessages = typeof vi;

const en: VerifyMessages = {
  title: 'Check an electronic document',
  intro:
    'Upload a result or form PDF issued by the Public Administrative Service Centre or a department to find out whether it is the file that was issued, who signed it, and whether the signature is intact. The file is only checked, never stored.',
  file: 'PDF file to check',
  fileHint: 'A PDF file, up to 4 MB.',
  chooseFile: 'Choose file',
  noFile: 'No file chosen',
  fileRequired: 'Choose the PDF file to check',
  notPdf: 'The chosen file is not a PDF',
  tooLarge: 'The file is larger than 4 MB',
  check: 'Check',
  checking: 'Checking…',
  failed: 'The file could not be checked. Please try again.',
  resultTitle: 'Result of the check',
  verdicts: {
    ISSUED: 'This is the document that was issued. The signature is valid and nothing changed after signing.',
    SIGNED_BY_AGENCY:
      'Validly signed by an agency of the system, but this file is not on the list of issued documents.',
    SIGNATURE_INVALID: 'The signature is not valid: the file was changed after signing. Do not rely on it.',
    UNKNOWN_SIGNER: 'The file is signed, but not by an agency of the system.',
    NOT_SIGNED: 'The file is not signed and is not a document the system issued.',
  },
  problems: {
    MODIFIED_AFTER_SIGNING: 'content was added after signing',
    DIGEST_MISMATCH: 'the content was changed after signing',
    BAD_SIGNATURE: 'the signature does not match the certificate',
    UNREADABLE: 'the signature cannot be read',
  },
  dossierCode: 'Dossier code',
  procedure: 'Procedure',
  issuer: 'Issued by',
  signer: 'Signed by',
  signedAt: 'Signed at',
  certificate: 'Certificate of',
  signature: 'Digital signature',
  valid: 'Valid',
  invalid: (why: string) => `Not valid: ${why}`,
  fingerprint: 'SHA-256 of the file',
  lookupTitle: 'Check the result of your own dossier',
  lookupText:
    'With your dossier code and look-up code, open the dossier look-up: a result returned online is checked on that page.',
  lookupLink: 'Dossier look-up',
  signatureTitle: 'Digital signature of the result',
  signatureChecking: 'Checking the digital signature…',
  signatureFailed: 'The signature could not be checked. Reload the page to try again.',
  verifyLink: 'Check a result file you hold',
};

export const verifyMessages = (): VerifyMessages => (currentLang() === 'vi' ? vi : en);
