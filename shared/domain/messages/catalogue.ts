import { type ParamWords, type Words, withParams } from './words.ts';

/** Procedures, departments and staff, reporting periods, the working calendar. */
export const CATALOGUE_MESSAGES = {
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
} as const satisfies Record<string, Words | ParamWords<never>>;
