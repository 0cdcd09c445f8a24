import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { NewProcedureVersion, type ProcedureVersionsResponse } from '../../../../shared/contracts/admin.ts';
import type { ProcedureSummary } from '../../../../shared/contracts/catalogue.ts';
import { WEB_ROUTES, webPath } from '../../../../shared/contracts/web-routes.ts';
import { adminMessages } from '../../i18n/admin.ts';
import { tr } from '../../i18n/index.ts';
import { ApiError, request } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { useLatest } from '../../lib/latest.ts';
import type { Location } from '../../lib/router.ts';
import { staffRequest } from '../../lib/staff-api.ts';
import {
  BackLink,
  Button,
  DateInput,
  type ErrorItem,
  ErrorSummary,
  Notification,
  Select,
  Spinner,
  Tag,
  TextInput,
  toFieldErrors,
} from '../../ui/components.ts';
import { AdminFrame, isoFromParts, problemErrors, staffProblemText } from './common.ts';

/** /can-bo/quan-tri/thu-tuc — the catalogue, each procedure linking to its versions. */
export function AdminProceduresPage({ loc }: { loc: Location }) {
  const t = adminMessages().procedures;
  const [items, setItems] = useState<ProcedureSummary[] | undefined>(undefined);
  const [error, setError] = useState<string>();
  const [q, setQ] = useState('');
  useEffect(() => {
    request<{ items: ProcedureSummary[] }>('GET', '/procedures?limit=200')
      .then((r) => setItems(r.items))
      .catch((e: unknown) => setError(staffProblemText(e)));
  }, []);
  const units = t.units;
  const shown = (items ?? []).filter(
    (p) => !q || p.code.includes(q) || p.name.toLowerCase().includes(q.toLowerCase()),
  );
  return h(AdminFrame, {
    loc,
    title: t.title,
    children: () => [
      h('p', { class: 'body', key: 'lead' }, t.lead),
      error ? h(Notification, { kind: 'error', key: 'err' }, error) : null,
      h(TextInput, { key: 'q', path: 'q', label: t.filter, value: q, onInput: setQ, width: '20' }),
      !items
        ? h(Spinner, { key: 's' })
        : h(
            'table',
            { class: 'table', key: 't' },
            h('caption', { class: 'table__caption visually-hidden' }, t.title),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', { scope: 'col' }, t.code),
                h('th', { scope: 'col' }, t.name),
                h('th', { scope: 'col' }, t.deadline),
                h('th', { scope: 'col' }, t.version),
              ),
            ),
            h(
              'tbody',
              null,
              shown.map((p) =>
                h(
                  'tr',
                  { key: p.code },
                  h(
                    'th',
                    { scope: 'row' },
                    h('a', { href: webPath('adminVersions', { code: p.code }) }, p.code),
                  ),
                  h('td', { lang: 'vi' }, p.name),
                  h('td', null, `${p.deadline.amount ?? ''} ${units[p.deadline.unit] ?? p.deadline.unit}`),
                  h('td', null, String(p.version)),
                ),
              ),
            ),
          ),
    ],
  });
}

type Versions = ProcedureVersionsResponse & {
  latestProcedure: { deadline: { amount: number | null; unit: string } };
};

/** /can-bo/quan-tri/thu-tuc/:code — the versions, and the form that makes the next one. */
export function AdminProcedureVersionsPage({
  loc,
  params,
}: {
  loc: Location;
  params: Record<string, string>;
}) {
  const code = params.code ?? '';
  const t = adminMessages().procedures;
  const [data, setData] = useState<Versions>();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);

  const latest = useLatest();
  async function load() {
    const current = latest();
    try {
      const d = await staffRequest<Versions>('GET', `/admin/procedures/${code}/versions`);
      if (!current()) return;
      setData(d);
      setValues((v) => ({
        amount: String(d.latestProcedure.deadline.amount ?? 0),
        unit: d.latestProcedure.deadline.unit,
        ...v,
      }));
    } catch (e) {
      if (current()) setError(staffProblemText(e));
    }
  }
  useEffect(() => {
    void load();
  }, [code]);

  const set = (k: string) => (v: string) => setValues((cur) => ({ ...cur, [k]: v }));

  async function submit(e: Event) {
    e.preventDefault();
    if (!data || busy) return;
    setAttempt((n) => n + 1);
    setDone(undefined);
    const effectiveFrom = isoFromParts(
      values['effectiveFrom.day'] ?? '',
      values['effectiveFrom.month'] ?? '',
      values['effectiveFrom.year'] ?? '',
    );
    const local: ErrorItem[] = [];
    if (!effectiveFrom) local.push({ path: 'effectiveFrom', text: t.dateInvalid });
    const amount = Number(values.amount);
    if (values.unit !== 'SAME_DAY' && (!/^\d{1,3}$/.test(values.amount ?? '') || !Number.isInteger(amount)))
      local.push({ path: 'deadline.amount', text: t.amountInvalid });
    const body = {
      baseVersion: data.latest,
      effectiveFrom: effectiveFrom ?? '',
      deadline: { amount: values.unit === 'SAME_DAY' ? 0 : amount, unit: values.unit },
      ...(values.reason?.trim() ? { reason: values.reason.trim() } : {}),
    };
    const parsed = NewProcedureVersion.safeParse(body);
    if (!parsed.success && !local.length)
      for (const i of parsed.error.issues) local.push({ path: i.path.join('.'), text: tr(i.message) });
    setErrors(local);
    if (local.length || !parsed.success) return;
    setBusy(true);
    try {
      const created = await staffRequest<{ version: number; effectiveFrom: string }>(
        'POST',
        `/admin/procedures/${code}/versions`,
        parsed.data,
      );
      setDone(t.created(created.version, formatDate(created.effectiveFrom)));
      await load();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'PROCEDURE_VERSION_CONFLICT') {
        setError(t.conflict);
        await load();
      } else {
        const fields = problemErrors(err);
        if (fields.length) setErrors(fields);
        else setError(staffProblemText(err));
      }
    } finally {
      setBusy(false);
    }
  }

  const fe = toFieldErrors(errors);
  return h(AdminFrame, {
    loc,
    title: t.versionsTitle(code),
    children: () => [
      h(BackLink, { href: WEB_ROUTES.adminProcedures, key: 'back' }),
      error ? h(Notification, { kind: 'error', key: 'err' }, error) : null,
      done ? h(Notification, { kind: 'success', key: 'ok' }, done) : null,
      !data
        ? h(Spinner, { key: 's' })
        : [
            h(
              'table',
              { class: 'table', key: 'v' },
              h('caption', { class: 'table__caption' }, t.versionsTitle(code)),
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  h('th', { scope: 'col' }, t.version),
                  h('th', { scope: 'col' }, t.effectiveFrom),
                  h('th', { scope: 'col' }, t.deadline),
                  h('th', { scope: 'col' }, t.reason),
                ),
              ),
              h(
                'tbody',
                null,
                data.versions.map((v) =>
                  h(
                    'tr',
                    { key: v.version },
                    h(
                      'th',
                      { scope: 'row' },
                      String(v.version),
                      v.version === data.inForce ? [' ', h(Tag, { colour: 'green' }, t.inForce)] : null,
                      v.version > data.inForce ? [' ', h(Tag, { colour: 'blue' }, t.upcoming)] : null,
                    ),
                    h('td', null, formatDate(v.effectiveFrom)),
                    h(
                      'td',
                      null,
                      `${v.deadline.amount ?? ''} ${t.units[v.deadline.unit] ?? v.deadline.unit}`,
                    ),
                    h('td', { lang: 'vi' }, v.reason ?? ''),
                  ),
                ),
              ),
            ),
            h('h2', { class: 'heading-m', key: 'h' }, t.newTitle),
            h('p', { class: 'body', key: 'l' }, t.newLead(data.latest)),
            errors.length ? h(ErrorSummary, { errors, attempt, key: 'es' }) : null,
            h(
              'form',
              { key: 'f', noValidate: true, onSubmit: submit },
              h(DateInput, {
                path: 'effectiveFrom',
                legend: t.effectiveFrom,
                hint: t.effectiveHint,
                error: fe.effectiveFrom,
                values,
                onInput: (part, v) => set(`effectiveFrom.${part}`)(v),
              }),
              h(Select, {
                path: 'deadline.unit',
                label: t.unit,
                value: values.unit ?? 'WORKING_DAYS',
                error: fe['deadline.unit'],
                options: Object.entries(t.units).map(([value, label]) => ({ value, label })),
                onChange: set('unit'),
              }),
              values.unit === 'SAME_DAY'
                ? null
                : h(TextInput, {
                    path: 'deadline.amount',
                    label: t.amount,
                    value: values.amount ?? '',
                    inputMode: 'numeric',
                    width: '4',
                    error: fe['deadline.amount'],
                    onInput: set('amount'),
                  }),
              h(TextInput, {
                path: 'reason',
                label: t.reason,
                hint: t.reasonHint,
                optional: true,
                value: values.reason ?? '',
                error: fe.reason,
                onInput: set('reason'),
              }),
              h(Button, { busy }, t.create),
            ),
          ],
    ],
  });
}
