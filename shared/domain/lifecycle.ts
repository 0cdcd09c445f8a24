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
};

export const EVENT_TYPES = ['DRAFT_CREATED', 'UPLOAD_SLOTS_ISSUED', 'SUBMITTED'] as const;
export type DossierEventType = (typeof EVENT_TYPES)[number];

export const EVENT_LABELS: Record<DossierEventType, { vi: string; en: string }> = {
  DRAFT_CREATED: { vi: 'Tạo hồ sơ trực tuyến', en: 'Online dossier started' },
  UPLOAD_SLOTS_ISSUED: { vi: 'Tải lên thành phần hồ sơ', en: 'Documents being uploaded' },
  SUBMITTED: { vi: 'Nộp hồ sơ trực tuyến', en: 'Dossier submitted online' },
};

export type ActorKind = 'CITIZEN' | 'STAFF' | 'SYSTEM';
export interface Actor {
  kind: ActorKind;
  /** Staff user id or `citizen`; never a name, phone or ID number. */
  id: string;
}
