import { describe, expect, it } from 'vitest';
import { fontBytes } from '../../shared/forms/fonts.ts';
import {
  type ApologyForm,
  FORM_TITLES,
  type FormData,
  type FormHeader,
  type ProcessControlForm,
  type ReceiptForm,
  type RefusalForm,
  type SupplementRequestForm,
} from '../../shared/forms/model.ts';
import { PdfDocument } from '../../shared/forms/pdf.ts';
import { structElement } from '../../shared/forms/pdf-structure.ts';
import { renderForm } from '../../shared/forms/render.ts';
import { fontsOf, qpdfCheck, readTagged, type TaggedPdf } from '../support/tagged-pdf.ts';

/*
 * The forms as tagged, accessible PDF (PDF/UA-1, ISO 14289-1; docs/pdf-and-signing.md): read back
 * by pdf.js the way a screen reader meets them — the structure tree of each page in reading order,
 * the text each element holds — and checked against the PDF/UA rules a test can check without
 * veraPDF: marked as tagged, every text run in an element or an artifact, a title shown by viewers,
 * the language, XMP with the PDF/UA identification, alternate text on figures, fonts embedded with
 * Unicode maps; and `qpdf --check` finds nothing wrong.
 */
const fonts = fontBytes();
const CODE = '000.99.00.H55-260302-0001';
const CENTRE = 'Trung tâm Phục vụ hành chính công tỉnh Thái Nguyên';
const WEB = 'https://motcua.thainguyen.gov.vn';

function header(form: FormHeader['form'], web = WEB): FormHeader {
  return {
    form,
    issuer: CENTRE,
    issuedAt: '2026-03-02T02:30:00.000Z',
    code: CODE,
    procedure: { code: '2.001610', name: 'Đăng ký thành lập doanh nghiệp tư nhân' },
    applicant: {
      kind: 'INDIVIDUAL',
      name: 'Nguyễn Thị Hồng Nhung',
      address: 'Số 12, đường Hoàng Văn Thụ, phường Phan Đình Phùng, tỉnh Thái Nguyên',
      phone: '0912345678',
    },
    lookupUrl: `${web}/lookup#code=${encodeURIComponent(CODE)}`,
    verifyUrl: `${web}/verify`,
  };
}

const receipt = (web = WEB): ReceiptForm => ({
  ...header('01', web),
  form: '01',
  receivedAt: '2026-03-02T02:00:00.000Z',
  documents: [
    { name: 'Giấy đề nghị đăng ký doanh nghiệp', note: 'bản điện tử' },
    { name: 'Bản sao căn cước của chủ doanh nghiệp', note: 'bản điện tử' },
  ],
  statutoryTime: '3 ngày làm việc',
  appointmentAt: '2026-03-05T10:00:00.000Z',
  provisional: false,
  delivery: 'Nhận trực tiếp tại Trung tâm',
});

const forms: FormData[] = [
  receipt(),
  {
    ...header('02'),
    form: '02',
    missing: Array.from({ length: 45 }, (_, i) => `Tài liệu còn thiếu số ${i + 1}: bản sao có chứng thực`),
    reasons: ['Chữ ký trên giấy đề nghị không khớp với giấy tờ pháp lý'],
    dueAt: '2026-04-02T10:00:00.000Z',
    contact: 'Sở Tài chính',
  } satisfies SupplementRequestForm,
  {
    ...header('03'),
    form: '03',
    atIntake: true,
    reasons: ['Hồ sơ không thuộc thẩm quyền'],
  } satisfies RefusalForm,
  {
    ...header('04'),
    form: '04',
    receivedBy: CENTRE,
    receivedAt: '2026-03-02T02:00:00.000Z',
    previousDueDate: '2026-03-05',
    newDueDate: '2026-03-10',
    reasons: [],
  } satisfies ApologyForm,
  {
    ...header('05'),
    form: '05',
    submittedAt: '2026-03-02T02:00:00.000Z',
    statutoryTime: '3 ngày làm việc',
    appointmentDate: '2026-03-05',
    rows: Array.from({ length: 24 }, (_, i) => ({
      from: 'Trung tâm Phục vụ hành chính công',
      to: `Sở Tài chính — bước ${i + 1}`,
      receivedAt: '2026-03-02T02:30:00.000Z',
      allowed: '1 ngày làm việc',
      dueDate: '2026-03-03',
      taken: '0,5 ngày làm việc',
      result: 'EARLY' as const,
      note: '',
    })),
  } satisfies ProcessControlForm,
];

const rendered = new Map<string, Promise<{ bytes: Uint8Array; pdf: TaggedPdf }>>();
function tagged(data: FormData) {
  const key = `${data.form}:${data.verifyUrl}`;
  if (!rendered.has(key))
    rendered.set(
      key,
      renderForm(data, fonts).then(async (bytes) => ({ bytes, pdf: await readTagged(bytes) })),
    );
  return rendered.get(key)!;
}

describe.each(forms.map((f) => [f.form, f] as const))('form %s as tagged PDF', (form, data) => {
  it('claims to be tagged, PDF/UA-1, with its title shown, its language and XMP metadata', async () => {
    const { pdf } = await tagged(data);
    expect(pdf.marked).toBe(true);
    expect(pdf.displayDocTitle).toBe(true);
    expect(pdf.info.Title).toBe(`${FORM_TITLES[form]} — ${CODE}`);
    expect(pdf.info.Language).toBe('vi-VN');
    expect(pdf.xmp['pdfuaid:part']).toBe('1');
    expect(pdf.xmp['dc:title']).toBe(`${FORM_TITLES[form]} — ${CODE}`);
    expect(pdf.xmp['dc:language']).toBe('vi-VN');
    expect(pdf.xmp['pdf:producer']).toBe('motcua');
  });

  it('has every text run in a structure element or an artifact, and only the footer as artifact text', async () => {
    const { pdf } = await tagged(data);
    for (const [i, page] of pdf.pages.entries()) {
      expect(page.untagged, `page ${i + 1}`).toEqual([]);
      expect(page.nodes[0]?.role, `page ${i + 1}`).toBe('Document');
      expect(page.artifacts.join(' '), `page ${i + 1}`).toContain(`Trang ${i + 1}/${pdf.pages.length}`);
    }
  });

  it('reads the national heading, then the title as the one H1, the code, and the QR code as a figure', async () => {
    const { pdf } = await tagged(data);
    const nodes = pdf.pages.flatMap((p) => p.nodes);
    const h1 = nodes.filter((n) => n.role === 'H1');
    expect(h1.map((n) => n.text)).toEqual([FORM_TITLES[form]]);
    const first = pdf.pages[0]!.nodes;
    const at = first.findIndex((n) => n.role === 'H1');
    // Before the title only the heading of the Circular's forms, in the order a reader reads it.
    expect(first.slice(1, at).map((n) => [n.role, n.text])).toEqual([
      ['P', CENTRE.toLocaleUpperCase('vi-VN')],
      ['P', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
      ['P', 'Độc lập - Tự do - Hạnh phúc'],
      ['P', 'ngày 02 tháng 03 năm 2026'],
    ]);
    expect(first[at + 1]).toMatchObject({ role: 'P', text: `Mã hồ sơ: ${CODE}` });
    const figures = nodes.filter((n) => n.role === 'Figure');
    expect(figures).toHaveLength(1);
    expect(figures[0]!.alt).toMatch(new RegExp(`^Mã QR tra cứu hồ sơ ${CODE.replace(/\./g, '\\.')}`));
    const after = nodes.slice(nodes.indexOf(figures[0]!) + 1, nodes.indexOf(figures[0]!) + 3);
    expect(after.map((n) => n.role)).toEqual(['P', 'P']);
    expect(after[1]!.text).toBe(`“${data.lookupUrl}”`);
  });

  it('passes qpdf --check, with every font embedded and mapped to Unicode', async () => {
    const { bytes } = await tagged(data);
    const check = qpdfCheck(bytes);
    expect(check.report).toContain('No syntax or stream encoding errors found');
    expect(check.status).toBe(0);
    const fontList = fontsOf(bytes);
    expect(fontList.length).toBeGreaterThan(0);
    for (const f of fontList) expect(f).toMatchObject({ toUnicode: true, embedded: true });
  });
});

describe('the forms’ structure', () => {
  it('lists the receipt’s documents as a list of labelled items', async () => {
    const nodes = (await tagged(forms[0]!)).pdf.pages[0]!.nodes;
    const list = nodes.findIndex((n) => n.role === 'L');
    expect(nodes[list - 1]).toMatchObject({ role: 'P', text: '1. Thành phần hồ sơ nộp gồm:' });
    expect(nodes.slice(list + 1, list + 7).map((n) => [n.role, n.text])).toEqual([
      ['LI', '1) Giấy đề nghị đăng ký doanh nghiệp (bản điện tử)'],
      ['Lbl', '1)'],
      ['LBody', 'Giấy đề nghị đăng ký doanh nghiệp (bản điện tử)'],
      ['LI', '2) Bản sao căn cước của chủ doanh nghiệp (bản điện tử)'],
      ['Lbl', '2)'],
      ['LBody', 'Bản sao căn cước của chủ doanh nghiệp (bản điện tử)'],
    ]);
  });

  it('keeps a list that runs onto the next page one list, read in order', async () => {
    const { pdf } = await tagged(forms[1]!);
    expect(pdf.pages.length).toBeGreaterThan(1);
    // pdf.js gives each page the elements with content there: the list's items continue.
    const bodies = pdf.pages.flatMap((p) => p.nodes.filter((n) => n.role === 'LBody').map((n) => n.text));
    const numbered = bodies.filter((t) => t.startsWith('Tài liệu còn thiếu'));
    expect(numbered).toEqual(
      Array.from({ length: 45 }, (_, i) => `Tài liệu còn thiếu số ${i + 1}: bản sao có chứng thực`),
    );
  });

  it('tags the process-control sheet’s hand-overs as a table with column headers, header repeats as artifacts', async () => {
    const { pdf } = await tagged(forms[4]!);
    expect(pdf.pages.length).toBeGreaterThan(1);
    const nodes = pdf.pages.flatMap((p) => p.nodes);
    const headers = nodes.filter((n) => n.role === 'TH').map((n) => n.text);
    // Once: on a later page the repeated header row is an artifact, not a second header.
    expect(headers).toEqual([
      'STT',
      'Giao, nhận hồ sơ',
      'Thời điểm nhận hồ sơ',
      'Thời gian cho phép',
      'Thời gian thực hiện',
      'Kết quả (sớm hạn / đúng hạn / quá hạn)',
      'Ghi chú',
    ]);
    expect(pdf.pages[1]!.artifacts.join(' ')).toContain('STT');
    const rows = nodes.filter((n) => n.role === 'TR');
    expect(rows.length).toBeGreaterThanOrEqual(25);
    const first = nodes.indexOf(rows[1]!);
    expect(nodes.slice(first + 1, first + 4).map((n) => [n.role, n.text])).toEqual([
      ['TD', '1'],
      ['TD', 'Giao: Trung tâm Phục vụ hành chính công Nhận: Sở Tài chính — bước 1'],
      ['TD', '09:30 02/03/2026'],
    ]);
  });

  it('leaves the apology’s lines to write the reason on out of the text read aloud', async () => {
    const { pdf } = await tagged(forms[3]!);
    const nodes = pdf.pages.flatMap((p) => p.nodes);
    expect(nodes.some((n) => n.role === 'P' && n.text === 'Lý do:')).toBe(true);
    expect(nodes.some((n) => n.text.includes('....'))).toBe(false);
    expect(pdf.pages[0]!.artifacts.some((t) => t.includes('....'))).toBe(true);
  });
});

describe('the footer', () => {
  const long =
    `https://${'dich-vu-cong-truc-tuyen.'.repeat(4)}thainguyen.gov.vn/${'cong-dan/'.repeat(2)}`.slice(0, 120);

  it('stays inside the margins with a 120-character address, which it prints whole', async () => {
    expect(long).toHaveLength(120);
    for (const data of [receipt(long), receipt()]) {
      const { pdf } = await tagged(data);
      const page = pdf.pages[0]!;
      for (const run of page.runs) {
        expect(run.left, run.text).toBeGreaterThanOrEqual(42 - 0.01);
        expect(run.right, run.text).toBeLessThanOrEqual(page.width - 42 + 0.01);
      }
      const footer = page.artifacts.join('');
      expect(footer.replace(/\s/g, '')).toContain(`Kiểmtra:${data.verifyUrl.replace(/^https:\/\//, '')}`);
      expect(footer).toContain('Trang 1/1');
    }
  });

  it('keeps one line when the address fits', async () => {
    const { pdf } = await tagged(receipt());
    expect(pdf.pages[0]!.artifacts).toEqual([
      `Mẫu số 01 · ${CODE} · Kiểm tra: motcua.thainguyen.gov.vn/verify — Trang 1/1`,
    ]);
  });
});

describe('the PDF writer’s tagging', () => {
  it('refuses to draw outside a structure element or an artifact', () => {
    const doc = new PdfDocument({
      title: 't',
      subject: 's',
      author: 'a',
      creator: 'c',
      producer: 'p',
      language: 'vi-VN',
      created: new Date('2026-03-02T00:00:00Z'),
    });
    const font = doc.embedFont('MOTCUA+DejaVuSans', fonts.regular);
    const page = doc.addPage(200, 200);
    expect(() => page.drawLine(0, 0, 10, 10, 1, [0, 0, 0])).toThrow(/Untagged content/);
    const h1 = structElement('H1');
    doc.structure.kids.push(h1, structElement('P'));
    expect(() => page.tagged(h1, () => page.artifact(() => page.drawLine(0, 0, 1, 1, 1, [0, 0, 0])))).toThrow(
      /not nested/,
    );
    page.tagged(h1, () => page.drawText('Tiêu đề', { x: 10, y: 100, size: 12, font, color: [0, 0, 0] }));
    const bytes = doc.save();
    // An element with no content (the P) is left out of the file.
    expect(Buffer.from(bytes).toString('latin1')).not.toContain('/S /P ');
    expect(qpdfCheck(bytes).status).toBe(0);
  });

  it('writes a tree pdf.js reads: a Figure with its alternate text across two pages, MCIDs per page', async () => {
    const doc = new PdfDocument({
      title: 'Giấy tiếp nhận',
      subject: 's',
      author: 'a',
      creator: 'c',
      producer: 'p',
      language: 'vi-VN',
      created: new Date('2026-03-02T00:00:00Z'),
    });
    const font = doc.embedFont('MOTCUA+DejaVuSans', fonts.regular);
    const [one, two] = [doc.addPage(200, 200), doc.addPage(200, 200)];
    const [h1, figure, p] = [
      structElement('H1'),
      structElement('Figure', { alt: 'Mã QR tra cứu hồ sơ X' }),
      structElement('P'),
    ];
    doc.structure.kids.push(h1, figure, p);
    const text = (page: typeof one, s: string, y: number) =>
      page.drawText(s, { x: 10, y, size: 10, font, color: [0, 0, 0] });
    one.tagged(h1, () => text(one, 'Tiêu đề', 150));
    one.tagged(figure, () => one.fillRectangles([[10, 10, 20, 20]], [0, 0, 0]));
    one.tagged(p, () => text(one, 'Đoạn một,', 50));
    two.tagged(p, () => text(two, 'tiếp trang hai.', 150));
    two.artifact(() => text(two, 'Trang 2/2', 10), 'Footer');
    const pdf = await readTagged(doc.save());
    expect(pdf.pages[0]!.nodes.map((n) => [n.role, n.text, n.alt ?? null])).toEqual([
      ['Document', 'Tiêu đề Đoạn một,', null],
      ['H1', 'Tiêu đề', null],
      ['Figure', '', 'Mã QR tra cứu hồ sơ X'],
      ['P', 'Đoạn một,', null],
    ]);
    expect(pdf.pages[1]!.nodes.map((n) => [n.role, n.text])).toEqual([
      ['Document', 'tiếp trang hai.'],
      ['P', 'tiếp trang hai.'],
    ]);
    expect(pdf.pages[1]!.artifacts).toEqual(['Trang 2/2']);
    expect(pdf.pages.every((pg) => pg.untagged.length === 0)).toBe(true);
  });
});
