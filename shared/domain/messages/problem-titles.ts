import type { ErrorCode } from '../errors.ts';
import { DOSSIER_MESSAGES } from './dossiers.ts';
import { QUEUE_MESSAGES } from './queue.ts';
import type { Words } from './words.ts';

/**
 * The title of each problem by its code, Vietnamese first with an English companion: the API's
 * problem+json `title` / `titleEn`, and what the web app shows for a refusal. A title that says
 * what a message of the table already says is that message, not a second copy of its words.
 */
export const PROBLEM_TITLES: Record<ErrorCode | 'INTERNAL_ERROR' | 'SERVICE_UNAVAILABLE', Words> = {
  VALIDATION_FAILED: { vi: 'Thông tin chưa hợp lệ', en: 'The request is not valid' },
  MALFORMED_JSON: { vi: 'Nội dung gửi lên không phải JSON hợp lệ', en: 'Body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { vi: 'Định dạng nội dung không được hỗ trợ', en: 'Unsupported media type' },
  PAYLOAD_TOO_LARGE: { vi: 'Nội dung gửi lên quá lớn', en: 'Payload too large' },
  IDEMPOTENCY_KEY_REQUIRED: {
    vi: 'Thiếu tiêu đề Idempotency-Key',
    en: 'The Idempotency-Key header is required',
  },
  IDEMPOTENCY_KEY_REUSED: {
    vi: 'Idempotency-Key đã dùng cho một yêu cầu khác',
    en: 'Idempotency-Key was used with a different request',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    vi: 'Yêu cầu giống hệt đang được xử lý; hãy thử lại sau giây lát',
    en: 'An identical request is in progress; retry shortly',
  },
  PROCEDURE_NOT_FOUND: { vi: 'Không tìm thấy thủ tục', en: 'Procedure not found' },
  PROCEDURE_NOT_ONLINE: {
    vi: 'Thủ tục này không nhận hồ sơ trực tuyến',
    en: 'This procedure cannot be submitted online',
  },
  APPLICANT_TYPE_NOT_ALLOWED: {
    vi: 'Đối tượng này không được nộp hồ sơ cho thủ tục',
    en: 'This applicant type may not apply for the procedure',
  },
  DOSSIER_NOT_FOUND: DOSSIER_MESSAGES['dossier.notFound'],
  RATE_LIMITED: {
    vi: 'Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn; hãy thử lại sau ít phút',
    en: 'Too many requests in a short time; try again in a few minutes',
  },
  ORIGIN_NOT_VERIFIED: {
    vi: 'Yêu cầu không đi qua địa chỉ chính thức của hệ thống',
    en: 'The request did not come through the service’s own address',
  },
  LOOKUP_RATE_LIMITED: {
    vi: 'Tra cứu sai quá nhiều lần; hãy thử lại sau',
    en: 'Too many failed look-ups; try again later',
  },
  DOCUMENT_NOT_FOUND: { vi: 'Không tìm thấy tệp', en: 'Document not found' },
  DOSSIER_NOT_DRAFT: DOSSIER_MESSAGES['dossier.submitted'],
  DOSSIER_CONFLICT: {
    vi: 'Hồ sơ vừa được thay đổi bởi thao tác khác',
    en: 'The dossier was changed by another action',
  },
  DOCUMENT_REQUIREMENT_UNKNOWN: {
    vi: 'Thành phần hồ sơ không thuộc thủ tục',
    en: 'Unknown document requirement',
  },
  DOCUMENT_TYPE_NOT_ACCEPTED: { vi: 'Loại tệp không được chấp nhận', en: 'File type not accepted' },
  DOCUMENT_TOO_LARGE: { vi: 'Tệp vượt quá dung lượng cho phép', en: 'File too large' },
  TOO_MANY_UPLOADS: { vi: 'Quá nhiều tệp cho một hồ sơ', en: 'Too many uploads for one dossier' },
  DOCUMENTS_INVALID: {
    vi: 'Thành phần hồ sơ còn thiếu hoặc chưa hợp lệ',
    en: 'Documents are missing or invalid',
  },
  DAILY_SEQUENCE_EXHAUSTED: { vi: 'Đã hết số hồ sơ trong ngày', en: 'Daily dossier numbers exhausted' },
  ROUTE_NOT_FOUND: { vi: 'Không có địa chỉ này', en: 'No such route' },
  STEP_NOT_FOUND: { vi: 'Không có bước xử lý này', en: 'No such processing step' },
  RESULT_DOCUMENT_REQUIRED: DOSSIER_MESSAGES['document.resultRequired'],
  CALENDAR_OUT_OF_RANGE: {
    vi: 'Lịch làm việc chưa có năm cần để tính hạn; quản trị viên cần bổ sung năm này',
    en: 'The working calendar lacks the year this deadline needs; an administrator must add it',
  },
  STEP_NOT_WAITING: {
    vi: 'Bước xử lý không ở trạng thái cho phép thao tác này',
    en: 'The step is not in a state that allows this action',
  },
  DOSSIER_NOT_WAITING: {
    vi: 'Hồ sơ không ở trạng thái cho phép thao tác này',
    en: 'The dossier is not in a state that allows this action',
  },
  DOSSIER_NOT_FLAGGED: {
    vi: 'Hồ sơ không còn ở danh sách lỗi quy trình (đã được xử lý hoặc lỗi đã đổi)',
    en: 'The dossier is no longer flagged with that failure (already handled, or it failed again)',
  },
  DEADLINE_EXTENSION_USED: {
    vi: 'Đã hẹn lại ngày trả kết quả một lần',
    en: 'The deadline has already been extended once',
  },
  UNAUTHORIZED: { vi: 'Cần đăng nhập', en: 'Authentication required' },
  SESSION_REVOKED: {
    vi: 'Phiên đăng nhập đã bị thu hồi (tài khoản bị vô hiệu hoá hoặc đổi vai trò, cơ quan)',
    en: 'The session was revoked (account disabled, or its role or department changed)',
  },
  FORBIDDEN: { vi: 'Không có quyền thực hiện thao tác này', en: 'Not allowed for this account' },
  ALREADY_RATED: {
    vi: 'Chỉ đánh giá một lần, sau khi nhận kết quả',
    en: 'A dossier is rated once, after its result was returned',
  },
  CALENDAR_YEAR_NOT_FOUND: { vi: 'Chưa có lịch làm việc của năm này', en: 'No calendar for that year' },
  FORM_NOT_AVAILABLE: {
    vi: 'Biểu mẫu này chưa có hoặc không áp dụng cho hồ sơ',
    en: 'This form is not available for the dossier',
  },
  FEE_NOT_PAID: {
    vi: 'Chưa nộp phí, lệ phí: hãy thanh toán trực tuyến trước',
    en: 'Fees not paid: pay them online first',
  },
  FEE_NOT_DUE: { vi: 'Không có phí cần thanh toán', en: 'No fee due' },
  FEE_ALREADY_PAID: { vi: 'Phí, lệ phí đã được thanh toán', en: 'Fees already paid' },
  PAYMENT_UNAVAILABLE: { vi: 'Cổng thanh toán tạm thời không phản hồi', en: 'Payment gateway unavailable' },
  FEE_EXEMPTION_UNKNOWN: {
    vi: 'Khoản phí hoặc đối tượng miễn không có trong thủ tục',
    en: 'No such fee item or exemption in the procedure',
  },
  FEE_EXEMPTION_NOT_CLAIMABLE: {
    vi: 'Đối tượng miễn này không cần đề nghị',
    en: 'This exemption is not claimed',
  },
  FEE_EXEMPTION_DECIDED: { vi: 'Đề nghị miễn đã được quyết định', en: 'Exemption already decided' },
  FEE_EXEMPTION_UNDECIDED: {
    vi: 'Còn đề nghị miễn phí, lệ phí chưa quyết định',
    en: 'A fee exemption claim is still undecided',
  },
  RESULT_NOT_AVAILABLE: DOSSIER_MESSAGES['dossier.noOnlineResult'],
  SIGNING_CERTIFICATE_MISSING: DOSSIER_MESSAGES['signing.certificateMissing'],
  RESULT_NOT_SIGNABLE: { vi: 'Không ký số được tệp kết quả này', en: 'This result file cannot be signed' },
  NOT_A_PDF: DOSSIER_MESSAGES['verify.notPdf'],
  QUEUE_DEPARTMENT_UNKNOWN: {
    vi: 'Không có cơ quan này để lấy số',
    en: 'No such department to take a ticket for',
  },
  QUEUE_FULL: {
    vi: 'Cơ quan này đã hết số thứ tự trong ngày; mời quay lại vào ngày làm việc tiếp theo, hoặc nộp hồ sơ trực tuyến',
    en: 'This department has given out all of today’s tickets; please come back on the next working day, or apply online',
  },
  QUEUE_TICKET_LIMIT: {
    vi: 'Bạn đã lấy nhiều số thứ tự; hãy dùng số đã lấy, hoặc hỏi cán bộ hướng dẫn tại sảnh',
    en: 'You have taken several tickets already; please use the ones you have, or ask the help desk in the hall',
  },
  RATING_CODE_INVALID: {
    vi: 'Mã đánh giá không đúng; hãy nhập mã in trên phiếu số thứ tự của bạn',
    en: 'The rating code is not right; enter the code printed on your ticket',
  },
  QUEUE_BUSY: { vi: 'Hệ thống đang bận cấp số; hãy thử lại', en: 'The queue is busy; please retry' },
  QUEUE_EMPTY: QUEUE_MESSAGES['queue.empty'],
  COUNTER_NOT_OPEN: {
    vi: 'Quầy chưa được mở bởi tài khoản này',
    en: 'This counter is not open under this account',
  },
  COUNTER_BUSY: {
    vi: 'Quầy đang phục vụ một số; hãy kết thúc số đó trước',
    en: 'The counter is serving a ticket; finish it first',
  },
  TICKET_NOT_FOUND: QUEUE_MESSAGES['ticket.notFound'],
  TICKET_NOT_CALLED: {
    vi: 'Số thứ tự không ở trạng thái cho phép thao tác này',
    en: 'The ticket is not in a state that allows this action',
  },
  TICKET_NO_LONGER_SERVED: {
    vi: 'Số thứ tự không còn đang được phục vụ (đã đánh dấu vắng mặt); hãy gọi lại công dân',
    en: 'The ticket is no longer being served (marked absent); call the citizen again',
  },
  TICKET_NOT_RATEABLE: {
    vi: 'Số thứ tự này không còn được đánh giá tại quầy',
    en: 'This ticket can no longer be rated at the counter',
  },
  TICKET_ALREADY_RATED: QUEUE_MESSAGES['rating.alreadyRated'],
  PROCEDURE_VERSION_CONFLICT: {
    vi: 'Thủ tục vừa có phiên bản mới; hãy tải lại trước khi sửa',
    en: 'The procedure has a newer version; reload before editing',
  },
  DEPARTMENT_NOT_FOUND: { vi: 'Không tìm thấy cơ quan', en: 'Department not found' },
  DEPARTMENT_CONFLICT: {
    vi: 'Thông tin cơ quan vừa được người khác sửa; hãy tải lại trước khi sửa',
    en: 'The department was changed by someone else; reload before editing',
  },
  PROCEDURE_VERSION_CHANGED: {
    vi: 'Thủ tục đã có phiên bản mới với thành phần hồ sơ khác; hãy bổ sung theo yêu cầu mới rồi nộp lại',
    en: 'The procedure has a new version with different documents; complete them and submit again',
  },
  STAFF_USER_NOT_FOUND: { vi: 'Không tìm thấy tài khoản cán bộ', en: 'Staff user not found' },
  STAFF_USER_EXISTS: {
    vi: 'Đã có tài khoản với thư điện tử này',
    en: 'A staff user with this email already exists',
  },
  INTERNAL_ERROR: { vi: 'Lỗi hệ thống, vui lòng thử lại', en: 'Internal error, please retry' },
  SERVICE_UNAVAILABLE: {
    vi: 'Hệ thống đang bận, vui lòng thử lại sau ít giây',
    en: 'The service is busy, please retry in a few seconds',
  },
};
