import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type AdminDepartment, DepartmentUpdate } from '../../../../shared/contracts/admin.ts';
import { WEB_ROUTES, webPath } from '../../../../shared/contracts/web-routes.ts';
import { adminMessages } from '../../i18n/admin.ts';
import { tr } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useLatest } from '../../lib/latest.ts';
import type { Location } from '../../lib/router.ts';
import { staffRequest } from '../../lib/staff-api.ts';
import {
  BackLink,
  Button,
  Checkbox,
  type ErrorItem,
  ErrorSummary,
  Notification,
  Spinner,
  Tag,
  Textarea,
  TextInput,
  toFieldErrors,
} from '../../ui/components.ts';
import { AdminFrame, problemErrors, staffProblemText } from './common.ts';

const confirmedTag = (confirmed: boolean) => {
  const t = adminMessages().departments;
  return confirmed
    ? h(Tag, { colour: 'green' }, t.confirmedTag)
    : h(Tag, { colour: 'grey' }, t.unconfirmedTag);
};

/** /can-bo/quan-tri/co-quan — the departments, each linking to its edit page. */
export function AdminDepartmentsPage({ loc }: { loc: Location }) {
  const t = adminMessages().departments;
  const [items, setItems] = useState<AdminDepartment[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    staffRequest<{ items: AdminDepartment[] }>('GET', '/admin/departments')
      .then((r) => setItems(r.items))
      .catch((e: unknown) => setError(staffProblemText(e)));
  }, []);
  return h(AdminFrame, {
    loc,
    title: t.title,
    children: () => [
      h('p', { class: 'body', key: 'lead' }, t.lead),
      error ? h(Notification, { kind: 'error', key: 'err' }, error) : null,
      !items
        ? error
          ? null
          : h(Spinner, { key: 's' })
        : h(
            'div',
            // Scrolls sideways on a phone: a focusable, named region so it works from the keyboard.
            {
              class: 'table-scroll',
              key: 't',
              role: 'region',
              'aria-labelledby': 'departments-caption',
              tabIndex: 0,
            },
            h(
              'table',
              { class: 'table' },
              h('caption', { class: 'table__caption visually-hidden', id: 'departments-caption' }, t.title),
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  h('th', { scope: 'col' }, t.name),
                  h('th', { scope: 'col' }, t.email),
                  h('th', { scope: 'col' }, t.agencyCode),
                  h('th', { scope: 'col' }, t.state),
                  h('th', { scope: 'col' }, t.updated),
                ),
              ),
              h(
                'tbody',
                null,
                items.map((d) =>
                  h(
                    'tr',
                    { key: d.id },
                    h(
                      'th',
                      { scope: 'row' },
                      h(
                        'a',
                        { href: webPath('adminDepartment', { id: d.id }), lang: 'vi' },
                        d.name,
                        h('span', { class: 'visually-hidden' }, ` (${t.edit})`),
                      ),
                      h('br', null),
                      h('span', { class: 'hint' }, `${t.id}: ${d.id}`),
                    ),
                    h('td', null, d.email, ' ', d.emailConfirmed ? null : confirmedTag(false)),
                    h('td', null, d.agencyCode, ' ', d.agencyCodeConfirmed ? null : confirmedTag(false)),
                    h('td', null, confirmedTag(d.confirmed)),
                    h('td', null, d.updatedAt ? formatDateTime(d.updatedAt) : '—'),
                  ),
                ),
              ),
            ),
          ),
    ],
  });
}

type Values = {
  name: string;
  nameEn: string;
  email: string;
  agencyCode: string;
  note: string;
  emailConfirmed: boolean;
  agencyCodeConfirmed: boolean;
  confirmed: boolean;
};

const valuesOf = (d: AdminDepartment): Values => ({
  name: d.name,
  nameEn: d.nameEn,
  email: d.email,
  agencyCode: d.agencyCode,
  note: d.note ?? '',
  emailConfirmed: d.emailConfirmed,
  agencyCodeConfirmed: d.agencyCodeConfirmed,
  confirmed: d.confirmed,
});

/**
 * /can-bo/quan-tri/co-quan/:id — one department's details. The save carries the version read; when
 * someone else saved first the API answers 409 DEPARTMENT_CONFLICT and the page says so, keeping
 * the administrator's edits on screen until they choose to reload the latest details.
 */
export function AdminDepartmentEditPage({ loc, params }: { loc: Location; params: Record<string, string> }) {
  const id = params.id ?? '';
  const t = adminMessages().departments;
  const [dept, setDept] = useState<AdminDepartment>();
  const [values, setValues] = useState<Values>();
  const [error, setError] = useState<string>();
  const [conflict, setConflict] = useState(false);
  const [done, setDone] = useState<string>();
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);

  const latest = useLatest();
  async function load(after?: string) {
    const current = latest();
    try {
      const d = await staffRequest<AdminDepartment>('GET', `/admin/departments/${encodeURIComponent(id)}`);
      if (!current()) return;
      setDept(d);
      setValues(valuesOf(d));
      setError(undefined);
      setConflict(false);
      setErrors([]);
      setDone(after);
    } catch (e) {
      if (current()) setError(staffProblemText(e));
    }
  }
  useEffect(() => {
    void load();
  }, [id]);

  const set =
    <K extends keyof Values>(k: K) =>
    (v: Values[K]) =>
      setValues((cur) => (cur ? { ...cur, [k]: v } : cur));

  async function save(e: Event) {
    e.preventDefault();
    if (!dept || !values || busy) return;
    setAttempt((n) => n + 1);
    setDone(undefined);
    setError(undefined);
    const body = {
      version: dept.version,
      name: values.name,
      nameEn: values.nameEn,
      agencyCode: values.agencyCode,
      agencyCodeConfirmed: values.agencyCodeConfirmed,
      email: values.email,
      emailConfirmed: values.emailConfirmed,
      confirmed: values.confirmed,
      ...(values.note.trim() ? { note: values.note } : {}),
    };
    const parsed = DepartmentUpdate.safeParse(body);
    if (!parsed.success) {
      setErrors(parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'name', text: tr(i.message) })));
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      const saved = await staffRequest<AdminDepartment>(
        'PUT',
        `/admin/departments/${encodeURIComponent(id)}`,
        parsed.data,
      );
      setDept(saved);
      setValues(valuesOf(saved));
      setDone(t.saved);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'DEPARTMENT_CONFLICT') setConflict(true);
      else {
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
    title: dept ? t.editTitle(dept.name) : t.title,
    children: () => [
      h(BackLink, { href: WEB_ROUTES.adminDepartments, key: 'back' }),
      error ? h(Notification, { kind: 'error', key: 'err' }, error) : null,
      conflict
        ? h(
            Notification,
            { kind: 'error', key: 'conflict' },
            h('p', { class: 'body' }, t.conflict),
            h(
              Button,
              { type: 'button', variant: 'secondary', onClick: () => void load(t.reloaded) },
              t.reload,
            ),
          )
        : null,
      done ? h(Notification, { kind: 'success', key: 'ok' }, done) : null,
      !dept || !values
        ? error
          ? null
          : h(Spinner, { key: 's' })
        : [
            h('p', { class: 'body', key: 'lead' }, t.editLead),
            h(
              'p',
              { class: 'hint', key: 'meta' },
              `${t.id}: ${dept.id} · ${t.version(dept.version)} · `,
              dept.updatedAt && dept.updatedBy
                ? t.lastChange(dept.updatedBy, formatDateTime(dept.updatedAt))
                : t.neverChanged,
            ),
            errors.length ? h(ErrorSummary, { errors, attempt, key: 'es' }) : null,
            h(
              'form',
              { key: 'f', noValidate: true, onSubmit: save },
              h(TextInput, {
                path: 'name',
                label: t.name,
                hint: t.nameHint,
                lang: 'vi',
                value: values.name,
                error: fe.name,
                onInput: set('name'),
              }),
              h(TextInput, {
                path: 'nameEn',
                label: t.nameEn,
                lang: 'en',
                value: values.nameEn,
                error: fe.nameEn,
                onInput: set('nameEn'),
              }),
              h(TextInput, {
                path: 'email',
                label: t.email,
                hint: t.emailHint,
                type: 'email',
                spellcheck: false,
                value: values.email,
                error: fe.email,
                onInput: set('email'),
              }),
              h(Checkbox, {
                path: 'emailConfirmed',
                label: t.emailConfirmed,
                checked: values.emailConfirmed,
                error: fe.emailConfirmed,
                onChange: set('emailConfirmed'),
              }),
              h(TextInput, {
                path: 'agencyCode',
                label: t.agencyCode,
                hint: t.agencyCodeHint,
                width: '20',
                spellcheck: false,
                value: values.agencyCode,
                error: fe.agencyCode,
                onInput: set('agencyCode'),
              }),
              h(Checkbox, {
                path: 'agencyCodeConfirmed',
                label: t.agencyCodeConfirmed,
                checked: values.agencyCodeConfirmed,
                error: fe.agencyCodeConfirmed,
                onChange: set('agencyCodeConfirmed'),
              }),
              h(Checkbox, {
                path: 'confirmed',
                label: t.confirmed,
                checked: values.confirmed,
                error: fe.confirmed,
                onChange: set('confirmed'),
              }),
              h(Textarea, {
                path: 'note',
                label: t.note,
                optional: true,
                value: values.note,
                error: fe.note,
                onInput: set('note'),
              }),
              h(Button, { busy }, t.save),
            ),
          ],
    ],
  });
}
