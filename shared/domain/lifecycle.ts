/**
 * The dossier lifecycle (Decree 61/2018 arts. 16–22; DOMAIN.md). Business status is one dimension;
 * "overdue" is derived, never a status. Every change appends an event (who, when, what, why).
 */
export const DOSSIER_STATUSES = [
  'DRAFT', // created online, documents being uploaded; not yet handed in
  'SUBMITTED', // handed in, awaiting the centre's intake check (tiếp nhận)
  'SUPPLEMENT_REQUESTED', // the citizen must complete the dossier (phiếu yêu cầu bổ sung)
  'ACCEPTED', // receipt issued with an appointment date
  'IN_PROGRESS', // with the competent department(s)
  'RESULT_READY', // result available for return
  'RETURNED', // result handed back
  'REFUSED', // refused at intake or on the merits (phiếu từ chối)
  'WITHDRAWN', // withdrawn by the applicant
  'LAPSED', // a supplement request went unanswered in time; the dossier is returned
] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

export const STATUS_LABELS: Record<DossierStatus, { vi: string; en: string }> = {
  DRAFT: { vi: 'Đang soạn hồ sơ', en: 'Draft' },
  SUBMITTED: { vi: 'Đã nộp, chờ tiếp nhận', en: 'Submitted, awaiting intake' },
  SUPPLEMENT_REQUESTED: { vi: 'Cần bổ sung hồ sơ', en: 'Supplement requested' },
  ACCEPTED: { vi: 'Đã tiếp nhận', en: 'Accepted' },
  IN_PROGRESS: { vi: 'Đang giải quyết', en: 'In progress' },
  RESULT_READY: { vi: 'Đã có kết quả, chờ trả', en: 'Result ready' },
  RETURNED: { vi: 'Đã trả kết quả', en: 'Result returned' },
  REFUSED: { vi: 'Từ chối', en: 'Refused' },
  WITHDRAWN: { vi: 'Đã rút hồ sơ', en: 'Withdrawn' },
  LAPSED: {
    vi: 'Quá hạn bổ sung, hồ sơ được trả lại',
    en: 'Supplement not provided in time; dossier returned',
  },
};

/** Statuses after which nothing more happens to the dossier. */
export const FINAL_STATUSES: readonly DossierStatus[] = ['RETURNED', 'REFUSED', 'WITHDRAWN', 'LAPSED'];

/**
 * The applicant may withdraw a dossier that was handed in and has no result yet (Decree 61/2018
 * art. 19): one rule for the look-up's offer and the withdrawal itself.
 */
const WITHDRAWABLE: readonly DossierStatus[] = [
  'SUBMITTED',
  'SUPPLEMENT_REQUESTED',
  'ACCEPTED',
  'IN_PROGRESS',
];
export const canWithdraw = (status: string) => (WITHDRAWABLE as readonly string[]).includes(status);

export const EVENT_TYPES = [
  'DRAFT_CREATED',
  'UPLOAD_SLOTS_ISSUED',
  'UPLOAD_REMOVED',
  'SUBMITTED',
  'INTAKE_REMINDED',
  'INTAKE_ACCEPTED',
  'INTAKE_SUPPLEMENT_REQUESTED',
  'INTAKE_REFUSED',
  'SUPPLEMENT_PROVIDED',
  'STEP_ASSIGNED',
  'STEP_REMINDED',
  'STEP_ESCALATED',
  'STEP_SUPPLEMENT_REQUESTED',
  'STEP_EXTENDED',
  'STEP_COMPLETED',
  'STEP_REFUSED',
  'RESULT_READY',
  'COLLECTION_REMINDED',
  'RESULT_RETURNED',
  'WITHDRAWN',
  'LAPSED',
  'WORKFLOW_FAILED',
  'WORKFLOW_RESUMED',
  'WORKFLOW_CLOSED',
  'RATED',
  'STEP_HANDLER_ASSIGNED',
  'NOTE_ADDED',
  'STEP_SUBMITTED_FOR_APPROVAL',
  'STEP_RETURNED_FOR_REWORK',
  // fees paid online and refunded (shared/services/payments.ts)
  'FEE_PAID',
  'FEE_REFUNDED',
  // exemptions checked by the reception officer (shared/services/fee-exemptions.ts)
  'FEE_EXEMPTION_CONFIRMED',
  'FEE_EXEMPTION_REFUSED',
] as const;
export type DossierEventType = (typeof EVENT_TYPES)[number];

export const EVENT_LABELS: Record<DossierEventType, { vi: string; en: string }> = {
  DRAFT_CREATED: { vi: 'Tạo hồ sơ', en: 'Dossier started' },
  UPLOAD_SLOTS_ISSUED: { vi: 'Tải lên thành phần hồ sơ', en: 'Documents being uploaded' },
  UPLOAD_REMOVED: { vi: 'Xoá tệp đã tải lên', en: 'Uploaded file removed' },
  SUBMITTED: { vi: 'Nộp hồ sơ', en: 'Dossier submitted' },
  INTAKE_REMINDED: { vi: 'Nhắc tiếp nhận hồ sơ', en: 'Intake reminder' },
  INTAKE_ACCEPTED: { vi: 'Tiếp nhận hồ sơ, hẹn ngày trả kết quả', en: 'Accepted; appointment date set' },
  INTAKE_SUPPLEMENT_REQUESTED: {
    vi: 'Yêu cầu bổ sung, hoàn thiện hồ sơ',
    en: 'Supplement requested at intake',
  },
  INTAKE_REFUSED: { vi: 'Từ chối tiếp nhận hồ sơ', en: 'Refused at intake' },
  SUPPLEMENT_PROVIDED: { vi: 'Đã bổ sung hồ sơ', en: 'Supplement provided' },
  STEP_ASSIGNED: { vi: 'Chuyển hồ sơ đến cơ quan giải quyết', en: 'Sent to the competent department' },
  STEP_REMINDED: { vi: 'Nhắc hạn xử lý', en: 'Deadline reminder' },
  STEP_ESCALATED: { vi: 'Hồ sơ quá hạn xử lý', en: 'Overdue; escalated' },
  STEP_SUPPLEMENT_REQUESTED: { vi: 'Cơ quan yêu cầu bổ sung hồ sơ', en: 'Department requested a supplement' },
  STEP_EXTENDED: { vi: 'Xin lỗi và hẹn lại ngày trả kết quả', en: 'Apology and new date' },
  STEP_COMPLETED: { vi: 'Cơ quan đã giải quyết xong', en: 'Department finished' },
  STEP_REFUSED: { vi: 'Từ chối giải quyết hồ sơ', en: 'Refused on the merits' },
  RESULT_READY: { vi: 'Đã có kết quả', en: 'Result ready' },
  COLLECTION_REMINDED: { vi: 'Nhắc nhận kết quả', en: 'Reminder to collect the result' },
  RESULT_RETURNED: STATUS_LABELS.RETURNED,
  WITHDRAWN: { vi: 'Rút hồ sơ', en: 'Withdrawn' },
  LAPSED: { vi: 'Quá hạn bổ sung, trả lại hồ sơ', en: 'Supplement window passed; dossier returned' },
  WORKFLOW_FAILED: { vi: 'Lỗi xử lý tự động, cần kiểm tra', en: 'Workflow failure; needs attention' },
  WORKFLOW_RESUMED: {
    vi: 'Đã khắc phục lỗi, tiếp tục xử lý tự động',
    en: 'Failure handled; workflow resumed',
  },
  WORKFLOW_CLOSED: { vi: 'Kết thúc hồ sơ', en: 'Dossier closed' },
  RATED: { vi: 'Người dân đánh giá sự hài lòng', en: 'Service rated' },
  FEE_PAID: { vi: 'Nộp phí, lệ phí trực tuyến', en: 'Fee paid online' },
  FEE_REFUNDED: { vi: 'Hoàn trả phí, lệ phí', en: 'Fee refunded' },
  FEE_EXEMPTION_CONFIRMED: { vi: 'Xác nhận miễn phí, lệ phí', en: 'Fee exemption confirmed' },
  FEE_EXEMPTION_REFUSED: {
    vi: 'Không chấp nhận đề nghị miễn phí, lệ phí',
    en: 'Fee exemption refused',
  },
  STEP_HANDLER_ASSIGNED: { vi: 'Phân công cán bộ xử lý', en: 'Handler assigned' },
  NOTE_ADDED: { vi: 'Ghi chú tiến độ', en: 'Progress note' },
  STEP_SUBMITTED_FOR_APPROVAL: { vi: 'Trình lãnh đạo phê duyệt', en: 'Submitted for approval' },
  STEP_RETURNED_FOR_REWORK: { vi: 'Lãnh đạo trả lại để xử lý tiếp', en: 'Returned for rework' },
};

export type ActorKind = 'CITIZEN' | 'STAFF' | 'SYSTEM';
export interface Actor {
  kind: ActorKind;
  /** Staff user id or `citizen`; never a name, phone or ID number. */
  id: string;
  /** A staff member's name at the time of the event (public officials act by name); never a citizen's. */
  name?: string;
}
