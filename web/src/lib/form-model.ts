import { Applicant } from '../../../shared/contracts/applicant.ts';
import type { Procedure } from '../../../shared/contracts/catalogue.ts';
import { CreateDossierRequest, DeliveryMethod, formFieldsSchema } from '../../../shared/contracts/dossier.ts';
import { m } from '../i18n/index.ts';
import type { ErrorItem } from '../ui/components.ts';
import { isoDate, zodErrors } from './validation.ts';

/**
 * From what the citizen typed (raw strings by input name) to the API's request, validated step by
 * step with the shared contracts: the same schemas, hence the same messages, as the API.
 */
export type Values = Record<string, string>;
export type StepId = 'applicant' | 'details' | 'delivery' | 'documents' | 'review';

export function stepsFor(p: Procedure): StepId[] {
  const steps: StepId[] = ['applicant'];
  if (p.formFields.length) steps.push('details');
  steps.push('delivery');
  if (p.documents.length) steps.push('documents');
  steps.push('review');
  return steps;
}

/** The step whose form holds an error path (`applicant.idNumber` → applicant). */
export function stepOfPath(path: string): StepId {
  if (path.startsWith('applicant')) return 'applicant';
  if (path.startsWith('fields')) return 'details';
  if (path.startsWith('delivery')) return 'delivery';
  if (path.startsWith('documents')) return 'documents';
  return 'review';
}

const text = (v: Values, k: string) => v[k] ?? '';
const optional = (v: Values, k: string) => (v[k]?.trim() ? v[k]!.trim() : undefined);
const digitsOnly = (s: string) => s.replace(/[\s.]/g, '');

export function applicantType(v: Values, p: Procedure): string {
  return v['applicant.type'] || (p.applicantTypes.length === 1 ? p.applicantTypes[0]! : '');
}

export function buildApplicant(v: Values, p: Procedure): Record<string, unknown> {
  const type = applicantType(v, p);
  const contact = {
    phone: text(v, 'applicant.phone'),
    email: optional(v, 'applicant.email'),
    address: text(v, 'applicant.address'),
  };
  if (type === 'ORGANISATION') {
    return {
      type,
      organisationName: text(v, 'applicant.organisationName'),
      taxCode: optional(v, 'applicant.taxCode'),
      representative: {
        fullName: text(v, 'applicant.representative.fullName'),
        idNumber: digitsOnly(text(v, 'applicant.representative.idNumber')),
      },
      ...contact,
    };
  }
  return {
    type: 'INDIVIDUAL',
    fullName: text(v, 'applicant.fullName'),
    idNumber: digitsOnly(text(v, 'applicant.idNumber')),
    dateOfBirth: isoDate(v, 'applicant.dateOfBirth'),
    ...contact,
  };
}

export function buildFields(v: Values, p: Procedure): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of p.formFields) {
    const key = `fields.${f.id}`;
    if (f.type === 'date') {
      const d = isoDate(v, key);
      if (d !== undefined) out[f.id] = d;
    } else if (f.type === 'number') {
      const raw = digitsOnly(text(v, key));
      if (raw === '') continue;
      const n = Number(raw.replace(',', '.'));
      out[f.id] = Number.isFinite(n) ? n : raw;
    } else if (f.type === 'select') {
      if (v[key]) out[f.id] = v[key];
    } else out[f.id] = text(v, key);
  }
  return out;
}

export function buildDelivery(v: Values): Record<string, unknown> {
  const method = text(v, 'delivery.method');
  return {
    method,
    ...(method === 'POST' && optional(v, 'delivery.address')
      ? { address: optional(v, 'delivery.address') }
      : {}),
  };
}

export function buildRequest(v: Values, p: Procedure) {
  return {
    procedureCode: p.code,
    // The version whose form this is: after a 409 PROCEDURE_VERSION_CHANGED, the next day's.
    procedureVersion: p.version,
    applicant: buildApplicant(v, p),
    fields: buildFields(v, p),
    delivery: buildDelivery(v),
  };
}

/** The problems of one step, in page order; empty when the step is complete. */
export function validateStep(step: StepId, v: Values, p: Procedure): ErrorItem[] {
  switch (step) {
    case 'applicant': {
      if (!applicantType(v, p)) return [{ path: 'applicant.type', text: m().apply.chooseApplicantType }];
      const r = Applicant.safeParse(buildApplicant(v, p));
      return r.success ? [] : zodErrors(r.error, 'applicant');
    }
    case 'details': {
      const r = formFieldsSchema(p.formFields).safeParse(buildFields(v, p));
      return r.success ? [] : zodErrors(r.error, 'fields');
    }
    case 'delivery': {
      if (!DeliveryMethod.safeParse(v['delivery.method']).success)
        return [{ path: 'delivery.method', text: m().apply.chooseDelivery }];
      const r = CreateDossierRequest.shape.delivery.safeParse(buildDelivery(v));
      return r.success ? [] : zodErrors(r.error, 'delivery');
    }
    default:
      return [];
  }
}

/** The label of an error path, to say which field an error summary line is about. */
export function labelOf(path: string, p: Procedure, lang: 'vi' | 'en'): string | undefined {
  const a = m().apply;
  const labels: Record<string, string> = {
    'applicant.type': a.applicantType,
    'applicant.fullName': a.fullName,
    'applicant.idNumber': a.idNumber,
    'applicant.dateOfBirth': a.dateOfBirth,
    'applicant.phone': a.phone,
    'applicant.email': a.email,
    'applicant.address': a.address,
    'applicant.organisationName': a.organisationName,
    'applicant.taxCode': a.taxCode,
    'applicant.representative.fullName': a.representativeName,
    'applicant.representative.idNumber': a.representativeId,
    'delivery.method': a.deliveryLegend,
    'delivery.address': a.postAddress,
  };
  if (labels[path]) return labels[path];
  const f = p.formFields.find((x) => `fields.${x.id}` === path);
  return f ? (lang === 'vi' ? f.label : f.labelEn) : undefined;
}
