import { formatVnDay } from './time.ts';

/**
 * What the citizen is told, in one table: for each event, the email subject and body in
 * Vietnamese and English, and a short SMS text per language for a later SMS channel (GSM-7,
 * at most 160 characters: Vietnamese SMS are customarily written without diacritics, which keeps
 * them in GSM-7 rather than 70-character UCS-2 messages). Decree 224/2026: real-time status
 * notices; Decree 61/2018 art. 19(9): the apology owed when a dossier is late.
 *
 * No message carries the lookup secret: the citizen is told where to look the dossier up and that
 * the secret is on the receipt they were shown, and what to do if it is lost.
 * docs/notifications.md lists which event sends which template to whom.
 */
export type CitizenTemplate =
  | 'SUBMISSION'
  | 'RECEIPT'
  | 'SUPPLEMENT_REQUEST'
  | 'REFUSAL'
  | 'APOLOGY'
  | 'OVERDUE'
  | 'RESULT_READY'
  | 'RESULT_ONLINE'
  | 'COLLECTION_REMINDER'
  | 'LAPSED'
  | 'CLOSED'
  | 'FEE_EXEMPTION_REFUSED';

export const CITIZEN_TEMPLATES: readonly CitizenTemplate[] = [
  'SUBMISSION',
  'RECEIPT',
  'SUPPLEMENT_REQUEST',
  'REFUSAL',
  'APOLOGY',
  'OVERDUE',
  'RESULT_READY',
  'RESULT_ONLINE',
  'COLLECTION_REMINDER',
  'LAPSED',
  'CLOSED',
  'FEE_EXEMPTION_REFUSED',
];

export const isCitizenTemplate = (t: string): t is CitizenTemplate =>
  (CITIZEN_TEMPLATES as readonly string[]).includes(t);

export interface CitizenContext {
  code: string;
  procedureName: string;
  departmentName?: string;
  /** ISO date `YYYY-MM-DD` (or an instant), shown as dd/MM/yyyy. */
  date?: string;
  /** The dossier's look-up page (shared/contracts/web-routes.ts). */
  link: string;
  reasons?: string[];
  missing?: string[];
  /** How the result is handed over (the citizen's choice at submission). */
  delivery?: 'AT_CENTRE' | 'POST' | 'ONLINE';
  /** The postal service's tracking number of a result sent by post. */
  trackingNumber?: string;
  /** A fee item whose claimed exemption was refused: now payable before the result. */
  fee?: FeeNotice;
}

export interface FeeNotice {
  name: string;
  exemption: string;
  /** Null while the rate is unconfirmed. */
  amountVnd: number | null;
  /** The procedure collects its fees online (paid on the look-up page), else at the centre. */
  online: boolean;
}

/** 90000 → `90.000` (the digits grouped as in Vietnam; the SMS keeps to GSM-7). */
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

export interface CitizenText {
  subject: string;
  body: string;
  /** At most 160 GSM-7 characters. */
  sms: string;
}

const dmy = (iso: string | undefined) => (iso ? formatVnDay(iso) : '');

const items = (xs: string[] | undefined, none: string) =>
  xs?.length ? xs.map((i) => `  - ${i}`).join('\n') : `  ${none}`;

/** How to look the dossier up again; said in the submission email and on the receipt. */
const LOOKUP_HOW_VI =
  'Để tra cứu, mở đường liên kết dưới đây và nhập mã hồ sơ cùng mã tra cứu in trên giấy biên nhận. Nếu mất mã tra cứu, ông/bà mang căn cước công dân đến quầy tiếp nhận của Trung tâm để được cấp lại.';
const LOOKUP_HOW_EN =
  'To look it up, open the link below and enter the dossier code and the look-up code printed on your receipt. If you lose the look-up code, bring your ID card to the centre’s reception counter to have it reissued.';

const COLLECT_VI: Record<NonNullable<CitizenContext['delivery']>, string> = {
  AT_CENTRE:
    'Mời ông/bà đến Trung tâm nhận kết quả, mang theo giấy tiếp nhận và căn cước công dân (hoặc giấy ủy quyền nếu nhận thay).',
  POST: 'Kết quả sẽ được gửi qua dịch vụ bưu chính đến địa chỉ ông/bà đã đăng ký; ông/bà sẽ nhận được mã vận đơn.',
  ONLINE: 'Kết quả bản điện tử được trả trực tuyến trên trang tra cứu.',
};
const COLLECT_EN: Record<NonNullable<CitizenContext['delivery']>, string> = {
  AT_CENTRE:
    'Please collect it at the centre, bringing your receipt and ID card (or a letter of authorisation if someone collects it for you).',
  POST: 'It will be sent by post to the address you gave; you will receive the tracking number.',
  ONLINE: 'The electronic result is returned online on the look-up page.',
};

/** The table: one entry per event, each language's email and SMS. */
export function citizenTexts(t: CitizenTemplate, c: CitizenContext): { vi: CitizenText; en: CitizenText } {
  const date = dmy(c.date);
  const code = c.code;
  const delivery = c.delivery ?? 'AT_CENTRE';
  switch (t) {
    case 'SUBMISSION':
      return {
        vi: {
          subject: `Đã nhận hồ sơ ${code}`,
          body: `Trung tâm đã nhận hồ sơ trực tuyến của ông/bà. Cán bộ tiếp nhận sẽ kiểm tra và báo kết quả tiếp nhận qua thư này.\n\n${LOOKUP_HOW_VI}`,
          sms: `Motcua: Da nhan ho so ${code}, dang cho kiem tra. Tra cuu bang ma ho so va ma tra cuu tren bien nhan.`,
        },
        en: {
          subject: `Dossier ${code} received`,
          body: `The centre has received your online dossier. A reception officer will check it and email you the outcome.\n\n${LOOKUP_HOW_EN}`,
          sms: `Motcua: dossier ${code} received, awaiting check. Look it up with the code and the look-up code on your receipt.`,
        },
      };
    case 'RECEIPT':
      return {
        vi: {
          subject: `Đã tiếp nhận hồ sơ ${code}`,
          body: `Hồ sơ của ông/bà đã được tiếp nhận.\nNgày hẹn trả kết quả: ${date}`,
          sms: `Motcua: Ho so ${code} da duoc tiep nhan. Hen tra ket qua ngay ${date}.`,
        },
        en: {
          subject: `Dossier ${code} accepted`,
          body: `Your dossier has been accepted.\nResult due on: ${date}`,
          sms: `Motcua: dossier ${code} accepted. Result due on ${date}.`,
        },
      };
    case 'SUPPLEMENT_REQUEST':
      return {
        vi: {
          subject: `Yêu cầu bổ sung, hoàn thiện hồ sơ ${code}`,
          body: `Đề nghị ông/bà bổ sung các thành phần sau:\n${items(c.missing, '(không có)')}\nLý do:\n${items(c.reasons, '(không có)')}\nHạn bổ sung: ${date}\n\nÔng/bà tải lên từng thành phần trên trang tra cứu, hoặc nộp tại quầy tiếp nhận.`,
          sms: `Motcua: Ho so ${code} can bo sung ${c.missing?.length ?? 0} thanh phan truoc ngay ${date}. Xem chi tiet tren trang tra cuu hoac thu dien tu.`,
        },
        en: {
          subject: `Dossier ${code}: documents to add`,
          body: `Please add the following:\n${items(c.missing, '(none)')}\nReasons:\n${items(c.reasons, '(none)')}\nDue by: ${date}\n\nUpload each item on the look-up page, or hand it in at the reception counter.`,
          sms: `Motcua: dossier ${code} needs ${c.missing?.length ?? 0} more item(s) by ${date}. Details on the look-up page or in your email.`,
        },
      };
    case 'REFUSAL':
      return {
        vi: {
          subject: `Từ chối hồ sơ ${code}`,
          body: `Hồ sơ không được giải quyết vì:\n${items(c.reasons, '(không có)')}`,
          sms: `Motcua: Ho so ${code} bi tu choi. Ly do xem tren trang tra cuu hoac thu dien tu.`,
        },
        en: {
          subject: `Dossier ${code} refused`,
          body: `Your dossier cannot be processed because:\n${items(c.reasons, '(none)')}`,
          sms: `Motcua: dossier ${code} was refused. See the reasons on the look-up page or in your email.`,
        },
      };
    case 'APOLOGY':
      return {
        vi: {
          subject: `Xin lỗi và hẹn lại ngày trả kết quả hồ sơ ${code}`,
          body: `Cơ quan xin lỗi vì chưa giải quyết kịp hồ sơ của ông/bà.\nLý do:\n${items(c.reasons, '(không có)')}\nNgày hẹn trả kết quả mới: ${date}\n\nPhiếu xin lỗi và hẹn lại ngày trả kết quả có trên trang tra cứu.`,
          sms: `Motcua: Xin loi ong/ba, ho so ${code} chua giai quyet kip. Ngay hen tra ket qua moi: ${date}.`,
        },
        en: {
          subject: `Apology and new date for dossier ${code}`,
          body: `We apologise: your dossier could not be processed in time.\nReasons:\n${items(c.reasons, '(none)')}\nNew date for the result: ${date}`,
          sms: `Motcua: we apologise, dossier ${code} is delayed. New date for the result: ${date}.`,
        },
      };
    case 'OVERDUE':
      return {
        vi: {
          subject: `Hồ sơ ${code} đã quá hạn: Trung tâm xin lỗi ông/bà`,
          body: `Hồ sơ của ông/bà đã quá hạn giải quyết (hạn: ${date}). Trung tâm thành thật xin lỗi ông/bà.\nTheo quy định (Nghị định 61/2018/NĐ-CP, Điều 19), cơ quan giải quyết phải gửi ông/bà Phiếu xin lỗi và hẹn lại ngày trả kết quả, nêu rõ lý do. Trung tâm đã báo lãnh đạo cơ quan; ông/bà sẽ được báo ngay khi có ngày hẹn mới hoặc có kết quả.`,
          sms: `Motcua: Ho so ${code} da qua han (${date}). Xin loi ong/ba; co quan se gui phieu xin loi va hen ngay tra moi.`,
        },
        en: {
          subject: `Dossier ${code} is late: the centre apologises`,
          body: `Your dossier is past its deadline (${date}). The centre sincerely apologises.\nThe department must send you a letter of apology with a new date for the result and the reason (Decree 61/2018, art. 19). Its head has been told; you will hear as soon as there is a new date or a result.`,
          sms: `Motcua: dossier ${code} is late (due ${date}). We apologise; you will get an apology letter with a new date.`,
        },
      };
    case 'RESULT_READY':
      return {
        vi: {
          subject: `Đã có kết quả hồ sơ ${code}`,
          body: `Kết quả giải quyết hồ sơ của ông/bà đã sẵn sàng.\n${COLLECT_VI[delivery]}`,
          sms: `Motcua: Ho so ${code} da co ket qua. ${delivery === 'POST' ? 'Ket qua se duoc gui qua buu chinh.' : 'Moi ong/ba den Trung tam nhan ket qua.'}`,
        },
        en: {
          subject: `Result ready for dossier ${code}`,
          body: `The result of your dossier is ready.\n${COLLECT_EN[delivery]}`,
          sms: `Motcua: the result of dossier ${code} is ready. ${delivery === 'POST' ? 'It will be sent by post.' : 'Please collect it at the centre.'}`,
        },
      };
    case 'RESULT_ONLINE':
      return {
        vi: {
          subject: `Kết quả hồ sơ ${code} đã được trả trực tuyến`,
          body: `Kết quả giải quyết hồ sơ của ông/bà đã được trả trực tuyến: mở trang tra cứu, nhập mã hồ sơ và mã tra cứu, rồi bấm "Tải kết quả". Mời ông/bà đánh giá mức độ hài lòng trên cùng trang.`,
          sms: `Motcua: Ket qua ho so ${code} da duoc tra truc tuyen. Tai ve tren trang tra cuu bang ma ho so va ma tra cuu.`,
        },
        en: {
          subject: `The result of dossier ${code} is available online`,
          body: `The result of your dossier has been returned online: open the look-up page, enter the dossier code and the look-up code, then choose "Download the result". You can rate the service on the same page.`,
          sms: `Motcua: the result of dossier ${code} is online. Download it on the look-up page with your codes.`,
        },
      };
    case 'COLLECTION_REMINDER':
      return {
        vi: {
          subject: `Nhắc nhận kết quả hồ sơ ${code}`,
          body: `Kết quả của ông/bà vẫn đang chờ nhận.\n${COLLECT_VI[delivery]}`,
          sms: `Motcua: Ket qua ho so ${code} van dang cho ong/ba den nhan tai Trung tam.`,
        },
        en: {
          subject: `Reminder: collect the result of dossier ${code}`,
          body: `Your result is still waiting to be collected.\n${COLLECT_EN[delivery]}`,
          sms: `Motcua: the result of dossier ${code} is still waiting for you at the centre.`,
        },
      };
    case 'LAPSED':
      return {
        vi: {
          subject: `Hồ sơ ${code} được trả lại`,
          body: 'Hồ sơ không được bổ sung trong thời hạn nên được trả lại theo quy định của thủ tục.',
          sms: `Motcua: Ho so ${code} khong duoc bo sung dung han nen duoc tra lai.`,
        },
        en: {
          subject: `Dossier ${code} returned unprocessed`,
          body: 'The documents asked for did not arrive in time, so the dossier is returned as the procedure provides.',
          sms: `Motcua: dossier ${code} was not completed in time and is returned unprocessed.`,
        },
      };
    case 'FEE_EXEMPTION_REFUSED': {
      const f = c.fee;
      const amount = f?.amountVnd != null ? grouped(f.amountVnd) : undefined;
      const how = f?.online
        ? {
            vi: 'Ông/bà thanh toán trực tuyến trên trang tra cứu, bấm "Thanh toán".',
            en: 'Pay online on the look-up page ("Pay").',
          }
        : {
            vi: 'Ông/bà nộp tại Trung tâm khi nhận kết quả.',
            en: 'Pay at the centre when collecting the result.',
          };
      return {
        vi: {
          subject: `Không được miễn phí, lệ phí hồ sơ ${code}`,
          body: `Cán bộ tiếp nhận không xác nhận đề nghị miễn "${f?.exemption ?? ''}" cho khoản "${f?.name ?? ''}".\nLý do:\n${items(c.reasons, '(không có)')}\n${amount ? `Số tiền phải nộp trước khi nhận kết quả: ${amount} đồng.` : 'Khoản này phải nộp trước khi nhận kết quả.'}\n${how.vi}`,
          sms: `Motcua: Ho so ${code} khong duoc mien phi, le phi. ${amount ? `Nop ${amount} dong` : 'Nop phi'} truoc khi nhan ket qua. Xem tren trang tra cuu.`,
        },
        en: {
          subject: `Dossier ${code}: fee exemption refused`,
          body: `The reception officer did not confirm the exemption "${f?.exemption ?? ''}" you claimed for "${f?.name ?? ''}".\nReasons:\n${items(c.reasons, '(none)')}\n${amount ? `Amount to pay before the result: ${amount} VND.` : 'It is to be paid before the result.'}\n${how.en}`,
          sms: `Motcua: dossier ${code}: fee exemption refused. ${amount ? `Pay ${amount} VND` : 'Pay the fee'} before the result. See the look-up page.`,
        },
      };
    }
    case 'CLOSED':
      return {
        vi: {
          subject: `Kết thúc hồ sơ ${code}`,
          body: `Kết quả hồ sơ đã được trả${c.trackingNumber ? ` qua bưu chính, mã vận đơn: ${c.trackingNumber}` : ''}. Hồ sơ đã kết thúc. Mời ông/bà đánh giá mức độ hài lòng.`,
          sms: `Motcua: Ket qua ho so ${code} da duoc tra${c.trackingNumber ? ` (van don ${c.trackingNumber})` : ''}. Moi ong/ba danh gia tren trang tra cuu.`,
        },
        en: {
          subject: `Dossier ${code} completed`,
          body: `The result has been returned${c.trackingNumber ? ` by post, tracking number: ${c.trackingNumber}` : ''}. The dossier is complete; please rate the service.`,
          sms: `Motcua: the result of dossier ${code} was returned${c.trackingNumber ? ` (tracking ${c.trackingNumber})` : ''}. Please rate us on the look-up page.`,
        },
      };
  }
}

/** The email: Vietnamese first, English below, one link, the centre's name last. */
export function citizenEmail(
  t: CitizenTemplate,
  c: CitizenContext,
): { subject: string; text: string; sms: { vi: string; en: string } } {
  const { vi, en } = citizenTexts(t, c);
  const head = `Mã hồ sơ: ${c.code}\nThủ tục: ${c.procedureName}${c.departmentName ? `\nCơ quan giải quyết: ${c.departmentName}` : ''}`;
  const text = `${head}\n\n${vi.body}\n\n---\n${en.subject}\n${en.body}\n\nXem chi tiết: ${c.link}\n\nTrung tâm Phục vụ hành chính công tỉnh Thái Nguyên`;
  return { subject: `[Một Cửa] ${vi.subject}`, text, sms: { vi: vi.sms, en: en.sms } };
}

/** The GSM 03.38 basic character set (an SMS of ≤ 160 of these is one message). */
const GSM7 =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** The SMS length rule: ≤ 160 GSM-7 characters, or ≤ 70 when it needs UCS-2. */
export function smsFits(text: string): boolean {
  const gsm = [...text].every((ch) => GSM7.includes(ch));
  return gsm ? text.length <= 160 : [...text].length <= 70;
}
