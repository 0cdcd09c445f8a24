import { describe, expect, it } from 'vitest';
import { Procedure } from '../../shared/contracts/catalogue.ts';
import { searchProcedures, summarise } from '../../shared/domain/catalogue.ts';

const procedure = (code: string, name: string, field: string, departmentIds: string[] = ['SXD']): Procedure =>
  Procedure.parse({
    code,
    version: 1,
    effectiveFrom: '2025-07-01',
    name,
    field: { code: null, name: field },
    level: 'PROVINCIAL',
    departmentIds,
    deadline: { amount: 5, unit: 'WORKING_DAYS' },
    fees: [],
    applicantTypes: ['INDIVIDUAL', 'ORGANISATION'],
    documents: [],
    formFields: [],
    onlineLevel: 'FULL',
    resultType: 'Giấy phép',
    legalBasis: [],
    source: { url: 'https://dichvucong.gov.vn/', crawledAt: '2026-07-18' },
    unknown: [],
  });

const businessRegistration = procedure(
  '2.001610',
  'Đăng ký thành lập doanh nghiệp tư nhân',
  'Thành lập và hoạt động doanh nghiệp',
  ['STC'],
);
const workRules = procedure('2.001955', 'Đăng ký nội quy lao động của doanh nghiệp', 'Lao động, tiền lương', [
  'SNV',
]);
const permitRenewal = procedure('1.013233', 'Gia hạn giấy phép xây dựng', 'Hoạt động xây dựng');
const permitReissue = procedure('1.013235', 'Cấp lại giấy phép xây dựng', 'Hoạt động xây dựng');
const certificate = procedure(
  '1.013217',
  'Cấp lại chứng chỉ hành nghề hoạt động xây dựng',
  'Hoạt động xây dựng',
);
const socialEnterprise = procedure(
  '2.000416',
  'Chuyển đổi doanh nghiệp thành doanh nghiệp xã hội',
  'Doanh nghiệp xã hội',
  ['STC', 'SXD'],
);

const all = [businessRegistration, workRules, permitRenewal, permitReissue, certificate, socialEnterprise];
const codes = (items: Procedure[]) => items.map((p) => p.code);

describe('searching the procedure catalogue', () => {
  it('lists every procedure sorted by Vietnamese name when there is no query', () => {
    const result = searchProcedures(all, {});
    expect(result.match).toBe('all');
    expect(result.items.map((p) => p.name)).toEqual([
      'Cấp lại chứng chỉ hành nghề hoạt động xây dựng',
      'Cấp lại giấy phép xây dựng',
      'Chuyển đổi doanh nghiệp thành doanh nghiệp xã hội',
      'Đăng ký nội quy lao động của doanh nghiệp',
      'Đăng ký thành lập doanh nghiệp tư nhân',
      'Gia hạn giấy phép xây dựng',
    ]);
  });

  it('sorts Đ after D and before E, as the Vietnamese alphabet does', () => {
    const dao = procedure('9.000001', 'Duyệt phương án', 'X');
    const dang = procedure('9.000002', 'Đăng ký', 'X');
    const e = procedure('9.000003', 'Em', 'X');
    expect(codes(searchProcedures([e, dang, dao], {}).items)).toEqual(['9.000001', '9.000002', '9.000003']);
  });

  it('does not reorder the caller’s array', () => {
    const input = [...all];
    searchProcedures(input, { q: 'xay dung' });
    expect(input).toEqual(all);
  });

  it('finds a procedure without diacritics in the query', () => {
    const result = searchProcedures(all, { q: 'dang ky thanh lap' });
    expect(result).toEqual({ items: [businessRegistration], match: 'all' });
  });

  it('finds a procedure with diacritics in NFD form', () => {
    const result = searchProcedures(all, { q: 'Gia hạn'.normalize('NFD') });
    expect(codes(result.items)).toEqual(['1.013233']);
  });

  it('finds a procedure by its code', () => {
    expect(codes(searchProcedures(all, { q: '2.001955' }).items)).toEqual(['2.001955']);
  });

  it('matches words of the field as well as the name', () => {
    expect(codes(searchProcedures(all, { q: 'tien luong' }).items)).toEqual(['2.001955']);
  });

  it('returns every full match sorted by name', () => {
    const result = searchProcedures(all, { q: 'giay phep xay' });
    expect(result.match).toBe('all');
    expect(codes(result.items)).toEqual(['1.013235', '1.013233']);
  });

  it('offers partial matches, best first, when nothing matches every word', () => {
    const result = searchProcedures(all, { q: 'cap lai giay phep lai xe' });
    expect(result.match).toBe('partial');
    // 1.013235 matches 5 of the 6 words, 1.013217 3 of 6 (`cap lai lai`); 1.013233 only 2 of 6 (`giay phep`).
    expect(codes(result.items)).toEqual(['1.013235', '1.013217']);
  });

  it('offers procedures matching exactly half the words, ordered by score then name', () => {
    const result = searchProcedures(all, { q: 'cap lai xe may' });
    expect(result.match).toBe('partial');
    expect(codes(result.items)).toEqual(['1.013217', '1.013235']);
  });

  it('returns nothing when fewer than half the words match', () => {
    expect(searchProcedures(all, { q: 'ho chieu xe may' })).toEqual({ items: [], match: 'partial' });
  });

  it('keeps only the procedures of a department, including a non-leading one', () => {
    expect(codes(searchProcedures(all, { department: 'STC' }).items)).toEqual(['2.000416', '2.001610']);
    expect(codes(searchProcedures(all, { department: 'SXD' }).items)).toEqual([
      '1.013217',
      '1.013235',
      '2.000416',
      '1.013233',
    ]);
  });

  it('keeps only the procedures of a field, matched without diacritics', () => {
    const result = searchProcedures(all, { field: 'hoat dong xay dung' });
    expect(codes(result.items)).toEqual(['1.013217', '1.013235', '1.013233']);
  });

  it('combines the query with the department and field filters', () => {
    expect(codes(searchProcedures(all, { q: 'doanh nghiep', department: 'STC' }).items)).toEqual([
      '2.000416',
      '2.001610',
    ]);
    expect(codes(searchProcedures(all, { q: 'doanh nghiep', field: 'lao dong' }).items)).toEqual([
      '2.001955',
    ]);
    expect(searchProcedures(all, { q: 'giay phep', department: 'STC' }).items).toEqual([]);
  });
});

describe('procedure summary', () => {
  it('keeps what a citizen needs to choose, and nothing more', () => {
    expect(summarise(businessRegistration)).toEqual({
      code: '2.001610',
      version: 1,
      name: 'Đăng ký thành lập doanh nghiệp tư nhân',
      field: { code: null, name: 'Thành lập và hoạt động doanh nghiệp' },
      departmentIds: ['STC'],
      deadline: { amount: 5, unit: 'WORKING_DAYS' },
      onlineLevel: 'FULL',
    });
  });
});
