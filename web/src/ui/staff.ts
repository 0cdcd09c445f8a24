import { type ComponentChildren, h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { m } from '../i18n/index.ts';
import { formatDate } from '../lib/format.ts';
import { type Location, navigate } from '../lib/router.ts';
import { loginUrl } from '../lib/staff-api.ts';
import { currentSession, onStaffChange, type StaffSession } from '../lib/staff-session.ts';
import { type FieldErrors, fieldId } from './components.ts';
import './staff.css';

/**
 * Components of the staff workspace, on top of the citizen form's: the signed-in guard, the
 * overdue marker (an icon and a word, never colour alone), a due date, and a list of text rows the
 * user adds and removes (missing documents, reasons) with focus kept where the user is.
 */

/** The signed-in staff member; without one, goes to the login page and comes back afterwards. */
export function useStaffSession(loc: Location): StaffSession | undefined {
  const [session, setSession] = useState(currentSession);
  useEffect(() => onStaffChange(() => setSession(currentSession())), []);
  useEffect(() => {
    const q = loc.query.toString();
    if (!session) navigate(loginUrl(loc.path + (q ? `?${q}` : '')), { replace: true });
  }, [session]);
  return session;
}

export function OverdueTag() {
  return h(
    'strong',
    { class: 'tag tag--red tag--overdue' },
    h('span', { class: 'tag__icon', 'aria-hidden': 'true' }, '⚠'),
    ' ',
    m().staff.overdue,
  );
}

/** A due date as dd/MM/yyyy (Vietnam), with the overdue marker when it has passed. */
export function DueDate({ date, overdue }: { date: string | undefined; overdue?: boolean }) {
  if (!date) return h('span', null, m().staff.noDate);
  return h(
    'span',
    { class: 'due' },
    h('time', { dateTime: date.slice(0, 10) }, formatDate(date)),
    overdue ? [' ', h(OverdueTag, { key: 'o' })] : null,
  );
}

/**
 * Text rows the user adds and removes, each labelled "Giấy tờ 1", "Giấy tờ 2"…; error paths are
 * `${path}.${i}` (as zod reports them for an array) and `${path}` for the list as a whole. Adding a
 * row moves the focus into it; removing one moves it to the row before.
 */
export function ListInput(p: {
  path: string;
  legend: ComponentChildren;
  hint?: ComponentChildren;
  itemLabel: (n: number) => string;
  addLabel: string;
  values: string[];
  errors: FieldErrors;
  onChange: (values: string[]) => void;
  maxRows?: number;
}) {
  const t = m().staff.actions;
  const id = fieldId(p.path);
  const keys = useRef<number[]>([]);
  const nextKey = useRef(0);
  while (keys.current.length < p.values.length) keys.current.push(nextKey.current++);
  if (keys.current.length > p.values.length) keys.current.length = p.values.length;
  const focusRow = useRef<number | undefined>(undefined);
  // A polite announcement for screen readers when a row is added or removed.
  const [announcement, announce] = useState('');
  // After the render that shows the row (the parent may render it a moment after this component).
  useEffect(() => {
    if (focusRow.current === undefined) return;
    const target = document.getElementById(fieldId(`${p.path}.${focusRow.current}`));
    if (!target) return;
    focusRow.current = undefined;
    target.focus();
  });
  const listError = p.errors[p.path];
  const rowErrors = p.values.map((_, i) => p.errors[`${p.path}.${i}`]);
  const anyError = listError || rowErrors.some(Boolean);
  const describedBy = [p.hint ? `${id}-hint` : '', listError ? `${id}-error` : ''].filter(Boolean).join(' ');
  return h(
    'div',
    { class: `form-group${anyError ? ' form-group--error' : ''}`, id },
    h(
      'fieldset',
      { class: 'fieldset', 'aria-describedby': describedBy || undefined },
      h('legend', { class: 'fieldset__legend' }, p.legend),
      p.hint ? h('div', { class: 'hint', id: `${id}-hint` }, p.hint) : null,
      listError
        ? h(
            'p',
            { class: 'error-message', id: `${id}-error` },
            h('span', { class: 'visually-hidden' }, `${m().common.errorPrefix} `),
            listError,
          )
        : null,
      h(
        'ol',
        { class: 'list-input' },
        p.values.map((v, i) => {
          const rowId = fieldId(`${p.path}.${i}`);
          const label = p.itemLabel(i + 1);
          const err = rowErrors[i];
          return h(
            'li',
            { key: keys.current[i], class: 'list-input__row' },
            h('label', { class: 'label list-input__label', for: rowId }, label),
            err
              ? h(
                  'p',
                  { class: 'error-message', id: `${rowId}-error` },
                  h('span', { class: 'visually-hidden' }, `${m().common.errorPrefix} `),
                  err,
                )
              : null,
            h(
              'div',
              { class: 'list-input__controls' },
              h('input', {
                class: `input${err ? ' input--error' : ''}`,
                id: rowId,
                name: `${p.path}.${i}`,
                type: 'text',
                value: v,
                autoComplete: 'off',
                'aria-describedby': err ? `${rowId}-error` : undefined,
                'aria-invalid': err ? 'true' : undefined,
                onInput: (e: Event) => {
                  const next = [...p.values];
                  next[i] = (e.currentTarget as HTMLInputElement).value;
                  p.onChange(next);
                },
              }),
              p.values.length > 1
                ? h(
                    'button',
                    {
                      type: 'button',
                      class: 'button button--secondary list-input__remove',
                      onClick: () => {
                        keys.current.splice(i, 1);
                        focusRow.current = Math.max(0, i - 1);
                        announce(t.removed(label));
                        p.onChange(p.values.filter((_, j) => j !== i));
                      },
                    },
                    t.remove,
                    h('span', { class: 'visually-hidden' }, ` ${label}`),
                  )
                : null,
            ),
          );
        }),
      ),
      p.values.length < (p.maxRows ?? 50)
        ? h(
            'button',
            {
              type: 'button',
              class: 'button button--secondary',
              onClick: () => {
                focusRow.current = p.values.length;
                announce(t.added(p.itemLabel(p.values.length + 1)));
                p.onChange([...p.values, '']);
              },
            },
            p.addLabel,
          )
        : null,
      h('p', { class: 'visually-hidden', role: 'status' }, announcement),
    ),
  );
}
