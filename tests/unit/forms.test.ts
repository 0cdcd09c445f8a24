import { readFileSync } from 'node:fs';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { CalendarYear } from '../../shared/contracts/calendar.ts';
import { Procedure } from '../../shared/contracts/catalogue.ts';
import { WorkingCalendar } from '../../shared/domain/calendar.ts';
import type { Dossier, DossierEvent } from '../../shared/domain/dossier.ts';
import type { DossierEventType } from '../../shared/domain/lifecycle.ts';
import type { DossierStep } from '../../shared/domain/workflow.ts';
import { fontBytes } from '../../shared/forms/fonts.ts';
import {
  buildFormData,
  type DossierFacts,
  type FormContext,
  formUnavailableReason,
  lookupUrl,
} from '../../shared/forms/form-data.ts';
import { FORM_CODES, type FormCode } from '../../shared/forms/model.ts';
import { renderForm } from '../../shared/forms/render.ts';

/*
 * The official forms (Circular 01/2018/TT-VPCP, forms 01–05) rendered from hand-built dossiers and
 * read back with pdf.js (unpdf): a valid PDF, the right paper, the dossier code, and Vietnamese
 * text with every diacritic intact. Monday 02/03/2026 09:00 is the day of receipt; 2.001610 allows
 * 3 working days, so the appointment is Thursday 05/03/2026 17:00.
 */
const A5 = [419.53, 595.28];
const A4 = [595.28, 841.89];
const CODE = '000.99.00.H55-260302-0001';
const NAME = 'Nguyễn Thị Hồng Nhung';
const CENTRE = 'Trung tâm Phục vụ hành chính công tỉnh Thái Nguyên';
const WEB = 'https://motcua.thainguyen.gov.vn';

const readYear = (year: number) =>
  CalendarYear.parse(
    JSON.parse(readFileSync(new URL(`../../data/calendar/${year}.json`, import.meta.url), 'utf8')),
  );
const calendar = WorkingCalendar.fromYears([2025, 2026, 2027].map(readYear));
const procedure = Procedure.parse(
  JSON.parse(readFileSync(new URL('../../data/procedures/2.001610.json', import.meta.url), 'utf8')),
);
const fonts = fontBytes();

/** An instant given as Vietnamese wall-clock time. */
const vn = (local: string) => new Date(`${local.replace(' ', 'T')}:00+07:00`).toISOString();

let seq = 0;
const ev = (
  type: DossierEventType,
  at: string,
  toStatus: Dossier['status'],
  data?: Record<string, unknown>,
): DossierEvent => ({
  eventId: `e${++seq}`,
  type,
  at: vn(at),
  actor: { kind: 'SYSTEM', id: 'test' },
  toStatus,
  ...(data ? { data } : {}),
});

function step(over: Partial<DossierStep> = {}): DossierStep {
  return {
    stepId: 'S01',
    stage: 0,
    departmentId: 'STC',
    task: 'Giải quyết hồ sơ',
    allotted: { amount: 3, unit: 'WORKING_DAYS' },
    status: 'WAITING_DEPARTMENT',
    startedAt: vn('2026-03-02 09:30'),
    dueDate: '2026-03-05',
    dueAt: vn('2026-03-05 17:00'),
    reminded: false,
    extended: false,
    supplementRequests: 0,
    ...over,
  };
}

/** A dossier for 2.001610 submitted Monday 02/03/2026 09:00 and accepted at 09:30. */
function accepted(over: Partial<Dossier> = {}): DossierFacts {
  return {
    dossier: {
      id: '0b6c5f0e-8f1f-4a59-9d61-2f4f1c1e0a11',
      status: 'IN_PROGRESS',
      version: 4,
      procedureCode: procedure.code,
      procedureVersion: procedure.version,
      procedureName: procedure.name,
      departmentId: 'STC',
      agencyCode: '000.99.00.H55',
      channel: 'ONLINE',
      applicant: {
        type: 'INDIVIDUAL',
        fullName: NAME,
        idNumber: '019190001234',
        phone: '0912345678',
        email: 'nhung@example.vn',
        address: 'Số 12, đường Hoàng Văn Thụ, phường Phan Đình Phùng, tỉnh Thái Nguyên',
      },
      fields: {},
      delivery: { method: 'AT_CENTRE' },
      createdAt: vn('2026-03-02 08:40'),
      submittedAt: vn('2026-03-02 09:00'),
      receivedAt: vn('2026-03-02 09:00'),
      code: CODE,
      appointment: { dueDate: '2026-03-05', dueAt: vn('2026-03-05 17:00') },
      ...over,
    },
    documents: [
      {
        documentId: 'doc-1',
        requirementId: 'd1',
        key: 'dossiers/x/doc-1',
        fileName: 'giay-de-nghi.pdf',
        declaredType: 'application/pdf',
        declaredSize: 1000,
        createdAt: vn('2026-03-02 08:45'),
        status: 'VERIFIED',
      },
    ],
    events: [
      ev('DRAFT_CREATED', '2026-03-02 08:40', 'DRAFT'),
      ev('SUBMITTED', '2026-03-02 09:00', 'SUBMITTED'),
      ev('INTAKE_ACCEPTED', '2026-03-02 09:30', 'IN_PROGRESS', {
        appointment: '2026-03-05',
        provisional: false,
      }),
      ev('STEP_ASSIGNED', '2026-03-02 09:30', 'IN_PROGRESS', { stepId: 'S01', departmentId: 'STC' }),
    ],
    steps: [step()],
  };
}

function context(facts: DossierFacts): FormContext {
  return {
    facts,
    procedure,
    centre: { name: CENTRE, email: 'ttpvhcc@thainguyen.gov.vn' },
    departments: new Map([
      ['STC', { name: 'Sở Tài chính', email: 'stc@thainguyen.gov.vn' }],
      ['SXD', { name: 'Sở Xây dựng' }],
      ['SYT', { name: 'Sở Y tế' }],
    ]),
    calendar,
    publicWebUrl: WEB,
  };
}

interface ReadBack {
  bytes: Uint8Array;
  pages: number;
  sizes: number[][];
  /** All text, whitespace collapsed to single spaces. */
  text: string;
}

async function render(form: FormCode, facts: DossierFacts): Promise<ReadBack> {
  const bytes = await renderForm(buildFormData(form, context(facts)), fonts);
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const sizes: number[][] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    sizes.push(page.view.slice(2).map((v) => Math.round(v * 100) / 100));
  }
  const { text } = await extractText(pdf, { mergePages: true });
  return { bytes, pages: pdf.numPages, sizes, text: text.replace(/\s+/g, ' ') };
}

const NATIONAL = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'];

describe('form 01: receipt and appointment (giấy tiếp nhận hồ sơ và hẹn trả kết quả)', () => {
  it('is a one-page A5 PDF with the national heading, the code, the applicant and the appointment date', async () => {
    const r = await render('01', accepted());
    expect(Buffer.from(r.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(r.pages).toBe(1);
    expect(r.sizes).toEqual([A5]);
    for (const s of [
      ...NATIONAL,
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG',
      `Mã hồ sơ: ${CODE}`,
      `Ông/Bà ${NAME}`,
      'Đăng ký thành lập doanh nghiệp tư nhân',
      '1. Thành phần hồ sơ nộp gồm:',
      'Giấy đề nghị đăng ký doanh nghiệp (bản điện tử)',
      '3 ngày làm việc',
      '09 giờ 00 phút, ngày 02/03/2026',
      '17 giờ 00 phút, ngày 05/03/2026',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
      'ngày 02 tháng 03 năm 2026',
    ])
      expect(r.text).toContain(s);
  });

  it('prints the look-up address the QR code encodes, and never the lookup secret', async () => {
    const r = await render('01', accepted({ secretHash: 'sha256-of-the-secret' }));
    expect(r.text.replace(/\s/g, '')).toContain(lookupUrl(WEB, CODE));
    expect(lookupUrl(`${WEB}/`, CODE)).toBe(`${WEB}/lookup#code=${encodeURIComponent(CODE)}`);
    expect(r.text).not.toContain('sha256-of-the-secret');
  });

  it('prints the look-up address whole on one line, however long the address of the web app', async () => {
    // The address as read from the PDF with its line breaks kept: a wrapped address would be split.
    const raw = async (web: string) => {
      const ctx = { ...context(accepted()), publicWebUrl: web };
      const pdf = await getDocumentProxy(new Uint8Array(await renderForm(buildFormData('01', ctx), fonts)));
      return (await extractText(pdf, { mergePages: true })).text;
    };
    for (const web of [WEB, 'https://dichvucong.motcua-hanh-chinh-cong.thainguyen.gov.vn/cong-dan'])
      expect((await raw(web)).split('\n')).toContain(`“${lookupUrl(web, CODE)}”`);
  });

  it('keeps the appointment issued at intake after a later apology moved the date', async () => {
    const facts = accepted({ appointment: { dueDate: '2026-03-10', dueAt: vn('2026-03-10 17:00') } });
    const r = await render('01', facts);
    expect(r.text).toContain('17 giờ 00 phút, ngày 05/03/2026');
    expect(r.text).not.toContain('10/03/2026');
  });

  it('draws decomposed (NFD) input with the precomposed glyphs, and renders deterministically', async () => {
    const facts = accepted();
    if (facts.dossier.applicant.type === 'INDIVIDUAL')
      facts.dossier.applicant.fullName = NAME.normalize('NFD');
    const r = await render('01', facts);
    expect(r.text).toContain(NAME);
    const again = await render('01', facts);
    expect(Buffer.compare(Buffer.from(r.bytes), Buffer.from(again.bytes))).toBe(0);
  });

  it('names an organisation and its representative', async () => {
    const r = await render(
      '01',
      accepted({
        applicant: {
          type: 'ORGANISATION',
          organisationName: 'Công ty TNHH Thương mại Đồng Hỷ',
          representative: { fullName: 'Lưu Văn Đức', idNumber: '019190001234' },
          phone: '0912345678',
          address: 'Tổ 5, phường Đồng Quang, tỉnh Thái Nguyên',
        },
      }),
    );
    expect(r.text).toContain('Công ty TNHH Thương mại Đồng Hỷ');
    expect(r.text).toContain('Người đại diện theo pháp luật: Lưu Văn Đức');
  });
});

describe('form 02: supplement request (phiếu yêu cầu bổ sung, hoàn thiện hồ sơ)', () => {
  const supplement = (missing: string[], stepEvent = false): DossierFacts => {
    const facts = accepted({
      status: 'SUPPLEMENT_REQUESTED',
      notice: {
        kind: 'SUPPLEMENT',
        missing,
        reasons: ['Chữ ký trên giấy đề nghị không khớp với giấy tờ pháp lý'],
        at: vn('2026-03-03 10:00'),
        dueAt: vn('2026-04-02 17:00'),
      },
    });
    facts.events.push(
      stepEvent
        ? ev('STEP_SUPPLEMENT_REQUESTED', '2026-03-03 10:00', 'SUPPLEMENT_REQUESTED', { stepId: 'S01' })
        : ev('INTAKE_SUPPLEMENT_REQUESTED', '2026-03-03 10:00', 'SUPPLEMENT_REQUESTED'),
    );
    return facts;
  };

  it('lists every missing item in one notice, with the reasons, the time limit and the department', async () => {
    const r = await render(
      '02',
      supplement(['Bản sao căn cước của chủ doanh nghiệp', 'Giấy ủy quyền'], true),
    );
    expect(r.sizes).toEqual([A5]);
    for (const s of [
      ...NATIONAL,
      'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
      CODE,
      NAME,
      '1. Bản sao căn cước của chủ doanh nghiệp',
      '2. Giấy ủy quyền',
      'Chữ ký trên giấy đề nghị không khớp với giấy tờ pháp lý',
      'trước 17 giờ 00 phút, ngày 02/04/2026',
      'SỞ TÀI CHÍNH',
      'Sở Tài chính (thư điện tử: stc@thainguyen.gov.vn)',
      'NGƯỜI HƯỚNG DẪN',
    ])
      expect(r.text).toContain(s);
  });

  it('flows a long notice onto further A5 pages with the code in every footer', async () => {
    const missing = Array.from(
      { length: 50 },
      (_, i) => `Tài liệu còn thiếu số ${i + 1}: bản sao có chứng thực`,
    );
    const r = await render('02', supplement(missing));
    expect(r.pages).toBeGreaterThan(1);
    expect(new Set(r.sizes.map(String))).toEqual(new Set([String(A5)]));
    expect(r.text).toContain('50. Tài liệu còn thiếu số 50');
    expect(r.text).toContain(`Trang 2/${r.pages}`);
    expect(r.text).toContain('Kiểm tra: motcua.thainguyen.gov.vn/verify');
    expect(r.text).toContain('TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG');
  });
});

describe('form 03: refusal (phiếu từ chối tiếp nhận giải quyết hồ sơ)', () => {
  it('gives the centre’s reasons for refusing at intake', async () => {
    const facts = accepted({
      status: 'REFUSED',
      notice: {
        kind: 'REFUSAL',
        reasons: ['Ngành nghề kinh doanh bị cấm đầu tư'],
        missing: [],
        at: vn('2026-03-02 10:00'),
      },
    });
    facts.events = facts.events.slice(0, 2);
    facts.events.push(ev('INTAKE_REFUSED', '2026-03-02 10:00', 'REFUSED'));
    facts.steps = [];
    const r = await render('03', facts);
    expect(r.sizes).toEqual([A5]);
    for (const s of [
      'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
      CODE,
      NAME,
      'thông báo không tiếp nhận, giải quyết hồ sơ này',
      '1. Ngành nghề kinh doanh bị cấm đầu tư',
      'NGƯỜI TIẾP NHẬN',
    ])
      expect(r.text).toContain(s);
  });

  it('is issued by the department when it refuses on the merits', async () => {
    const facts = accepted({
      status: 'REFUSED',
      notice: {
        kind: 'REFUSAL',
        reasons: ['Tên doanh nghiệp trùng'],
        missing: [],
        at: vn('2026-03-04 15:00'),
      },
    });
    facts.events.push(ev('STEP_REFUSED', '2026-03-04 15:00', 'REFUSED', { stepId: 'S01' }));
    const r = await render('03', facts);
    expect(r.text).toContain('SỞ TÀI CHÍNH');
    expect(r.text).toContain('Sở Tài chính thông báo từ chối giải quyết hồ sơ này');
    expect(r.text).toContain('THỦ TRƯỞNG CƠ QUAN');
  });
});

describe('form 04: apology and new date (phiếu xin lỗi và hẹn lại ngày trả kết quả)', () => {
  it('apologises from the department with the old and the new date', async () => {
    const facts = accepted({ appointment: { dueDate: '2026-03-10', dueAt: vn('2026-03-10 17:00') } });
    facts.steps = [step({ extended: true, dueDate: '2026-03-10', dueAt: vn('2026-03-10 17:00') })];
    facts.events.push(
      ev('STEP_EXTENDED', '2026-03-04 09:00', 'IN_PROGRESS', {
        stepId: 'S01',
        from: '2026-03-05',
        to: '2026-03-10',
      }),
    );
    const r = await render('04', facts);
    expect(r.sizes).toEqual([A5]);
    for (const s of [
      'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
      CODE,
      `Kính gửi: Ông/Bà ${NAME}`,
      'SỞ TÀI CHÍNH',
      'Ngày 02/03/2026, Trung tâm Phục vụ hành chính công tỉnh Thái Nguyên tiếp nhận',
      'theo quy định: ngày 05/03/2026',
      'vào ngày 10/03/2026',
      'Lý do:',
      'THỦ TRƯỞNG CƠ QUAN',
      'ngày 04 tháng 03 năm 2026',
    ])
      expect(r.text).toContain(s);
  });
});

describe('form 05: process-control sheet (phiếu kiểm soát quá trình giải quyết hồ sơ)', () => {
  it('lists each hand-over with the time allowed and taken, early / on time / late', async () => {
    // Liên thông: SXD (stage 0, 4 days) then SYT and STC in parallel (stage 1, 3 days each).
    const facts = accepted({
      status: 'RETURNED',
      appointment: { dueDate: '2026-03-12', dueAt: vn('2026-03-12 17:00') },
    });
    facts.steps = [
      step({
        stepId: 'S01',
        departmentId: 'SXD',
        task: 'Thẩm định hồ sơ',
        allotted: { amount: 4, unit: 'WORKING_DAYS' },
        dueDate: '2026-03-06',
        dueAt: vn('2026-03-06 17:00'),
        status: 'DONE',
        completedAt: vn('2026-03-04 11:00'),
        classification: 'EARLY',
      }),
      step({
        stepId: 'S02',
        stage: 1,
        departmentId: 'SYT',
        task: 'Lấy ý kiến chuyên ngành',
        startedAt: vn('2026-03-04 11:00'),
        dueDate: '2026-03-09',
        dueAt: vn('2026-03-09 17:00'),
        status: 'DONE',
        completedAt: vn('2026-03-09 16:00'),
        classification: 'ON_TIME',
      }),
      step({
        stepId: 'S03',
        stage: 1,
        departmentId: 'STC',
        task: 'Xác định nghĩa vụ tài chính',
        startedAt: vn('2026-03-04 11:00'),
        dueDate: '2026-03-09',
        dueAt: vn('2026-03-09 17:00'),
        status: 'DONE',
        completedAt: vn('2026-03-11 09:00'),
        classification: 'LATE',
        supplementRequests: 1,
      }),
    ];
    facts.events.push(
      ev('RESULT_READY', '2026-03-11 09:00', 'RESULT_READY'),
      ev('RESULT_RETURNED', '2026-03-11 14:00', 'RETURNED'),
    );
    const r = await render('05', facts);
    expect(r.sizes[0]).toEqual(A4);
    for (const s of [
      ...NATIONAL,
      'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
      CODE,
      `Kèm theo hồ sơ của: Ông/Bà ${NAME}`,
      'Ngày hẹn trả kết quả: 12/03/2026',
      'Sở Xây dựng (Thẩm định hồ sơ)',
      'Sở Y tế (Lấy ý kiến chuyên ngành)',
      'Sở Tài chính (Xác định nghĩa vụ tài chính)',
      '4 ngày làm việc Hạn: 06/03/2026',
      '3 ngày làm việc Hạn: 09/03/2026',
      'Yêu cầu bổ sung 1 lần',
      'Kết quả chuyển về Trung tâm',
      'Đã trả kết quả',
    ])
      expect(r.text).toContain(s);
    // Taken: SXD Mon 09:30 → Wed = 2 days (Sớm hạn); SYT Wed → Mon = 3 days (Đúng hạn); STC Wed → Wed = 5 (Quá hạn).
    expect(r.text).toMatch(/Sở Xây dựng \(Thẩm định hồ sơ\).*2 ngày làm việc Sớm hạn/);
    expect(r.text).toMatch(/Sở Y tế \(Lấy ý kiến chuyên ngành\).*3 ngày làm việc Đúng hạn/);
    expect(r.text).toMatch(/Sở Tài chính \(Xác định nghĩa vụ tài chính\).*5 ngày làm việc Quá hạn/);
    // The second stage received the dossier from the first; the result went back to the centre on 11/03,
    // before the appointment of 12/03.
    expect(r.text).toContain('Giao: Sở Xây dựng Nhận: Sở Y tế');
    expect(r.text).toMatch(/Giao: Sở Y tế, Sở Tài chính Nhận: Trung tâm .*09:00 11\/03\/2026.*Sớm hạn/);
  });

  it('shows an unfinished, overdue step as late and the centre’s intake timing', async () => {
    const facts = accepted();
    facts.steps = [step({ escalatedAt: vn('2026-03-05 17:00') })];
    const r = await render('05', facts);
    expect(r.text).toMatch(
      /Người nộp hồ sơ \(trực tuyến\) Nhận: Trung tâm .*09:00 02\/03\/2026 1 ngày làm việc Trong ngày Sớm hạn/,
    );
    expect(r.text).toMatch(/Sở Tài chính .*Đang giải quyết Quá hạn Đã quá hạn/);
  });
});

describe('which forms a dossier has', () => {
  const available = (facts: DossierFacts) => FORM_CODES.filter((f) => !formUnavailableReason(f, facts));

  it('has none before submission and only the control sheet while intake is pending', () => {
    const draft = accepted({ status: 'DRAFT', code: undefined, submittedAt: undefined });
    draft.events = draft.events.slice(0, 1);
    draft.steps = [];
    expect(available(draft)).toEqual([]);
    const submitted = accepted({ status: 'SUBMITTED', appointment: undefined });
    submitted.events = submitted.events.slice(0, 2);
    submitted.steps = [];
    expect(available(submitted)).toEqual(['05']);
  });

  it('adds the receipt on acceptance, 02 with a supplement notice, 03 on refusal, 04 after an extension', () => {
    expect(available(accepted())).toEqual(['01', '05']);
    expect(
      available(
        accepted({ notice: { kind: 'SUPPLEMENT', missing: ['x'], reasons: [], at: vn('2026-03-03 10:00') } }),
      ),
    ).toEqual(['01', '02', '05']);
    expect(available(accepted({ status: 'REFUSED' }))).toEqual(['01', '03', '05']);
    const extended = accepted();
    extended.steps = [step({ extended: true })];
    extended.events.push(ev('STEP_EXTENDED', '2026-03-04 09:00', 'IN_PROGRESS', { stepId: 'S01' }));
    expect(available(extended)).toEqual(['01', '04', '05']);
    expect(() => buildFormData('03', context(accepted()))).toThrow(RangeError);
  });
});
