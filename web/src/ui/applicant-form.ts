import { type ComponentChildren, h } from 'preact';
import type { FormField, Procedure } from '../../../shared/contracts/catalogue.ts';
import { currentLang, m } from '../i18n/index.ts';
import { applicantType, type Values } from '../lib/form-model.ts';
import { DateInput, type FieldErrors, Radios, Select, Textarea, TextInput } from './components.ts';

/**
 * The applicant and the procedure's own form fields, shared by the citizen's online form
 * (`pages/apply.ts`) and the reception officer's counter registration (`pages/staff/walk-in.ts`):
 * the same inputs, ids and answers (raw strings by input name, see `lib/form-model.ts`), checked
 * with the same shared contracts, so CCCD, mobile and tax-code errors read the same on both pages.
 * Every applicant type of the procedure is offered: an individual, or an organisation/enterprise
 * with its legal representative.
 */
export type SetValue = (key: string, value: string) => void;

export interface ApplicantFormProps {
  proc: Procedure;
  values: Values;
  set: SetValue;
  errors: FieldErrors;
  /** The legend of the applicant-type question (the officer asks about someone else). */
  typeLegend?: ComponentChildren;
}

type InputExtra = Partial<Parameters<typeof TextInput>[0]>;

export function ApplicantForm({ proc, values: v, set, errors, typeLegend }: ApplicantFormProps) {
  const a = m().apply;
  const type = applicantType(v, proc);
  const input = (path: string, label: string, extra: InputExtra = {}) =>
    h(TextInput, {
      key: path,
      path,
      label,
      value: v[path] ?? '',
      error: errors[path],
      onInput: (x) => set(path, x),
      ...extra,
    });
  const contact = [
    input('applicant.phone', a.phone, {
      hint: a.phoneHint,
      type: 'tel',
      autoComplete: 'tel',
      width: '20',
      inputMode: 'tel',
    }),
    input('applicant.email', a.email, {
      hint: a.emailHint,
      type: 'email',
      autoComplete: 'email',
      spellcheck: false,
      optional: true,
    }),
    h(Textarea, {
      key: 'applicant.address',
      path: 'applicant.address',
      label: a.address,
      hint: a.addressHint,
      rows: 2,
      autoComplete: 'street-address',
      value: v['applicant.address'] ?? '',
      error: errors['applicant.address'],
      onInput: (x) => set('applicant.address', x),
    }),
  ];
  return [
    proc.applicantTypes.length > 1
      ? h(Radios, {
          key: 'type',
          path: 'applicant.type',
          legend: typeLegend ?? a.applicantType,
          legendClass: 'fieldset__legend--m',
          value: type,
          error: errors['applicant.type'],
          options: proc.applicantTypes.map((t) => ({ value: t, label: m().procedure.applicantTypes[t] })),
          onChange: (x) => set('applicant.type', x),
        })
      : null,
    ...(type === 'ORGANISATION'
      ? [
          input('applicant.organisationName', a.organisationName, { autoComplete: 'organization' }),
          input('applicant.taxCode', a.taxCode, {
            hint: a.taxCodeHint,
            width: '20',
            inputMode: 'numeric',
            optional: true,
          }),
          h(
            'fieldset',
            { class: 'fieldset', key: 'rep' },
            h('legend', { class: 'fieldset__legend fieldset__legend--s' }, a.representative),
            input('applicant.representative.fullName', a.representativeName, { autoComplete: 'name' }),
            input('applicant.representative.idNumber', a.representativeId, {
              hint: a.idNumberHint,
              inputMode: 'numeric',
              width: '20',
            }),
          ),
        ]
      : type === 'INDIVIDUAL'
        ? [
            input('applicant.fullName', a.fullName, {
              hint: a.fullNameHint,
              autoComplete: 'name',
              spellcheck: false,
            }),
            input('applicant.idNumber', a.idNumber, {
              hint: a.idNumberHint,
              inputMode: 'numeric',
              width: '20',
            }),
            h(DateInput, {
              key: 'dob',
              path: 'applicant.dateOfBirth',
              legend: a.dateOfBirth,
              optional: true,
              values: v,
              error: errors['applicant.dateOfBirth'],
              onInput: (part, x) => set(`applicant.dateOfBirth.${part}`, x),
            }),
          ]
        : []),
    ...(type ? contact : []),
  ];
}

export function fieldLabel(f: FormField) {
  return currentLang() === 'vi' ? f.label : f.labelEn;
}

/** The procedure's own form fields (tờ khai), by type: text, number, date, choice, long text. */
export function ProcedureFields({
  proc,
  values: v,
  set,
  errors,
}: {
  proc: Procedure;
  values: Values;
  set: SetValue;
  errors: FieldErrors;
}) {
  const a = m().apply;
  return proc.formFields.map((f) => {
    const path = `fields.${f.id}`;
    const label = fieldLabel(f);
    const common = { key: path, path, label, error: errors[path], optional: !f.required };
    switch (f.type) {
      case 'textarea':
        return h(Textarea, { ...common, value: v[path] ?? '', onInput: (x: string) => set(path, x) });
      case 'number':
        return h(TextInput, {
          ...common,
          hint: a.numberHint,
          inputMode: 'numeric',
          width: '20',
          value: v[path] ?? '',
          onInput: (x: string) => set(path, x),
        });
      case 'date':
        return h(DateInput, {
          key: path,
          path,
          legend: label,
          optional: !f.required,
          values: v,
          error: errors[path],
          onInput: (part, x) => set(`${path}.${part}`, x),
        });
      case 'select': {
        const options = (f.options ?? []).map((o) => ({
          value: o.value,
          label: currentLang() === 'vi' ? o.label : o.labelEn,
        }));
        return options.length <= 5
          ? h(Radios, {
              key: path,
              path,
              legend: label,
              value: v[path] ?? '',
              error: errors[path],
              options,
              onChange: (x) => set(path, x),
            })
          : h(Select, {
              ...common,
              value: v[path] ?? '',
              options,
              placeholder: a.selectPlaceholder,
              onChange: (x: string) => set(path, x),
            });
      }
      default:
        return h(TextInput, { ...common, value: v[path] ?? '', onInput: (x: string) => set(path, x) });
    }
  });
}
