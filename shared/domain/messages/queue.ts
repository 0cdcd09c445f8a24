import { type ParamWords, type Words, withParams } from './words.ts';

/** The counter queue: tickets, counters and ratings. */
export const QUEUE_MESSAGES = {
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
} as const satisfies Record<string, Words | ParamWords<never>>;
