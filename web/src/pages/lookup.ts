import { h } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { DocumentRequirement, Procedure } from '../../../shared/contracts/catalogue.ts';
import {
  DossierCode,
  type LookupResponse,
  LookupSecret,
  RATING_INDICES,
  RatingRequest,
  type ResultDownload,
  type UploadSlot,
} from '../../../shared/contracts/dossier.ts';
import type { VerificationReport } from '../../../shared/contracts/verification.ts';
import { WEB_ROUTES, webPath } from '../../../shared/contracts/web-routes.ts';
import {
  type ExtraItem,
  extraItemLabel,
  extraItemRequirement,
} from '../../../shared/domain/supplement-items.ts';
import { foldForSearch } from '../../../shared/domain/text.ts';
import { currentLang, m } from '../i18n/index.ts';
import { verifyMessages } from '../i18n/verify.ts';
import { ApiError, problemText, request } from '../lib/api.ts';
import { type DepartmentSummary, departmentName, getDepartments, getProcedure } from '../lib/catalogue.ts';
import { FEATURES } from '../lib/features.ts';
import { formatDate, formatDateTime, formatVnd } from '../lib/format.ts';
import { downloadReceiptPdf } from '../lib/receipt-links.ts';
import type { Location } from '../lib/router.ts';
import { UploadStore } from '../lib/uploads.ts';
import { apiErrors, zodErrors } from '../lib/validation.ts';
import {
  BackLink,
  Button,
  Checkbox,
  type ErrorItem,
  ErrorSummary,
  Inset,
  Notification,
  PageHeading,
  Radios,
  SummaryList,
  type SummaryRow,
  Tag,
  Textarea,
  TextInput,
  toFieldErrors,
  useTitle,
  WarningText,
} from '../ui/components.ts';
import { DocumentUpload, documentError, useStore } from '../ui/documents.ts';
import { LookupFeePanel, owedBeforeResult, useLookupFees } from '../ui/fees.ts';
import { VerificationResult } from './verify.ts';

/**
 * Look a dossier up by code and lookup secret (typed, or from the receipt's QR code, whose link
 * carries both in the fragment — read once, then removed from the address bar). Shows the status
 * in plain words, what to do now, the department and deadline, the timeline; lets the citizen
 * answer a supplement request with documents, withdraw, and rate the service once it is returned.
 * The secret stays in memory for the actions and is never stored.
 */
interface Auth {
  code: string;
  secret: string;
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

/** Why the receipt PDF did not download: the rate limit or a busy service said so, else a retry hint. */
const pdfProblemOf = (e: unknown) =>
  e instanceof ApiError && (e.status === 429 || e.status === 503) ? problemOf(e) : m().receipt.pdfFailed;

/** A refusal in words: the rate limit with its wait in minutes, a busy service, the API's title. */
const problemOf = (e: unknown) => problemText(e, m().errors, currentLang());

/**
 * A refusal of the look-up form that is not about one field (the rate limit, a busy service, no
 * connection): an alert that takes the focus. Keyed by attempt, so each new refusal is announced
 * again even when its words are the same; the form below stays as typed, ready for the next try.
 */
function FormProblem({ text }: { text: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return h('div', { ref, tabIndex: -1, id: 'lookup-problem' }, h(Notification, { kind: 'error' }, text));
}

export function LookupPage({ loc }: { loc: Location }) {
  const t = m().lookup;
  const [code, setCode] = useState('');
  const [secret, setSecret] = useState('');
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [auth, setAuth] = useState<Auth | undefined>(undefined);
  const [data, setData] = useState<LookupResponse | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | undefined>(undefined);
  const [formProblem, setFormProblem] = useState<{ text: string; attempt: number } | undefined>(undefined);
  const attempts = useRef(0);

  async function load(a: Auth, opts: { fromForm?: boolean } = {}) {
    setBusy(true);
    try {
      const res = await request<LookupResponse>('GET', `/lookup/${encodeURIComponent(a.code)}`, {
        headers: { 'x-lookup-secret': a.secret },
      });
      setAuth(a);
      setData(res);
      setErrors([]);
      setFormProblem(undefined);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        setAuth(undefined);
        setData(undefined);
        setFormProblem(undefined);
        setErrors([{ path: 'lookup.code', text: t.notFound }]);
      } else if (opts.fromForm || !data) {
        // Not the fields' fault (a rate limit also refuses the right secret): said above the form.
        setErrors([]);
        attempts.current += 1;
        setFormProblem({ text: problemOf(e), attempt: attempts.current });
      } else setNotice({ kind: 'error', text: problemOf(e) });
    } finally {
      setBusy(false);
    }
  }

  // From the QR code: /lookup#code=…&secret=… — read once, then dropped from the address bar.
  useEffect(() => {
    const params = new URLSearchParams(loc.hash);
    const c = params.get('code');
    const s = params.get('secret');
    if (!c) return;
    history.replaceState(null, '', WEB_ROUTES.lookup);
    setCode(c);
    if (s) {
      setSecret(s);
      void load({ code: c, secret: s });
    }
  }, []);

  function submit(e: Event) {
    e.preventDefault();
    const errs: ErrorItem[] = [];
    const c = DossierCode.safeParse(code.trim().toUpperCase());
    if (!c.success) errs.push({ path: 'lookup.code', text: t.codeInvalid });
    const s = LookupSecret.safeParse(secret);
    if (!s.success) errs.push({ path: 'lookup.secret', text: t.secretInvalid });
    setErrors(errs);
    setNotice(undefined);
    setFormProblem(undefined);
    if (c.success && s.success) void load({ code: c.data, secret: s.data }, { fromForm: true });
  }

  useTitle(data ? t.resultTitle(data.code) : t.title, errors.length > 0 || formProblem !== undefined);

  if (auth && data)
    return h(DossierView, {
      auth,
      data,
      notice,
      busy,
      refresh: (n?: { kind: 'success' | 'error'; text: string }) => {
        setNotice(n);
        void load(auth);
      },
      reset: () => {
        setAuth(undefined);
        setData(undefined);
        setSecret('');
        setCode('');
        setNotice(undefined);
      },
    });

  const fe = toFieldErrors(errors);
  return h(
    'div',
    { class: 'grid-row' },
    h(
      'div',
      { class: 'two-thirds' },
      h(ErrorSummary, { errors }),
      formProblem ? h(FormProblem, { key: formProblem.attempt, text: formProblem.text }) : null,
      h(PageHeading, null, t.title),
      h('p', { class: 'body' }, t.intro),
      h(
        'form',
        { noValidate: true, onSubmit: submit },
        h(TextInput, {
          path: 'lookup.code',
          label: t.code,
          hint: t.codeHint,
          value: code,
          error: fe['lookup.code'],
          spellcheck: false,
          onInput: setCode,
        }),
        h(TextInput, {
          path: 'lookup.secret',
          label: t.secret,
          hint: t.secretHint,
          value: secret,
          error: fe['lookup.secret'],
          width: '20',
          spellcheck: false,
          onInput: setSecret,
        }),
        h(Button, { busy }, t.submit),
      ),
    ),
  );
}

function DossierView(p: {
  auth: Auth;
  data: LookupResponse;
  notice: { kind: 'success' | 'error'; text: string } | undefined;
  busy: boolean;
  refresh: (notice?: { kind: 'success' | 'error'; text: string }) => void;
  reset: () => void;
}) {
  const msg = m();
  const t = msg.lookup;
  const lang = currentLang();
  const { data, auth } = p;
  const [departments, setDepartments] = useState<DepartmentSummary[]>([]);
  const [pdfProblem, setPdfProblem] = useState('');
  useEffect(() => {
    getDepartments()
      .then(setDepartments)
      .catch(() => undefined);
  }, []);

  const cj = msg.citizenJourney;
  const dept = (id: string) => departmentName(departments, id, lang);
  const steps = data.steps ?? [];
  const next = data.nextAction ?? { kind: 'WAIT' as const };
  const paused = next.kind === 'SUPPLEMENT';
  const fees = useLookupFees(auth.code, auth.secret);
  // A fee payable before the result (a refused exemption, or the procedure's rule) comes first.
  // (An online result counts as handed back when issued: until it is paid it cannot be downloaded,
  // so the rating waits and the citizen is told where the result will be.)
  const owed = ['WAIT', 'COLLECT_RESULT', 'RATE'].includes(next.kind) ? owedBeforeResult(fees) : 0;
  const nextText =
    next.kind === 'SUPPLEMENT'
      ? next.dueDate
        ? t.next.SUPPLEMENT_BY(formatDate(next.dueDate))
        : t.next.SUPPLEMENT
      : next.kind === 'COLLECT_RESULT'
        ? (cj.collect[next.method] ?? t.next.COLLECT_RESULT)
        : next.kind === 'WAIT' && data.overdue
          ? cj.overdueNext
          : t.next[next.kind];
  const whatNow =
    owed > 0
      ? cj.nextPayFirst(formatVnd(owed), next.kind === 'RATE' ? (cj.collect.ONLINE ?? '') : nextText)
      : nextText;
  // Who has the dossier: the centre at intake and at the result, the departments while they work,
  // the citizen while a supplement is asked for, nobody once it ended.
  const holder = data.holder ?? { kind: 'DEPARTMENTS' as const, departmentIds: [data.departmentId] };
  const holderValue =
    holder.kind === 'DEPARTMENTS'
      ? h(
          'ul',
          { class: 'list list--plain' },
          holder.departmentIds.map((id) => {
            const due = paused ? undefined : steps.find((s) => s.departmentId === id && s.dueDate)?.dueDate;
            return h('li', { key: id }, dept(id), due ? ` — ${t.due(formatDate(due))}` : '');
          }),
        )
      : holder.kind === 'CENTRE'
        ? cj.holderCentre
        : holder.kind === 'CITIZEN'
          ? cj.holderCitizen(holder.departmentIds.map((id) => dept(id)).join(', '))
          : cj.holderNone;

  const rows: SummaryRow[] = [
    { key: t.procedure, value: h('span', { lang: 'vi' }, data.procedureName) },
    { key: t.submittedAt, value: formatDateTime(data.submittedAt) },
    { key: cj.holder, value: holderValue },
    {
      key: t.appointment,
      // While a supplement is asked for the statutory clock stands still and the date is set again
      // when the citizen answers: the old date is not the appointment any more.
      value: paused
        ? h('span', { id: 'appointment-paused' }, cj.deadlinePaused)
        : data.appointmentDate
          ? formatDate(data.appointmentDate)
          : t.notYet,
    },
  ];

  return h(
    'div',
    { class: 'grid-row' },
    h(
      'div',
      { class: 'two-thirds' },
      h(BackLink, { href: WEB_ROUTES.lookup }),
      p.notice ? h(Notification, { kind: p.notice.kind }, p.notice.text) : null,
      h(PageHeading, { caption: t.title }, t.resultTitle(data.code)),
      data.overdue
        ? h(
            'div',
            {
              class: 'notification notification--warning',
              role: 'region',
              'aria-labelledby': 'overdue-title',
            },
            h('h2', { class: 'heading-m', id: 'overdue-title' }, cj.overdueTitle),
            h(
              'p',
              { class: 'body' },
              cj.overdueText(
                formatDate(data.overdue.dueDate),
                data.overdue.departmentIds.map((id) => dept(id)).join(', '),
              ),
            ),
            h('p', { class: 'body' }, cj.overdueOwed),
          )
        : null,
      h(
        'div',
        { class: 'status-box' },
        h(
          'p',
          { class: 'body' },
          `${t.status}: `,
          h(Tag, { colour: STATUS_COLOUR[data.status] ?? 'grey' }, data.statusLabel?.[lang] ?? data.status),
        ),
        h('p', { class: 'body' }, t.explain[data.status] ?? ''),
      ),
      h('h2', { class: 'heading-m' }, t.whatNow),
      h(Inset, null, whatNow),
      h(SummaryList, { rows }),
      steps.length > 1
        ? h(
            'table',
            { class: 'table' },
            h('caption', { class: 'table__caption' }, t.department),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', { scope: 'col' }, t.department),
                h('th', { scope: 'col' }, t.status),
                h('th', { scope: 'col' }, t.deadline),
              ),
            ),
            h(
              'tbody',
              null,
              steps.map((s) =>
                h(
                  'tr',
                  { key: s.stepId },
                  h('td', null, dept(s.departmentId)),
                  h('td', null, t.stepStatus[s.status] ?? s.status),
                  h('td', null, paused ? cj.deadlinePausedShort : s.dueDate ? formatDate(s.dueDate) : ''),
                ),
              ),
            ),
          )
        : null,
      h(LookupFeePanel, { code: auth.code, secret: auth.secret, status: fees }),
      data.result ? h(ResultSection, { auth, result: data.result, owed }) : null,
      next.kind === 'SUPPLEMENT'
        ? h(SupplementSection, {
            auth,
            data,
            missing: next.missing,
            reasons: next.reasons,
            extras: next.extras ?? [],
            refresh: p.refresh,
          })
        : null,
      // The rating waits until the citizen can have the result (its fee paid).
      next.kind === 'RATE' && FEATURES.rating && owed === 0
        ? h(RatingSection, { auth, refresh: p.refresh })
        : null,
      h('h2', { class: 'heading-m' }, t.timeline),
      h(
        'ol',
        { class: 'timeline' },
        [...data.timeline]
          .reverse()
          .map((e, i) =>
            h(
              'li',
              { key: i, class: 'timeline__item' },
              h('p', { class: 'timeline__title' }, e.label?.[lang] ?? e.type),
              h('p', { class: 'timeline__date' }, h('time', { dateTime: e.at }, formatDateTime(e.at))),
            ),
          ),
      ),
      h(
        'div',
        { class: 'button-group' },
        h(
          Button,
          { type: 'button', variant: 'secondary', busy: p.busy, onClick: () => p.refresh() },
          t.refresh,
        ),
        // The receipt (form 01) exists once the centre has accepted the dossier and set a date.
        FEATURES.receiptPdf && data.appointmentDate
          ? h(
              Button,
              {
                type: 'button',
                variant: 'secondary',
                onClick: () => {
                  setPdfProblem('');
                  downloadReceiptPdf(auth.code, auth.secret).catch((e: unknown) =>
                    setPdfProblem(pdfProblemOf(e)),
                  );
                },
              },
              msg.receipt.pdf,
            )
          : null,
      ),
      h('p', { class: 'body', role: 'status' }, pdfProblem),
      FEATURES.withdraw &&
        (data.canWithdraw ??
          !['RETURNED', 'REFUSED', 'WITHDRAWN', 'LAPSED', 'RESULT_READY'].includes(data.status))
        ? h(WithdrawSection, { auth, refresh: p.refresh })
        : null,
      h(
        'p',
        { class: 'body' },
        h(
          'a',
          {
            href: WEB_ROUTES.lookup,
            onClick: (e: MouseEvent) => {
              e.preventDefault();
              p.reset();
            },
          },
          t.another,
        ),
      ),
    ),
  );
}

/** How the result comes back: its dates, the postal tracking number, the download when online. */
function ResultSection(p: {
  auth: Auth;
  result: NonNullable<LookupResponse['result']>;
  /** A fee still owed before the result: the download waits for it (the API answers 402). */
  owed: number;
}) {
  const cj = m().citizenJourney;
  const r = p.result;
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const rows: SummaryRow[] = [
    { key: cj.method, value: cj.methods[r.method] ?? r.method },
    { key: cj.readyAt, value: formatDate(r.readyAt) },
    ...(r.returnedAt ? [{ key: cj.returnedAt, value: formatDate(r.returnedAt) }] : []),
    ...(r.trackingNumber
      ? [{ key: cj.trackingNumber, value: h('span', { id: 'tracking-number' }, r.trackingNumber) }]
      : []),
  ];
  async function download() {
    setProblem('');
    setBusy(true);
    try {
      const link = await request<ResultDownload>('GET', `/lookup/${encodeURIComponent(p.auth.code)}/result`, {
        headers: { 'x-lookup-secret': p.auth.secret },
      });
      // S3 answers the link with Content-Disposition: attachment, so the browser saves the file.
      const a = document.createElement('a');
      a.href = link.url;
      a.download = link.fileName;
      document.body.append(a);
      a.click();
      a.remove();
    } catch (e) {
      setProblem(
        e instanceof ApiError && (e.status === 429 || e.status === 503) ? problemOf(e) : cj.downloadFailed,
      );
    } finally {
      setBusy(false);
    }
  }
  return h(
    'section',
    { class: 'section', 'aria-labelledby': 'result-title' },
    h('h2', { class: 'heading-m', id: 'result-title' }, cj.resultTitle),
    h(SummaryList, { rows }),
    r.download && p.owed > 0
      ? h('p', { class: 'body', id: 'result-download-after-fee' }, cj.downloadAfterFee(formatVnd(p.owed)))
      : r.download
        ? [
            h('p', { class: 'hint', key: 'h', id: 'result-download-hint' }, cj.downloadHint),
            h(Button, { key: 'b', type: 'button', busy, onClick: () => void download() }, cj.download),
          ]
        : null,
    h('p', { class: 'body', role: 'status' }, problem),
    r.download ? h(ResultSignature, { auth: p.auth }) : null,
  );
}

/** Who signed the result, when, and whether the stored file's signature verifies (checked now). */
function ResultSignature(p: { auth: Auth }) {
  const v = verifyMessages();
  const [report, setReport] = useState<VerificationReport | undefined>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    request<VerificationReport>('GET', `/lookup/${encodeURIComponent(p.auth.code)}/result/verification`, {
      headers: { 'x-lookup-secret': p.auth.secret },
    })
      .then(setReport)
      .catch(() => setFailed(true));
  }, [p.auth.code, p.auth.secret]);
  return h(
    'div',
    { class: 'section', id: 'result-signature' },
    h('h3', { class: 'heading-s' }, v.signatureTitle),
    report
      ? h(VerificationResult, { report, headingLevel: 'h3' })
      : h('p', { class: 'body', role: 'status' }, failed ? v.signatureFailed : v.signatureChecking),
    h('p', { class: 'body' }, h('a', { href: webPath('verify') }, v.verifyLink)),
  );
}

/** The procedure's document requirement a requested item names, compared without diacritics. */
function requirementFor(proc: Procedure | undefined, item: string): DocumentRequirement | undefined {
  if (!proc) return undefined;
  const want = foldForSearch(item);
  // A requirement's name without its bracketed condition, e.g. "(trường hợp ủy quyền)".
  const short = (name: string) => foldForSearch(name.replace(/\s*\(.*$/, ''));
  return (
    proc.documents.find((r) => foldForSearch(r.name) === want || short(r.name) === want) ??
    proc.documents.find((r) => {
      const name = foldForSearch(r.name);
      return name.length >= 8 && want.length >= 8 && (want.includes(name) || name.includes(want));
    })
  );
}

function SupplementSection(p: {
  auth: Auth;
  data: LookupResponse;
  missing: string[];
  reasons: string[];
  /** Free items (not in the procedure's list): each has its own upload slot. */
  extras: ExtraItem[];
  refresh: (n?: { kind: 'success' | 'error'; text: string }) => void;
}) {
  const t = m().supplement;
  const [proc, setProc] = useState<Procedure | undefined>(undefined);
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const authRef = useRef(p.auth);
  authRef.current = p.auth;
  const store = useMemo(
    () =>
      new UploadStore({
        boundTo: () => authRef.current.code,
        requestSlot: async (doc) => {
          const res = await request<{ slots: UploadSlot[] }>(
            'POST',
            `/lookup/${encodeURIComponent(authRef.current.code)}/uploads`,
            { body: { documents: [doc] }, headers: { 'x-lookup-secret': authRef.current.secret } },
          );
          return res.slots[0]!;
        },
      }),
    [p.auth.code],
  );
  useStore(store);
  useEffect(() => {
    if (FEATURES.supplementUploads)
      getProcedure(p.data.procedureCode)
        .then(setProc)
        .catch(() => undefined);
    return () => store.clear();
  }, [p.data.procedureCode]);

  // Exactly the items asked for: each matched to the procedure's document requirement of the same
  // name (its own upload slot), each free item with a slot of its own; an item with neither is
  // handed in at the counter.
  const freeLabels = new Set(p.extras.map(extraItemLabel));
  const requested = p.missing
    .filter((item) => !freeLabels.has(item))
    .map((item) => ({ item, req: requirementFor(proc, item) }));
  const matched = [
    ...requested.filter((x): x is { item: string; req: DocumentRequirement } => !!x.req),
    ...p.extras.map((x) => ({ item: x.name, req: extraItemRequirement(x), note: x.note })),
  ] as { item: string; req: DocumentRequirement; note?: string }[];
  const uploads = [...new Map(matched.map((x) => [x.req.id, x.req])).values()];
  const atCounter = requested.filter((x) => !x.req).map((x) => x.item);
  const online = FEATURES.supplementUploads && !!proc && uploads.length > 0;
  const uploaded = uploads.filter((r) => store.get(r.id).status === 'uploaded');

  async function send(e: Event) {
    e.preventDefault();
    if (inFlight.current) return;
    const errs: ErrorItem[] = [];
    if (online) {
      for (const r of uploads) {
        const e = documentError(r, store.get(r.id), true);
        if (e) errs.push({ path: `documents.${r.id}`, text: e });
      }
      if (!errs.length && uploaded.length === 0 && uploads[0])
        errs.push({ path: `documents.${uploads[0].id}`, text: t.needOne });
    } else if (!confirmed) errs.push({ path: 'supplement.confirm', text: t.confirmInPerson });
    setErrors(errs);
    if (errs.length) return;
    inFlight.current = true;
    setBusy(true);
    try {
      await request('POST', `/lookup/${encodeURIComponent(p.auth.code)}/supplement`, {
        headers: { 'x-lookup-secret': p.auth.secret },
      });
      p.refresh({ kind: 'success', text: t.sent });
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors?.length) setErrors(apiErrors(err.problem.errors));
      else
        setErrors([
          { path: uploads[0] ? `documents.${uploads[0].id}` : 'supplement.confirm', text: problemOf(err) },
        ]);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  const fe = toFieldErrors(errors);
  return h(
    'section',
    { class: 'section', 'aria-labelledby': 'supplement-title' },
    h('h2', { class: 'heading-m', id: 'supplement-title' }, t.title),
    h(ErrorSummary, { errors }),
    h('h3', { class: 'heading-s' }, t.missingTitle),
    h(
      'ul',
      { class: 'list list--bullet', lang: 'vi', id: 'missing-items' },
      p.missing.map((x, i) => h('li', { key: i }, x)),
    ),
    p.reasons.length
      ? [
          h('h3', { class: 'heading-s', key: 'rt' }, t.reasonsTitle),
          h(
            'ul',
            { class: 'list list--bullet', lang: 'vi', key: 'r' },
            p.reasons.map((x, i) => h('li', { key: i }, x)),
          ),
        ]
      : null,
    h(
      'form',
      { noValidate: true, onSubmit: send },
      online
        ? [
            h('h3', { class: 'heading-s', key: 't' }, m().citizenJourney.requestedTitle),
            h('p', { class: 'body', key: 'i' }, m().citizenJourney.requestedIntro),
            ...matched.map(({ item, req, note }) =>
              h(DocumentUpload, {
                key: req.id,
                req,
                store,
                mandatory: true,
                label: item,
                ...(note ? { hint: note } : {}),
                error: fe[`documents.${req.id}`],
              }),
            ),
            atCounter.length
              ? h(
                  'div',
                  { class: 'inset-text', key: 'c' },
                  h('p', { class: 'body' }, m().citizenJourney.atCounter),
                  h(
                    'ul',
                    { class: 'list list--bullet', lang: 'vi', id: 'at-counter-items' },
                    atCounter.map((x, i) => h('li', { key: i }, x)),
                  ),
                )
              : null,
          ]
        : [
            h('p', { class: 'body', key: 'n' }, t.inPersonNote),
            h(Checkbox, {
              key: 'c',
              path: 'supplement.confirm',
              label: t.confirmInPerson,
              checked: confirmed,
              error: fe['supplement.confirm'],
              onChange: setConfirmed,
            }),
          ],
      h(Button, { busy }, busy ? t.sending : t.send),
    ),
  );
}

function WithdrawSection(p: {
  auth: Auth;
  refresh: (n?: { kind: 'success' | 'error'; text: string }) => void;
}) {
  const t = m().withdraw;
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  async function send(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (!confirmed) {
      setError(t.confirmRequired);
      return;
    }
    setBusy(true);
    try {
      await request('POST', `/lookup/${encodeURIComponent(p.auth.code)}/withdraw`, {
        headers: { 'x-lookup-secret': p.auth.secret },
      });
      p.refresh({ kind: 'success', text: t.done });
    } catch (err) {
      setError(problemOf(err));
    } finally {
      setBusy(false);
    }
  }
  return h(
    'details',
    { class: 'details section' },
    h('summary', { class: 'details__summary' }, t.title),
    h(
      'div',
      { class: 'details__text' },
      h('p', { class: 'body' }, t.intro),
      h(WarningText, null, t.warning),
      h(
        'form',
        { noValidate: true, onSubmit: send },
        h(Checkbox, {
          path: 'withdraw.confirm',
          label: t.confirmLabel,
          checked: confirmed,
          error,
          onChange: setConfirmed,
        }),
        h(Button, { variant: 'warning', busy }, t.button),
      ),
    ),
  );
}

function RatingSection(p: {
  auth: Auth;
  refresh: (n?: { kind: 'success' | 'error'; text: string }) => void;
}) {
  const t = m().rating;
  const [scores, setScores] = useState<Record<string, string>>({});
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [busy, setBusy] = useState(false);
  async function send(e: Event) {
    e.preventDefault();
    if (busy) return;
    const errs: ErrorItem[] = RATING_INDICES.filter((k) => !scores[k]).map((k) => ({
      path: `rating.${k}`,
      text: t.choose(t.indices[k] ?? k),
    }));
    const body = {
      scores: Object.fromEntries(RATING_INDICES.map((k) => [k, Number(scores[k])])),
      ...(comment.trim() ? { comment: comment.trim() } : {}),
    };
    const parsed = RatingRequest.safeParse(body);
    if (!errs.length && !parsed.success) errs.push(...zodErrors(parsed.error, 'rating'));
    setErrors(errs);
    if (errs.length) return;
    setBusy(true);
    try {
      await request('POST', `/lookup/${encodeURIComponent(p.auth.code)}/rating`, {
        body,
        headers: { 'x-lookup-secret': p.auth.secret },
      });
      p.refresh({ kind: 'success', text: t.thanks });
    } catch (err) {
      setErrors([{ path: `rating.${RATING_INDICES[0]}`, text: problemOf(err) }]);
    } finally {
      setBusy(false);
    }
  }
  const fe = toFieldErrors(errors);
  return h(
    'section',
    { class: 'section', 'aria-labelledby': 'rating-title' },
    h('h2', { class: 'heading-m', id: 'rating-title' }, t.title),
    h(ErrorSummary, { errors }),
    h('p', { class: 'body' }, t.intro),
    h(
      'form',
      { noValidate: true, onSubmit: send },
      RATING_INDICES.map((k) =>
        h(Radios, {
          key: k,
          path: `rating.${k}`,
          legend: t.indices[k] ?? k,
          legendClass: 'fieldset__legend--s',
          inline: true,
          value: scores[k] ?? '',
          error: fe[`rating.${k}`],
          options: [2, 1, 0].map((v) => ({ value: String(v), label: t.options[v] })),
          onChange: (v) => setScores({ ...scores, [k]: v }),
        }),
      ),
      h(Textarea, {
        path: 'rating.comment',
        label: t.comment,
        optional: true,
        rows: 3,
        value: comment,
        onInput: setComment,
      }),
      h(Button, { busy }, t.send),
    ),
  );
}
