import { type ComponentChildren, h } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { FormField, Procedure } from '../../../shared/contracts/catalogue.ts';
import type {
  CreateDossierResponse,
  SubmitDossierResponse,
  UploadSlot,
} from '../../../shared/contracts/dossier.ts';
import { webPath } from '../../../shared/contracts/web-routes.ts';
import { currentLang, m } from '../i18n/index.ts';
import { ApiError, newIdempotencyKey, problemText, request } from '../lib/api.ts';
import { cacheProcedure, getProcedure } from '../lib/catalogue.ts';
import {
  type Draft,
  deleteDraft,
  loadDraft,
  newDraft,
  rememberSecret,
  saveDraft,
  saveReceipt,
} from '../lib/draft.ts';
import {
  applicantType,
  buildRequest,
  labelOf,
  type StepId,
  stepOfPath,
  stepsFor,
  type Values,
  validateStep,
} from '../lib/form-model.ts';
import { formatDate, groupDigits } from '../lib/format.ts';
import { useLatest } from '../lib/latest.ts';
import { type Location, navigate } from '../lib/router.ts';
import { UploadStore } from '../lib/uploads.ts';
import { apiErrors, isoDate } from '../lib/validation.ts';
import { ApplicantForm, fieldLabel, ProcedureFields } from '../ui/applicant-form.ts';
import {
  BackLink,
  Button,
  type ErrorItem,
  ErrorSummary,
  Notification,
  PageHeading,
  Radios,
  Spinner,
  SummaryList,
  type SummaryRow,
  Textarea,
  toFieldErrors,
  useTitle,
} from '../ui/components.ts';
import { DocumentUpload, documentError, useStore } from '../ui/documents.ts';
import { DraftFeePanel } from '../ui/fees.ts';
import { NotFoundPage } from './not-found.ts';

/**
 * The step-by-step application, generated from the procedure's definition: applicant, the
 * procedure's own form fields, how to receive the result, documents, then a check-your-answers
 * page. Each step is validated with the shared contracts before the citizen moves on. The server
 * draft (POST /dossiers) is made when the citizen reaches the documents, with an Idempotency-Key
 * kept in the draft; submit uses its own kept key, so retries and double clicks are harmless.
 */

/** Uploads per procedure, outside the page so they go on while the citizen moves between steps. */
const stores = new Map<string, UploadStore>();
/**
 * The draft being edited, per procedure: one copy for every step's component, so an upload that
 * finishes after its step was left still records itself in the draft the next step sees.
 */
const liveDrafts = new Map<string, Draft>();
export function resetApplyUploads(code: string) {
  stores.get(code)?.clear();
  stores.delete(code);
  liveDrafts.delete(code);
}

/** A notice for the next step shown (the page remounts per step, so local state is gone). */
let pendingNotice: { code: string; text: string } | undefined;

/** Errors found on one step that another step must show (e.g. submit refusing a document). */
let pendingErrors: { code: string; step: StepId; items: ErrorItem[] } | undefined;
function takePendingErrors(code: string, step: string): ErrorItem[] {
  if (pendingErrors?.code !== code || pendingErrors.step !== step) return [];
  const items = pendingErrors.items;
  pendingErrors = undefined;
  return items;
}

export function ApplyPage({ code, step, loc }: { code: string; step: string; loc: Location }) {
  const [proc, setProc] = useState<Procedure | undefined>(undefined);
  const [failed, setFailed] = useState<string | undefined>(undefined);
  const latest = useLatest();
  useEffect(() => {
    const current = latest();
    procedureOfDraft(code)
      .then((p) => {
        if (current()) setProc(p);
      })
      .catch((e: unknown) => {
        if (!current()) return;
        setFailed(
          e instanceof ApiError && e.status === 404 ? m().errors.procedureNotFound : m().errors.network,
        );
      });
  }, [code]);
  if (failed) return h(Notification, { kind: 'error' }, failed);
  if (!proc) return h(Spinner, null);
  const steps = stepsFor(proc);
  if (!steps.includes(step as StepId)) return h(NotFoundPage, null);
  return h(ApplyFlow, {
    proc,
    onProcedureChanged: setProc,
    step: step as StepId,
    fromReview: loc.query.get('from') === 'review',
    key: step,
  });
}

/**
 * The procedure the form asks for: the catalogue's current version, unless the API moved the
 * citizen's draft to a later one that the catalogue does not show yet (it became the version in
 * force on the reception day, after the 15:00 cut-off); that one the draft kept.
 */
async function procedureOfDraft(code: string): Promise<Procedure> {
  const current = await getProcedure(code);
  const kept = (liveDrafts.get(code) ?? loadDraft(code))?.procedure;
  if (!kept || kept.code !== code || kept.version <= current.version) return current;
  cacheProcedure(kept);
  return kept;
}

const problemOf = (e: unknown) => problemText(e, m().errors, currentLang());

function ApplyFlow({
  proc,
  onProcedureChanged,
  step,
  fromReview,
}: {
  proc: Procedure;
  /** The API moved the draft to a newer version of the procedure (other documents required). */
  onProcedureChanged: (p: Procedure) => void;
  step: StepId;
  fromReview: boolean;
}) {
  const msg = m();
  const a = msg.apply;
  const lang = currentLang();
  const steps = stepsFor(proc);
  const idx = steps.indexOf(step);
  const [draft, setDraftState] = useState<Draft>(() => {
    let d = liveDrafts.get(proc.code);
    if (!d) {
      d = loadDraft(proc.code) ?? newDraft(proc.code, proc.version);
      liveDrafts.set(proc.code, d);
    }
    return d;
  });
  const draftRef = useMemo(
    () => ({
      get current(): Draft {
        return liveDrafts.get(proc.code) ?? draft;
      },
    }),
    [proc.code],
  );
  const update = (d: Draft) => {
    const saved = saveDraft(d);
    liveDrafts.set(proc.code, saved);
    setDraftState(saved);
  };
  const [errors, setErrors] = useState<ErrorItem[]>(() => takePendingErrors(proc.code, step));
  const [notice, setNotice] = useState<string | undefined>(() => {
    const kept = pendingNotice?.code === proc.code ? pendingNotice.text : undefined;
    pendingNotice = undefined;
    return kept;
  });
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);

  // The upload store of this procedure, its slots requested for the current server draft.
  let store = stores.get(proc.code);
  if (!store) {
    store = new UploadStore({
      boundTo: () => undefined,
      requestSlot: () => Promise.reject(new Error('unbound')),
    });
    stores.set(proc.code, store);
    for (const [reqId, ref] of Object.entries(draft.documents))
      store.restore(reqId, { ...ref, contentType: ref.contentType as never, boundTo: ref.dossierId });
    for (const reqId of draft.uploading ?? []) if (!draft.documents[reqId]) store.markReselect(reqId);
  }
  store.setTarget({
    boundTo: () => draftRef.current.server?.dossierId,
    requestSlot: async (doc) => {
      const id = draftRef.current.server?.dossierId;
      const res = await request<{ slots: UploadSlot[] }>('POST', `/dossiers/${id}/uploads`, {
        body: { documents: [doc] },
      });
      return res.slots[0]!;
    },
    onUploaded: (reqId, ref) => {
      const d = draftRef.current;
      update({ ...d, documents: { ...d.documents, [reqId]: { ...ref, dossierId: ref.boundTo } } });
    },
    onCleared: (reqId) => {
      const d = draftRef.current;
      const { [reqId]: _gone, ...rest } = d.documents;
      update({ ...d, documents: rest });
    },
    removeUpload: async (documentId) => {
      const id = draftRef.current.server?.dossierId;
      await request('DELETE', `/dossiers/${id}/uploads/${documentId}`);
    },
  });
  useStore(store);
  const [attempt, setAttempt] = useState(0);
  // A document's error goes once the citizen chooses another file for it.
  useEffect(
    () =>
      store.subscribe((reqId) => {
        if (!reqId) return;
        const status = store.get(reqId).status;
        if (status === 'checking') setErrors((errs) => errs.filter((e) => e.path !== `documents.${reqId}`));
        // Remember running uploads, so after a reload the citizen is asked to choose the file again.
        const d = draftRef.current;
        const running = new Set(d.uploading ?? []);
        const was = running.has(reqId);
        if (status === 'uploading') running.add(reqId);
        else running.delete(reqId);
        if (was !== running.has(reqId)) update({ ...d, uploading: [...running] });
      }),
    [store],
  );

  // A step can only be reached once the steps before it are done (a typed URL, an old bookmark).
  const firstIncomplete = steps.slice(0, idx).find((s) => s !== 'documents' && !draft.completed.includes(s));
  useEffect(() => {
    if (firstIncomplete)
      navigate(webPath('apply', { code: proc.code, step: firstIncomplete }), { replace: true });
  }, [firstIncomplete]);

  useTitle(`${a.steps[step]} — ${proc.name}`, errors.length > 0);
  if (firstIncomplete) return h(Spinner, null);

  const values = draft.values;
  const setValue = (k: string, v: string) => {
    const d = draftRef.current;
    update({ ...d, values: { ...d.values, [k]: v } });
  };
  const fieldErrors = toFieldErrors(errors);
  const summary = errors.map((e) => {
    const label =
      e.path === 'applicant.type' || e.path === 'delivery.method' ? undefined : labelOf(e.path, proc, lang);
    return { path: e.path, text: label ? `${label}: ${e.text}` : e.text };
  });

  /** Makes (or reuses) the server draft holding exactly the current answers. */
  async function ensureServerDraft(): Promise<string> {
    const d = draftRef.current;
    const body = buildRequest(d.values, proc);
    const fingerprint = JSON.stringify(body);
    if (d.server?.fingerprint === fingerprint) return d.server.dossierId;
    const key = d.create?.fingerprint === fingerprint ? d.create.key : newIdempotencyKey();
    update({ ...d, create: { key, fingerprint } });
    const res = await request<CreateDossierResponse>('POST', '/dossiers', { body, idempotencyKey: key });
    const { submitKey: _old, ...rest } = draftRef.current;
    update({ ...rest, server: { dossierId: res.dossierId, fingerprint } });
    return res.dossierId;
  }

  /** Shows API field errors on the step they belong to. */
  function showApiErrors(e: ApiError) {
    const items = apiErrors(e.problem.errors);
    if (!items.length) {
      setNotice(problemOf(e));
      return;
    }
    const target = stepOfPath(items[0]!.path);
    const mine = items.filter((i) => stepOfPath(i.path) === target);
    if (target === step) setErrors(mine);
    else {
      pendingErrors = { code: proc.code, step: target, items: mine };
      navigate(webPath('apply', { code: proc.code, step: target }));
    }
  }

  function documentErrors(p: Procedure = proc): ErrorItem[] {
    const out: ErrorItem[] = [];
    for (const req of p.documents) {
      const text = documentError(req, store!.get(req.id), req.uploadMandatory);
      if (text) out.push({ path: `documents.${req.id}`, text });
    }
    return out;
  }

  async function continueFrom(e: Event) {
    e.preventDefault();
    if (inFlight.current) return;
    setAttempt((n) => n + 1);
    setNotice(undefined);
    if (step === 'documents') {
      const errs = documentErrors();
      setErrors(errs);
      if (!errs.length) navigate(webPath('apply', { code: proc.code, step: 'review' }));
      return;
    }
    const errs = validateStep(step, values, proc);
    setErrors(errs);
    if (errs.length) return;
    const d = draftRef.current;
    update({ ...d, completed: [...new Set([...d.completed, step])] });
    const next = fromReview ? 'review' : steps[idx + 1]!;
    // Leaving the last question (delivery) makes the server draft the documents are uploaded to.
    if (step === 'delivery' || draftRef.current.server) {
      inFlight.current = true;
      setBusy(true);
      try {
        await ensureServerDraft();
      } catch (err) {
        if (err instanceof ApiError && err.problem.errors?.length) showApiErrors(err);
        else setNotice(problemOf(err));
        return;
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
      // New answers mean a new server draft: files already chosen are uploaded to it again.
      const lost = store!.rebind();
      if (lost.length && steps.includes('documents')) {
        navigate(webPath('apply', { code: proc.code, step: 'documents' }));
        return;
      }
    }
    navigate(webPath('apply', { code: proc.code, step: next }));
  }

  async function submit(e: Event) {
    e.preventDefault();
    // A second click while the first is in flight does nothing; a retry after a lost answer reuses
    // the kept Idempotency-Key, so the API answers with the first result instead of a new dossier.
    if (inFlight.current) return;
    inFlight.current = true;
    setAttempt((n) => n + 1);
    setBusy(true);
    setNotice(undefined);
    try {
      for (const s of steps) {
        // Documents are checked below, once the uploads still running have finished.
        const errs =
          s === 'documents' || s === 'review' ? [] : validateStep(s, draftRef.current.values, proc);
        if (errs.length) {
          pendingErrors = { code: proc.code, step: s, items: errs };
          navigate(webPath('apply', { code: proc.code, step: s }));
          return;
        }
      }
      const dossierId = await ensureServerDraft();
      const lost = store!.rebind();
      await store!.whenIdle();
      if (lost.length || documentErrors().length) {
        pendingErrors = { code: proc.code, step: 'documents', items: documentErrors() };
        navigate(webPath('apply', { code: proc.code, step: 'documents' }));
        return;
      }
      const key = draftRef.current.submitKey ?? newIdempotencyKey();
      update({ ...draftRef.current, submitKey: key });
      const res = await request<SubmitDossierResponse>('POST', `/dossiers/${dossierId}/submit`, {
        idempotencyKey: key,
        attempts: 5,
      });
      rememberSecret(res.code, res.lookupSecret);
      saveReceipt({
        code: res.code,
        procedureCode: proc.code,
        procedureName: proc.name,
        submittedAt: res.submittedAt,
        departmentId: proc.departmentIds[0]!,
      });
      deleteDraft(proc.code);
      resetApplyUploads(proc.code);
      navigate(webPath('receipt', { code: res.code }), { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'PROCEDURE_VERSION_CHANGED') {
        // The version in force on the reception day asks for other documents: the API moved the
        // draft to it and sent it. Its body is used rather than GET /procedures/{code}, which after
        // the 15:00 cut-off still shows today's version while the draft already moved to tomorrow's.
        const next = (err.problem as typeof err.problem & { procedure?: Procedure }).procedure;
        if (next) {
          cacheProcedure(next);
          update({ ...draftRef.current, procedureVersion: next.version, procedure: next });
        }
        pendingErrors = { code: proc.code, step: 'documents', items: documentErrors(next ?? proc) };
        pendingNotice = { code: proc.code, text: msg.apply.procedureChanged };
        if (next) onProcedureChanged(next);
        navigate(webPath('apply', { code: proc.code, step: 'documents' }));
      } else if (err instanceof ApiError && err.problem.errors?.length) showApiErrors(err);
      else setNotice(`${msg.review.submitFailed} ${problemOf(err)}`);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  const back =
    idx === 0
      ? webPath('procedure', { code: proc.code })
      : fromReview
        ? webPath('apply', { code: proc.code, step: 'review' })
        : webPath('apply', { code: proc.code, step: steps[idx - 1]! });
  let body: ComponentChildren;
  switch (step) {
    case 'applicant':
      body = h(ApplicantForm, { proc, values, set: setValue, errors: fieldErrors });
      break;
    case 'details':
      body = [
        h('p', { class: 'body', key: 'intro' }, a.detailsIntro),
        h(ProcedureFields, { key: 'fields', proc, values, set: setValue, errors: fieldErrors }),
      ];
      break;
    case 'delivery':
      body = deliveryStep(values, setValue, fieldErrors);
      break;
    case 'documents':
      body = [
        h('p', { class: 'body', key: 'intro' }, msg.documents.intro),
        ...proc.documents.map((req) =>
          h(DocumentUpload, {
            key: req.id,
            req,
            store: store!,
            mandatory: req.uploadMandatory,
            error: fieldErrors[`documents.${req.id}`],
          }),
        ),
      ];
      break;
    case 'review':
      body = reviewStep(proc, draft, store, steps);
      break;
  }

  return h(
    'div',
    { class: 'grid-row' },
    h(
      'div',
      { class: 'two-thirds' },
      h(BackLink, { href: back }),
      h(ErrorSummary, { errors: summary, attempt }),
      notice ? h(Notification, { kind: 'error' }, notice) : null,
      h(
        PageHeading,
        {
          caption: [
            h('span', { lang: 'vi', key: 'n' }, proc.name),
            h('br', { key: 'b' }),
            a.stepOf(idx + 1, steps.length),
          ],
        },
        a.steps[step],
      ),
      h(
        'form',
        { noValidate: true, onSubmit: step === 'review' ? submit : continueFrom, class: 'form' },
        body,
        step === 'review'
          ? [
              h(DraftFeePanel, { key: 'fees', proc, dossierId: draft.server?.dossierId }),
              h('h2', { class: 'heading-m', key: 'dt' }, msg.review.declarationTitle),
              h('p', { class: 'body', key: 'd' }, msg.review.declaration),
              h(
                Button,
                { key: 's', id: 'submit-dossier', busy },
                busy ? msg.review.submitting : msg.review.submit,
              ),
            ]
          : h(Button, { busy }, busy ? a.creating : msg.common.continue),
        h(
          'p',
          { class: 'visually-hidden', 'aria-live': 'polite' },
          busy ? (step === 'review' ? msg.review.submitting : a.creating) : '',
        ),
      ),
      h(
        'p',
        { class: 'hint draft-note' },
        a.draftSaved,
        ' ',
        h(
          'button',
          {
            type: 'button',
            class: 'link-button',
            onClick: () => {
              deleteDraft(proc.code);
              resetApplyUploads(proc.code);
              navigate(webPath('procedure', { code: proc.code }));
            },
          },
          a.deleteDraft,
        ),
      ),
    ),
  );
}

type SetValue = (k: string, v: string) => void;

function deliveryStep(v: Values, set: SetValue, errors: Record<string, string>) {
  const a = m().apply;
  const methods = ['AT_CENTRE', 'POST', 'ONLINE'] as const;
  return h(Radios, {
    path: 'delivery.method',
    legend: a.deliveryLegend,
    value: v['delivery.method'] ?? '',
    error: errors['delivery.method'],
    options: methods.map((k) => ({
      value: k,
      label: a.deliveryMethods[k],
      hint: a.deliveryHints[k],
      conditional:
        k === 'POST'
          ? h(Textarea, {
              path: 'delivery.address',
              label: a.postAddress,
              hint: a.postAddressHint,
              rows: 2,
              optional: true,
              value: v['delivery.address'] ?? '',
              error: errors['delivery.address'],
              onInput: (x) => set('delivery.address', x),
            })
          : null,
    })),
    onChange: (x) => set('delivery.method', x),
  });
}

function reviewStep(proc: Procedure, draft: Draft, store: UploadStore, steps: StepId[]) {
  const msg = m();
  const a = msg.apply;
  const r = msg.review;
  const v = draft.values;
  const change = (step: StepId, what: string) => ({
    href: `${webPath('apply', { code: proc.code, step })}?from=review`,
    label: r.change,
    hidden: what,
  });
  const row = (step: StepId, key: string, value: ComponentChildren): SummaryRow => ({
    key,
    value: value === '' || value === undefined ? r.none : value,
    action: change(step, key),
  });
  const type = applicantType(v, proc);
  const applicantRows: SummaryRow[] = [
    ...(proc.applicantTypes.length > 1
      ? [row('applicant', a.applicantType, msg.procedure.applicantTypes[type as 'INDIVIDUAL'])]
      : []),
    ...(type === 'ORGANISATION'
      ? [
          row('applicant', a.organisationName, v['applicant.organisationName']),
          row('applicant', a.taxCode, v['applicant.taxCode']),
          row('applicant', a.representativeName, v['applicant.representative.fullName']),
          row('applicant', a.representativeId, v['applicant.representative.idNumber']),
        ]
      : [
          row('applicant', a.fullName, v['applicant.fullName']),
          row('applicant', a.idNumber, v['applicant.idNumber']),
          row('applicant', a.dateOfBirth, formatDate(isoDate(v, 'applicant.dateOfBirth'))),
        ]),
    row('applicant', a.phone, v['applicant.phone']),
    row('applicant', a.email, v['applicant.email']),
    row('applicant', a.address, v['applicant.address']),
  ];
  const fieldValue = (f: FormField) => {
    const path = `fields.${f.id}`;
    if (f.type === 'date') return formatDate(isoDate(v, path));
    if (f.type === 'select') {
      const o = f.options?.find((x) => x.value === v[path]);
      return o ? (currentLang() === 'vi' ? o.label : o.labelEn) : '';
    }
    if (f.type === 'number') {
      const n = Number((v[path] ?? '').replace(/[\s.]/g, ''));
      return v[path] && Number.isFinite(n) ? groupDigits(n) : (v[path] ?? '');
    }
    return v[path] ?? '';
  };
  const method = v['delivery.method'] as keyof typeof a.deliveryMethods | undefined;
  const sections: ComponentChildren[] = [
    h('p', { class: 'body', key: 'intro' }, r.intro),
    h('h2', { class: 'heading-m', key: 'h-a' }, a.steps.applicant),
    h(SummaryList, { key: 's-a', rows: applicantRows }),
  ];
  if (steps.includes('details')) {
    sections.push(
      h('h2', { class: 'heading-m', key: 'h-d' }, a.steps.details),
      h(SummaryList, {
        key: 's-d',
        rows: proc.formFields.map((f) => row('details', fieldLabel(f), fieldValue(f))),
      }),
    );
  }
  sections.push(
    h('h2', { class: 'heading-m', key: 'h-r' }, a.steps.delivery),
    h(SummaryList, {
      key: 's-r',
      rows: [
        row('delivery', a.deliveryLegend, method ? a.deliveryMethods[method] : ''),
        ...(method === 'POST'
          ? [row('delivery', a.postAddress, v['delivery.address'] || v['applicant.address'])]
          : []),
      ],
    }),
  );
  if (steps.includes('documents')) {
    sections.push(
      h('h2', { class: 'heading-m', key: 'h-doc' }, r.documentsTitle),
      h(SummaryList, {
        key: 's-doc',
        rows: proc.documents.map((req) => {
          const s = store.get(req.id);
          return {
            key: h('span', { lang: 'vi' }, req.name),
            value:
              s.status === 'uploaded'
                ? s.fileName
                : s.status === 'uploading'
                  ? msg.documents.uploading(s.fileName ?? '')
                  : r.notUploaded,
            action: change('documents', req.name),
          };
        }),
      }),
    );
  }
  return sections;
}
