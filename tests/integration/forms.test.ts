import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { config } from '../../shared/adapters/config.ts';
import { s3Client } from '../../shared/adapters/s3-client.ts';
import { useLocalStack } from '../support/api.ts';
import {
  accept,
  advanceTo,
  bearer,
  decide,
  MON_2026_03_02_0900,
  type Submitted,
  staff,
  submit,
  version,
} from '../support/workflow.ts';

/**
 * The official forms end to end on the local stack: the citizen's receipt (form 01) with the code
 * and lookup secret, and the staff forms 01–05 as the dossier moves through intake and processing.
 * Every dossier is submitted Monday 02/03/2026 09:00 for 2.001610 (3 working days, Sở Tài chính):
 * accepted that morning, it is due Thursday 05/03/2026.
 */
const NAME = 'Nguyễn Thị Hồng Nhung';
const A5 = [419.53, 595.28];

interface PdfAnswer {
  status: number;
  headers: Headers;
  /** The problem+json body when the answer is not a PDF. */
  problem?: { code: string; status: number };
  bytes?: Uint8Array;
  text?: string;
  pageSize?: number[];
}

async function getPdf(url: string, headers: Record<string, string>): Promise<PdfAnswer> {
  const res = await fetch(url, { headers });
  const body = new Uint8Array(await res.arrayBuffer());
  if (!res.headers.get('content-type')?.startsWith('application/pdf')) {
    return {
      status: res.status,
      headers: res.headers,
      problem: JSON.parse(Buffer.from(body).toString('utf8')),
    };
  }
  const pdf = await getDocumentProxy(body.slice());
  const page = await pdf.getPage(1);
  const { text } = await extractText(pdf, { mergePages: true });
  return {
    status: res.status,
    headers: res.headers,
    bytes: body,
    text: text.replace(/\s+/g, ' '),
    pageSize: page.view.slice(2).map((v) => Math.round(v * 100) / 100),
  };
}

describe('official forms as PDF', () => {
  const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });
  const receipt = (d: Submitted, secret = d.secret) =>
    getPdf(`${stack().urls.api}/lookup/${d.code}/receipt.pdf`, { 'x-lookup-secret': secret });
  const staffForm = async (d: Submitted, form: string) =>
    getPdf(
      `${stack().urls.api}/staff/dossiers/${d.dossierId}/forms/${form}`,
      await bearer(stack(), 'lanhdao.ttpvhcc'),
    );
  const storedForms = async (d: Submitted) => {
    const res = await s3Client().send(
      new ListObjectsV2Command({
        Bucket: config().DOCUMENTS_BUCKET,
        Prefix: `dossiers/${d.dossierId}/forms/`,
      }),
    );
    return (res.Contents ?? []).map((o) => o.Key!);
  };

  let accepted: Submitted;

  it('gives the citizen the receipt only once the dossier is accepted, and only with the right secret', async () => {
    const d = await submit(stack());
    const before = await receipt(d);
    expect(before.status).toBe(404);
    expect(before.problem?.code).toBe('FORM_NOT_AVAILABLE');
    expect(before.headers.get('content-type')).toContain('application/problem+json');
    expect(await storedForms(d)).toEqual([]);

    expect((await accept(stack(), d)).status).toBe(200);
    const wrong = await receipt(d, 'AAAAAAAAAAAAAAAA');
    expect(wrong.status).toBe(404);
    expect(wrong.problem?.code).toBe('DOSSIER_NOT_FOUND');
    const missingSecret = await getPdf(`${stack().urls.api}/lookup/${d.code}/receipt.pdf`, {});
    expect(missingSecret.problem?.code).toBe('DOSSIER_NOT_FOUND');

    const r = await receipt(d);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toBe(`inline; filename="01-${d.code}.pdf"`);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.pageSize).toEqual(A5);
    for (const s of [
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      `Mã hồ sơ: ${d.code}`,
      `Ông/Bà ${NAME}`,
      'Đăng ký thành lập doanh nghiệp tư nhân',
      '17 giờ 00 phút, ngày 05/03/2026',
      'Trung tâm Phục vụ hành chính công tỉnh Thái Nguyên',
    ])
      expect(r.text).toContain(s);
    expect(r.text!.replace(/\s/g, '')).toContain(`/lookup#code=${d.code}`);

    // Stored with the dossier on the first download, then served from storage.
    const keys = await storedForms(d);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(new RegExp(`^dossiers/${d.dossierId}/forms/01-\\d+\\.\\d+\\.pdf$`));
    const again = await receipt(d);
    expect(Buffer.compare(Buffer.from(again.bytes!), Buffer.from(r.bytes!))).toBe(0);
    expect(await storedForms(d)).toEqual(keys);
    accepted = d;
  });

  it('gives staff the receipt and the process-control sheet of an accepted dossier, and no other form', async () => {
    const d = accepted;
    expect((await staffForm(d, '01')).text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    const sheet = await staffForm(d, '05');
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('content-disposition')).toBe(`inline; filename="05-${d.code}.pdf"`);
    expect(sheet.text).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    expect(sheet.text).toMatch(
      /Nhận: Sở Tài chính 09:00 02\/03\/2026 3 ngày làm việc Hạn: 05\/03\/2026 Đang giải quyết/,
    );
    for (const form of ['02', '03', '04']) {
      const res = await staffForm(d, form);
      expect(res.status).toBe(404);
      expect(res.problem?.code).toBe('FORM_NOT_AVAILABLE');
    }
    const unknown = await staffForm(d, '06');
    expect(unknown.status).toBe(400);
  });

  it('issues form 02 after the department asks for a supplement', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    const asked = await decide(stack(), d, 'S01', {
      action: 'REQUEST_SUPPLEMENT',
      missing: ['Bản sao căn cước của chủ doanh nghiệp', 'Giấy ủy quyền'],
      reasons: ['Chữ ký trên giấy đề nghị không rõ'],
    });
    expect(asked.status).toBe(200);
    const r = await staffForm(d, '02');
    expect(r.status).toBe(200);
    expect(r.pageSize).toEqual(A5);
    for (const s of [
      'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
      d.code,
      NAME,
      '1. Bản sao căn cước của chủ doanh nghiệp',
      '2. Giấy ủy quyền',
      'Chữ ký trên giấy đề nghị không rõ',
      'SỞ TÀI CHÍNH',
    ])
      expect(r.text).toContain(s);
  });

  it('issues form 03 after a refusal at intake, and never a receipt', async () => {
    const d = await submit(stack());
    const refused = await staff(stack(), 'POST', `/staff/dossiers/${d.dossierId}/intake`, {
      decision: 'REFUSE',
      version: await version(d.dossierId),
      reasons: ['Ngành nghề kinh doanh thuộc danh mục cấm đầu tư kinh doanh'],
    });
    expect(refused.status).toBe(200);
    const r = await staffForm(d, '03');
    expect(r.status).toBe(200);
    for (const s of [
      'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
      d.code,
      NAME,
      'Ngành nghề kinh doanh thuộc danh mục cấm đầu tư kinh doanh',
    ])
      expect(r.text).toContain(s);
    expect((await receipt(d)).problem?.code).toBe('FORM_NOT_AVAILABLE');
  });

  it('issues form 04 after an apology with a new date, and the sheet shows the step finished early', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    await advanceTo(stack(), '2026-03-04 09:00');
    const extended = await decide(stack(), d, 'S01', {
      action: 'EXTEND',
      extension: { amount: 3, unit: 'WORKING_DAYS' },
      reasons: ['Cần xác minh thêm thông tin với cơ quan thuế'],
    });
    expect(extended.status).toBe(200);
    const r = await staffForm(d, '04');
    expect(r.status).toBe(200);
    for (const s of [
      'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
      d.code,
      `Kính gửi: Ông/Bà ${NAME}`,
      'SỞ TÀI CHÍNH',
      'theo quy định: ngày 05/03/2026',
      'vào ngày 10/03/2026',
      // The reason the officer gave is printed, not a blank line.
      'Cần xác minh thêm thông tin với cơ quan thuế',
    ])
      expect(r.text).toContain(s);

    // The first dossier, accepted Monday and due Thursday, is completed Wednesday: early.
    expect((await decide(stack(), accepted, 'S01', { action: 'COMPLETE' })).status).toBe(200);
    const sheet = await staffForm(accepted, '05');
    expect(sheet.text).toMatch(
      /Nhận: Sở Tài chính 09:00 02\/03\/2026 3 ngày làm việc Hạn: 05\/03\/2026 2 ngày làm việc Sớm hạn/,
    );
    expect(sheet.text).toContain('Kết quả chuyển về Trung tâm');
    // A new revision of the dossier is a new stored sheet; the earlier one stays as it was issued.
    const sheets = (await storedForms(accepted)).filter((k) => k.includes('/forms/05-'));
    expect(sheets).toHaveLength(2);
  });
});
