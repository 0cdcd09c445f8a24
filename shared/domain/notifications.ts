import { webLinks } from '../contracts/web-routes.ts';
import {
  type CitizenContext,
  type CitizenTemplate,
  citizenEmail,
  isCitizenTemplate,
} from './citizen-notifications.ts';
import { formatVnDay } from './time.ts';

/**
 * Email texts, Vietnamese first (DOMAIN.md, Notifications): each names the dossier code, the
 * procedure, the department and the date that matters, with a link. No message contains the
 * lookup secret or another person's data.
 */
export type Template = StaffTemplate | CitizenTemplate;
/** The staff's messages; the citizen's are in ./citizen-notifications.ts (with SMS texts). */
type StaffTemplate =
  | 'NEW_TASK'
  | 'STEP_REMINDER'
  | 'STEP_ESCALATION'
  | 'INTAKE_REMINDER'
  | 'APPROVAL_REQUEST'
  // The other party is told (docs/notifications.md, "Staff").
  | 'TASK_ASSIGNED'
  | 'RETURNED_FOR_REWORK'
  | 'SUPPLEMENT_PROVIDED'
  | 'WITHDRAWN_NOTICE';

export interface Message {
  template: Template;
  to: string[];
  subject: string;
  text: string;
  /** The citizen's messages: the SMS-length text per language, for an SMS channel. */
  sms?: { vi: string; en: string };
}

/** Who also gets an in-app notification: the staff of a unit (a department id, or CENTRE). */
export interface OutboxMessage extends Message {
  /** `email`: also email each of these staff members at their own address (e.g. the head on escalation). */
  inApp?: { unit: string; roles?: string[]; userIds?: string[]; email?: boolean };
}

/** What the messages to staff say, beside what the citizen's say. */
export interface MessageContext extends CitizenContext {
  /** The person who acted (a staff member's name, never an id), where the text names one. */
  personName?: string;
  /** The step was already extended once (no second apology is allowed). */
  extended?: boolean;
}

const list = (items: string[] | undefined) =>
  items?.length ? items.map((i) => `  - ${i}`).join('\n') : '  (không có)';

export const ddMMyyyy = formatVnDay;

export function buildMessage(template: Template, to: string[], c: MessageContext): Message {
  if (isCitizenTemplate(template)) return { template, to, ...citizenEmail(template, c) };
  const date = c.date ? ddMMyyyy(c.date) : '';
  const head = `Mã hồ sơ: ${c.code}\nThủ tục: ${c.procedureName}${c.departmentName ? `\nCơ quan giải quyết: ${c.departmentName}` : ''}`;
  const foot = `\nXem chi tiết: ${c.link}\n\nTrung tâm Phục vụ hành chính công tỉnh Thái Nguyên`;
  const texts: Record<StaffTemplate, [string, string]> = {
    NEW_TASK: [
      `Hồ sơ mới cần giải quyết: ${c.code}`,
      `${head}\nHạn giải quyết: ${date}\n\nHồ sơ đã được chuyển đến quý cơ quan.`,
    ],
    STEP_REMINDER: [
      `Nhắc hạn giải quyết hồ sơ ${c.code}`,
      c.extended
        ? `${head}\nHạn giải quyết (đã gia hạn): ${date}\n\nHồ sơ sắp đến hạn đã hẹn lại. Hồ sơ chỉ được xin lỗi và hẹn lại một lần, nên cần giải quyết trong hạn này.`
        : `${head}\nHạn giải quyết: ${date}\n\nHồ sơ sắp đến hạn. Nếu không kịp, cơ quan ban hành Phiếu xin lỗi và hẹn lại ngày trả kết quả chậm nhất 01 ngày làm việc trước hạn (Nghị định 61/2018/NĐ-CP, Điều 19).`,
    ],
    STEP_ESCALATION: [
      `Hồ sơ quá hạn: ${c.code}`,
      `${head}\nHạn giải quyết: ${date}\n\nHồ sơ đã quá hạn giải quyết. Đề nghị lãnh đạo cơ quan chỉ đạo xử lý.`,
    ],
    INTAKE_REMINDER: [
      `Hồ sơ chờ tiếp nhận: ${c.code}`,
      `${head}\n\nHồ sơ trực tuyến đang chờ kiểm tra, tiếp nhận.`,
    ],
    APPROVAL_REQUEST: [
      `Hồ sơ chờ phê duyệt: ${c.code}`,
      `${head}\nHạn giải quyết: ${date}\n\nCán bộ đã trình kết quả giải quyết, đề nghị lãnh đạo phê duyệt.`,
    ],
    // Staff: the other party is told.
    TASK_ASSIGNED: [
      `Hồ sơ được giao cho ông/bà: ${c.code}`,
      `${head}\nHạn giải quyết: ${date}\n\n${c.personName ? `Lãnh đạo ${c.personName} đã giao` : 'Lãnh đạo cơ quan đã giao'} hồ sơ này cho ông/bà giải quyết.`,
    ],
    RETURNED_FOR_REWORK: [
      `Kết quả bị trả lại để xử lý lại: ${c.code}`,
      `${head}\nHạn giải quyết: ${date}\n\n${c.personName ? `Lãnh đạo ${c.personName}` : 'Lãnh đạo cơ quan'} chưa phê duyệt kết quả ông/bà trình, vì:\n${list(c.reasons)}`,
    ],
    SUPPLEMENT_PROVIDED: [
      `Công dân đã bổ sung hồ sơ ${c.code}`,
      `${head}${date ? `\nHạn giải quyết: ${date}` : ''}\n\nNgười nộp đã bổ sung hồ sơ theo yêu cầu; hồ sơ tiếp tục được giải quyết.`,
    ],
    WITHDRAWN_NOTICE: [
      `Công dân đã rút hồ sơ ${c.code}`,
      `${head}\n\nNgười nộp đã rút hồ sơ; không cần giải quyết tiếp.`,
    ],
  };
  const [subject, body] = texts[template];
  return { template, to, subject: `[Một Cửa] ${subject}`, text: `${body}${foot}` };
}

/**
 * The link a message carries: a staff member's goes to the dossier in the staff workspace, a
 * citizen's to the dossier's look-up page (never with the lookup secret).
 */
export function messageLink(
  template: Template,
  publicWebUrl: string,
  d: { id: string; code?: string },
): string {
  return isCitizenTemplate(template)
    ? webLinks.lookup(publicWebUrl, d.code ?? '')
    : webLinks.staffDossier(publicWebUrl, d.id);
}
