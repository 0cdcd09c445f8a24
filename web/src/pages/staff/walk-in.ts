import { h } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { IndividualApplicant } from '../../../../shared/contracts/applicant.ts';
import type { Procedure, ProcedureSummary } from '../../../../shared/contracts/catalogue.ts';
import { formFieldsSchema, type UploadSlot } from '../../../../shared/contracts/dossier.ts';
import { Representative } from '../../../../shared/contracts/walk-in.ts';
import { m, tr } from '../../i18n/index.ts';
import { walkInMessages } from '../../i18n/walk-in.ts';
import { ApiError, newIdempotencyKey, request } from '../../lib/api.ts';
import { getProcedure, searchProcedures } from '../../lib/catalogue.ts';
import type { Location } from '../../lib/router.ts';
import { downloadStaffPdf, staffProblemText, staffRequest } from '../../lib/staff-api.ts';
import { currentSession } from '../../lib/staff-session.ts';
import { UploadStore } from '../../lib/uploads.ts';
import { apiErrors, zodErrors } from '../../lib/validation.ts';
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

/**
 * Walk-in and postal registration (/can-bo/tiep-nhan, reception officers): find the procedure,
 * record the channel, enter the applicant (checked with the API's own zod contracts as the officer
 * types), tick the paper documents, register the draft, scan each document with a progress bar
 * (the citizen form's upload store and component), submit, take the intake decision and print
 * form 01, 02 or 03 in one click.
 */
type Channel = 'COUNTER' | 'POST' | 'REPRESENTATIVE';

interface Registered {
  dossierId: string;
}
interface SubmittedInfo {
  code: string;
  lookupSecret: string;
}

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

function formValue(type: string, v: string): unknown {
  if (type === 'number') return v.trim() === '' ? undefined : Number(v.replace(/[.\s]/g, ''));
  return v === '' ? undefined : v;
}

export function StaffWalkInPage({ loc }: { params: Record<string, string>; loc: Location }) {
  const session = useStaffSession(loc);
  const t = walkInMessages();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ProcedureSummary[] | undefined>(undefined);
  const [procedure, setProcedure] = useState<Procedure | undefined>(undefined);
  const [channel, setChannel] = useState<Channel>('COUNTER');
  const [receivedAt, setReceivedAt] = useState('');
  const [rep, setRep] = useState({ fullName: '', idNumber: '' });
  const [applicant, setApplicant] = useState({
    fullName: '',
    idNumber: '',
    phone: '',
    email: '',
    address: '',
  });
  const [fields, setFields] = useState<Record<string, string>>({});
  const [paper, setPaper] = useState<string[]>([]);
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [createKey] = useState(newIdempotencyKey);
  const [submitKey] = useState(newIdempotencyKey);
  const [registered, setRegistered] = useState<Registered | undefined>(undefined);
  const [submitted, setSubmitted] = useState<SubmittedInfo | undefined>(undefined);
  const [dossier, setDossier] = useState<{ version: number; status: string } | undefined>(undefined);
  const [printFailed, setPrintFailed] = useState(false);
  const store = useMemo(
    () =>
      new UploadStore({
        boundTo: () => registered?.dossierId,
        requestSlot: async (doc) =>
          (
            await staffRequest<{ slots: UploadSlot[] }>(
              'POST',
              `/staff/walk-in/dossiers/${registered?.dossierId}/uploads`,
              { documents: [doc] },
            )
          ).slots[0]!,
      }),
    [registered?.dossierId],
  );
  useStore(store);
  useTitle(t.title, errors.length > 0);
  useEffect(() => () => store.clear(), [store]);
  if (!session) return null;

  const fe = toFieldErrors(errors);
  const individualOk = procedure?.applicantTypes.includes('INDIVIDUAL') ?? true;

  async function search(e: Event) {
    e.preventDefault();
    setResults((await searchProcedures({ q: query }).catch(() => ({ items: [] }))).items.slice(0, 10));
  }

  async function choose(code: string) {
    const p = await getProcedure(code);
    setProcedure(p);
    setPaper(p.documents.map((d) => d.id));
    setFields({});
  }

  function body() {
    const p = procedure!;
    return {
      procedureCode: p.code,
      applicant: {
        type: 'INDIVIDUAL',
        fullName: applicant.fullName,
        idNumber: applicant.idNumber,
        phone: applicant.phone,
        ...(applicant.email ? { email: applicant.email } : {}),
        address: applicant.address,
      },
      fields: Object.fromEntries(
        p.formFields
          .map((f) => [f.id, formValue(f.type, fields[f.id] ?? '')] as const)
          .filter(([, v]) => v !== undefined),
      ),
      delivery: { method: 'AT_CENTRE' },
      channel: channel === 'POST' ? 'POST' : 'COUNTER',
      ...(channel === 'REPRESENTATIVE' ? { representative: rep } : {}),
      ...(channel === 'POST' ? { receivedAt: vnIso(receivedAt) } : {}),
      paperDocuments: paper,
    };
  }

  /** Inline checks with the shared contracts, before anything is sent. */
  function check(): ErrorItem[] {
    const b = body();
    const items: ErrorItem[] = [];
    const a = IndividualApplicant.safeParse(b.applicant);
    if (!a.success) items.push(...zodErrors(a.error, 'applicant'));
    const f = formFieldsSchema(procedure!.formFields).safeParse(b.fields);
    if (!f.success) items.push(...zodErrors(f.error, 'fields'));
    if (channel === 'REPRESENTATIVE') {
      const r = Representative.safeParse(rep);
      if (!r.success) items.push(...zodErrors(r.error, 'representative'));
    }
    if (channel === 'POST') {
      if (!receivedAt) items.push({ path: 'receivedAt', text: t.required });
      else if (Date.parse(vnIso(receivedAt)!) > Date.now())
        items.push({ path: 'receivedAt', text: t.futureTime });
    }
    return items.map((i) => ({ ...i, text: tr(i.text) }));
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
      setRegistered({ dossierId: res.dossierId });
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors?.length) {
        setErrors(apiErrors(err.problem.errors).map((i) => ({ ...i, text: tr(i.text) })));
      } else setMessage(staffProblemText(err));
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
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy || !registered || !procedure) return;
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
      const res = await staffIdempotent<SubmittedInfo>(
        'POST',
        `/staff/walk-in/dossiers/${registered.dossierId}/submit`,
        submitKey,
      );
      setSubmitted(res);
      await reload(registered.dossierId);
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors?.length) {
        setErrors(apiErrors(err.problem.errors).map((i) => ({ ...i, text: tr(i.text) })));
      } else setMessage(staffProblemText(err));
    } finally {
      setBusy(false);
    }
  }

  const formOf: Record<string, string> = { IN_PROGRESS: '01', SUPPLEMENT_REQUESTED: '02', REFUSED: '03' };
  const printable = dossier ? formOf[dossier.status] : undefined;
  const locked = !!registered;

  return h(
    'div',
    { class: 'walk-in' },
    h(PageHeading, { caption: m().staff.navLabel }, t.title),
    h('p', { class: 'body-l' }, t.lead),
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
          !individualOk ? h(Notification, { kind: 'error' }, t.onlyIndividual) : null,
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
            h(TextInput, {
              path: 'applicant.fullName',
              label: t.fullName,
              autoComplete: 'off',
              value: applicant.fullName,
              error: fe['applicant.fullName'],
              onInput: (v) => setApplicant({ ...applicant, fullName: v }),
            }),
            h(TextInput, {
              path: 'applicant.idNumber',
              label: t.idNumber,
              hint: t.idNumberHint,
              inputMode: 'numeric',
              width: '20',
              value: applicant.idNumber,
              error: fe['applicant.idNumber'],
              onInput: (v) => setApplicant({ ...applicant, idNumber: v }),
            }),
            h(TextInput, {
              path: 'applicant.phone',
              label: t.phone,
              type: 'tel',
              width: '20',
              value: applicant.phone,
              error: fe['applicant.phone'],
              onInput: (v) => setApplicant({ ...applicant, phone: v }),
            }),
            h(TextInput, {
              path: 'applicant.email',
              label: t.email,
              type: 'email',
              optional: true,
              value: applicant.email,
              error: fe['applicant.email'],
              onInput: (v) => setApplicant({ ...applicant, email: v }),
            }),
            h(TextInput, {
              path: 'applicant.address',
              label: t.address,
              value: applicant.address,
              error: fe['applicant.address'],
              onInput: (v) => setApplicant({ ...applicant, address: v }),
            }),
          ),
          procedure.formFields.length
            ? h(
                'section',
                { class: 'section', 'aria-labelledby': 'wi-fields' },
                h('h2', { class: 'heading-m', id: 'wi-fields' }, t.fieldsTitle),
                procedure.formFields.map((f) =>
                  h(TextInput, {
                    key: f.id,
                    path: `fields.${f.id}`,
                    label: h('span', { lang: 'vi' }, f.label),
                    optional: !f.required,
                    type: f.type === 'date' ? 'date' : 'text',
                    ...(f.type === 'number' ? { inputMode: 'numeric' } : {}),
                    value: fields[f.id] ?? '',
                    error: fe[`fields.${f.id}`],
                    onInput: (v) => setFields({ ...fields, [f.id]: v }),
                  }),
                ),
              )
            : null,
          h(
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
          ),
          h(Button, { busy, id: 'wi-register' }, busy ? t.registering : t.register),
        )
      : null,

    // 6. Scans, then submit.
    procedure && registered && !submitted
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
    submitted && registered
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
          dossier?.status === 'SUBMITTED'
            ? h(IntakeForm, {
                dossierId: registered.dossierId,
                version: dossier.version,
                onDone: () => void reload(registered.dossierId),
                onConflict: () => void reload(registered.dossierId),
              })
            : null,
          printable
            ? h(
                'div',
                { class: 'section' },
                h('h3', { class: 'heading-s' }, t.printTitle),
                printFailed ? h(Notification, { kind: 'error' }, t.printFailed) : null,
                h(
                  Button,
                  {
                    type: 'button',
                    id: 'wi-print',
                    onClick: () => {
                      setPrintFailed(false);
                      downloadStaffPdf(
                        `/staff/dossiers/${registered.dossierId}/forms/${printable}`,
                        `mau-${printable}-${submitted.code}.pdf`,
                      ).catch(() => setPrintFailed(true));
                    },
                  },
                  t.print[printable],
                ),
                h(
                  'p',
                  { class: 'body' },
                  h('a', { href: `/can-bo/ho-so/${registered.dossierId}` }, t.openDossier),
                  ' · ',
                  h('a', { href: '/can-bo/tiep-nhan', onClick: () => window.location.reload() }, t.another),
                ),
              )
            : null,
        )
      : null,
  );
}
