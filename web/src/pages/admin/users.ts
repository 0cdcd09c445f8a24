import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { CreateStaffUser, type StaffUser } from '../../../../shared/contracts/admin.ts';
import { ROLES } from '../../../../shared/contracts/auth.ts';
import { webPath } from '../../../../shared/contracts/web-routes.ts';
import { adminMessages } from '../../i18n/admin.ts';
import { currentLang, m, tr } from '../../i18n/index.ts';
import { type DepartmentSummary, departmentName, getDepartments } from '../../lib/catalogue.ts';
import type { Location } from '../../lib/router.ts';
import { staffRequest } from '../../lib/staff-api.ts';
import {
  Button,
  type ErrorItem,
  ErrorSummary,
  Notification,
  Select,
  Spinner,
  Tag,
  TextInput,
  toFieldErrors,
} from '../../ui/components.ts';
import { AdminFrame, problemErrors, staffProblemText } from './common.ts';

const DEPT_ROLES = ['DEPARTMENT_OFFICER', 'DEPARTMENT_HEAD'];

/** /can-bo/quan-tri/can-bo — staff accounts: list, create, change role or unit, disable. */
export function AdminUsersPage({ loc }: { loc: Location }) {
  const t = adminMessages().users;
  const roles = m().staff.roles;
  const lang = currentLang();
  const [users, setUsers] = useState<StaffUser[]>();
  const [departments, setDepartments] = useState<DepartmentSummary[]>([]);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [values, setValues] = useState<Record<string, string>>({ role: 'RECEPTION_OFFICER' });
  const [editing, setEditing] = useState<{ userId: string; role: string; departmentId: string }>();
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);

  async function load() {
    try {
      setUsers((await staffRequest<{ items: StaffUser[] }>('GET', '/admin/staff-users')).items);
    } catch (e) {
      setError(staffProblemText(e));
    }
  }
  useEffect(() => {
    void load();
    getDepartments()
      .then(setDepartments)
      .catch(() => undefined);
  }, []);
  const set = (k: string) => (v: string) => setValues((cur) => ({ ...cur, [k]: v }));
  const unitName = (id?: string) => (id ? departmentName(departments, id, lang) : t.centre);
  const roleOptions = ROLES.map((r) => ({ value: r, label: roles[r] ?? r }));
  const deptOptions = departments.map((d) => ({
    value: d.id,
    label: departmentName(departments, d.id, lang),
  }));

  async function create(e: Event) {
    e.preventDefault();
    if (busy) return;
    setAttempt((n) => n + 1);
    setDone(undefined);
    const body = {
      email: (values.email ?? '').trim(),
      name: (values.name ?? '').trim(),
      role: values.role,
      ...(DEPT_ROLES.includes(values.role ?? '') && values.departmentId
        ? { departmentId: values.departmentId }
        : {}),
    };
    const parsed = CreateStaffUser.safeParse(body);
    if (!parsed.success) {
      setErrors(parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'email', text: tr(i.message) })));
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      await staffRequest('POST', '/admin/staff-users', parsed.data);
      setDone(t.created);
      setValues({ role: 'RECEPTION_OFFICER' });
      await load();
    } catch (err) {
      const fields = problemErrors(err);
      if (fields.length) setErrors(fields);
      else setError(staffProblemText(err));
    } finally {
      setBusy(false);
    }
  }

  async function patch(userId: string, body: Record<string, unknown>, message: string) {
    setBusy(true);
    setDone(undefined);
    try {
      await staffRequest('PATCH', `/admin/staff-users/${encodeURIComponent(userId)}`, body);
      setDone(message);
      setEditing(undefined);
      await load();
    } catch (err) {
      setError(staffProblemText(err));
    } finally {
      setBusy(false);
    }
  }

  const fe = toFieldErrors(errors);
  return h(AdminFrame, {
    loc,
    title: t.title,
    children: () => [
      error ? h(Notification, { kind: 'error', key: 'err' }, error) : null,
      done ? h(Notification, { kind: 'success', key: 'ok' }, done) : null,
      !users
        ? h(Spinner, { key: 's' })
        : h(
            'table',
            { class: 'table', key: 'u' },
            h('caption', { class: 'table__caption' }, t.title),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', { scope: 'col' }, t.name),
                h('th', { scope: 'col' }, t.role),
                h('th', { scope: 'col' }, t.unit),
                h('th', { scope: 'col' }, t.state),
                h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t.change)),
              ),
            ),
            h(
              'tbody',
              null,
              users.map((u) =>
                h(
                  'tr',
                  { key: u.userId },
                  h(
                    'th',
                    { scope: 'row', lang: 'vi' },
                    u.name,
                    h('br', null),
                    h('span', { class: 'hint' }, u.email),
                  ),
                  h(
                    'td',
                    null,
                    editing?.userId === u.userId
                      ? [
                          h(Select, {
                            key: 'r',
                            path: `role-${u.userId}`,
                            label: t.role,
                            value: editing.role,
                            options: roleOptions,
                            onChange: (v) => setEditing({ ...editing, role: v }),
                          }),
                          DEPT_ROLES.includes(editing.role)
                            ? h(Select, {
                                key: 'd',
                                path: `dept-${u.userId}`,
                                label: t.unit,
                                value: editing.departmentId,
                                placeholder: t.chooseDepartment,
                                options: deptOptions,
                                onChange: (v) => setEditing({ ...editing, departmentId: v }),
                              })
                            : null,
                          h(
                            Button,
                            {
                              key: 'b',
                              type: 'button',
                              busy,
                              onClick: () =>
                                void patch(
                                  u.userId,
                                  {
                                    role: editing.role,
                                    departmentId: DEPT_ROLES.includes(editing.role)
                                      ? editing.departmentId || undefined
                                      : null,
                                  },
                                  t.saved,
                                ),
                            },
                            t.save,
                          ),
                        ]
                      : (roles[u.role] ?? u.role),
                  ),
                  h('td', null, unitName(u.departmentId)),
                  h('td', null, u.disabled ? h(Tag, { colour: 'grey' }, t.disabled) : t.active),
                  h(
                    'td',
                    null,
                    h('a', { href: webPath('adminTrail', { userId: u.userId }) }, t.trail),
                    u.disabled || editing?.userId === u.userId
                      ? null
                      : [
                          ' ',
                          h(
                            Button,
                            {
                              key: 'c',
                              type: 'button',
                              variant: 'secondary',
                              onClick: () =>
                                setEditing({
                                  userId: u.userId,
                                  role: u.role,
                                  departmentId: u.departmentId ?? '',
                                }),
                            },
                            t.change,
                            h('span', { class: 'visually-hidden', lang: 'vi' }, `: ${u.name}`),
                          ),
                          ' ',
                          h(
                            Button,
                            {
                              key: 'x',
                              type: 'button',
                              variant: 'warning',
                              busy,
                              onClick: () => void patch(u.userId, { disabled: true }, t.disabledDone),
                            },
                            t.disable,
                            h('span', { class: 'visually-hidden', lang: 'vi' }, `: ${u.name}`),
                          ),
                        ],
                  ),
                ),
              ),
            ),
          ),
      h('h2', { class: 'heading-m', key: 'ch' }, t.createTitle),
      h('p', { class: 'body', key: 'chint' }, t.createHint),
      errors.length ? h(ErrorSummary, { errors, attempt, key: 'es' }) : null,
      h(
        'form',
        { key: 'cf', noValidate: true, onSubmit: create },
        h(TextInput, {
          path: 'name',
          label: t.name,
          value: values.name ?? '',
          error: fe.name,
          onInput: set('name'),
          autoComplete: 'off',
        }),
        h(TextInput, {
          path: 'email',
          label: t.email,
          type: 'email',
          value: values.email ?? '',
          error: fe.email,
          onInput: set('email'),
          spellcheck: false,
        }),
        h(Select, {
          path: 'role',
          label: t.role,
          value: values.role ?? '',
          error: fe.role,
          options: roleOptions,
          onChange: set('role'),
        }),
        DEPT_ROLES.includes(values.role ?? '')
          ? h(Select, {
              path: 'departmentId',
              label: t.unit,
              value: values.departmentId ?? '',
              placeholder: t.chooseDepartment,
              error: fe.departmentId,
              options: deptOptions,
              onChange: set('departmentId'),
            })
          : null,
        h(Button, { busy }, t.create),
      ),
    ],
  });
}
