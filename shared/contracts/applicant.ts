import * as z from 'zod';
import { normalizeText } from '../domain/text.ts';

/**
 * Applicant details with the Vietnamese formats DOMAIN.md asks us to validate. The same schemas
 * validate the web form and the API, so a citizen sees the same message in both.
 */

/** CCCD / personal ID number: 12 digits, the first three a province-of-birth code 001–096. */
export const CitizenIdNumber = z
  .string()
  .refine((v) => /^\d{12}$/.test(v) && Number(v.slice(0, 3)) >= 1 && Number(v.slice(0, 3)) <= 96, {
    message: 'Số CCCD gồm 12 chữ số, bắt đầu bằng mã tỉnh 001–096',
  });

/** Vietnamese mobile number: 0 or +84, then a mobile prefix 3/5/7/8/9 and 8 digits; stored as 0xxxxxxxxx. */
export const VnMobile = z
  .string()
  .transform((v) => v.replace(/[\s.-]/g, ''))
  .refine((v) => /^(0|\+84|84)[35789]\d{8}$/.test(v), {
    message: 'Số điện thoại di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09',
  })
  .transform((v) => v.replace(/^(\+84|84)/, '0'));

/** Tax code (mã số thuế): 10 digits, or 10 + `-` + 3 digits for a branch. */
export const TaxCode = z.string().regex(/^\d{10}(-\d{3})?$/, { message: 'Mã số thuế gồm 10 hoặc 13 chữ số' });

const Text = (max: number) =>
  z
    .string()
    .transform(normalizeText)
    .pipe(z.string().min(1, { message: 'Không được để trống' }).max(max));

export const Address = Text(300);
export const PersonName = Text(120);

const contact = {
  phone: VnMobile,
  email: z.email({ message: 'Địa chỉ email không hợp lệ' }).max(254).optional(),
  address: Address,
};

export const IndividualApplicant = z
  .object({
    type: z.literal('INDIVIDUAL'),
    fullName: PersonName,
    idNumber: CitizenIdNumber,
    dateOfBirth: z.iso.date().optional(),
    ...contact,
  })
  .strict();

export const OrganisationApplicant = z
  .object({
    type: z.literal('ORGANISATION'),
    organisationName: Text(250),
    taxCode: TaxCode.optional(),
    representative: z.object({ fullName: PersonName, idNumber: CitizenIdNumber }).strict(),
    ...contact,
  })
  .strict();

export const Applicant = z.discriminatedUnion('type', [IndividualApplicant, OrganisationApplicant]);
export type Applicant = z.infer<typeof Applicant>;
