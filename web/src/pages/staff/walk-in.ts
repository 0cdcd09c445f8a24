import { h } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Procedure, ProcedureSummary } from '../../../../shared/contracts/catalogue.ts';
import type { UploadSlot } from '../../../../shared/contracts/dossier.ts';
import {
  type IntakeFormNumber,
  Representative,
  type WalkInSubmitResponse,
} from '../../../../shared/contracts/walk-in.ts';
import { WEB_ROUTES, webPath } from '../../../../shared/contracts/web-routes.ts';
import { currentLang, m, tr } from '../../i18n/index.ts';
import { walkInMessages } from '../../i18n/walk-in.ts';
import { ApiError, newIdempotencyKey, request, requestBlob } from '../../lib/api.ts';
import { getProcedure, searchProcedures } from '../../lib/catalogue.ts';
import { buildApplicant, buildFields, labelOf, type Values, validateStep } from '../../lib/form-model.ts';
import { clearPrintFrame, printPdf, saveBlob } from '../../lib/print-pdf.ts';
import type { Location } from '../../lib/router.ts';
import { staffProblemText, staffRequest } from '../../lib/staff-api.ts';
import { currentSession } from '../../lib/staff-session.ts';
import { UploadStore } from '../../lib/uploads.ts';
import { apiErrors, zodErrors } from '../../lib/validation.ts';
import { ApplicantForm, ProcedureFields } from '../../ui/applicant-form.ts';
import {
  Button,
  Checkbox,
  type ErrorItem,
  ErrorSummary,
  Notification,
  PageHeading,
  Radios,
  TextInput,
  toFieldErrors,
  useTitle,
} from '../../ui/components.ts';
import { DocumentUpload, documentError, useStore } from '../../ui/documents.ts';
import { useStaffSession } from '../../ui/staff.ts';
import { IntakeForm } from './actions.ts';
import { CounterExemptions } from './fee-exemptions.ts';

/**
 * Walk-in and postal registration (/can-bo/tiep-nhan, reception officers): find the procedure,
 * record the channel, enter the applicant — an individual or an organisation, with the citizen
 * form's own applicant component and checks — tick the paper documents, register the draft, scan
 * each document with a progress bar (the citizen form's upload store and component), submit, take
 * the intake decision and print form 01, 02 or 03 in one click.
 *
 * Opened from the counter (`?ticket=<id>&counter=<id>&number=<A-015>`), the submission links the
 * ticket to the dossier in the same call. The registration path from "call next" on the counter
 * page to the printed receipt is 8 API calls (bench/registration.ts drives the same sequence):
 * call next · search · procedure · create · upload slot (one per scan) · submit (+ ticket link) ·
 * intake decision · form PDF. Submit answers with the version and the form links, so the dossier
 * is never read again on the way.
 */
type Channel = 'COUNTER' | 'POST' | 'REPRESENTATIVE';

/** A staff call with an Idempotency-Key (staffRequest has none). */
function staffIdempotent<T>(method: string, path: string, key: string, body?: unknown): Promise<T> {
  const token = currentSession()?.token ?? '';
  return request<T>(method, path, {
    headers: { authorization: `Bearer ${token}` },
    idempotencyKey: key,
    ...(body === undefined ? {} : { body }),
  });
}

/** `yyyy-MM-ddTHH:mm` typed in Vietnam time → ISO 8601 with +07:00. */
const vnIso = (local: string) => (local ? `${local}:00+07:00` : undefined);

/** The form the intake decision calls for (Circular 01/2018 art. 9). */
const FORM_OF_DECISION: Record<string, IntakeFormNumber> = { ACCEPT: '01', SUPPLEMENT: '02', REFUSE: '03' };
const FORM_OF_STATUS: Record<string, IntakeFormNumber> = {
  IN_PROGRESS: '01',
  SUPPLEMENT_REQUESTED: '02',
  REFUSED: '03',
};

export function StaffWalkInPage({ loc }: { params: Record<string, string>; loc: Location }) {
  const session = useStaffSession(loc);
  const t = walkInMessages();
  const lang = currentLang();
  const ticketId = loc.query.get('ticket') ?? undefined;
  const counterId = loc.query.get('counter') ?? undefined;
  const ticketNumber = loc.query.get('number') ?? ticketId;
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ProcedureSummary[] | undefined>(undefined);
  const [procedure, setProcedure] = useState<Procedure | undefined>(undefined);
  const [channel, setChannel] = useState<Channel>('COUNTER');
  const [receivedAt, setReceivedAt] = useState('');
  const [rep, setRep] = useState({ fullName: '', idNumber: '' });
  const [values, setValues] = useState<Values>({});
  const [paper, setPaper] = useState<string[]>([]);
  // The exemption applied per fee item at the counter ('' or absent: none).
  const [exempt, setExempt] = useState<Record<number, string>>({});
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [createKey] = useState(newIdempotencyKey);
  const [submitKey] = useState(newIdempotencyKey);
  const [dossierId, setDossierId] = useState<string | undefined>(undefined);
  const [submitted, setSubmitted] = useState<WalkInSubmitResponse | undefined>(undefined);
  const [dossier, setDossier] = useState<{ version: number; status: string } | undefined>(undefined);
  const [decided, setDecided] = useState<IntakeFormNumber | undefined>(undefined);
  const decision = useRef('');
  const [pdf, setPdf] = useState<Blob | undefined>(undefined);
  const [printState, setPrintState] = useState<'idle' | 'printing' | 'printed' | 'failed'>('idle');
  const store = useMemo(
    () =>
      new UploadStore({
        boundTo: () => dossierId,
        requestSlot: async (doc) =>
          (
            await staffRequest<{ slots: UploadSlot[] }>(
              'POST',
              `/staff/walk-in/dossiers/${dossierId}/uploads`,
              { documents: [doc] },
            )
          ).slots[0]!,
      }),
    [dossierId],
  );
  useStore(store);
  useTitle(t.title, errors.length > 0);
  useEffect(() => () => store.clear(), [store]);
  useEffect(() => () => clearPrintFrame(), []);
  if (!session) return null;

  const fe = toFieldErrors(errors);
  const setValue = (k: string, v: string) => setValues((old) => ({ ...old, [k]: v }));
  const labelled = (items: ErrorItem[]) =>
    items.map((e) => {
      const label =
        e.path === 'representative.fullName'
          ? t.representativeName
          : e.path === 'representative.idNumber'
            ? t.representativeId
            : procedure && e.path !== 'applicant.type'
              ? labelOf(e.path, procedure, lang)
              : undefined;
      return { path: e.path, text: label ? `${label}: ${tr(e.text)}` : tr(e.text) };
    });

  async function search(e: Event) {
    e.preventDefault();
    const find = (department?: string) =>
      searchProcedures({ q: query, ...(department ? { department } : {}) }).catch(() => ({
        items: [] as ProcedureSummary[],
      }));
    // A ticket names its department's line: the search starts in that department, and looks
    // everywhere only when nothing there matches.
    const department = ticketId?.split('-')[1];
    let found = await find(department);
    if (department && !found.items.length) found = await find();
    setResults(found.items.slice(0, 10));
  }

  async function choose(code: string) {
    const p = await getProcedure(code);
    setProcedure(p);
    setPaper(p.documents.map((d) => d.id));
    setExempt({});
    setValues({});
  }

  function body() {
    const p = procedure!;
    return {
      procedureCode: p.code,
      applicant: buildApplicant(values, p),
      fields: buildFields(values, p),
      delivery: { method: 'AT_CENTRE' },
      channel: channel === 'POST' ? 'POST' : 'COUNTER',
      ...(channel === 'REPRESENTATIVE' ? { representative: rep } : {}),
      ...(channel === 'POST' ? { receivedAt: vnIso(receivedAt) } : {}),
      paperDocuments: paper,
      feeExemptions: Object.entries(exempt)
        .filter(([, e]) => e !== '')
        .map(([fee, e]) => ({ fee: Number(fee), exemption: Number(e) })),
    };
  }

  /** Inline checks with the shared contracts (the online form's own), before anything is sent. */
  function check(): ErrorItem[] {
    const p = procedure!;
    const items: ErrorItem[] = [
      ...validateStep('applicant', values, p),
      ...validateStep('details', values, p),
    ];
    if (channel === 'REPRESENTATIVE') {
      const r = Representative.safeParse(rep);
      if (!r.success) items.push(...zodErrors(r.error, 'representative'));
    }
    if (channel === 'POST') {
      if (!receivedAt) items.push({ path: 'receivedAt', text: t.required });
      else if (Date.parse(vnIso(receivedAt)!) > Date.now())
        items.push({ path: 'receivedAt', text: t.futureTime });
    }
    return labelled(items);
  }

  function showApiError(err: unknown) {
    if (err instanceof ApiError && err.problem.errors?.length)
      setErrors(labelled(apiErrors(err.problem.errors)));
    else setMessage(staffProblemText(err));
  }

  async function register(e: Event) {
    e.preventDefault();
    if (busy || !procedure) return;
    const items = check();
    setErrors(items);
    setAttempt((n) => n + 1);
    if (items.length) return;
    setBusy(true);
    setMessage(undefined);
    try {
      const res = await staffIdempotent<{ dossierId: string }>(
        'POST',
        '/staff/walk-in/dossiers',
        createKey,
        body(),
      );
      setDossierId(res.dossierId);
    } catch (err) {
      showApiError(err);
    } finally {
      setBusy(false);
    }
  }

  async function reload(id: string) {
    const v = await staffRequest<{ dossier: { version: number; status: string } }>(
      'GET',
      `/staff/dossiers/${id}`,
    );
    setDossier(v.dossier);
    setDecided(FORM_OF_STATUS[v.dossier.status]);
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy || !dossierId || !procedure) return;
    await store.whenIdle();
    const items = procedure.documents
      .map((req) => ({ req, text: documentError(req, store.get(req.id), req.uploadMandatory) }))
      .filter((x) => x.text)
      .map((x) => ({ path: `documents.${x.req.id}`, text: x.text! }));
    setErrors(items);
    setAttempt((n) => n + 1);
    if (items.length) return;
    setBusy(true);
    try {
      const linkTicket = ticketId && channel !== 'POST';
      const res = await staffIdempotent<WalkInSubmitResponse>(
        'POST',
        `/staff/walk-in/dossiers/${dossierId}/submit`,
        submitKey,
        linkTicket ? { ticketId } : {},
      );
      setSubmitted(res);
      // The answer carries the version the intake decision needs: no re-read.
      setDossier({ version: res.version, status: res.status });
    } catch (err) {
      showApiError(err);
    } finally {
      setBusy(false);
    }
  }

  async function print(form: IntakeFormNumber) {
    if (!submitted || printState === 'printing') return;
    setPrintState('printing');
    try {
      const token = currentSession()?.token ?? '';
      const blob =
        pdf ?? (await requestBlob(submitted.links.forms[form], { authorization: `Bearer ${token}` }));
      setPdf(blob);
      await printPdf(blob, `${t.printFrame} ${form} — ${submitted.code}`);
      setPrintState('printed');
    } catch {
      setPrintState('failed');
    }
  }

  function download(form: IntakeFormNumber) {
    if (!submitted) return;
    const name = `mau-${form}-${submitted.code}.pdf`;
    if (pdf) {
      saveBlob(pdf, name);
      return;
    }
    const token = currentSession()?.token ?? '';
    requestBlob(submitted.links.forms[form], { authorization: `Bearer ${token}` })
      .then((blob) => {
        setPdf(blob);
        saveBlob(blob, name);
      })
      .catch(() => setPrintState('failed'));
  }

  const printable = decided;
  const locked = !!dossierId;
  const ticketNote = ticketId
    ? h(
        'div',
        { class: 'inset-text', id: 'wi-ticket' },
        h('p', { class: 'body' }, h('strong', null, t.ticket(ticketNumber ?? ticketId))),
        submitted?.ticket
          ? h(
              'p',
              { class: 'body', role: 'status' },
              submitted.ticket.linked
                ? t.ticketLinked(ticketNumber ?? ticketId, submitted.code)
                : t.ticketNotLinked,
            )
          : h('p', { class: 'hint' }, t.ticketHint),
      )
    : null;

  return h(
    'div',
    { class: 'walk-in' },
    h(PageHeading, { caption: m().staff.navLabel }, t.title),
    h('p', { class: 'body-l' }, t.lead),
    ticketNote,
    errors.length ? h(ErrorSummary, { errors, attempt }) : null,
    message ? h(Notification, { kind: 'error' }, message) : null,

    // 1. The procedure.
    h(
      'section',
      { class: 'section', 'aria-labelledby': 'wi-proc' },
      h('h2', { class: 'heading-m', id: 'wi-proc' }, t.procedureTitle),
      procedure
        ? h(
            'p',
            { class: 'body' },
            h('strong', { lang: 'vi' }, t.chosen(`${procedure.code} — ${procedure.name}`)),
            locked
              ? null
              : [
                  ' ',
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'link-button',
                      key: 'c',
                      onClick: () => setProcedure(undefined),
                    },
                    t.change,
                  ),
                ],
          )
        : h(
            'form',
            { role: 'search', onSubmit: search, noValidate: true },
            h(TextInput, {
              path: 'procedureQuery',
              label: t.search,
              hint: t.searchHint,
              value: query,
              onInput: setQuery,
            }),
            h(Button, { variant: 'secondary' }, t.searchButton),
            results
              ? results.length
                ? h(
                    'ul',
                    { class: 'list', 'aria-label': t.choose },
                    results.map((r) =>
                      h(
                        'li',
                        { key: r.code },
                        h(
                          'button',
                          { type: 'button', class: 'link-button', onClick: () => void choose(r.code) },
                          h('span', { lang: 'vi' }, `${r.code} — ${r.name}`),
                        ),
                      ),
                    ),
                  )
                : h('p', { class: 'body', role: 'status' }, t.noResults)
              : null,
          ),
    ),

    procedure && !locked
      ? h(
          'form',
          { noValidate: true, onSubmit: register, 'aria-label': t.register },
          h(
            'section',
            { class: 'section' },
            h(Radios, {
              path: 'channel',
              legend: h('h2', { class: 'heading-m' }, t.channelTitle),
              value: channel,
              options: (['COUNTER', 'POST', 'REPRESENTATIVE'] as const).map((c) => ({
                value: c,
                label: t.channels[c],
                conditional:
                  c === 'POST'
                    ? h(TextInput, {
                        path: 'receivedAt',
                        label: t.receivedAt,
                        hint: t.receivedAtHint,
                        type: 'datetime-local',
                        value: receivedAt,
                        error: fe.receivedAt,
                        onInput: setReceivedAt,
                      })
                    : c === 'REPRESENTATIVE'
                      ? h(
                          'div',
                          null,
                          h(TextInput, {
                            path: 'representative.fullName',
                            label: t.representativeName,
                            value: rep.fullName,
                            error: fe['representative.fullName'],
                            onInput: (v) => setRep({ ...rep, fullName: v }),
                          }),
                          h(TextInput, {
                            path: 'representative.idNumber',
                            label: t.representativeId,
                            hint: t.idNumberHint,
                            inputMode: 'numeric',
                            width: '20',
                            value: rep.idNumber,
                            error: fe['representative.idNumber'],
                            onInput: (v) => setRep({ ...rep, idNumber: v }),
                          }),
                        )
                      : undefined,
              })),
              onChange: (v) => setChannel(v as Channel),
            }),
          ),
          h(
            'section',
            { class: 'section', 'aria-labelledby': 'wi-applicant' },
            h('h2', { class: 'heading-m', id: 'wi-applicant' }, t.applicantTitle),
            h(ApplicantForm, {
              proc: procedure,
              values,
              set: setValue,
              errors: fe,
              typeLegend: t.applicantType,
            }),
          ),
          procedure.formFields.length
            ? h(
                'section',
                { class: 'section', 'aria-labelledby': 'wi-fields' },
                h('h2', { class: 'heading-m', id: 'wi-fields' }, t.fieldsTitle),
                h(ProcedureFields, { proc: procedure, values, set: setValue, errors: fe }),
              )
            : null,
          procedure.documents.length
            ? h(
                'fieldset',
                { class: 'fieldset section', 'aria-describedby': 'wi-paper-hint' },
                h('legend', { class: 'fieldset__legend' }, h('h2', { class: 'heading-m' }, t.paperTitle)),
                h('div', { class: 'hint', id: 'wi-paper-hint' }, t.paperHint),
                procedure.documents.map((d) =>
                  h(Checkbox, {
                    key: d.id,
                    path: `paper.${d.id}`,
                    label: h('span', { lang: 'vi' }, d.name),
                    checked: paper.includes(d.id),
                    onChange: (on) => setPaper(on ? [...paper, d.id] : paper.filter((x) => x !== d.id)),
                  }),
                ),
              )
            : null,
          h(CounterExemptions, { procedure, value: exempt, onChange: setExempt }),
          h(Button, { busy, id: 'wi-register' }, busy ? t.registering : t.register),
        )
      : null,

    // 6. Scans, then submit.
    procedure && dossierId && !submitted
      ? h(
          'form',
          { class: 'section', noValidate: true, onSubmit: submit, 'aria-labelledby': 'wi-scan' },
          h('h2', { class: 'heading-m', id: 'wi-scan' }, t.scanTitle),
          h('p', { class: 'body' }, t.scanHint),
          procedure.documents.map((req) =>
            h(DocumentUpload, {
              key: req.id,
              req,
              store,
              mandatory: req.uploadMandatory,
              error: fe[`documents.${req.id}`],
            }),
          ),
          h(Button, { busy, id: 'wi-submit' }, busy ? t.submitting : t.submit),
        )
      : null,

    // 7. Intake decision and printing.
    submitted && dossierId
      ? h(
          'section',
          { class: 'section', 'aria-labelledby': 'wi-intake' },
          h(
            Notification,
            { kind: 'success' },
            h('p', { class: 'body' }, t.submitted(submitted.code)),
            h('p', { class: 'body' }, t.secret(submitted.lookupSecret)),
          ),
          h('h2', { class: 'heading-m', id: 'wi-intake' }, t.intakeTitle),
          dossier?.status === 'SUBMITTED' && !decided
            ? h(
                'div',
                {
                  // The decision form reports only that it is done; which decision it was is the
                  // radio chosen in it, read as the change bubbles up.
                  onChange: (e: Event) => {
                    const el = e.target as HTMLInputElement;
                    if (el.name === 'intake.decision') decision.current = el.value;
                  },
                },
                h(IntakeForm, {
                  dossierId,
                  version: dossier.version,
                  onDone: () => {
                    const form = FORM_OF_DECISION[decision.current];
                    if (form) setDecided(form);
                    else void reload(dossierId);
                  },
                  onConflict: () => void reload(dossierId),
                }),
              )
            : null,
          printable
            ? h(
                'div',
                { class: 'section' },
                h('h3', { class: 'heading-s' }, t.printTitle),
                printState === 'failed' ? h(Notification, { kind: 'error' }, t.printFailed) : null,
                h(
                  'p',
                  { class: 'body', role: 'status', 'aria-live': 'polite', id: 'wi-print-status' },
                  printState === 'printing' ? t.printing : printState === 'printed' ? t.printed : '',
                ),
                h(
                  Button,
                  {
                    type: 'button',
                    id: 'wi-print',
                    busy: printState === 'printing',
                    onClick: () => void print(printable),
                  },
                  t.print[printable],
                ),
                h(
                  'p',
                  { class: 'body' },
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'link-button',
                      id: 'wi-download',
                      onClick: () => download(printable),
                    },
                    t.download(printable),
                  ),
                ),
                h(
                  'ul',
                  { class: 'list' },
                  counterId
                    ? h(
                        'li',
                        null,
                        h(
                          'a',
                          { href: webPath('staffCounter', { counterId }), id: 'wi-back' },
                          t.backToCounter(counterId),
                        ),
                      )
                    : null,
                  h('li', null, h('a', { href: webPath('staffDossier', { id: dossierId }) }, t.openDossier)),
                  h(
                    'li',
                    null,
                    h(
                      'a',
                      { href: WEB_ROUTES.staffWalkIn, onClick: () => window.location.reload() },
                      t.another,
                    ),
                  ),
                ),
              )
            : null,
        )
      : null,
  );
}
