import { describe, expect, it } from 'vitest';
import type { FormField } from '../../shared/contracts/catalogue.ts';
import { DossierCode, formFieldsSchema, LookupSecret } from '../../shared/contracts/dossier.ts';

const fields: FormField[] = [
  { id: 'businessName', label: 'Tên doanh nghiệp', labelEn: 'Business name', type: 'text', required: true },
  {
    id: 'description',
    label: 'Mô tả',
    labelEn: 'Description',
    type: 'textarea',
    required: false,
    maxLength: 20,
  },
  {
    id: 'employees',
    label: 'Số lao động',
    labelEn: 'Employees',
    type: 'number',
    required: true,
    min: 1,
    max: 500,
  },
  { id: 'foundedOn', label: 'Ngày thành lập', labelEn: 'Founded on', type: 'date', required: false },
  {
    id: 'grade',
    label: 'Cấp công trình',
    labelEn: 'Works grade',
    type: 'select',
    required: true,
    options: [
      { value: 'I', label: 'Cấp I', labelEn: 'Grade I' },
      { value: 'II', label: 'Cấp II', labelEn: 'Grade II' },
    ],
  },
];

const valid = { businessName: 'Doanh nghiệp tư nhân Minh Anh', employees: 12, grade: 'II' };

describe('procedure form fields', () => {
  const schema = formFieldsSchema(fields);
  const errorPaths = (input: unknown) => {
    const r = schema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
  };

  it('accepts the required fields alone', () => {
    expect(schema.parse(valid)).toEqual(valid);
  });

  it('accepts every field filled in, and normalises text to trimmed NFC', () => {
    const parsed = schema.parse({
      ...valid,
      businessName: '  Doanh nghiệp Hồng Hà '.normalize('NFD'),
      description: 'Sản xuất',
      foundedOn: '2024-02-29',
    });
    expect(parsed).toEqual({
      ...valid,
      businessName: 'Doanh nghiệp Hồng Hà'.normalize('NFC'),
      description: 'Sản xuất',
      foundedOn: '2024-02-29',
    });
  });

  it('names every missing required field', () => {
    expect(errorPaths({}).sort()).toEqual(['businessName', 'employees', 'grade']);
  });

  it('refuses a required text that is only whitespace', () => {
    expect(errorPaths({ ...valid, businessName: '   ' })).toEqual(['businessName']);
  });

  it('accepts an empty optional text', () => {
    expect(schema.safeParse({ ...valid, description: '' }).success).toBe(true);
  });

  it('refuses a text longer than its maxLength', () => {
    expect(errorPaths({ ...valid, description: 'x'.repeat(21) })).toEqual(['description']);
    expect(schema.safeParse({ ...valid, description: 'x'.repeat(20) }).success).toBe(true);
  });

  it('limits a plain text field to 500 characters by default', () => {
    expect(errorPaths({ ...valid, businessName: 'a'.repeat(501) })).toEqual(['businessName']);
    expect(schema.safeParse({ ...valid, businessName: 'a'.repeat(500) }).success).toBe(true);
  });

  it('keeps a number within its min and max, inclusive', () => {
    expect(schema.safeParse({ ...valid, employees: 1 }).success).toBe(true);
    expect(schema.safeParse({ ...valid, employees: 500 }).success).toBe(true);
    expect(errorPaths({ ...valid, employees: 0 })).toEqual(['employees']);
    expect(errorPaths({ ...valid, employees: 501 })).toEqual(['employees']);
  });

  it('refuses a number sent as a string', () => {
    expect(errorPaths({ ...valid, employees: '12' })).toEqual(['employees']);
  });

  it('accepts only the listed options of a select', () => {
    expect(errorPaths({ ...valid, grade: 'III' })).toEqual(['grade']);
  });

  it('accepts only real ISO dates', () => {
    expect(errorPaths({ ...valid, foundedOn: '2025-02-29' })).toEqual(['foundedOn']);
    expect(errorPaths({ ...valid, foundedOn: '01/02/2025' })).toEqual(['foundedOn']);
  });

  it('refuses a field the procedure does not define', () => {
    const r = schema.safeParse({ ...valid, extra: 'x' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.code).toBe('unrecognized_keys');
  });
});

describe('lookup secret as typed by the citizen', () => {
  it('accepts the grouped form in lower case and removes the separators', () => {
    expect(LookupSecret.parse('abcd-efgh-jkmn-pqrs')).toBe('ABCDEFGHJKMNPQRS');
    expect(LookupSecret.parse(' 0123 4567 89ab cdef ')).toBe('0123456789ABCDEF');
  });

  it.each([
    ['15 characters', 'ABCDEFGHJKMNPQR'],
    ['17 characters', 'ABCDEFGHJKMNPQRST'],
    ['the letter I', 'ABCDEFGHIKMNPQRS'],
    ['the letter L', 'ABCDEFGHJKLNPQRS'],
    ['the letter O', 'ABCDEFGHJKMNOQRS'],
    ['the letter U', 'ABCDEFGHJKMNPQRU'],
    ['a dot separator', 'ABCD.EFGH.JKMN.PQRS'],
  ])('refuses a secret with %s', (_why, typed) => {
    expect(LookupSecret.safeParse(typed).success).toBe(false);
  });
});

describe('dossier code contract', () => {
  it('accepts a well-formed code and refuses a malformed one', () => {
    expect(DossierCode.safeParse('000.99.01.H55-260310-0007').success).toBe(true);
    expect(DossierCode.safeParse('000.99.01.H55-260310-7').success).toBe(false);
  });
});
