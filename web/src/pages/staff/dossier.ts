import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { DocumentRequirement, FormField, Procedure } from '../../../../shared/contracts/catalogue.ts';
import { WEB_ROUTES } from '../../../../shared/contracts/web-routes.ts';
import type { Dossier, DossierDocument, DossierEvent } from '../../../../shared/domain/dossier.ts';
import { EVENT_LABELS, STATUS_LABELS } from '../../../../shared/domain/lifecycle.ts';
import type { DossierStep } from '../../../../shared/domain/workflow.ts';
import { type DossierFacts, formUnavailableReason } from '../../../../shared/forms/form-data.ts';
import { FORM_CODES } from '../../../../shared/forms/model.ts';
import { currentLang, m } from '../../i18n/index.ts';
import { type DepartmentSummary, departmentName, getDepartments, getProcedure } from '../../lib/catalogue.ts';
import { formatBytes } from '../../lib/files.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useLatest } from '../../lib/latest.ts';
import type { Location } from '../../lib/router.ts';
import { downloadStaffPdf, staffProblemText, staffRequest } from '../../lib/staff-api.ts';
import type { StaffSession } from '../../lib/staff-session.ts';
import {
  BackLink,
  Button,
  Inset,
  Notification,
  PageHeading,
  Spinner,
  SummaryList,
  type SummaryRow,
  Tag,
  useTitle,
} from '../../ui/components.ts';
import { DueDate, useStaffSession } from '../../ui/staff.ts';
import {
  type ActionResult,
  ApprovalForm,
  AssignForm,
  HandBackForm,
  IntakeForm,
  NoteForm,
  ResumeWorkflowForm,
  StepDecisionForm,
} from './actions.ts';
import { FeeExemptions } from './fee-exemptions.ts';
import { type CollectorRecord, HandBackSlip } from './hand-back-slip.ts';

/**
 * One dossier for staff: summary, the steps with their deadlines and state, the documents (5-minute
 * links), the official forms that apply, the timeline in plain words, and the actions the user's
 * role may take in the dossier's current state. The API decides what is allowed; the page offers
 * only what makes sense, and reloads after every action (or after a 409 conflict).
 */
export interface StaffDossier {
  dossier: Omit<Dossier, 'secretHash' | 'wf'> & { workflow: { phase: string } };
  steps: DossierStep[];
  documents: (DossierDocument & { url?: string })[];
  events: DossierEvent[];
  /** Staff names by id, from the directory (current names). */
  people?: Record<string, string>;
  /** While the dossier waits for intake: the appointment acceptance would give now. */
  acceptPreview?: { appointment: string; provisional: boolean };
  /** The procedure version the dossier was received under. */
  procedure?: {
    formFields: FormField[];
    documents: DocumentRequirement[];
    resultIsDocument: boolean;
    requiresApproval: boolean;
  };
}

const STATUS_COLOUR: Record<string, string> = {
  SUBMITTED: 'blue',
  SUPPLEMENT_REQUESTED: 'orange',
  ACCEPTED: 'blue',
  IN_PROGRESS: 'blue',
  RESULT_READY: 'green',
  RETURNED: 'green',
  REFUSED: 'red',
  WITHDRAWN: 'grey',
  LAPSED: 'grey',
};

const OPEN_STEP = ['WAITING_DEPARTMENT', 'AWAITING_APPROVAL'];

export function StaffDossierPage({ params, loc }: { params: Record<string, string>; loc: Location }) {
  const session = useStaffSession(loc);
  if (!session) return h(Spinner, null);
  const id = params.id ?? '';
  return h(DossierPage, { id, session, key: id });
}

function DossierPage({ id, session }: { id: string; session: StaffSession }) {
  const msg = m();
  const t = msg.staff.dossier;
  const lang = currentLang();
  const [data, setData] = useState<StaffDossier | undefined>(undefined);
  const [failed, setFailed] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | undefined>(undefined);
  const [proc, setProc] = useState<Procedure | undefined>(undefined);
  const [departments, setDepartments] = useState<DepartmentSummary[]>([]);
  const [formFailed, setFormFailed] = useState(false);
  const noticeRef = useRef<HTMLDivElement>(null);
  // The forms showing errors now: the title starts with "Lỗi:" while there is one.
  const [withErrors, setWithErrors] = useState<string[]>([]);
  const onErrors = (form: string, has: boolean) =>
    setWithErrors((cur) => (has ? [...new Set([...cur, form])] : cur.filter((f) => f !== form)));
  useTitle(data?.dossier.code ? `${t.caption} ${data.dossier.code}` : t.caption, withErrors.length > 0);

  const latest = useLatest();
  async function load() {
    const current = latest();
    try {
      const res = await staffRequest<StaffDossier>('GET', `/staff/dossiers/${encodeURIComponent(id)}`);
      if (!current()) return undefined;
      setData(res);
      setFailed(undefined);
      return res;
    } catch (e) {
      if (current()) setFailed(staffProblemText(e));
      return undefined;
    }
  }

  const latestProcedure = useLatest();
  useEffect(() => {
    const current = latestProcedure();
    void load().then((res) => {
      if (res)
        getProcedure(res.dossier.procedureCode)
          .then((p) => {
            if (current()) setProc(p);
          })
          .catch(() => undefined);
    });
    getDepartments()
      .then(setDepartments)
      .catch(() => undefined);
  }, [id]);

  // A new notice takes the focus, so a screen reader reads the outcome of the action.
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  if (failed && !data)
    return h(
      'div',
      null,
      h(BackLink, { href: WEB_ROUTES.staffInbox }),
      h(Notification, { kind: 'error' }, failed),
    );
  if (!data) return h(Spinner, null);

  const { dossier: d, steps, documents, events } = data;
  const dept = (dep: string) => departmentName(departments, dep, lang);
  const who = personNamer(data);
  // A step decided by an officer of the department without an assignment: who decided it.
  const decidedBy = (stepId: string) => {
    const e = [...data.events]
      .reverse()
      .find((x) => x.actor.kind === 'STAFF' && x.data?.stepId === stepId && x.type.startsWith('STEP_'));
    return e ? who(e.actor.id, e.actor.name) : undefined;
  };
  // Overdue: escalated by the workflow (on the server's clock), or past its due time here.
  const now = new Date().toISOString();
  const stepOverdue = (s: DossierStep) =>
    OPEN_STEP.includes(s.status) && (!!s.escalatedAt || (!!s.dueAt && s.dueAt < now));
  const applicant = d.applicant;
  const applicantName = applicant.type === 'ORGANISATION' ? applicant.organisationName : applicant.fullName;

  const rows: SummaryRow[] = [
    {
      key: t.status,
      value: h(
        Tag,
        { colour: STATUS_COLOUR[d.status] ?? 'grey' },
        STATUS_LABELS[d.status]?.[lang] ?? d.status,
      ),
    },
    {
      key: t.procedure,
      value: [h('span', { lang: 'vi', key: 'n' }, d.procedureName), ` (${d.procedureCode})`],
    },
    { key: t.department, value: dept(d.departmentId) },
    { key: t.applicant, value: h('span', { lang: 'vi' }, applicantName) },
    { key: t.contact, value: [applicant.phone, applicant.email].filter(Boolean).join(' · ') },
    { key: t.channel, value: t.channels[d.channel] ?? d.channel },
    { key: t.delivery, value: msg.apply.deliveryMethods[d.delivery.method] ?? d.delivery.method },
    { key: t.submittedAt, value: d.submittedAt ? formatDateTime(d.submittedAt) : msg.staff.noDate },
    {
      key: t.appointment,
      value: d.appointment ? h(DueDate, { date: d.appointment.dueDate }) : msg.staff.noDate,
    },
  ];

  // Which actions this user may take now (the API checks again).
  const p = session.principal;
  const isReception = p.roles.includes('RECEPTION_OFFICER');
  const isHead = p.roles.includes('DEPARTMENT_HEAD');
  const isDepartmentStaff = isHead || p.roles.includes('DEPARTMENT_OFFICER');
  const mySteps = steps.filter((s) => p.departmentId && s.departmentId === p.departmentId);
  const policy = proc?.deadlinePolicy;
  const action = {
    dossierId: d.id,
    version: d.version,
    documents: (data.procedure?.documents ?? proc?.documents ?? []).map((r) => ({ id: r.id, name: r.name })),
    onDone: (r: ActionResult) => {
      setNotice({ kind: 'success', text: r.done });
      void load();
    },
    onConflict: () => {
      setNotice({ kind: 'error', text: msg.staff.errors.conflict });
      void load();
    },
    onErrors,
    onRefresh: async () => (await load())?.dossier.version,
  };
  const forms = [
    isReception && d.status === 'SUBMITTED' && d.workflow.phase === 'INTAKE'
      ? h(IntakeForm, {
          ...action,
          key: 'intake',
          preview: data.acceptPreview,
          undecided: (d.feeExemptions ?? []).some((r) => r.status === 'CLAIMED'),
        })
      : null,
    isReception && d.status === 'RESULT_READY'
      ? h(HandBackForm, { ...action, key: 'hand-back', delivery: d.delivery.method })
      : null,
    isReception && d.status === 'RETURNED' && collectorOf(d)
      ? h(HandBackSlip, {
          key: 'hand-back-slip',
          lang: currentLang() === 'en' ? 'en' : 'vi',
          code: d.code ?? d.id,
          procedureName: d.procedureName,
          applicantName,
          collector: collectorOf(d)!,
        })
      : null,
    ...mySteps.flatMap((s) => [
      // The head first decides who works on the step, then (if need be) decides it.
      isHead && (s.status === 'WAITING_DEPARTMENT' || s.status === 'WAITING_CITIZEN')
        ? h(AssignForm, { ...action, key: `assign-${s.stepId}`, stepId: s.stepId, current: s.handler })
        : null,
      isDepartmentStaff && s.status === 'WAITING_DEPARTMENT' && (isHead || !s.handler || s.handler === p.id)
        ? h(StepDecisionForm, {
            ...action,
            key: `decide-${s.stepId}`,
            stepId: s.stepId,
            departmentName: dept(s.departmentId),
            extended: s.extended,
            needsApproval: Boolean(data.procedure?.requiresApproval ?? policy?.requiresApproval) && !isHead,
            maxExtension: policy?.maxExtension.amount ?? 10,
            resultRequired:
              (data.procedure?.resultIsDocument ?? true) &&
              s.stage === Math.max(...steps.map((x) => x.stage)),
          })
        : null,
      isHead && s.status === 'AWAITING_APPROVAL'
        ? h(ApprovalForm, {
            ...action,
            key: `approve-${s.stepId}`,
            stepId: s.stepId,
            result: latestResult(documents, s.stepId),
          })
        : null,
    ]),
    // A workflow failure: the centre's leader or administrator resumes it once the cause is fixed.
    d.flagged && !p.departmentId && (p.roles.includes('CENTRE_LEADER') || p.roles.includes('ADMINISTRATOR'))
      ? h(ResumeWorkflowForm, { ...action, key: 'resume', flaggedAt: d.flagged.at })
      : null,
  ].filter(Boolean);
  const mayNote = isReception || isDepartmentStaff;

  const facts = data as unknown as DossierFacts;
  const availableForms = FORM_CODES.filter((f) => !formUnavailableReason(f, facts));
  const requirementName = (doc: StaffDossier['documents'][number]) =>
    doc.kind === 'RESULT'
      ? t.resultDocument
      : ((data.procedure?.documents ?? proc?.documents)?.find((r) => r.id === doc.requirementId)?.name ??
        // A free supplement item keeps the name the officer gave it.
        doc.label ??
        doc.requirementId);

  return h(
    'div',
    null,
    h(BackLink, { href: WEB_ROUTES.staffInbox }),
    h(
      'div',
      { ref: noticeRef, tabIndex: -1, class: 'notice-focus' },
      notice ? h(Notification, { kind: notice.kind }, notice.text) : null,
      failed ? h(Notification, { kind: 'error' }, failed) : null,
    ),
    h(PageHeading, { caption: t.caption }, d.code ?? d.id),
    h(SummaryList, { rows }),
    h(Declared, { data }),
    h(FeeExemptions, {
      dossierId: d.id,
      version: d.version,
      records: d.feeExemptions ?? [],
      mayDecide: isReception && d.status === 'SUBMITTED' && d.workflow.phase === 'INTAKE',
      who,
      onDone: (text: string) => {
        setNotice({ kind: 'success', text });
        void load();
      },
      onConflict: action.onConflict,
    }),
    d.notice && (d.status === 'SUPPLEMENT_REQUESTED' || d.status === 'REFUSED')
      ? h(
          Inset,
          null,
          h(
            'h2',
            { class: 'heading-s' },
            d.notice.kind === 'SUPPLEMENT' ? t.noticeSupplement : t.noticeRefusal,
          ),
          d.notice.missing.length
            ? [
                h('h3', { class: 'heading-s', key: 'mt' }, t.missing),
                h(
                  'ul',
                  { class: 'list list--bullet', lang: 'vi', key: 'm', id: 'notice-missing' },
                  d.notice.missing.map((x, i) => h('li', { key: i }, x)),
                ),
              ]
            : null,
          d.notice.reasons.length
            ? [
                h('h3', { class: 'heading-s', key: 'rt' }, t.reasons),
                h(
                  'ul',
                  { class: 'list list--bullet', lang: 'vi', key: 'r' },
                  d.notice.reasons.map((x, i) => h('li', { key: i }, x)),
                ),
              ]
            : null,
          d.notice.dueAt ? h('p', { class: 'body' }, t.citizenDue(formatDate(d.notice.dueAt))) : null,
        )
      : null,

    // Steps and their deadlines.
    h('h2', { class: 'heading-m', id: 'steps-title' }, t.stepsTitle),
    steps.length
      ? h(
          'div',
          { class: 'table-scroll', role: 'region', 'aria-labelledby': 'steps-title', tabIndex: 0 },
          h(
            'table',
            { class: 'table' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', { scope: 'col' }, t.step),
                h('th', { scope: 'col' }, t.department),
                h('th', { scope: 'col' }, t.deadline),
                h('th', { scope: 'col' }, t.stepState),
                h('th', { scope: 'col' }, t.handler),
              ),
            ),
            h(
              'tbody',
              null,
              steps.map((s) =>
                h(
                  'tr',
                  { key: s.stepId, class: stepOverdue(s) ? 'row--overdue' : undefined },
                  h('th', { scope: 'row' }, s.stepId),
                  h(
                    'td',
                    null,
                    dept(s.departmentId),
                    s.task ? h('span', { class: 'hint', lang: 'vi' }, ` — ${s.task}`) : null,
                  ),
                  h('td', null, h(DueDate, { date: s.dueDate, overdue: stepOverdue(s) })),
                  h(
                    'td',
                    null,
                    t.stepStatus[s.status] ?? s.status,
                    s.classification ? ` — ${t.classification[s.classification] ?? s.classification}` : '',
                    s.extended ? h('span', { class: 'hint' }, ` (${t.extendedOnce})`) : null,
                  ),
                  h(
                    'td',
                    null,
                    s.handler ? who(s.handler) : (decidedBy(s.stepId) ?? msg.staff.inbox.unassigned),
                  ),
                ),
              ),
            ),
          ),
        )
      : h('p', { class: 'body' }, msg.staff.noDate),

    // Actions.
    d.flagged
      ? h(
          Notification,
          { kind: 'error' },
          h('span', null, t.flagged(formatDateTime(d.flagged.at), d.flagged.reason)),
        )
      : null,
    forms.length
      ? forms
      : h('p', { class: 'body' }, isReception || isDepartmentStaff ? t.noAction : t.readOnly),
    mayNote
      ? h(NoteForm, { dossierId: d.id, onDone: action.onDone, onConflict: action.onConflict, onErrors })
      : null,

    // Documents.
    h('h2', { class: 'heading-m' }, t.documentsTitle),
    documents.length
      ? [
          h('p', { class: 'body hint', key: 'n' }, t.documentsNote),
          h(
            'ul',
            { class: 'list list--bullet', key: 'l' },
            documents.map((doc) =>
              h(
                'li',
                { key: doc.documentId },
                h('span', { lang: 'vi' }, requirementName(doc)),
                ': ',
                doc.url ? h('a', { href: doc.url }, doc.fileName) : [doc.fileName, ` (${t.notVerified})`],
                h(
                  'span',
                  { class: 'hint' },
                  ` — ${formatBytes(doc.size ?? doc.declaredSize)}`,
                  doc.contentType ? `, ${msg.staff.journey.documentType(doc.contentType)}` : '',
                ),
              ),
            ),
          ),
        ]
      : h('p', { class: 'body' }, t.noDocuments),

    // The official forms that apply now.
    h('h2', { class: 'heading-m' }, t.formsTitle),
    h(
      'ul',
      { class: 'list list--plain forms-list' },
      availableForms.map((f) =>
        h(
          'li',
          { key: f },
          h(
            'button',
            {
              type: 'button',
              class: 'link-button',
              onClick: () => {
                setFormFailed(false);
                downloadStaffPdf(
                  `/staff/dossiers/${d.id}/forms/${f}`,
                  `mau-${f}-${d.code ?? d.id}.pdf`,
                ).catch(() => setFormFailed(true));
              },
            },
            t.forms[f],
          ),
        ),
      ),
    ),
    h('p', { class: 'body', role: 'status' }, formFailed ? t.formFailed : ''),

    // Timeline, newest first.
    h('h2', { class: 'heading-m' }, t.timelineTitle),
    h(
      'ol',
      { class: 'timeline' },
      [...events].reverse().map((e) =>
        h(
          'li',
          { key: e.eventId, class: 'timeline__item' },
          h('p', { class: 'timeline__title' }, EVENT_LABELS[e.type]?.[lang] ?? e.type),
          [...eventDetails(e, who), ...exemptionDetails(e, d.feeExemptions)].map((line, i) =>
            h('p', { class: 'timeline__date', key: i }, line),
          ),
          h(
            'p',
            { class: 'timeline__date' },
            h('time', { dateTime: e.at }, formatDateTime(e.at)),
            ` — ${t.by(actorName(e, who))}`,
          ),
        ),
      ),
    ),
    h(
      Button,
      {
        type: 'button',
        variant: 'secondary',
        onClick: () => {
          setNotice(undefined);
          void load();
        },
      },
      t.reload,
    ),
  );
}

/**
 * A staff member's name: the directory's current name, else the name kept on the event, else a
 * plain "Cán bộ" — never an account id.
 */
function personNamer(data: StaffDossier) {
  const fallback = m().staff.journey.someone;
  return (id: string, atTheTime?: string) => data.people?.[id] ?? atTheTime ?? fallback;
}

function actorName(e: DossierEvent, who: (id: string, atTheTime?: string) => string): string {
  const t = m().staff.dossier;
  return e.actor.kind === 'STAFF' ? who(e.actor.id, e.actor.name) : (t.actors[e.actor.kind] ?? e.actor.kind);
}

/** The event's details in plain words (what its data says: step, counts, dates, a note). */
function eventDetails(e: DossierEvent, who: (id: string, atTheTime?: string) => string): string[] {
  const t = m().staff.dossier.detail;
  const d = e.data ?? {};
  const out: string[] = [];
  if (typeof d.stepId === 'string') out.push(t.step(d.stepId));
  if (typeof d.missing === 'number') out.push(t.missing(d.missing));
  if (typeof d.reasons === 'number' && d.reasons > 0) out.push(t.reasons(d.reasons));
  if (Array.isArray(d.reasons)) out.push(...d.reasons.filter((x): x is string => typeof x === 'string'));
  if (typeof d.from === 'string' && typeof d.to === 'string')
    out.push(t.newDate(formatDate(d.from), formatDate(d.to)));
  if (typeof d.dueDate === 'string') out.push(t.due(formatDate(d.dueDate)));
  if (typeof d.handler === 'string')
    out.push(t.handler(who(d.handler, typeof d.handlerName === 'string' ? d.handlerName : undefined)));
  if (typeof d.citizenDueAt === 'string') out.push(t.citizenDue(formatDate(d.citizenDueAt)));
  if (typeof d.classification === 'string')
    out.push(t.classification(m().staff.dossier.classification[d.classification] ?? d.classification));
  if ((e.type === 'NOTE_ADDED' || e.type === 'WORKFLOW_RESUMED') && typeof d.text === 'string')
    out.push(d.text);
  if (
    (e.type === 'WORKFLOW_FAILED' || e.type === 'WORKFLOW_RESUMED') &&
    typeof (d.reason ?? d.failure) === 'string'
  )
    out.push(t.failure(String(d.reason ?? d.failure)));
  return out;
}

/** The exemption an exemption event is about (its texts are on the dossier's record), and why refused. */
function exemptionDetails(e: DossierEvent, records: Dossier['feeExemptions']): string[] {
  if (e.type !== 'FEE_EXEMPTION_CONFIRMED' && e.type !== 'FEE_EXEMPTION_REFUSED') return [];
  const r = records?.find((x) => x.fee === e.data?.fee);
  if (!r) return [];
  const x = m().fees.exemptions;
  return [
    `${r.feeName}: ${r.description}`,
    ...(e.type === 'FEE_EXEMPTION_REFUSED' && r.reason ? [x.reason(r.reason)] : []),
    ...(e.data?.atCounter ? [x.atCounter] : []),
  ];
}

/** Who collected the result, recorded at the hand-back (counter and postal dossiers; optional online). */
function collectorOf(d: object): CollectorRecord | undefined {
  const c = (d as { collector?: CollectorRecord }).collector;
  return c && (c.kind === 'APPLICANT' || c.kind === 'AUTHORISED') ? c : undefined;
}

/** The newest verified result document of a step (what the head approves). */
function latestResult(documents: StaffDossier['documents'], stepId: string) {
  return documents
    .filter((x) => x.kind === 'RESULT' && x.requirementId === `result-${stepId}` && x.status === 'VERIFIED')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

/**
 * The dossier as the applicant declared it: who (and their representative), how to reach them,
 * and every form answer under its label, in the order of the procedure version it was received
 * under — what reception checks before accepting.
 */
function Declared({ data }: { data: StaffDossier }) {
  const t = m().staff.journey;
  const lang = currentLang();
  const d = data.dossier;
  const a = d.applicant;
  const vi = (text: string) => h('span', { lang: 'vi' }, text);
  const rows: SummaryRow[] = [{ key: t.kind, value: t.applicantKind[a.type] ?? a.type }];
  if (a.type === 'INDIVIDUAL') {
    rows.push({ key: t.fullName, value: vi(a.fullName) }, { key: t.idNumber, value: a.idNumber });
    if (a.dateOfBirth) rows.push({ key: t.dateOfBirth, value: formatDate(a.dateOfBirth) });
  } else {
    rows.push({ key: t.organisationName, value: vi(a.organisationName) });
    if (a.taxCode) rows.push({ key: t.taxCode, value: a.taxCode });
    rows.push(
      { key: t.representative, value: vi(a.representative.fullName) },
      { key: t.representativeId, value: a.representative.idNumber },
    );
  }
  rows.push({ key: t.address, value: vi(a.address) }, { key: t.phone, value: a.phone });
  if (a.email) rows.push({ key: t.email, value: a.email });
  if (d.delivery.method === 'POST' && d.delivery.address)
    rows.push({ key: t.deliveryAddress, value: vi(d.delivery.address) });

  const fields = data.procedure?.formFields ?? [];
  const answer = (f: FormField) => {
    const v = d.fields?.[f.id];
    if (v === undefined || v === null || v === '') return h('span', { class: 'hint' }, t.notAnswered);
    if (f.type === 'select') {
      const o = f.options?.find((x) => x.value === v);
      return o ? (lang === 'en' ? o.labelEn : vi(o.label)) : String(v);
    }
    if (f.type === 'date' && typeof v === 'string') return formatDate(v);
    if (f.type === 'number' && typeof v === 'number') return v.toLocaleString('vi-VN');
    return vi(String(v));
  };
  return h(
    'section',
    { class: 'section', 'aria-labelledby': 'declared-title' },
    h('h2', { class: 'heading-m', id: 'declared-title' }, t.declaredTitle),
    h(SummaryList, { rows }),
    h('h2', { class: 'heading-m', id: 'answers-title' }, t.answersTitle),
    fields.length
      ? h(SummaryList, {
          rows: fields.map((f) => ({
            key: lang === 'en' ? f.labelEn : vi(f.label),
            value: answer(f),
          })),
        })
      : h('p', { class: 'body' }, t.noAnswers),
  );
}
