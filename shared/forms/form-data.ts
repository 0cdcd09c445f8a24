import type { Applicant } from '../contracts/applicant.ts';
import type { Procedure } from '../contracts/catalogue.ts';
import type { Duration } from '../contracts/deadline-policy.ts';
import { webLinks } from '../contracts/web-routes.ts';
import { classify, type WorkingCalendar } from '../domain/calendar.ts';
import type { Dossier, DossierDocument, DossierEvent } from '../domain/dossier.ts';
import type { DossierEventType } from '../domain/lifecycle.ts';
import { type PlainMessageKey, say } from '../domain/messages.ts';
import { vnIsoDate } from '../domain/time.ts';
import { type DossierStep, windowEnd } from '../domain/workflow.ts';
import type {
  ApologyForm,
  ApplicantOnForm,
  FormCode,
  FormData,
  FormHeader,
  HandOverRow,
  ProcessControlForm,
  ReceiptForm,
  RefusalForm,
  SupplementRequestForm,
} from './model.ts';

/**
 * From the dossier aggregate to the plain data each form prints, and which forms a dossier has.
 * Pure: everything it needs is passed in (the procedure version the dossier was received under,
 * the agencies' names, the working calendar), so the same facts always print the same form.
 */
export interface DossierFacts {
  dossier: Dossier;
  documents: DossierDocument[];
  events: DossierEvent[];
  steps: DossierStep[];
}

export interface Agency {
  name: string;
  email?: string;
}

export interface FormContext {
  facts: DossierFacts;
  procedure: Pick<Procedure, 'code' | 'name' | 'deadline' | 'documents' | 'deadlinePolicy'>;
  centre: Agency;
  departments: ReadonlyMap<string, Agency>;
  calendar: WorkingCalendar;
  /** config().PUBLIC_WEB_URL: the QR code points at its look-up page. */
  publicWebUrl: string;
}

const lastEvent = (facts: DossierFacts, ...types: DossierEventType[]) =>
  facts.events.findLast((e) => types.includes(e.type));

/**
 * Why a form does not apply to the dossier yet (or at all), or undefined when it does:
 * 01 once accepted; 02 while the latest notice is a supplement request; 03 once refused;
 * 04 once a step's date was re-set with an apology; 05 once submitted.
 */
export function formUnavailableReason(form: FormCode, facts: DossierFacts): PlainMessageKey | undefined {
  const d = facts.dossier;
  switch (form) {
    case '01':
      return lastEvent(facts, 'INTAKE_ACCEPTED') ? undefined : 'form.notReceived';
    case '02':
      return d.notice?.kind === 'SUPPLEMENT' ? undefined : 'form.noSupplement';
    case '03':
      return d.status === 'REFUSED' ? undefined : 'form.notRefused';
    case '04':
      return facts.steps.some((s) => s.extended) && lastEvent(facts, 'STEP_EXTENDED')
        ? undefined
        : 'form.notExtended';
    case '05':
      return d.submittedAt && d.code ? undefined : 'form.notSubmitted';
  }
}

export function buildFormData(form: FormCode, ctx: FormContext): FormData {
  const reason = formUnavailableReason(form, ctx.facts);
  if (reason) throw new RangeError(`form ${form} does not apply: ${say(reason, 'en')}`);
  switch (form) {
    case '01':
      return receipt(ctx);
    case '02':
      return supplementRequest(ctx);
    case '03':
      return refusal(ctx);
    case '04':
      return apology(ctx);
    case '05':
      return processControl(ctx);
  }
}

// ---------------------------------------------------------------------------------------------

/** The look-up page of a dossier (code only, never the secret), printed as a QR code and a link. */
export function lookupUrl(publicWebUrl: string, code: string): string {
  return webLinks.lookup(publicWebUrl, code);
}

function applicantOnForm(a: Applicant): ApplicantOnForm {
  const contact = { address: a.address, phone: a.phone, ...(a.email ? { email: a.email } : {}) };
  return a.type === 'INDIVIDUAL'
    ? { kind: 'INDIVIDUAL', name: a.fullName, ...contact }
    : {
        kind: 'ORGANISATION',
        name: a.organisationName,
        representative: a.representative.fullName,
        ...contact,
      };
}

function header<F extends FormCode>(
  form: F,
  ctx: FormContext,
  issuer: string,
  issuedAt: string,
): FormHeader & { form: F } {
  const d = ctx.facts.dossier;
  const code = d.code!;
  return {
    form,
    issuer,
    issuedAt,
    code,
    procedure: { code: d.procedureCode, name: d.procedureName },
    applicant: applicantOnForm(d.applicant),
    lookupUrl: lookupUrl(ctx.publicWebUrl, code),
    verifyUrl: webLinks.verify(ctx.publicWebUrl),
  };
}

const departmentName = (ctx: FormContext, id: string) => ctx.departments.get(id)?.name ?? id;

/** The department of the step an event is about (its `data.stepId`), else the lead department. */
function eventDepartment(ctx: FormContext, e: DossierEvent | undefined): string | undefined {
  const stepId = e?.data?.stepId;
  if (typeof stepId !== 'string') return undefined;
  return ctx.facts.steps.find((s) => s.stepId === stepId)?.departmentId ?? ctx.facts.dossier.departmentId;
}

/** A statutory or allotted time in words. */
export function durationText(d: { amount: number | null; unit: Duration['unit']; note?: string }): string {
  if (d.unit === 'SAME_DAY') return 'Trong ngày';
  if (d.amount === null) return d.note ?? 'Theo quy định';
  return d.unit === 'WORKING_DAYS' ? `${d.amount} ngày làm việc` : `${d.amount} ngày`;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

// ---------------------------------------------------------------------------------------------

function receipt(ctx: FormContext): ReceiptForm {
  const { dossier: d, documents } = ctx.facts;
  const accepted = lastEvent(ctx.facts, 'INTAKE_ACCEPTED')!;
  // The appointment as issued at intake: a later apology (form 04) sets a new date, the receipt stays.
  const issued = typeof accepted.data?.appointment === 'string' ? accepted.data.appointment : undefined;
  const appointmentAt =
    issued && issued !== d.appointment?.dueDate
      ? ctx.calendar.endOfOfficeHours(issued).toISOString()
      : (d.appointment?.dueAt ?? accepted.at);
  const verified = new Set(
    documents.filter((doc) => doc.status === 'VERIFIED').map((doc) => doc.requirementId),
  );
  const note = d.channel === 'ONLINE' ? 'bản điện tử' : 'bản giấy, đã số hóa';
  const delivery =
    d.delivery.method === 'POST'
      ? `Qua dịch vụ bưu chính công ích${d.delivery.address ? `: ${d.delivery.address}` : ''}`
      : d.delivery.method === 'ONLINE'
        ? 'Trực tuyến (bản điện tử)'
        : `Tại ${ctx.centre.name}`;
  return {
    ...header('01', ctx, ctx.centre.name, accepted.at),
    receivedAt: d.receivedAt ?? d.submittedAt ?? accepted.at,
    documents: ctx.procedure.documents.filter((r) => verified.has(r.id)).map((r) => ({ name: r.name, note })),
    statutoryTime: durationText(ctx.procedure.deadline),
    appointmentAt,
    provisional: accepted.data?.provisional === true,
    delivery,
  };
}

function supplementRequest(ctx: FormContext): SupplementRequestForm {
  const d = ctx.facts.dossier;
  const notice = d.notice!;
  const requested = lastEvent(ctx.facts, 'INTAKE_SUPPLEMENT_REQUESTED', 'STEP_SUPPLEMENT_REQUESTED');
  const deptId =
    requested?.type === 'STEP_SUPPLEMENT_REQUESTED' ? eventDepartment(ctx, requested) : undefined;
  const issuer = deptId ? (ctx.departments.get(deptId) ?? { name: deptId }) : ctx.centre;
  return {
    ...header('02', ctx, issuer.name, notice.at),
    missing: notice.missing,
    reasons: notice.reasons,
    ...(notice.dueAt ? { dueAt: notice.dueAt } : {}),
    contact: issuer.email ? `${issuer.name} (thư điện tử: ${issuer.email})` : issuer.name,
  };
}

function refusal(ctx: FormContext): RefusalForm {
  const d = ctx.facts.dossier;
  const ended = lastEvent(ctx.facts, 'INTAKE_REFUSED', 'STEP_REFUSED', 'LAPSED');
  const deptId = eventDepartment(ctx, ended);
  const issuer = deptId ? departmentName(ctx, deptId) : ctx.centre.name;
  const reasons =
    d.notice?.kind === 'REFUSAL'
      ? d.notice.reasons
      : // Refused because a supplement request went unanswered (policy `unansweredSupplement: REFUSE`).
        [
          `Quá thời hạn bổ sung, hoàn thiện hồ sơ${
            d.notice?.dueAt ? ` (hạn ${formatIso(d.notice.dueAt)})` : ''
          } mà hồ sơ chưa được bổ sung.`,
        ];
  return {
    ...header('03', ctx, issuer, ended?.at ?? d.notice?.at ?? d.submittedAt!),
    atIntake: !deptId,
    reasons,
  };
}

function formatIso(instant: string): string {
  const [y, m, day] = vnIsoDate(new Date(instant)).split('-');
  return `${day}/${m}/${y}`;
}

function apology(ctx: FormContext): ApologyForm {
  const { dossier: d, steps } = ctx.facts;
  const extended = lastEvent(ctx.facts, 'STEP_EXTENDED')!;
  const step = steps.find((s) => s.stepId === extended.data?.stepId) ?? steps.find((s) => s.extended)!;
  const accepted = lastEvent(ctx.facts, 'INTAKE_ACCEPTED');
  const from = extended.data?.from;
  const to = extended.data?.to;
  return {
    ...header('04', ctx, departmentName(ctx, step.departmentId), extended.at),
    receivedBy: ctx.centre.name,
    receivedAt: d.receivedAt ?? accepted?.at ?? d.submittedAt!,
    previousDueDate: typeof from === 'string' ? from : step.dueDate!,
    newDueDate: typeof to === 'string' ? to : step.dueDate!,
    // The extension's reasons reach the applicant by email; they are printed when the event keeps them.
    reasons: strings(extended.data?.reasons),
  };
}

// ---------------------------------------------------------------------------------------------

/** Time taken from the day a side counts as having received the dossier to the day it finished. */
function takenText(ctx: FormContext, from: Date, to: Date, unit: Duration['unit']): string {
  const cal = ctx.calendar;
  const start = cal.receivedDay(from, ctx.procedure.deadlinePolicy.cutoff);
  const end = vnIsoDate(to);
  if (unit === 'WORKING_DAYS') {
    const n = cal.workingDaysBetween(start, end);
    return n <= 0 ? 'Trong ngày' : `${n} ngày làm việc`;
  }
  const n = Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000);
  return n <= 0 ? 'Trong ngày' : `${n} ngày`;
}

const STEP_STATE: Record<DossierStep['status'], string> = {
  PENDING: 'Chưa nhận hồ sơ',
  WAITING_DEPARTMENT: 'Đang giải quyết',
  AWAITING_APPROVAL: 'Chờ lãnh đạo phê duyệt',
  WAITING_CITIZEN: 'Chờ người nộp bổ sung',
  DONE: '',
  REFUSED: '',
  CANCELLED: 'Dừng xử lý',
};

function processControl(ctx: FormContext): ProcessControlForm {
  const { dossier: d } = ctx.facts;
  const policy = ctx.procedure.deadlinePolicy;
  const applicantSide = d.channel === 'ONLINE' ? 'Người nộp hồ sơ (trực tuyến)' : 'Người nộp hồ sơ';
  const rows: HandOverRow[] = [];

  // Intake at the centre: from the (complete) dossier's arrival to the centre's decision.
  const receivedAt = d.receivedAt ?? d.submittedAt!;
  const decided = lastEvent(ctx.facts, 'INTAKE_ACCEPTED', 'INTAKE_REFUSED');
  const supplements = ctx.facts.events.filter((e) => e.type === 'INTAKE_SUPPLEMENT_REQUESTED').length;
  const intakeDue = windowEnd(new Date(receivedAt), policy.intakeWithin, ctx.calendar);
  rows.push({
    from: applicantSide,
    to: ctx.centre.name,
    receivedAt,
    allowed: durationText(policy.intakeWithin),
    taken: decided
      ? takenText(ctx, new Date(receivedAt), new Date(decided.at), policy.intakeWithin.unit)
      : d.status === 'SUPPLEMENT_REQUESTED'
        ? 'Chờ người nộp bổ sung'
        : d.status === 'SUBMITTED'
          ? 'Đang tiếp nhận'
          : '—',
    ...(decided ? { result: classify(new Date(decided.at), intakeDue) } : {}),
    note: [
      decided?.type === 'INTAKE_ACCEPTED' ? 'Tiếp nhận hồ sơ' : decided ? 'Từ chối tiếp nhận' : '',
      supplements ? `Yêu cầu bổ sung ${supplements} lần` : '',
    ]
      .filter(Boolean)
      .join('; '),
  });

  // Each department (liên thông: each agency of each stage), in order.
  const steps = [...ctx.facts.steps].sort((a, b) => a.stage - b.stage || a.stepId.localeCompare(b.stepId));
  const stages = [...new Set(steps.map((s) => s.stage))];
  const interAgency = steps.length > 1;
  for (const step of steps) {
    const previous = stages[stages.indexOf(step.stage) - 1];
    const from =
      previous === undefined
        ? ctx.centre.name
        : steps
            .filter((s) => s.stage === previous)
            .map((s) => departmentName(ctx, s.departmentId))
            .join(', ');
    const finished = step.completedAt ? new Date(step.completedAt) : undefined;
    const result =
      step.classification ??
      (finished && step.dueAt
        ? classify(finished, new Date(step.dueAt))
        : step.escalatedAt
          ? 'LATE'
          : undefined);
    rows.push({
      from,
      to: interAgency
        ? `${departmentName(ctx, step.departmentId)} (${step.task})`
        : departmentName(ctx, step.departmentId),
      ...(step.startedAt ? { receivedAt: step.startedAt } : {}),
      allowed: durationText(step.allotted),
      ...(step.dueDate ? { dueDate: step.dueDate } : {}),
      taken:
        finished && step.startedAt
          ? takenText(ctx, new Date(step.startedAt), finished, step.allotted.unit)
          : STEP_STATE[step.status],
      ...(result ? { result } : {}),
      note: [
        step.supplementRequests ? `Yêu cầu bổ sung ${step.supplementRequests} lần` : '',
        step.extended ? 'Đã xin lỗi, hẹn lại ngày trả kết quả' : '',
        step.status === 'REFUSED' ? 'Từ chối giải quyết' : '',
        step.escalatedAt && !finished && step.status === 'WAITING_DEPARTMENT' ? 'Đã quá hạn' : '',
      ]
        .filter(Boolean)
        .join('; '),
    });
  }

  // The result back to the centre (timed against the appointment), then to the applicant.
  const ready = lastEvent(ctx.facts, 'RESULT_READY');
  if (ready) {
    const lastStage = stages.at(-1);
    rows.push({
      from: steps
        .filter((s) => s.stage === lastStage)
        .map((s) => departmentName(ctx, s.departmentId))
        .join(', '),
      to: ctx.centre.name,
      receivedAt: ready.at,
      allowed: `Thời hạn giải quyết: ${durationText(ctx.procedure.deadline)}`,
      ...(d.appointment ? { dueDate: d.appointment.dueDate } : {}),
      taken: takenText(ctx, new Date(receivedAt), new Date(ready.at), ctx.procedure.deadline.unit),
      ...(d.appointment ? { result: classify(new Date(ready.at), new Date(d.appointment.dueAt)) } : {}),
      note: 'Kết quả chuyển về Trung tâm',
    });
  }
  const returned = lastEvent(ctx.facts, 'RESULT_RETURNED');
  if (returned) {
    rows.push({
      from: ctx.centre.name,
      to: applicantSide,
      receivedAt: returned.at,
      allowed: '—',
      taken: '—',
      note: 'Đã trả kết quả',
    });
  }
  const ended = lastEvent(ctx.facts, 'WITHDRAWN', 'LAPSED');
  if (ended && d.status !== 'REFUSED') {
    rows.push({
      from: ctx.centre.name,
      to: applicantSide,
      receivedAt: ended.at,
      allowed: '—',
      taken: '—',
      note: ended.type === 'WITHDRAWN' ? 'Người nộp rút hồ sơ' : 'Quá hạn bổ sung, trả lại hồ sơ',
    });
  }

  return {
    ...header('05', ctx, ctx.centre.name, decided?.at ?? d.submittedAt!),
    submittedAt: d.submittedAt!,
    statutoryTime: durationText(ctx.procedure.deadline),
    ...(d.appointment ? { appointmentDate: d.appointment.dueDate } : {}),
    rows,
  };
}
