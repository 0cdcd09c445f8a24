import { describe, expect, it } from 'vitest';
import { Applicant, CitizenIdNumber, TaxCode, VnMobile } from '../../shared/contracts/applicant.ts';

const individual = {
  type: 'INDIVIDUAL',
  fullName: 'Nguyễn Văn An',
  idNumber: '001099012345',
  phone: '0912345678',
  email: 'an.nguyen@example.vn',
  address: 'Số 1 đường Hoàng Văn Thụ, phường Phan Đình Phùng, tỉnh Thái Nguyên',
};

const organisation = {
  type: 'ORGANISATION',
  organisationName: 'Công ty TNHH Xây dựng Bình Minh',
  taxCode: '4600123456',
  representative: { fullName: 'Trần Thị Bình', idNumber: '019188001234' },
  phone: '0387654321',
  address: 'Khu công nghiệp Yên Bình, tỉnh Thái Nguyên',
};

describe('citizen identity number (CCCD)', () => {
  it.each(['001099012345', '096123456789', '019188001234'])('accepts %s', (id) => {
    expect(CitizenIdNumber.safeParse(id)).toEqual({ success: true, data: id });
  });

  it.each([
    ['province code 000', '000123456789'],
    ['province code 097', '097123456789'],
    ['11 digits', '00109901234'],
    ['13 digits', '0010990123456'],
    ['a letter', '00109901234A'],
    ['spaces', '001 099 012 345'],
  ])('refuses a number with %s', (_why, id) => {
    expect(CitizenIdNumber.safeParse(id).success).toBe(false);
  });
});

describe('Vietnamese mobile number', () => {
  it.each(['0912345678', '+84912345678', '84 912 345 678', '091.234.5678', '091-234-5678'])(
    'accepts %j and stores it as 0912345678',
    (typed) => {
      expect(VnMobile.parse(typed)).toBe('0912345678');
    },
  );

  it.each(['0312345678', '0512345678', '0712345678', '0812345678'])(
    'accepts the mobile prefix of %s',
    (n) => {
      expect(VnMobile.parse(n)).toBe(n);
    },
  );

  it.each([
    ['an old 01 prefix', '0123456789'],
    ['a landline 02 prefix', '0212345678'],
    ['9 digits', '091234567'],
    ['11 digits', '09123456789'],
    ['letters', '09123456ab'],
    ['+84 followed by the trunk 0', '+840912345678'],
  ])('refuses %s', (_why, n) => {
    expect(VnMobile.safeParse(n).success).toBe(false);
  });
});

describe('tax code (mã số thuế)', () => {
  it.each(['4600123456', '4600123456-001'])('accepts %s', (code) => {
    expect(TaxCode.safeParse(code).success).toBe(true);
  });

  it.each(['460012345', '46001234567', '4600123456-01', '4600123456001', 'MST4600123456'])(
    'refuses %s',
    (code) => {
      expect(TaxCode.safeParse(code).success).toBe(false);
    },
  );
});

describe('applicant', () => {
  it('accepts an individual and normalises the phone', () => {
    const parsed = Applicant.parse({ ...individual, phone: '+84 912 345 678' });
    expect(parsed).toEqual({ ...individual, phone: '0912345678' });
  });

  it('accepts an organisation with its representative', () => {
    const parsed = Applicant.parse(organisation);
    expect(parsed.type).toBe('ORGANISATION');
    expect(parsed).toEqual(organisation);
  });

  it('stores names and addresses typed in NFD as trimmed NFC', () => {
    const nfdName = '  Nguyễn   Văn An '.normalize('NFD');
    const nfdAddress = 'Phường Phan Đình Phùng'.normalize('NFD');
    const parsed = Applicant.parse({ ...individual, fullName: nfdName, address: nfdAddress });
    if (parsed.type !== 'INDIVIDUAL') throw new Error('expected an individual');
    expect(parsed.fullName).toBe('Nguyễn Văn An'.normalize('NFC'));
    expect(parsed.fullName).not.toBe(nfdName.trim());
    expect(parsed.address).toBe('Phường Phan Đình Phùng'.normalize('NFC'));
  });

  it('normalises the organisation name and the representative name to NFC', () => {
    const parsed = Applicant.parse({
      ...organisation,
      organisationName: organisation.organisationName.normalize('NFD'),
      representative: { ...organisation.representative, fullName: 'Trần Thị Bình'.normalize('NFD') },
    });
    if (parsed.type !== 'ORGANISATION') throw new Error('expected an organisation');
    expect(parsed.organisationName).toBe('Công ty TNHH Xây dựng Bình Minh'.normalize('NFC'));
    expect(parsed.representative.fullName).toBe('Trần Thị Bình'.normalize('NFC'));
  });

  it('refuses a blank name', () => {
    expect(Applicant.safeParse({ ...individual, fullName: '   ' }).success).toBe(false);
  });

  it('refuses an unknown applicant type', () => {
    expect(Applicant.safeParse({ ...individual, type: 'HOUSEHOLD' }).success).toBe(false);
  });

  it('refuses the fields of the other applicant type', () => {
    expect(Applicant.safeParse({ ...individual, organisationName: 'Công ty A' }).success).toBe(false);
    expect(Applicant.safeParse({ ...organisation, idNumber: '001099012345' }).success).toBe(false);
  });

  it('refuses unknown keys, also inside the representative', () => {
    const extra = Applicant.safeParse({ ...individual, nickname: 'An' });
    expect(extra.success).toBe(false);
    expect(extra.error?.issues[0]?.code).toBe('unrecognized_keys');
    const nested = Applicant.safeParse({
      ...organisation,
      representative: { ...organisation.representative, role: 'Giám đốc' },
    });
    expect(nested.success).toBe(false);
  });

  it('reports the path of an invalid identity number', () => {
    const r = Applicant.safeParse({ ...individual, idNumber: '000123456789' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['idNumber']);
  });

  it('accepts a missing email but refuses a malformed one', () => {
    const { email: _email, ...withoutEmail } = individual;
    expect(Applicant.safeParse(withoutEmail).success).toBe(true);
    expect(Applicant.safeParse({ ...individual, email: 'not-an-email' }).success).toBe(false);
  });
});
