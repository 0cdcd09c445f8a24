import * as z from 'zod/mini';
import { normalizeText, TEXT_PROBLEM_MESSAGES, textProblem } from '../domain/text.ts';
import './zod-locale.ts';

/**
 * Applicant details with the Vietnamese formats DOMAIN.md asks us to validate. The same schemas
 * validate the web form and the API, so a citizen sees the same message in both.
 */

/** CCCD / personal ID number: 12 digits, the first three a province-of-birth code 001–096. */
export const CitizenIdNumber = z.string().check(
  z.refine((v) => /^\d{12}$/.test(v) && Number(v.slice(0, 3)) >= 1 && Number(v.slice(0, 3)) <= 96, {
    message: 'Số CCCD gồm 12 chữ số, bắt đầu bằng mã tỉnh 001–096',
  }),
);

/** Vietnamese mobile number: 0 or +84, then a mobile prefix 3/5/7/8/9 and 8 digits; stored as 0xxxxxxxxx. */
export const VnMobile = z.pipe(
  z
    .pipe(
      z.string(),
      z.transform((v: string) => v.replace(/[\s.-]/g, '')),
    )
    .check(
      z.refine((v) => /^(0|\+84|84)[35789]\d{8}$/.test(v), {
        message: 'Số điện thoại di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09',
      }),
    ),
  z.transform((v: string) => v.replace(/^(\+84|84)/, '0')),
);

/** Tax code (mã số thuế): 10 digits, or 10 + `-` + 3 digits for a branch. */
export const TaxCode = z
  .string()
  .check(z.regex(/^\d{10}(-\d{3})?$/, { message: 'Mã số thuế gồm 10 hoặc 13 chữ số' }));

/**
 * The rule for every typed text (shared/domain/text.ts): no control, bidi, invisible or broken
 * characters and no stacks of accents, checked on the text as sent (before whitespace is folded,
 * which would hide some of them). One field error, in Vietnamese, whose English the API adds as
 * `messageEn` and the web's English pages show.
 */
export const safeText = () =>
  z.superRefine((v: string, ctx) => {
    const problem = textProblem(v);
    if (problem)
      ctx.issues.push({
        code: 'custom',
        message: TEXT_PROBLEM_MESSAGES[problem].vi,
        input: v,
        params: { textProblem: problem },
      });
  });

/** A typed text: the safe-text rule, then NFC, trimmed, whitespace collapsed, 1…max characters. */
export const Text = (max: number) =>
  z.pipe(
    z.pipe(z.string().check(safeText()), z.transform(normalizeText)),
    z.string().check(z.minLength(1, { message: 'Không được để trống' }), z.maxLength(max)),
  );

export const Address = Text(300);
export const PersonName = Text(120);

const contact = {
  phone: VnMobile,
  email: z.optional(z.email({ message: 'Địa chỉ email không hợp lệ' }).check(z.maxLength(254))),
  address: Address,
};

export const IndividualApplicant = z.strictObject({
  type: z.literal('INDIVIDUAL'),
  fullName: PersonName,
  idNumber: CitizenIdNumber,
  dateOfBirth: z.optional(z.iso.date()),
  ...contact,
});

export const OrganisationApplicant = z.strictObject({
  type: z.literal('ORGANISATION'),
  organisationName: Text(250),
  taxCode: z.optional(TaxCode),
  representative: z.strictObject({ fullName: PersonName, idNumber: CitizenIdNumber }),
  ...contact,
});

export const Applicant = z.discriminatedUnion('type', [IndividualApplicant, OrganisationApplicant]);
export type Applicant = z.infer<typeof Applicant>;
