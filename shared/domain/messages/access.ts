import type { ParamWords, Words } from './words.ts';

/** The request itself, sign-in and access, and a citizen's look-up. */
export const ACCESS_MESSAGES = {
  // The HTTP edge: the request itself
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
  'request.originNotVerified': {
    vi: 'Hãy dùng địa chỉ chính thức của hệ thống',
    en: "Use the service's own address",
  },
  'request.cursorInvalid': { vi: 'Con trỏ trang không hợp lệ', en: 'The page cursor is not valid' },
  'request.cursorInvalidField': {
    vi: 'Con trỏ trang không hợp lệ: dùng con trỏ do trang trước trả về',
    en: 'The page cursor is not valid: use the cursor the previous page returned',
  },

  // Sign-in and access, and the staff session
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

  // Look-up by a citizen with the dossier's code and look-up secret
  'lookup.rateLimited': {
    vi: 'Đã tra cứu sai quá nhiều lần từ địa chỉ này; hãy thử lại sau ít phút',
    en: 'Too many failed look-ups from this address; try again in a few minutes',
  },
  'lookup.notFound': {
    vi: 'Không tìm thấy hồ sơ với mã và mã tra cứu đã nhập',
    en: 'No dossier matches the code and look-up code entered',
  },
} as const satisfies Record<string, Words | ParamWords<never>>;
