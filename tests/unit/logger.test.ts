import { describe, expect, it } from 'vitest';
import { REDACTED, redactingReplacer } from '../../shared/adapters/logger.ts';

const applicant = {
  type: 'INDIVIDUAL',
  fullName: 'Nguyễn Văn An',
  idNumber: '001099012345',
  phone: '0912345678',
  email: 'an.nguyen@example.vn',
  address: 'Số 1 đường Hoàng Văn Thụ, Thái Nguyên',
};
const PII_VALUES = [
  applicant.fullName,
  applicant.idNumber,
  applicant.phone,
  applicant.email,
  applicant.address,
];

const logLine = (value: unknown) => JSON.stringify(value, redactingReplacer);

describe('log redaction', () => {
  const entry = {
    status: 'SUBMITTED',
    code: '000.99.01.H55-260310-0007',
    dossier: {
      procedureCode: '2.001610',
      applicant,
      documents: [{ requirementId: 'd1', fileName: 'CCCD Nguyễn Văn An.pdf', size: 1234 }],
    },
    error: { name: 'DomainError', message: 'Dossier is not a draft' },
  };

  it('removes every applicant value, at any depth', () => {
    const line = logLine(entry);
    for (const value of PII_VALUES) expect(line).not.toContain(value);
    expect(line).not.toContain('Nguyễn');
  });

  it('keeps the keys that carry no personal data', () => {
    const parsed = JSON.parse(logLine(entry));
    expect(parsed.status).toBe('SUBMITTED');
    expect(parsed.code).toBe('000.99.01.H55-260310-0007');
    expect(parsed.dossier.procedureCode).toBe('2.001610');
    expect(parsed.dossier.documents[0]).toEqual({ requirementId: 'd1', fileName: REDACTED, size: 1234 });
    expect(parsed.error).toEqual({ name: 'DomainError', message: 'Dossier is not a draft' });
  });

  it('redacts the applicant as a whole', () => {
    expect(JSON.parse(logLine(entry)).dossier.applicant).toBe(REDACTED);
  });

  it('redacts personal fields that appear outside an applicant too', () => {
    const parsed = JSON.parse(
      logLine({
        contact: { ...applicant, type: 'INDIVIDUAL' },
        representative: { fullName: 'Trần Thị Bình', idNumber: '019188001234' },
        lookupSecret: 'ABCDEFGHJKMNPQRS',
        headers: { 'x-lookup-secret': 'ABCD-EFGH-JKMN-PQRS', authorization: 'Bearer t' },
      }),
    );
    expect(parsed).toEqual({
      contact: {
        type: 'INDIVIDUAL',
        fullName: REDACTED,
        idNumber: REDACTED,
        phone: REDACTED,
        email: REDACTED,
        address: REDACTED,
      },
      representative: REDACTED,
      lookupSecret: REDACTED,
      headers: { 'x-lookup-secret': REDACTED, authorization: REDACTED },
    });
  });

  it('redacts personal fields inside arrays', () => {
    const line = logLine({ applicants: [applicant, { ...applicant, idNumber: '019188001234' }] });
    expect(line).not.toContain('001099012345');
    expect(line).not.toContain('019188001234');
  });

  it('leaves absent personal fields absent rather than inventing a redaction', () => {
    expect(JSON.parse(logLine({ email: null, status: 'DRAFT' }))).toEqual({ email: null, status: 'DRAFT' });
    expect(JSON.parse(logLine({ email: undefined, status: 'DRAFT' }))).toEqual({ status: 'DRAFT' });
  });

  it('writes bigints as strings instead of throwing', () => {
    expect(logLine({ bytes: 12345678901234567890n })).toBe('{"bytes":"12345678901234567890"}');
  });
});

describe('redaction of headers in any casing', () => {
  it('hides Authorization and X-Lookup-Secret however they are spelled', async () => {
    const { redactingReplacer } = await import('../../shared/adapters/logger.ts');
    const out = JSON.stringify(
      { headers: { Authorization: 'Bearer abc.def', 'X-Lookup-Secret': 'ABCD-EFGH' } },
      redactingReplacer,
    );
    expect(out).not.toContain('abc.def');
    expect(out).not.toContain('ABCD-EFGH');
  });
});
