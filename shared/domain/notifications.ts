/**
 * Email texts, Vietnamese first (DOMAIN.md, Notifications): each names the dossier code, the
 * procedure, the department and the date that matters, with a link. No message contains the
 * lookup secret or another person's data.
 */
export type Template =
  | 'NEW_TASK'
  | 'STEP_REMINDER'
  | 'STEP_ESCALATION'
  | 'INTAKE_REMINDER'
  | 'RECEIPT'
  | 'SUPPLEMENT_REQUEST'
  | 'REFUSAL'
  | 'APOLOGY'
  | 'RESULT_READY'
  | 'COLLECTION_REMINDER'
  | 'LAPSED'
  | 'CLOSED'
  | 'APPROVAL_REQUEST'
  // Staff: the other party is told (docs/notifications.md, "Staff").
  | 'TASK_ASSIGNED'
  | 'RETURNED_FOR_REWORK'
  | 'SUPPLEMENT_PROVIDED'
  | 'WITHDRAWN_NOTICE';

/** Templates addressed to staff: their link opens the staff dossier page. */
export const STAFF_TEMPLATES: readonly Template[] = [
  'NEW_TASK',
  'STEP_REMINDER',
  'STEP_ESCALATION',
  'INTAKE_REMINDER',
  'APPROVAL_REQUEST',
  'TASK_ASSIGNED',
  'RETURNED_FOR_REWORK',
  'SUPPLEMENT_PROVIDED',
  'WITHDRAWN_NOTICE',
];

export interface Message {
  template: Template;
  to: string[];
  subject: string;
  text: string;
}

export interface MessageContext {
  code: string;
  procedureName: string;
  departmentName?: string;
  /** ISO date `YYYY-MM-DD` shown as dd/MM/yyyy. */
  date?: string;
  link: string;
  reasons?: string[];
  missing?: string[];
  /** The person who acted (a staff member's name, never an id), where the text names one. */
  personName?: string;
  /** The step was already extended once (no second apology is allowed). */
  extended?: boolean;
}

export const ddMMyyyy = (iso: string) => {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
};

const list = (items: string[] | undefined) =>
  items?.length ? items.map((i) => `  - ${i}`).join('\n') : '  (không có)';

export function buildMessage(template: Template, to: string[], c: MessageContext): Message {
  const date = c.date ? ddMMyyyy(c.date) : '';
  const head = `Mã hồ sơ: ${c.code}\nThủ tục: ${c.procedureName}${c.departmentName ? `\nCơ quan giải quyết: ${c.departmentName}` : ''}`;
  const foot = `\nXem chi tiết: ${c.link}\n\nTrung tâm Phục vụ hành chính công tỉnh Thái Nguyên`;
  const texts: Record<Template, [string, string]> = {
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
    RECEIPT: [
      `Đã tiếp nhận hồ sơ ${c.code}`,
      `${head}\nNgày hẹn trả kết quả: ${date}\n\nHồ sơ của ông/bà đã được tiếp nhận.`,
    ],
    SUPPLEMENT_REQUEST: [
      `Yêu cầu bổ sung, hoàn thiện hồ sơ ${c.code}`,
      `${head}\n\nĐề nghị ông/bà bổ sung các thành phần sau:\n${list(c.missing)}\nLý do:\n${list(c.reasons)}\nHạn bổ sung: ${date}`,
    ],
    REFUSAL: [`Từ chối hồ sơ ${c.code}`, `${head}\n\nHồ sơ không được giải quyết vì:\n${list(c.reasons)}`],
    APOLOGY: [
      `Xin lỗi và hẹn lại ngày trả kết quả hồ sơ ${c.code}`,
      `${head}\n\nCơ quan xin lỗi vì chưa giải quyết kịp hồ sơ của ông/bà.\nLý do:\n${list(c.reasons)}\nNgày hẹn trả kết quả mới: ${date}`,
    ],
    RESULT_READY: [
      `Đã có kết quả hồ sơ ${c.code}`,
      `${head}\n\nKết quả giải quyết hồ sơ của ông/bà đã sẵn sàng.`,
    ],
    COLLECTION_REMINDER: [
      `Nhắc nhận kết quả hồ sơ ${c.code}`,
      `${head}\n\nKết quả của ông/bà vẫn đang chờ nhận.`,
    ],
    LAPSED: [
      `Hồ sơ ${c.code} được trả lại`,
      `${head}\n\nHồ sơ không được bổ sung trong thời hạn nên được trả lại theo quy định của thủ tục.`,
    ],
    APPROVAL_REQUEST: [
      `Hồ sơ chờ phê duyệt: ${c.code}`,
      `${head}\nHạn giải quyết: ${date}\n\nCán bộ đã trình kết quả giải quyết, đề nghị lãnh đạo phê duyệt.`,
    ],
    CLOSED: [
      `Kết thúc hồ sơ ${c.code}`,
      `${head}\n\nHồ sơ đã kết thúc. Mời ông/bà đánh giá mức độ hài lòng.`,
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
