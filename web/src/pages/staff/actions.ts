import { type ComponentChildren, h } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type * as z from 'zod/mini';
import {
  AssignHandlerRequest,
  HandBackRequest,
  IntakeDecisionRequest,
  NoteRequest,
  ResumeWorkflowRequest,
  StepDecisionRequest,
} from '../../../../shared/contracts/actions.ts';
import type { DocumentRequirement } from '../../../../shared/contracts/catalogue.ts';
import type { UploadSlot } from '../../../../shared/contracts/dossier.ts';
import { m } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import {
  type DepartmentStaffMember,
  listDepartmentStaff,
  staffProblemText,
  staffRequest,
} from '../../lib/staff-api.ts';
import { UploadStore } from '../../lib/uploads.ts';
import { apiErrors, zodErrors } from '../../lib/validation.ts';
import {
  Button,
  Checkbox,
  type ErrorItem,
  ErrorSummary,
  fieldId,
  Notification,
  Radios,
  Select,
  Textarea,
  TextInput,
  toFieldErrors,
} from '../../ui/components.ts';
import { DocumentUpload, documentError, useStore } from '../../ui/documents.ts';
import { type ExtraItemRow, ExtraItemsInput, extraItemsBody } from '../../ui/extra-items.ts';
import { ListInput } from '../../ui/staff.ts';

/**
 * The action forms of the dossier page. Each body is checked with the API's own zod contract
 * (`shared/contracts/actions.ts`) before it is sent, so the user sees the API's messages at once,
 * in an error summary linked to the fields; the API's field errors land on the same fields. Every
 * decision carries the dossier version the user saw: a 409 DOSSIER_CONFLICT means someone else
 * acted first, and the page reloads the dossier and says so (`onConflict`).
 */
export interface ActionResult {
  /** The success message for the page's notification. */
  done: string;
}

interface ActionProps {
  dossierId: string;
  version: number;
  onDone: (r: ActionResult) => void;
  onConflict: () => void;
  /** Whether the form shows errors now (the page's title starts with "Lỗi:" while any does). */
  onErrors?: (form: string, has: boolean) => void;
  /** Reloads the dossier after a change that is not a decision; resolves to its new version. */
  onRefresh?: () => Promise<number | undefined>;
  /** The procedure's documents (for a supplement request, ticked by name). */
  documents?: { id: string; name: string }[];
}

/** Tells the page whether this form shows errors, and clears that when the form goes away. */
function useReportErrors(p: ActionProps, form: string, count: number) {
  useEffect(() => {
    p.onErrors?.(form, count > 0);
  }, [count > 0]);
  useEffect(() => () => p.onErrors?.(form, false), []);
}

/** What a decision needs besides its kind. */
type Needs = { missing?: boolean; reasons?: 'required' | 'optional'; extension?: boolean };
const NEEDS: Record<string, Needs> = {
  SUPPLEMENT: { missing: true, reasons: 'optional' },
  REQUEST_SUPPLEMENT: { missing: true, reasons: 'optional' },
  REFUSE: { reasons: 'required' },
  RETURN_FOR_REWORK: { reasons: 'required' },
  EXTEND: { extension: true, reasons: 'required' },
};

/** Non-empty rows, with a map from their index back to the row the user typed them in. */
function rows(values: string[]) {
  const kept: { text: string; row: number }[] = [];
  values.forEach((v, row) => {
    if (v.trim()) kept.push({ text: v.trim(), row });
  });
  return { texts: kept.map((k) => k.text), rowOf: (i: number) => kept[i]?.row ?? i };
}

/** Sends an action and sorts its outcome: done, a conflict, field errors, or a message. */
async function send(
  props: ActionProps,
  path: string,
  body: unknown,
  prefix: string,
  fix: (items: ErrorItem[]) => ErrorItem[],
  done: string,
): Promise<{ errors: ErrorItem[]; message?: string }> {
  try {
    await staffRequest('POST', path, body);
    props.onDone({ done });
    return { errors: [] };
  } catch (e) {
    if (e instanceof ApiError && e.code === 'DOSSIER_CONFLICT') {
      props.onConflict();
      return { errors: [] };
    }
    if (e instanceof ApiError && e.problem.errors?.length) {
      const items = apiErrors(e.problem.errors).map((i) => ({
        ...i,
        path: i.path.replace(/^body\b/, prefix),
      }));
      return { errors: fix(items) };
    }
    return { errors: [], message: staffProblemText(e) };
  }
}

interface DecisionSpec {
  /** Error paths and ids: `intake.decision`, `decision.missing.0`, … */
  prefix: string;
  /** The body's discriminant: `decision` (intake) or `action` (steps). */
  field: 'decision' | 'action';
  title: string;
  options: { value: string; label: string; hint?: string }[];
  schema: z.ZodMiniType;
  path: string;
  /** The success message of an action, when it differs from the catalogue's. */
  doneFor?: (action: string) => string;
  maxExtension?: number;
  /** Shown above the choices (e.g. the appointment acceptance would give). */
  intro?: ComponentChildren;
  /** More under a chosen option (e.g. the result upload under COMPLETE). */
  reveals?: Record<string, ComponentChildren>;
  /** Completes the body of a chosen option before it is sent, or says what is missing. */
  prepare?: (action: string) => Promise<{ body?: Record<string, unknown>; errors?: ErrorItem[] }>;
}

/** A decision: radios, and under the chosen one the rows it needs (GOV.UK conditional reveal). */
function DecisionForm(p: ActionProps & { spec: DecisionSpec }) {
  const t = m().staff.actions;
  const { spec } = p;
  const [action, setAction] = useState('');
  const [missing, setMissing] = useState<string[]>(['']);
  const [extras, setExtras] = useState<ExtraItemRow[]>([]);
  // The procedure's documents ticked for a supplement: named exactly, so the citizen's look-up
  // gives each its own upload box.
  const [picked, setPicked] = useState<string[]>([]);
  const [reasons, setReasons] = useState<string[]>(['']);
  const [amount, setAmount] = useState('');
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const pre = spec.prefix;
  const fe = toFieldErrors(errors);
  useReportErrors(p, pre, errors.length);

  async function submit(e: Event) {
    e.preventDefault();
    if (inFlight.current) return;
    // What the chosen option adds (the result file) is settled first, so the attempt and its
    // errors render together and the error summary takes the focus.
    let extra: { body?: Record<string, unknown>; errors?: ErrorItem[] } = {};
    if (action && spec.prepare) {
      inFlight.current = true;
      extra = await spec.prepare(action);
      inFlight.current = false;
    }
    setAttempt((n) => n + 1);
    setMessage(undefined);
    const needs = NEEDS[action] ?? {};
    const listed = (p.documents ?? []).filter((r) => picked.includes(r.id)).map((r) => r.name);
    const m1 = rows(missing);
    const r1 = rows(reasons);
    const x1 = extraItemsBody(extras);
    const errs: ErrorItem[] = [];
    if (!action) errs.push({ path: `${pre}.${spec.field}`, text: t.chooseAction });
    if (needs.missing && !listed.length && !m1.texts.length && !x1.items.length)
      errs.push({ path: `${pre}.missing.0`, text: t.missingRequired });
    if (needs.missing)
      for (const i of x1.unnamed)
        errs.push({ path: `${pre}.extraItems.${i}.name`, text: t.extraNameRequired });
    if (needs.extension) {
      const max = spec.maxExtension ?? 10;
      if (!/^\d+$/.test(amount.trim()) || Number(amount) < 1)
        errs.push({ path: `${pre}.extension.amount`, text: t.amountInvalid });
      else if (Number(amount) > max)
        errs.push({ path: `${pre}.extension.amount`, text: t.amountTooLarge(max) });
    }
    if (needs.reasons === 'required' && !r1.texts.length)
      errs.push({ path: `${pre}.reasons.0`, text: t.reasonRequired });
    errs.push(...(extra.errors ?? []));
    const body: Record<string, unknown> = { [spec.field]: action, version: p.version, ...(extra.body ?? {}) };
    if (needs.missing) {
      body.missing = [...listed, ...m1.texts];
      if (x1.items.length) body.extraItems = x1.items;
    }
    if (needs.reasons) body.reasons = r1.texts;
    if (needs.extension) body.extension = { amount: Number(amount.trim()), unit: 'WORKING_DAYS' };
    // Paths of the sent (non-empty) rows point back at the rows on screen.
    const fix = (items: ErrorItem[]) =>
      items.map((i) => {
        const mm = new RegExp(`^${pre}\\.(missing|reasons)\\.(\\d+)$`).exec(i.path);
        if (!mm) return i;
        if (mm[1] === 'missing' && Number(mm[2]) < listed.length) return { ...i, path: `${pre}.missing.0` };
        const row = (mm[1] === 'missing' ? m1 : r1).rowOf(
          Number(mm[2]) - (mm[1] === 'missing' ? listed.length : 0),
        );
        return { ...i, path: `${pre}.${mm[1]}.${row}` };
      });
    if (!errs.length) {
      const parsed = spec.schema.safeParse(body);
      if (!parsed.success) errs.push(...fix(zodErrors(parsed.error, pre)));
    }
    setErrors(errs);
    if (errs.length) return;
    inFlight.current = true;
    setBusy(true);
    const out = await send(p, spec.path, body, pre, fix, spec.doneFor?.(action) ?? t.done[action] ?? '');
    inFlight.current = false;
    setBusy(false);
    setErrors(out.errors);
    setMessage(out.message);
  }

  const reveal = (value: string) => {
    const needs = NEEDS[value];
    if (!needs) return spec.reveals?.[value];
    return h(
      'div',
      null,
      needs.missing && p.documents?.length
        ? h(
            'div',
            { class: 'form-group', id: fieldId(`${pre}.documents`) },
            h(
              'fieldset',
              { class: 'fieldset' },
              h('legend', { class: 'fieldset__legend' }, t.documentsLegend),
              h('div', { class: 'hint' }, t.documentsHint),
              p.documents.map((r) =>
                h(Checkbox, {
                  key: r.id,
                  path: `${pre}.documents.${r.id}`,
                  label: h('span', { lang: 'vi' }, r.name),
                  checked: picked.includes(r.id),
                  onChange: (on: boolean) =>
                    setPicked((now) => (on ? [...now, r.id] : now.filter((x) => x !== r.id))),
                }),
              ),
            ),
          )
        : null,
      needs.missing
        ? h(ListInput, {
            path: `${pre}.missing`,
            legend: t.missingLegend,
            hint: t.missingHint,
            itemLabel: t.missingItem,
            addLabel: t.addMissing,
            values: missing,
            errors: fe,
            onChange: setMissing,
          })
        : null,
      needs.missing
        ? h(ExtraItemsInput, { path: `${pre}.extraItems`, values: extras, errors: fe, onChange: setExtras })
        : null,
      needs.extension
        ? h(TextInput, {
            path: `${pre}.extension.amount`,
            label: t.extensionAmount,
            hint: t.extensionHint(spec.maxExtension ?? 10),
            value: amount,
            inputMode: 'numeric',
            width: '4',
            error: fe[`${pre}.extension.amount`],
            onInput: setAmount,
          })
        : null,
      h(ListInput, {
        path: `${pre}.reasons`,
        legend: needs.extension
          ? t.apologyLegend
          : needs.reasons === 'optional'
            ? t.reasonsOptional
            : t.reasonsLegend,
        hint: t.reasonsHint,
        itemLabel: t.reasonItem,
        addLabel: t.addReason,
        values: reasons,
        errors: fe,
        onChange: setReasons,
      }),
    );
  };

  const titleId = `${pre}-title`;
  return h(
    'section',
    { class: 'section', 'aria-labelledby': titleId },
    h('h2', { class: 'heading-m', id: titleId }, spec.title),
    h(ErrorSummary, { errors, attempt, titleId: `${pre}-errors-title` }),
    message ? h(Notification, { kind: 'error' }, message) : null,
    spec.intro ?? null,
    h(
      'form',
      { noValidate: true, onSubmit: submit, 'aria-labelledby': titleId },
      h(Radios, {
        path: `${pre}.${spec.field}`,
        legend: t.actionLegend,
        value: action,
        error: fe[`${pre}.${spec.field}`],
        options: spec.options.map((o) => ({
          value: o.value,
          label: o.label,
          ...(o.hint ? { hint: o.hint } : {}),
          conditional: reveal(o.value),
        })),
        onChange: (v) => {
          setAction(v);
          setErrors([]);
        },
      }),
      h(
        Button,
        { busy, id: `${pre}-submit`, variant: action === 'REFUSE' ? 'warning' : 'primary' },
        busy ? t.sending : (t.submit[action] ?? t.submit.none),
      ),
    ),
  );
}

/**
 * The centre's intake decision on a submitted dossier (reception officer), with the appointment
 * date the receipt will carry shown before reception confirms.
 */
export function IntakeForm(
  p: ActionProps & {
    preview?: { appointment: string; provisional: boolean } | undefined;
    /** A fee exemption claimed is not decided yet: acceptance waits for it. */
    undecided?: boolean;
  },
) {
  const t = m().staff.actions;
  const j = m().staff.journey;
  const intro = h(
    'div',
    { class: 'inset', id: 'accept-preview' },
    p.undecided
      ? h('p', { class: 'body', key: 'x' }, h('strong', null, m().fees.exemptions.undecided))
      : null,
    p.preview
      ? [
          h(
            'p',
            { class: 'body', key: 'd' },
            h('strong', null, j.acceptPreview(formatDate(p.preview.appointment))),
          ),
          p.preview.provisional ? h('p', { class: 'body hint', key: 'p' }, j.acceptPreviewProvisional) : null,
        ]
      : h('p', { class: 'body' }, j.acceptPreviewMissing),
  );
  return h(DecisionForm, {
    ...p,
    spec: {
      intro,
      prefix: 'intake',
      field: 'decision',
      title: t.intakeTitle,
      options: ['ACCEPT', 'SUPPLEMENT', 'REFUSE'].map((v) => ({ value: v, label: t.intake[v] ?? v })),
      schema: IntakeDecisionRequest,
      path: `/staff/dossiers/${p.dossierId}/intake`,
    },
  });
}

/**
 * A department's decision on its step (officer or head). Completing carries the result document:
 * the PDF is chosen and uploaded under "Đã giải quyết xong" (required where the procedure's result
 * is a document), and the decision sends it with the version the upload left the dossier at.
 */
export function StepDecisionForm(
  p: ActionProps & {
    stepId: string;
    departmentName: string;
    extended: boolean;
    needsApproval: boolean;
    maxExtension: number;
    resultRequired: boolean;
  },
) {
  const t = m().staff.actions;
  const j = m().staff.journey;
  const actions = ['COMPLETE', 'REQUEST_SUPPLEMENT', ...(p.extended ? [] : ['EXTEND']), 'REFUSE'];
  const hintOf = (v: string) =>
    v === 'COMPLETE' && p.needsApproval ? t.hints.COMPLETE_APPROVAL : t.hints[v];
  const { req, store, refreshed } = useResultUpload(p);
  const [uploadError, setUploadError] = useState<string | undefined>(undefined);
  const upload = store.get(req.id);
  useEffect(() => {
    if (upload.status === 'uploaded' || upload.status === 'uploading') setUploadError(undefined);
  }, [upload.status]);
  const prepare = async (action: string) => {
    if (action !== 'COMPLETE') return {};
    const s = store.get(req.id);
    const problem = documentError(req, s, p.resultRequired);
    setUploadError(problem);
    if (problem) return { errors: [{ path: 'documents.result', text: problem }] };
    const version = Math.max(p.version, (await refreshed.current.catch(() => undefined)) ?? 0);
    return { body: { version, ...(s.documentId ? { resultDocumentId: s.documentId } : {}) } };
  };
  const resultUpload = h(
    'div',
    null,
    h('p', { class: 'body' }, p.resultRequired ? j.resultRequired : t.resultIntro),
    h(DocumentUpload, { req, store, mandatory: p.resultRequired, error: uploadError }),
  );
  return h(
    'div',
    null,
    h(DecisionForm, {
      ...p,
      spec: {
        reveals: { COMPLETE: resultUpload },
        prepare,
        prefix: 'decision',
        field: 'action',
        title: t.stepTitle(p.departmentName),
        options: actions.map((v) => ({ value: v, label: t.step[v] ?? v, hint: hintOf(v) })),
        schema: StepDecisionRequest,
        path: `/staff/dossiers/${p.dossierId}/steps/${p.stepId}/decision`,
        doneFor: (a) => (a === 'COMPLETE' && p.needsApproval ? t.done.COMPLETE_APPROVAL! : (t.done[a] ?? '')),
        maxExtension: p.maxExtension,
      },
    }),
    p.extended ? h('p', { class: 'body hint' }, t.hints.EXTEND_USED) : null,
  );
}

/**
 * The department head approves the officer's result or returns it (procedures needing approval),
 * seeing the result document first.
 */
export function ApprovalForm(
  p: ActionProps & { stepId: string; result?: { fileName: string; url?: string } | undefined },
) {
  const t = m().staff.actions;
  const j = m().staff.journey;
  const intro = h(
    'div',
    { class: 'inset', id: 'approval-result' },
    h('h3', { class: 'heading-s' }, j.resultToApprove),
    p.result
      ? h(
          'p',
          { class: 'body' },
          p.result.url ? h('a', { href: p.result.url }, p.result.fileName) : p.result.fileName,
        )
      : h('p', { class: 'body' }, j.noResultToApprove),
  );
  return h(DecisionForm, {
    ...p,
    spec: {
      intro,
      prefix: 'approval',
      field: 'action',
      title: t.approvalTitle,
      options: ['APPROVE', 'RETURN_FOR_REWORK'].map((v) => ({ value: v, label: t.step[v] ?? v })),
      schema: StepDecisionRequest,
      path: `/staff/dossiers/${p.dossierId}/steps/${p.stepId}/decision`,
    },
  });
}

/** The department head assigns an officer of the department to the step, chosen from a list. */
export function AssignForm(p: ActionProps & { stepId: string; current?: string | undefined }) {
  const t = m().staff.actions;
  const roles = m().staff.roles;
  const [handlerId, setHandlerId] = useState(p.current ?? '');
  const [officers, setOfficers] = useState<DepartmentStaffMember[] | undefined>(undefined);
  const [listFailed, setListFailed] = useState(false);
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  useReportErrors(p, 'assign', errors.length);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  function loadOfficers() {
    setListFailed(false);
    listDepartmentStaff()
      .then(setOfficers)
      .catch(() => setListFailed(true));
  }
  useEffect(loadOfficers, []);
  // The step's handler after a reload (someone else assigned): the list shows who it is now.
  useEffect(() => {
    if (p.current) setHandlerId(p.current);
  }, [p.current]);
  async function submit(e: Event) {
    e.preventDefault();
    if (busy || !officers) return;
    setAttempt((n) => n + 1);
    setMessage(undefined);
    const body = { version: p.version, handlerId };
    let errs: ErrorItem[] = [];
    if (!body.handlerId) errs = [{ path: 'assign.handlerId', text: t.assignChoose }];
    else {
      const parsed = AssignHandlerRequest.safeParse(body);
      if (!parsed.success) errs = zodErrors(parsed.error, 'assign');
    }
    setErrors(errs);
    if (errs.length) return;
    setBusy(true);
    const path = `/staff/dossiers/${p.dossierId}/steps/${p.stepId}/assign`;
    // The API reports an unknown officer at `handlerId` (no `body.` prefix).
    const fix = (items: ErrorItem[]) =>
      items.map((i) => (i.path === 'handlerId' ? { ...i, path: 'assign.handlerId' } : i));
    const out = await send(p, path, body, 'assign', fix, t.done.ASSIGN!);
    setBusy(false);
    setErrors(out.errors);
    setMessage(out.message);
  }
  const fe = toFieldErrors(errors);
  const currentName = p.current
    ? (officers?.find((o) => o.userId === p.current)?.name ?? p.current)
    : undefined;
  const options = (officers ?? []).map((o) => ({
    value: o.userId,
    label: `${o.name} — ${roles[o.role] ?? o.role}`,
  }));
  // A handler no longer in the directory stays visible as chosen.
  if (p.current && officers && !officers.some((o) => o.userId === p.current))
    options.push({ value: p.current, label: p.current });
  return h(
    'section',
    { class: 'section', 'aria-labelledby': 'assign-title' },
    h('h2', { class: 'heading-m', id: 'assign-title' }, t.assignTitle),
    h(ErrorSummary, { errors, attempt, titleId: 'assign-errors-title' }),
    message ? h(Notification, { kind: 'error' }, message) : null,
    currentName ? h('p', { class: 'body' }, t.assignCurrent(currentName)) : null,
    listFailed
      ? h(
          'div',
          null,
          h(Notification, { kind: 'error' }, t.assignListFailed),
          h(Button, { type: 'button', variant: 'secondary', onClick: loadOfficers }, t.assignListRetry),
        )
      : !officers
        ? h('p', { class: 'body', role: 'status' }, t.assignLoading)
        : h(
            'form',
            { noValidate: true, onSubmit: submit, 'aria-labelledby': 'assign-title' },
            officers.length
              ? h(Select, {
                  path: 'assign.handlerId',
                  label: t.assignOfficer,
                  hint: t.assignOfficerHint,
                  value: handlerId,
                  placeholder: t.assignPlaceholder,
                  options,
                  error: fe['assign.handlerId'],
                  onChange: (v) => {
                    setHandlerId(v);
                    setErrors([]);
                  },
                })
              : h('p', { class: 'body' }, t.assignNoOfficers),
            officers.length ? h(Button, { busy, variant: 'secondary' }, t.assignSubmit) : null,
          ),
  );
}

/** The largest result file the API accepts (shared/services/staff-actions.ts, RESULT_MAX_MB). */
export const RESULT_MAX_MB = 20;

/** The result document the department uploads: one PDF, checked here as the API will check it. */
const resultRequirement = (name: string): DocumentRequirement => ({
  id: 'result',
  name,
  originals: 0,
  copies: 0,
  uploadMandatory: true,
  acceptedTypes: ['application/pdf'],
  maxSizeMb: RESULT_MAX_MB,
});

/**
 * The department's result file: chosen and uploaded straight to storage (the citizen form's upload
 * code: presigned POST, progress bar, retry). Issuing an upload slot records the document on the
 * dossier (its version moves on): the page reloads after each upload, and the decision waits for
 * that version (`refreshed`).
 */
function useResultUpload(p: ActionProps & { stepId: string }) {
  const t = m().staff.actions;
  const req = resultRequirement(t.resultFile);
  const refreshed = useRef<Promise<number | undefined>>(Promise.resolve(undefined));
  const store = useMemo(
    () =>
      new UploadStore({
        boundTo: () => p.dossierId,
        onUploaded: () => {
          refreshed.current = p.onRefresh?.() ?? Promise.resolve(undefined);
        },
        requestSlot: async (doc) =>
          (
            await staffRequest<{ slot: UploadSlot }>(
              'POST',
              `/staff/dossiers/${p.dossierId}/steps/${p.stepId}/result-uploads`,
              { fileName: doc.fileName, size: doc.size },
            )
          ).slot,
      }),
    [p.dossierId, p.stepId],
  );
  useStore(store);
  useEffect(() => () => store.clear(), [store]);
  return { req, store, refreshed };
}

interface TextActionSpec {
  /** Error paths and ids: `note` → `note.text`, `note-title`, … */
  prefix: string;
  title: string;
  intro?: string;
  label: string;
  hint: string;
  required: string;
  submit: string;
  done: string;
  path: string;
  /** The request body for the text typed (trimmed). */
  body: (text: string) => Record<string, unknown>;
  schema: z.ZodMiniType;
  /** Where the API reports the text (`text`, `note`): mapped back onto the field. */
  apiField: string;
  variant?: 'primary' | 'secondary';
}

/** One text box and a button: a progress note, or what was done about a workflow failure. */
function TextActionForm(p: Omit<ActionProps, 'version'> & { spec: TextActionSpec }) {
  const { spec } = p;
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  useReportErrors({ ...p, version: 0 }, spec.prefix, errors.length);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const field = `${spec.prefix}.text`;
  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setAttempt((n) => n + 1);
    setMessage(undefined);
    // The request's text field (`resume.note`, `note.text` as zod or the API name it) is the text box.
    const fix = (items: ErrorItem[]) =>
      items.map((i) => (i.path === `${spec.prefix}.${spec.apiField}` ? { ...i, path: field } : i));
    let errs: ErrorItem[] = [];
    const body = spec.body(text.trim());
    if (!text.trim()) errs = [{ path: field, text: spec.required }];
    else {
      const parsed = spec.schema.safeParse(body);
      if (!parsed.success) errs = fix(zodErrors(parsed.error, spec.prefix));
    }
    setErrors(errs);
    if (errs.length) return;
    setBusy(true);
    const out = await send({ ...p, version: 0 }, spec.path, body, spec.prefix, fix, spec.done);
    setBusy(false);
    setErrors(out.errors);
    setMessage(out.message);
    if (!out.errors.length && !out.message) setText('');
  }
  const fe = toFieldErrors(errors);
  const titleId = `${spec.prefix}-title`;
  return h(
    'section',
    { class: 'section', 'aria-labelledby': titleId },
    h('h2', { class: 'heading-m', id: titleId }, spec.title),
    h(ErrorSummary, { errors, attempt, titleId: `${spec.prefix}-errors-title` }),
    message ? h(Notification, { kind: 'error' }, message) : null,
    spec.intro ? h('p', { class: 'body' }, spec.intro) : null,
    h(
      'form',
      { noValidate: true, onSubmit: submit, 'aria-labelledby': titleId },
      h(Textarea, {
        path: field,
        label: spec.label,
        hint: spec.hint,
        rows: 3,
        value: text,
        error: fe[field],
        onInput: setText,
      }),
      h(Button, { busy, variant: spec.variant ?? 'secondary' }, spec.submit),
    ),
  );
}

/** A progress note on the staff timeline (never shown to the citizen). */
export function NoteForm(p: Omit<ActionProps, 'version'>) {
  const t = m().staff.actions;
  return h(TextActionForm, {
    ...p,
    spec: {
      prefix: 'note',
      title: t.noteTitle,
      label: t.noteLabel,
      hint: t.noteHint,
      required: t.noteRequired,
      submit: t.noteSubmit,
      done: t.done.NOTE!,
      path: `/staff/dossiers/${p.dossierId}/notes`,
      body: (text) => ({ text }),
      schema: NoteRequest,
      apiField: 'text',
    },
  });
}

/**
 * The centre lifts a workflow failure it has dealt with (leader, administrator): what was done
 * goes into the dossier's history, and the automatic processing resumes where the dossier stands.
 */
export function ResumeWorkflowForm(p: Omit<ActionProps, 'version'> & { flaggedAt: string }) {
  const t = m().staff.actions;
  return h(TextActionForm, {
    ...p,
    spec: {
      prefix: 'resume',
      title: t.resumeTitle,
      intro: t.resumeIntro,
      label: t.resumeLabel,
      hint: t.resumeHint,
      required: t.resumeRequired,
      submit: t.resumeSubmit,
      done: t.done.RESUME!,
      path: `/staff/dossiers/${p.dossierId}/workflow/resume`,
      body: (note) => ({ flaggedAt: p.flaggedAt, note }),
      schema: ResumeWorkflowRequest,
      apiField: 'note',
      variant: 'primary',
    },
  });
}

/** The centre records that the result was handed back; the dossier closes. */
export function HandBackForm(p: ActionProps & { delivery: 'AT_CENTRE' | 'POST' | 'ONLINE' }) {
  const t = m().staff.actions;
  const c = m().staff.collector;
  const j = m().staff.journey;
  // At the centre someone collects it; by post the tracking number is the receipt; online, neither.
  const askCollector = p.delivery === 'AT_CENTRE';
  const askTracking = p.delivery === 'POST';
  const [tracking, setTracking] = useState('');
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [kind, setKind] = useState<'APPLICANT' | 'AUTHORISED'>('APPLICANT');
  const [fullName, setFullName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    // Who collected the result: the applicant, or an authorised person with name and CCCD.
    const collector =
      kind === 'APPLICANT'
        ? {
            kind,
            ...(fullName.trim() ? { fullName: fullName.trim() } : {}),
            ...(idNumber.trim() ? { idNumber: idNumber.trim() } : {}),
          }
        : { kind, fullName: fullName.trim(), idNumber: idNumber.trim() };
    const body = {
      version: p.version,
      ...(askCollector ? { collector } : {}),
      ...(askTracking ? { trackingNumber: tracking.trim() } : {}),
    };
    if (askTracking && !tracking.trim()) {
      setErrors([{ path: 'handBack.trackingNumber', text: j.trackingRequired }]);
      return;
    }
    const parsed = HandBackRequest.safeParse(body);
    if (!parsed.success) {
      const items = zodErrors(parsed.error, 'handBack');
      setErrors(items);
      return;
    }
    setErrors([]);
    setBusy(true);
    const out = await send(
      p,
      `/staff/dossiers/${p.dossierId}/hand-back`,
      parsed.data,
      'handBack',
      (items) =>
        items.map((i) => (i.path === 'trackingNumber' ? { ...i, path: 'handBack.trackingNumber' } : i)),
      t.done.HAND_BACK!,
    );
    setBusy(false);
    setErrors(out.errors);
    setMessage(out.message);
  }
  const fieldError = (path: string) => errors.find((i) => i.path === path)?.text;
  return h(
    'section',
    { class: 'section', 'aria-labelledby': 'hand-back-title' },
    h('h2', { class: 'heading-m', id: 'hand-back-title' }, t.handBackTitle),
    message ? h(Notification, { kind: 'error' }, message) : null,
    h(ErrorSummary, { errors, titleId: 'hand-back-errors-title' }),
    h('p', { class: 'body' }, t.handBackText),
    h(
      'form',
      { noValidate: true, onSubmit: submit, 'aria-labelledby': 'hand-back-title' },
      askTracking
        ? h(TextInput, {
            path: 'handBack.trackingNumber',
            label: j.trackingNumber,
            hint: j.trackingNumberHint,
            value: tracking,
            onInput: setTracking,
            autoComplete: 'off',
            spellcheck: false,
            width: '20',
            error: fieldError('handBack.trackingNumber'),
          })
        : null,
      askCollector
        ? [
            h(Radios, {
              key: 'kind',
              path: 'handBack.collector.kind',
              legend: c.legend,
              value: kind,
              options: [
                { value: 'APPLICANT', label: c.applicant },
                { value: 'AUTHORISED', label: c.authorised },
              ],
              onChange: (v: string) => setKind(v === 'AUTHORISED' ? 'AUTHORISED' : 'APPLICANT'),
            }),
            h(TextInput, {
              key: 'name',
              path: 'handBack.collector.fullName',
              label: c.fullName,
              value: fullName,
              onInput: setFullName,
              optional: kind === 'APPLICANT',
              autoComplete: 'off',
              error: fieldError('handBack.collector.fullName'),
            }),
            h(TextInput, {
              key: 'id',
              path: 'handBack.collector.idNumber',
              label: c.idNumber,
              hint: c.idNumberHint,
              value: idNumber,
              onInput: setIdNumber,
              optional: kind === 'APPLICANT',
              inputMode: 'numeric',
              width: '20',
              error: fieldError('handBack.collector.idNumber'),
            }),
          ]
        : null,
      h(Button, { busy }, t.handBackSubmit),
    ),
  );
}
