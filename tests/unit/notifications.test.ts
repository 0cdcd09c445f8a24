import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysFromCivil, formatIsoDay } from '../../shared/domain/calendar-days.ts';
import { CITIZEN_TEMPLATES, citizenTexts, smsFits } from '../../shared/domain/citizen-notifications.ts';
import {
  buildMessage,
  ddMMyyyy,
  type MessageContext,
  type Template,
} from '../../shared/domain/notifications.ts';

const ALL_TEMPLATES: Template[] = [
  'NEW_TASK',
  'STEP_REMINDER',
  'STEP_ESCALATION',
  'INTAKE_REMINDER',
  'RECEIPT',
  'SUPPLEMENT_REQUEST',
  'REFUSAL',
  'APOLOGY',
  'RESULT_READY',
  'COLLECTION_REMINDER',
  'LAPSED',
  'CLOSED',
  'APPROVAL_REQUEST',
  'SUBMISSION',
  'OVERDUE',
  'RESULT_ONLINE',
  'TASK_ASSIGNED',
  'RETURNED_FOR_REWORK',
  'SUPPLEMENT_PROVIDED',
  'WITHDRAWN_NOTICE',
];
/** The templates whose message hinges on a date: a deadline or an appointment. */
const DATED: Template[] = [
  'NEW_TASK',
  'STEP_REMINDER',
  'STEP_ESCALATION',
  'RECEIPT',
  'SUPPLEMENT_REQUEST',
  'APOLOGY',
  'OVERDUE',
];
/** The templates that give the citizen the reasons for a decision. */
const WITH_REASONS: Template[] = ['SUPPLEMENT_REQUEST', 'REFUSAL', 'APOLOGY'];

const CODE = '000.00.12.H56-260302-0001';
const context: MessageContext = {
  code: CODE,
  procedureName: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
  departmentName: 'Sở Xây dựng',
  date: '2026-03-05',
  link: `https://motcua.example.vn/tra-cuu?ma=${encodeURIComponent(CODE)}`,
  missing: ['Bản vẽ thiết kế mặt bằng', 'Giấy chứng nhận quyền sử dụng đất'],
  reasons: ['Bản vẽ chưa có chữ ký của chủ đầu tư', 'Thiếu giấy tờ về đất'],
};
const to = ['cong.dan@example.vn'];

/** A lookup secret: 16 Crockford base32 characters, possibly grouped by four (lookup-secret.ts). */
const LOOKUP_SECRET =
  /\b[0-9A-HJKMNP-TV-Z]{4}-?[0-9A-HJKMNP-TV-Z]{4}-?[0-9A-HJKMNP-TV-Z]{4}-?[0-9A-HJKMNP-TV-Z]{4}\b/i;

describe('notification messages', () => {
  describe.each(ALL_TEMPLATES)('%s', (template) => {
    const message = buildMessage(template, to, context);

    it('is addressed as asked and keeps its template', () => {
      expect(message.template).toBe(template);
      expect(message.to).toEqual(to);
    });

    it('has a subject starting with [Một Cửa] that names the dossier code', () => {
      expect(message.subject.startsWith('[Một Cửa] ')).toBe(true);
      expect(message.subject).toContain(CODE);
    });

    it('names the dossier code, the procedure, the department and gives the link', () => {
      expect(message.text).toContain(`Mã hồ sơ: ${CODE}`);
      expect(message.text).toContain('Thủ tục: Cấp giấy phép xây dựng nhà ở riêng lẻ');
      expect(message.text).toContain('Cơ quan giải quyết: Sở Xây dựng');
      expect(message.text).toContain(`Xem chi tiết: ${context.link}`);
    });

    it('is Vietnamese text in NFC', () => {
      expect(message.subject).toBe(message.subject.normalize('NFC'));
      expect(message.text).toBe(message.text.normalize('NFC'));
    });

    it('never mentions a secret, nor carries anything that looks like a lookup secret', () => {
      // Extra fields a caller might have at hand must not leak into the message.
      const withSecret = { ...context, lookupSecret: 'ABCD1234EFGH5678', secretHash: 'c2VjcmV0' };
      const leaky = buildMessage(template, to, withSecret);
      for (const m of [message, leaky]) {
        expect(`${m.subject}\n${m.text}`).not.toMatch(/secret|bí mật|mật khẩu/i);
        expect(`${m.subject}\n${m.text}`).not.toMatch(LOOKUP_SECRET);
        expect(`${m.subject}\n${m.text}`).not.toContain('ABCD1234EFGH5678');
        expect(m.text).not.toContain('c2VjcmV0');
      }
    });
  });

  it.each(DATED)('%s shows the date as dd/MM/yyyy, never as an ISO date', (template) => {
    const { text } = buildMessage(template, to, context);
    expect(text).toContain('05/03/2026');
    expect(text).not.toContain('2026-03-05');
  });

  it.each(DATED)('%s shows any date of the year as dd/MM/yyyy', (template) => {
    const anyDate = fc
      .integer({ min: daysFromCivil(2026, 1, 1), max: daysFromCivil(2026, 12, 31) })
      .map(formatIsoDay);
    fc.assert(
      fc.property(anyDate, (iso) => {
        const [y, m, d] = iso.split('-');
        expect(buildMessage(template, to, { ...context, date: iso }).text).toContain(`${d}/${m}/${y}`);
      }),
      { numRuns: 50 },
    );
  });

  it('names the deadline, the appointment or the new date in words next to the date', () => {
    expect(buildMessage('NEW_TASK', to, context).text).toContain('Hạn giải quyết: 05/03/2026');
    expect(buildMessage('STEP_REMINDER', to, context).text).toContain('Hạn giải quyết: 05/03/2026');
    expect(buildMessage('STEP_ESCALATION', to, context).text).toContain('Hạn giải quyết: 05/03/2026');
    expect(buildMessage('RECEIPT', to, context).text).toContain('Ngày hẹn trả kết quả: 05/03/2026');
    expect(buildMessage('SUPPLEMENT_REQUEST', to, context).text).toContain('Hạn bổ sung: 05/03/2026');
    expect(buildMessage('APOLOGY', to, context).text).toContain('Ngày hẹn trả kết quả mới: 05/03/2026');
  });

  it('never suggests a second apology once the step was extended', () => {
    expect(buildMessage('STEP_REMINDER', to, context).text).toContain('Phiếu xin lỗi');
    const extended = buildMessage('STEP_REMINDER', to, { ...context, extended: true }).text;
    expect(extended).not.toContain('Phiếu xin lỗi');
    expect(extended).toContain('05/03/2026');
  });

  it('tells an officer who assigned the dossier and never speaks to them as an agency', () => {
    const assigned = buildMessage('TASK_ASSIGNED', to, { ...context, personName: 'Trần Thị Trưởng Phòng' });
    expect(assigned.text).toContain('Lãnh đạo Trần Thị Trưởng Phòng đã giao hồ sơ này cho ông/bà');
    expect(assigned.text).not.toContain('quý cơ quan');
    const back = buildMessage('RETURNED_FOR_REWORK', to, { ...context, personName: 'Trần Thị Trưởng Phòng' });
    expect(back.text).toContain('  - Bản vẽ chưa có chữ ký của chủ đầu tư');
  });

  it('lists every missing document in one supplement request (Decree 61/2018 art. 16)', () => {
    const { text } = buildMessage('SUPPLEMENT_REQUEST', to, context);
    expect(text).toContain('  - Bản vẽ thiết kế mặt bằng');
    expect(text).toContain('  - Giấy chứng nhận quyền sử dụng đất');
  });

  it.each(WITH_REASONS)('%s gives every reason', (template) => {
    const { text } = buildMessage(template, to, context);
    expect(text).toContain('  - Bản vẽ chưa có chữ ký của chủ đầu tư');
    expect(text).toContain('  - Thiếu giấy tờ về đất');
  });

  it('says "none" rather than leaving an empty list', () => {
    const { text } = buildMessage('REFUSAL', to, { ...context, reasons: [] });
    expect(text).toContain('vì:\n  (không có)');
  });

  it('leaves out the department line when no department is named', () => {
    const { departmentName: _omitted, ...withoutDepartment } = context;
    const { text } = buildMessage('RECEIPT', to, withoutDepartment);
    expect(text).not.toContain('Cơ quan giải quyết');
    expect(text).toContain(`Mã hồ sơ: ${CODE}\nThủ tục: ${context.procedureName}\n`);
  });

  it('signs every message with the centre’s name after the link', () => {
    for (const template of ALL_TEMPLATES) {
      expect(
        buildMessage(template, to, context).text.endsWith(
          `Xem chi tiết: ${context.link}\n\nTrung tâm Phục vụ hành chính công tỉnh Thái Nguyên`,
        ),
      ).toBe(true);
    }
  });
});

describe('dd/MM/yyyy', () => {
  it('turns an ISO date into the Vietnamese order', () => {
    expect(ddMMyyyy('2026-03-05')).toBe('05/03/2026');
    expect(ddMMyyyy('2026-12-31')).toBe('31/12/2026');
  });

  it('takes the date of a due time stored as an instant at 17:00 Vietnam time (10:00 UTC)', () => {
    // The citizen's supplement deadline is stored as an instant: 03/04/2026 17:00 +07:00.
    expect(ddMMyyyy(new Date('2026-04-03T17:00:00+07:00').toISOString())).toBe('03/04/2026');
  });

  it('takes the date in Vietnam of an instant after 17:00 UTC (already the next day there)', () => {
    expect(ddMMyyyy('2026-04-03T18:30:00.000Z')).toBe('04/04/2026');
    expect(ddMMyyyy('2026-12-31T17:00:00.000Z')).toBe('01/01/2027');
  });
});

describe('the citizen’s messages (shared/domain/citizen-notifications.ts)', () => {
  const LONG_CODE = '000.00.12.H56-261231-9999';
  const worst: MessageContext = {
    ...context,
    code: LONG_CODE,
    trackingNumber: 'EE123456789VN',
    date: '2026-12-31',
  };

  it.each(CITIZEN_TEMPLATES)('%s has an SMS text per language that fits one message', (template) => {
    const { sms } = buildMessage(template, to, worst);
    expect(sms).toBeDefined();
    for (const text of [sms!.vi, sms!.en]) {
      expect(text).toContain(LONG_CODE);
      expect([text, smsFits(text)]).toEqual([text, true]);
      expect(text).not.toMatch(LOOKUP_SECRET);
    }
  });

  it('knows what fits: 160 GSM-7 characters, or 70 with a character outside GSM-7', () => {
    expect(smsFits('a'.repeat(160))).toBe(true);
    expect(smsFits('a'.repeat(161))).toBe(false);
    expect(smsFits(`Hồ sơ ${'a'.repeat(64)}`)).toBe(true);
    expect(smsFits(`Hồ sơ ${'a'.repeat(65)}`)).toBe(false);
  });

  it.each(CITIZEN_TEMPLATES)('%s says it in Vietnamese first, then in English', (template) => {
    const { text } = buildMessage(template, to, context);
    const { vi, en } = citizenTexts(template, context);
    expect(text.indexOf(vi.body)).toBeGreaterThan(0);
    expect(text.indexOf(en.body)).toBeGreaterThan(text.indexOf(vi.body));
    expect(text).toContain(`---\n${en.subject}\n`);
  });

  it('tells the submitter how to look the dossier up and what to do if the look-up code is lost', () => {
    const { text } = buildMessage('SUBMISSION', to, context);
    expect(text).toContain('nhập mã hồ sơ cùng mã tra cứu in trên giấy biên nhận');
    expect(text).toContain('Nếu mất mã tra cứu, ông/bà mang căn cước công dân đến quầy tiếp nhận');
  });

  it('owes the citizen an apology when the dossier is late, and says what the department must send', () => {
    const { subject, text } = buildMessage('OVERDUE', to, context);
    expect(subject).toBe(`[Một Cửa] Hồ sơ ${CODE} đã quá hạn: Trung tâm xin lỗi ông/bà`);
    expect(text).toContain('Trung tâm thành thật xin lỗi ông/bà');
    expect(text).toContain('Phiếu xin lỗi và hẹn lại ngày trả kết quả');
  });

  it('tells how the result reaches the citizen, by the way they chose', () => {
    expect(buildMessage('RESULT_READY', to, { ...context, delivery: 'AT_CENTRE' }).text).toContain(
      'Mời ông/bà đến Trung tâm nhận kết quả',
    );
    expect(buildMessage('RESULT_READY', to, { ...context, delivery: 'POST' }).text).toContain(
      'gửi qua dịch vụ bưu chính',
    );
    expect(buildMessage('RESULT_ONLINE', to, context).text).toContain('Tải kết quả');
    expect(buildMessage('CLOSED', to, { ...context, trackingNumber: 'EE123456789VN' }).text).toContain(
      'mã vận đơn: EE123456789VN',
    );
  });
});
