import { type ParamWords, type Words, withParams } from './words.ts';

const days = (unit: 'WORKING_DAYS' | 'CALENDAR_DAYS' | string, lang: 'vi' | 'en') =>
  unit === 'WORKING_DAYS'
    ? lang === 'vi'
      ? 'ngày làm việc'
      : 'working days'
    : lang === 'vi'
      ? 'ngày'
      : 'days';

/** Dossiers, their documents and forms, and their processing steps. */
export const DOSSIER_MESSAGES = {
  // Dossiers
  'dossier.notFound': { vi: 'Không tìm thấy hồ sơ', en: 'Dossier not found' },
  'dossier.notFoundByCode': { vi: 'Không có hồ sơ với mã này', en: 'No dossier has this code' },
  'dossier.walkInNotFound': {
    vi: 'Không có hồ sơ tiếp nhận tại quầy hoặc qua bưu chính này',
    en: 'No dossier received at the counter or by post has this id',
  },
  'dossier.changedReload': {
    vi: 'Hồ sơ vừa được thay đổi; hãy tải lại và thử lại',
    en: 'The dossier was just changed; reload and try again',
  },
  'dossier.changedByOther': {
    vi: 'Hồ sơ vừa được thay đổi bởi thao tác khác; hãy tải lại',
    en: 'The dossier was just changed by another action; reload',
  },
  'dossier.busyWriting': {
    vi: 'Hệ thống đang bận ghi hồ sơ; hãy thử lại',
    en: 'The system is busy saving dossiers; try again',
  },
  'dossier.submitted': { vi: 'Hồ sơ đã được nộp', en: 'The dossier has already been submitted' },
  'dossier.submittedOrChanged': {
    vi: 'Hồ sơ đã được nộp hoặc vừa thay đổi',
    en: 'The dossier has been submitted or was just changed',
  },
  'dossier.submittedNoUpload': {
    vi: 'Hồ sơ đã nộp, không thể tải thêm tệp',
    en: 'The dossier has been submitted; no more files can be uploaded',
  },
  'dossier.submittedNoRemove': {
    vi: 'Hồ sơ đã nộp, không thể xoá tệp',
    en: 'The dossier has been submitted; files can no longer be removed',
  },
  'dossier.noSupplementPending': {
    vi: 'Hồ sơ không có yêu cầu bổ sung đang chờ',
    en: 'The dossier has no supplement request pending',
  },
  'dossier.notAwaitingSupplement': {
    vi: 'Hồ sơ không ở trạng thái chờ bổ sung',
    en: 'The dossier is not waiting for a supplement',
  },
  'dossier.notAtIntake': {
    vi: 'Hồ sơ không ở bước chờ tiếp nhận',
    en: 'The dossier is not waiting to be received',
  },
  'dossier.final': { vi: 'Hồ sơ đã kết thúc', en: 'The dossier is closed' },
  'dossier.noResultToHandBack': {
    vi: 'Hồ sơ chưa có kết quả để trả',
    en: 'The dossier has no result to hand back yet',
  },
  'dossier.noOnlineResult': {
    vi: 'Hồ sơ chưa có kết quả trả trực tuyến',
    en: 'The dossier has no result returned online',
  },
  // Signed results and their verification (shared/signing/, functions/public/verify-pdf.ts)
  'signing.certificateMissing': {
    vi: 'Cơ quan chưa có chứng thư số để ký kết quả',
    en: 'The agency has no signing certificate installed',
  },
  'signing.resultNotSignable': {
    vi: 'Không ký số được tệp kết quả này: hãy xuất lại tệp PDF',
    en: 'This result file cannot be signed: export the PDF again',
  },
  'signing.resultNotSignableField': { vi: 'Tệp PDF không ký số được', en: 'The PDF cannot be signed' },
  'verify.pdfOnly': {
    vi: 'Gửi tệp PDF với Content-Type: application/pdf',
    en: 'Send the PDF with Content-Type: application/pdf',
  },
  'verify.fileMissing': { vi: 'Chưa có tệp để kiểm tra', en: 'No file to check' },
  'verify.fileRequired': { vi: 'Chọn tệp PDF cần kiểm tra', en: 'Choose the PDF file to check' },
  'verify.tooLarge': { vi: 'Tệp lớn hơn 4 MB', en: 'The file is larger than 4 MB' },
  'verify.notPdf': { vi: 'Tệp gửi lên không phải PDF', en: 'The file is not a PDF' },
  'dossier.notWithdrawable': {
    vi: 'Hồ sơ không thể rút ở trạng thái hiện tại',
    en: 'The dossier cannot be withdrawn in its current state',
  },
  'dossier.notFlagged': {
    vi: 'Hồ sơ không còn ở danh sách lỗi quy trình',
    en: 'The dossier is no longer on the list of failed workflows',
  },
  'dossier.ratedOrNotReturned': {
    vi: 'Hồ sơ đã được đánh giá hoặc chưa trả kết quả',
    en: 'The dossier has already been rated, or its result has not been returned',
  },
  'dossier.sequenceExhausted': {
    vi: 'Đã hết số thứ tự hồ sơ trong ngày của cơ quan',
    en: "The department's dossier numbers for today are used up",
  },
  'dossier.collectorRequired': { vi: 'Ghi rõ ai nhận kết quả', en: 'Say who collects the result' },
  'dossier.trackingRequired': {
    vi: 'Ghi mã vận đơn của bưu chính',
    en: "Enter the postal service's tracking number",
  },
  'dossier.trackingRequiredField': {
    vi: 'Nhập mã vận đơn bưu chính đã gửi kết quả',
    en: 'Enter the tracking number of the post that sent the result',
  },

  'dossier.collectorChoose': {
    vi: 'Chọn người nhận: người nộp hoặc người được ủy quyền',
    en: 'Choose who collects it: the applicant or an authorised person',
  },
  'dossier.postReceivedInFuture': {
    vi: 'Thời điểm nhận bưu phẩm không thể ở tương lai',
    en: 'The time the post was received cannot be in the future',
  },
  'dossier.postReceivedTooOld': withParams<{ days: number }>(
    (p) => `Thời điểm nhận bưu phẩm không quá ${p.days} ngày trước`,
    (p) => `The time the post was received is at most ${p.days} days ago`,
  ),

  // Documents (uploads, results, supplements)
  'document.notFound': { vi: 'Không tìm thấy tệp trong hồ sơ này', en: 'No such file in this dossier' },
  'document.notMatching': {
    vi: 'Có tệp không phù hợp với yêu cầu',
    en: 'Some files do not match what is required',
  },
  'document.dossierInvalid': {
    vi: 'Thành phần hồ sơ còn thiếu hoặc chưa hợp lệ',
    en: 'Documents are missing or not valid',
  },
  'document.supplementInvalid': { vi: 'Tệp bổ sung chưa hợp lệ', en: 'The supplement files are not valid' },
  'document.resultInvalid': { vi: 'Tệp kết quả chưa hợp lệ', en: 'The result file is not valid' },
  'document.resultUnknown': { vi: 'Không có tệp kết quả này', en: 'No such result file' },
  'document.resultMissing': { vi: 'Chưa có tệp kết quả', en: 'No result file yet' },
  'document.resultRequired': {
    vi: 'Thủ tục này trả kết quả bằng văn bản: hãy tải tệp kết quả lên trước khi hoàn thành',
    en: "This procedure's result is a document: upload the result file before completing",
  },
  'document.resultNotUploaded': {
    vi: 'Chưa tải tệp kết quả lên',
    en: 'The result file has not been uploaded',
  },
  'document.requirementUnknown': {
    vi: 'Không có thành phần hồ sơ này',
    en: 'The procedure has no such document',
  },
  'document.onlyTypes': withParams<{ types: string }>(
    (p) => `Chỉ nhận: ${p.types}`,
    (p) => `Only: ${p.types}`,
  ),
  'document.maxUploads': withParams<{ max: number }>(
    (p) => `Tối đa ${p.max} lượt tải lên cho một hồ sơ`,
    (p) => `At most ${p.max} uploads for one dossier`,
  ),
  'document.maxMb': withParams<{ max: number }>(
    (p) => `Tối đa ${p.max} MB`,
    (p) => `At most ${p.max} MB`,
  ),
  'document.tooLarge': withParams<{ max: number }>(
    (p) => `Tệp vượt quá ${p.max} MB`,
    (p) => `The file is larger than ${p.max} MB`,
  ),
  'document.sizeMismatch': withParams<{ size: number; declared: number }>(
    (p) => `Tệp đã tải lên (${p.size} byte) khác dung lượng đã khai (${p.declared} byte); hãy tải lại`,
    (p) =>
      `The uploaded file (${p.size} bytes) differs from the size declared (${p.declared} bytes); upload it again`,
  ),
  'document.empty': { vi: 'Tệp rỗng', en: 'The file is empty' },
  'document.typeMismatch': withParams<{ declared: string; detected?: string | undefined }>(
    (p) => `Nội dung tệp không phải ${p.declared}${p.detected ? ` (phát hiện ${p.detected})` : ''}`,
    (p) => `The file's content is not ${p.declared}${p.detected ? ` (found ${p.detected})` : ''}`,
  ),
  'document.missing': withParams<{ name: string }>(
    (p) => `Thiếu: ${p.name}`,
    (p) => `Missing: ${p.name}`,
  ),

  // The forms of Circular 01/2018 a dossier has (shared/forms/form-data.ts)
  'form.notReceived': { vi: 'Hồ sơ chưa được tiếp nhận', en: 'The dossier has not been received yet' },
  'form.noSupplement': { vi: 'Hồ sơ không có yêu cầu bổ sung', en: 'The dossier has no supplement request' },
  'form.notRefused': { vi: 'Hồ sơ không bị từ chối', en: 'The dossier was not refused' },
  'form.notExtended': {
    vi: 'Hồ sơ chưa được hẹn lại ngày trả kết quả',
    en: 'The result date of the dossier has not been postponed',
  },
  'form.notSubmitted': { vi: 'Hồ sơ chưa được nộp', en: 'The dossier has not been submitted' },

  // Processing steps (shared/domain/workflow.ts and the services)
  'step.notFound': withParams<{ stepId: string }>(
    (p) => `Không có bước ${p.stepId}`,
    (p) => `No step ${p.stepId}`,
  ),
  'step.otherDepartment': {
    vi: 'Bước này thuộc cơ quan khác',
    en: 'This step belongs to another department',
  },
  'step.assignedToOther': {
    vi: 'Bước này đã được giao cho cán bộ khác',
    en: 'This step has been assigned to another officer',
  },
  'step.notWaitingDepartment': {
    vi: 'Bước xử lý không ở trạng thái chờ cơ quan giải quyết',
    en: 'The step is not waiting for the department',
  },
  'step.notAwaitingApproval': {
    vi: 'Bước xử lý không chờ phê duyệt',
    en: 'The step is not waiting for approval',
  },
  'step.notOpen': { vi: 'Bước xử lý không còn mở', en: 'The step is no longer open' },
  'step.ended': { vi: 'Bước xử lý đã kết thúc', en: 'The step has ended' },
  'step.headApprovesOnly': {
    vi: 'Chỉ lãnh đạo cơ quan phê duyệt kết quả',
    en: 'Only the head of the department approves a result',
  },
  'step.extensionUsed': {
    vi: 'Chỉ được hẹn lại ngày trả kết quả một lần',
    en: 'The result date can be postponed only once',
  },
  'step.extensionMax': withParams<{ amount: number; unit: string }>(
    (p) => `Gia hạn tối đa ${p.amount} ${days(p.unit, 'vi')}`,
    (p) => `An extension is at most ${p.amount} ${days(p.unit, 'en')}`,
  ),

  // Fees paid online (shared/services/payments.ts, docs/payments.md)
  'fees.unpaidAtSubmission': {
    vi: 'Hồ sơ chưa nộp phí, lệ phí; hãy thanh toán trực tuyến trước khi nộp',
    en: 'The fees are not paid yet; pay them online before submitting',
  },
  'fees.unpaidBeforeResult': {
    vi: 'Hồ sơ chưa nộp phí, lệ phí; hãy thanh toán trực tuyến để nhận kết quả',
    en: 'The fees are not paid yet; pay them online to receive the result',
  },
  'fees.unpaidAtHandBack': {
    vi: 'Người nộp chưa nộp phí, lệ phí phải nộp trước khi nhận kết quả; hướng dẫn người nộp thanh toán trực tuyến trên trang tra cứu hồ sơ',
    en: 'The fees payable before the result are not paid; the applicant pays them online on the look-up page',
  },
  'fees.notDue': {
    vi: 'Không có khoản phí, lệ phí nào cần thanh toán trực tuyến lúc này',
    en: 'No fee is due online at this point',
  },
  'fees.alreadyPaid': { vi: 'Phí, lệ phí đã được thanh toán', en: 'The fees are already paid' },
  'fees.exemptionUnknown': {
    vi: 'Khoản phí hoặc đối tượng được miễn không có trong thủ tục của hồ sơ',
    en: 'The dossier’s procedure has no such fee item or exemption',
  },
  'fees.exemptionNotClaimable': {
    vi: 'Đối tượng này được miễn tự động, không cần đề nghị; chỉ đề nghị miễn khi cán bộ tiếp nhận phải kiểm tra',
    en: 'This exemption applies by itself; only exemptions checked by the reception officer are claimed',
  },
  'fees.exemptionNotClaimed': {
    vi: 'Khoản phí này không có đề nghị miễn',
    en: 'No exemption is claimed for this fee item',
  },
  'fees.exemptionDecided': {
    vi: 'Đề nghị miễn của khoản phí này đã được quyết định',
    en: 'The exemption claimed for this fee item has already been decided',
  },
  'fees.exemptionUndecided': {
    vi: 'Hãy xác nhận hoặc từ chối đề nghị miễn phí, lệ phí trước khi tiếp nhận hồ sơ',
    en: 'Confirm or refuse the fee exemption claimed before accepting the dossier',
  },
  'fees.exemptionAfterPayment': {
    vi: 'Khoản phí đã được thanh toán; không thể đề nghị miễn nữa',
    en: 'The fee is already paid; an exemption can no longer be claimed',
  },
  'fees.gatewayUnavailable': {
    vi: 'Cổng thanh toán tạm thời không phản hồi; hãy thử lại sau ít phút',
    en: 'The payment gateway is not answering; please retry in a few minutes',
  },
} as const satisfies Record<string, Words | ParamWords<never>>;
