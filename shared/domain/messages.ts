import type { ErrorCode } from './errors.ts';

/**
 * What the system says to a person, in one table: a message key → the Vietnamese text and its
 * English companion. A message with parameters is a pair of functions of one typed object, so a
 * caller cannot forget a parameter or misspell one. Problems (`DomainError` → problem+json
 * `detail` / `detailEn`, field errors' `message` / `messageEn`), the titles of problems by code, and
 * the web app read this table, so the same words are said wherever a refusal is shown.
 * docs/design-notes.md ("Messages") says how to add one.
 */
type Words = { readonly vi: string; readonly en: string };
type ParamWords<P> = { readonly vi: (p: P) => string; readonly en: (p: P) => string };

const withParams = <P>(vi: (p: P) => string, en: (p: P) => string): ParamWords<P> => ({ vi, en });

const days = (unit: 'WORKING_DAYS' | 'CALENDAR_DAYS' | string, lang: 'vi' | 'en') =>
  unit === 'WORKING_DAYS'
    ? lang === 'vi'
      ? 'ngày làm việc'
      : 'working days'
    : lang === 'vi'
      ? 'ngày'
      : 'days';

export const MESSAGES = {
  // The HTTP edge: the request itself (shared/http/handler.ts)
  'request.invalid': { vi: 'Một số thông tin chưa hợp lệ', en: 'Some of the information is not valid' },
  'request.bodyMissing': { vi: 'Thiếu nội dung yêu cầu', en: 'The request has no body' },
  'request.bodyRequired': { vi: 'Thiếu nội dung', en: 'Required' },
  'request.jsonOnly': {
    vi: 'Gửi nội dung với Content-Type: application/json',
    en: 'Send the body with Content-Type: application/json',
  },
  'request.malformedJson': { vi: 'Nội dung không phải JSON hợp lệ', en: 'The body is not valid JSON' },
  'request.idempotencyKey': {
    vi: 'Gửi tiêu đề Idempotency-Key (8–128 ký tự ASCII)',
    en: 'Send an Idempotency-Key header (8–128 ASCII characters)',
  },
  'request.cursorInvalid': { vi: 'Con trỏ trang không hợp lệ', en: 'The page cursor is not valid' },
  'request.cursorInvalidField': {
    vi: 'Con trỏ trang không hợp lệ: dùng con trỏ do trang trước trả về',
    en: 'The page cursor is not valid: use the cursor the previous page returned',
  },

  // Sign-in and access (shared/http/auth.ts, session.ts)
  'auth.signInRequired': { vi: 'Cần đăng nhập', en: 'Sign-in required' },
  'auth.sessionRevoked': {
    vi: 'Phiên đăng nhập đã bị thu hồi. Vui lòng đăng nhập lại.',
    en: 'Your session was revoked. Please sign in again.',
  },
  'auth.notAllowed': {
    vi: 'Tài khoản không có quyền thực hiện thao tác này',
    en: 'This account may not do this',
  },
  'auth.ownDepartmentStaffOnly': {
    vi: 'Chỉ xem được cán bộ của cơ quan mình',
    en: 'You can only see the staff of your own department',
  },
  'auth.staffListNotAllowed': {
    vi: 'Tài khoản không có quyền xem danh sách cán bộ',
    en: 'This account may not see the staff list',
  },
  'auth.ownDepartmentInboxOnly': {
    vi: 'Chỉ xem được hàng việc của cơ quan mình',
    en: "You can only see your own department's work queue",
  },
  'auth.departmentInboxStaffOnly': {
    vi: 'Chỉ cán bộ của cơ quan xem được hàng việc của cơ quan',
    en: "Only a department's staff can see its work queue",
  },
  'auth.centreInbox': { vi: 'Hàng việc này thuộc Trung tâm', en: 'This work queue belongs to the centre' },
  'auth.ownDepartmentRegisterOnly': {
    vi: 'Chỉ xem được sổ của cơ quan mình',
    en: "You can only see your own department's register",
  },
  'auth.ownDepartmentStatisticsOnly': {
    vi: 'Chỉ xem được số liệu của cơ quan mình',
    en: "You can only see your own department's figures",
  },
  'auth.notOwnAdministration': {
    vi: 'Không tự vô hiệu hoá hay bỏ quyền quản trị của chính mình',
    en: 'You cannot disable your own account or remove your own administrator role',
  },
  'department.choose': { vi: 'Chọn cơ quan', en: 'Choose a department' },

  // Look-up by a citizen (shared/http/citizen.ts)
  'lookup.rateLimited': {
    vi: 'Đã tra cứu sai quá nhiều lần từ địa chỉ này; hãy thử lại sau ít phút',
    en: 'Too many failed look-ups from this address; try again in a few minutes',
  },
  'lookup.notFound': {
    vi: 'Không tìm thấy hồ sơ với mã và mã tra cứu đã nhập',
    en: 'No dossier matches the code and look-up code entered',
  },

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

  // Procedures and the catalogue
  'procedure.notFound': withParams<{ code: string }>(
    (p) => `Không có thủ tục mã ${p.code}`,
    (p) => `No procedure has the code ${p.code}`,
  ),
  'procedure.applicantTypeNotAllowed': {
    vi: 'Thủ tục này không dành cho đối tượng đã chọn',
    en: 'This procedure is not for the applicant type chosen',
  },
  'procedure.onlyApplicantTypes': withParams<{ types: string }>(
    (p) => `Chỉ nhận: ${p.types}`,
    (p) => `Only: ${p.types}`,
  ),
  'procedure.formInvalid': {
    vi: 'Một số thông tin tờ khai chưa hợp lệ',
    en: 'Some of the form’s answers are not valid',
  },
  'procedure.versionChanged': withParams<{ code: string; version: number }>(
    (p) =>
      `Thủ tục ${p.code} đã có phiên bản ${p.version} với thành phần hồ sơ khác; hãy bổ sung theo yêu cầu mới rồi nộp lại`,
    (p) =>
      `Procedure ${p.code} has a version ${p.version} with different documents; complete them as now required and submit again`,
  ),
  'procedure.newerVersion': withParams<{ latest: number }>(
    (p) => `Thủ tục đã có phiên bản ${p.latest}; hãy tải lại và sửa từ phiên bản đó`,
    (p) => `The procedure now has version ${p.latest}; reload and edit from that version`,
  ),
  'procedure.versionRaced': {
    vi: 'Thủ tục vừa có phiên bản mới do người khác tạo; hãy tải lại',
    en: 'Someone else just created a new version of the procedure; reload',
  },
  'procedure.versionInvalid': { vi: 'Phiên bản mới chưa hợp lệ', en: 'The new version is not valid' },
  'procedure.effectiveFromPast': {
    vi: 'Ngày áp dụng phải từ hôm nay trở đi',
    en: 'The effective date must be today or later',
  },
  'procedure.effectiveFromMin': withParams<{ day: string }>(
    (p) => `Từ ${p.day} trở đi`,
    (p) => `From ${p.day} on`,
  ),

  // Departments and staff
  'department.notFound': withParams<{ id: string }>(
    (p) => `Không có cơ quan mã ${p.id}`,
    (p) => `No department has the code ${p.id}`,
  ),
  'department.unknown': { vi: 'Cơ quan không tồn tại', en: 'No such department' },
  'department.none': { vi: 'Không có cơ quan này', en: 'No such department' },
  'department.changed': withParams<{ id: string; version: number }>(
    (p) => `Cơ quan ${p.id} vừa được sửa (phiên bản ${p.version}); hãy tải lại và sửa từ phiên bản đó`,
    (p) => `Department ${p.id} was just changed (version ${p.version}); reload and edit from that version`,
  ),
  'staff.notFound': { vi: 'Không tìm thấy tài khoản', en: 'Account not found' },
  'staff.exists': { vi: 'Tài khoản này đã có', en: 'This account already exists' },
  'staff.emailExists': {
    vi: 'Đã có tài khoản với thư điện tử này',
    en: 'An account with this email already exists',
  },
  'staff.roleDepartmentMismatch': {
    vi: 'Vai trò và cơ quan không khớp',
    en: 'The role and the department do not match',
  },
  'staff.departmentRoleNeedsDepartment': {
    vi: 'Vai trò của sở cần chọn cơ quan',
    en: 'A department role needs a department',
  },
  'staff.centreRoleNoDepartment': {
    vi: 'Vai trò của Trung tâm không thuộc cơ quan nào',
    en: 'A centre role belongs to no department',
  },
  'staff.notInDepartment': { vi: 'Cán bộ không thuộc cơ quan', en: 'The officer is not in the department' },

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

  // Reporting periods
  'period.statisticsMonths': withParams<{ max: number }>(
    (p) => `Kỳ báo cáo từ 1 đến ${p.max} tháng`,
    (p) => `A reporting period is 1 to ${p.max} months`,
  ),
  'period.registerDays': withParams<{ max: number }>(
    (p) => `Kỳ của sổ từ 1 đến ${p.max} ngày`,
    (p) => `A register period is 1 to ${p.max} days`,
  ),

  // The working calendar
  'calendar.yearMissing': withParams<{ year: number }>(
    (p) => `Lịch làm việc chưa có năm ${p.year}; quản trị viên cần bổ sung lịch năm ${p.year} để tính hạn`,
    (p) =>
      `The working calendar has no year ${p.year}; an administrator must add ${p.year} to compute deadlines`,
  ),
  'calendar.yearNotFound': withParams<{ year: number | string }>(
    (p) => `Chưa có lịch năm ${p.year}`,
    (p) => `No calendar for ${p.year} yet`,
  ),
  'calendar.yearMismatch': {
    vi: 'Năm trong nội dung khác năm trên địa chỉ',
    en: 'The year in the body differs from the year in the address',
  },
  'calendar.yearMustBe': withParams<{ year: number | string }>(
    (p) => `Phải là ${p.year}`,
    (p) => `Must be ${p.year}`,
  ),

  // The counter queue
  'queue.full': {
    vi: 'Đã hết số thứ tự trong ngày của cơ quan',
    en: "The department's tickets for today are used up",
  },
  'queue.ticketLimit': {
    vi: 'Đã lấy đủ số thứ tự cho hôm nay từ thiết bị này',
    en: 'This device has taken all the tickets it may today',
  },
  'queue.busyTickets': {
    vi: 'Hệ thống đang bận cấp số; hãy thử lại',
    en: 'The queue is busy giving tickets; try again',
  },
  'queue.busy': { vi: 'Hệ thống đang bận; hãy thử lại', en: 'The system is busy; try again' },
  'queue.empty': { vi: 'Không còn người chờ', en: 'Nobody is waiting' },
  'queue.departmentChoose': {
    vi: 'Chọn một cơ quan trong danh sách',
    en: 'Choose a department from the list',
  },
  'queue.counterDepartmentUnknown': {
    vi: 'Không có cơ quan của quầy này',
    en: "This counter's department does not exist",
  },
  'queue.counterDepartmentUnknownField': {
    vi: 'Quầy của một cơ quan không tồn tại',
    en: 'The counter belongs to a department that does not exist',
  },
  'counter.openFirst': { vi: 'Hãy mở quầy trước khi gọi số', en: 'Open the counter before calling a number' },
  'counter.notOpenedByYou': {
    vi: 'Quầy không do tài khoản này mở',
    en: 'This counter was not opened by this account',
  },
  'counter.serving': withParams<{ number: string | number }>(
    (p) => `Quầy đang phục vụ số ${p.number}`,
    (p) => `The counter is serving number ${p.number}`,
  ),
  'counter.servedAnother': {
    vi: 'Quầy đã phục vụ lượt khác',
    en: 'The counter has served someone else since',
  },
  'ticket.notFound': { vi: 'Không tìm thấy số thứ tự', en: 'Ticket not found' },
  'ticket.noSuch': { vi: 'Không có số thứ tự này', en: 'No such ticket' },
  'ticket.notCalledNow': {
    vi: 'Số thứ tự này không còn đang được gọi tại quầy',
    en: 'This ticket is no longer being called at the counter',
  },
  'ticket.linkServedOnly': {
    vi: 'Chỉ gắn hồ sơ cho số đang hoặc đã được phục vụ',
    en: 'A dossier is linked only to a ticket being or already served',
  },
  'ticket.notCalledYet': { vi: 'Số thứ tự này chưa được gọi', en: 'This ticket has not been called yet' },
  'ticket.endedUnserved': {
    vi: 'Số thứ tự này đã kết thúc mà không được phục vụ',
    en: 'This ticket ended without being served',
  },
  'ticket.noLongerServed': {
    vi: 'Số thứ tự này không còn đang được phục vụ',
    en: 'This ticket is no longer being served',
  },
  'ticket.justChanged': {
    vi: 'Số thứ tự vừa thay đổi; hãy thử lại',
    en: 'The ticket just changed; try again',
  },
  'rating.codeWrong': { vi: 'Mã đánh giá không đúng', en: 'The rating code is not right' },
  'rating.codeHint': {
    vi: 'Nhập mã đánh giá in trên phiếu số thứ tự',
    en: 'Enter the rating code printed on the ticket',
  },
  'rating.alreadyRated': {
    vi: 'Lượt phục vụ này đã được đánh giá',
    en: 'This service has already been rated',
  },
  'rating.beingRated': { vi: 'Lượt phục vụ này đang được đánh giá', en: 'This service is being rated' },
  'rating.notJustServed': {
    vi: 'Số thứ tự này không phải lượt vừa được phục vụ tại quầy',
    en: 'This ticket is not the one just served at the counter',
  },
  // Fees paid online (shared/services/payments.ts, docs/payments.md)
  'fees.unpaidAtSubmission': {
    vi: 'Hồ sơ chưa nộp phí, lệ phí; hãy thanh toán trực tuyến trước khi nộp',
    en: 'The fees are not paid yet; pay them online before submitting',
  },
  'fees.unpaidBeforeResult': {
    vi: 'Hồ sơ chưa nộp phí, lệ phí; hãy thanh toán trực tuyến để nhận kết quả',
    en: 'The fees are not paid yet; pay them online to receive the result',
  },
  'fees.notDue': {
    vi: 'Không có khoản phí, lệ phí nào cần thanh toán trực tuyến lúc này',
    en: 'No fee is due online at this point',
  },
  'fees.alreadyPaid': { vi: 'Phí, lệ phí đã được thanh toán', en: 'The fees are already paid' },
  'fees.gatewayUnavailable': {
    vi: 'Cổng thanh toán tạm thời không phản hồi; hãy thử lại sau ít phút',
    en: 'The payment gateway is not answering; please retry in a few minutes',
  },
} as const satisfies Record<string, Words | ParamWords<never>>;

export type MessageKey = keyof typeof MESSAGES;

/** The parameters a message takes, or `undefined` for a fixed text. */
export type MessageParams<K extends MessageKey> = (typeof MESSAGES)[K]['vi'] extends (p: infer P) => string
  ? P
  : undefined;

/** The keys of fixed texts: these may be named alone, without `message()`. */
export type PlainMessageKey = {
  [K in MessageKey]: (typeof MESSAGES)[K]['vi'] extends string ? K : never;
}[MessageKey];

/** A message to be said: its key and, for a message with parameters, their values. */
export interface Message<K extends MessageKey = MessageKey> {
  readonly key: K;
  readonly params?: MessageParams<K>;
}

/** A message with its parameters, e.g. `message('procedure.notFound', { code })`. */
export function message<K extends MessageKey>(
  key: K,
  ...params: MessageParams<K> extends undefined ? [] : [MessageParams<K>]
): Message<K> {
  return (params.length ? { key, params: params[0] } : { key }) as Message<K>;
}

export type Lang = 'vi' | 'en';

/** The words of a message in a language. */
export function say(m: Message | PlainMessageKey, lang: Lang = 'vi'): string {
  const { key, params } = typeof m === 'string' ? { key: m, params: undefined } : m;
  const words = MESSAGES[key][lang] as string | ((p: unknown) => string);
  return typeof words === 'function' ? words(params) : words;
}

/**
 * The title of each problem by its code, Vietnamese first with an English companion: the API's
 * problem+json `title` / `titleEn`, and what the web app shows for a refusal.
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
  DOSSIER_NOT_FOUND: { vi: 'Không tìm thấy hồ sơ', en: 'Dossier not found' },
  LOOKUP_RATE_LIMITED: {
    vi: 'Tra cứu sai quá nhiều lần; hãy thử lại sau',
    en: 'Too many failed look-ups; try again later',
  },
  DOCUMENT_NOT_FOUND: { vi: 'Không tìm thấy tệp', en: 'Document not found' },
  DOSSIER_NOT_DRAFT: { vi: 'Hồ sơ đã được nộp', en: 'The dossier has already been submitted' },
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
  RESULT_DOCUMENT_REQUIRED: {
    vi: 'Thủ tục này trả kết quả bằng văn bản: hãy tải tệp kết quả lên trước khi hoàn thành',
    en: "This procedure's result is a document: upload the result file before completing",
  },
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
  RESULT_NOT_AVAILABLE: {
    vi: 'Hồ sơ chưa có kết quả trả trực tuyến',
    en: 'The dossier has no result returned online',
  },
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
  QUEUE_EMPTY: { vi: 'Không còn người chờ', en: 'Nobody is waiting' },
  COUNTER_NOT_OPEN: {
    vi: 'Quầy chưa được mở bởi tài khoản này',
    en: 'This counter is not open under this account',
  },
  COUNTER_BUSY: {
    vi: 'Quầy đang phục vụ một số; hãy kết thúc số đó trước',
    en: 'The counter is serving a ticket; finish it first',
  },
  TICKET_NOT_FOUND: { vi: 'Không tìm thấy số thứ tự', en: 'Ticket not found' },
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
  TICKET_ALREADY_RATED: {
    vi: 'Lượt phục vụ này đã được đánh giá',
    en: 'This service has already been rated',
  },
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

/** The title of a problem by its code in a language, or undefined for a code this table does not know. */
export function problemTitle(code: string, lang: Lang): string | undefined {
  return Object.hasOwn(PROBLEM_TITLES, code)
    ? PROBLEM_TITLES[code as keyof typeof PROBLEM_TITLES][lang]
    : undefined;
}
