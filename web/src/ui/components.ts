import { type ComponentChildren, h } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { m } from '../i18n/index.ts';
import { takeHeadingFocus } from '../lib/router.ts';

/**
 * The GOV.UK Design System patterns the form is built from, accessible by default: every input has
 * a visible label, hint and error linked with aria-describedby; an error summary at the top takes
 * the focus and links to each field; radios and dates are fieldsets with a legend.
 * Written with `h` (no JSX) so the repository's one tsconfig checks the web app as is.
 */

/** The DOM id of the input for an error path such as `applicant.idNumber`. */
export const fieldId = (path: string) => `f-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export interface ErrorItem {
  /** The field path (`applicant.idNumber`); the summary links to fieldId(path). */
  path: string;
  text: string;
}
export type FieldErrors = Record<string, string>;

export const toFieldErrors = (items: ErrorItem[]): FieldErrors => {
  const out: FieldErrors = {};
  for (const i of items) out[i.path] ??= i.text;
  return out;
};

/** Moves focus to a field (first control of a fieldset) and scrolls its label into view. */
export function focusField(path: string) {
  const el = document.getElementById(fieldId(path));
  if (!el) return;
  const control =
    el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement
      ? el
      : el.querySelector<HTMLElement>('input, select, textarea, button');
  (control ?? el).focus();
  const label = document.querySelector(`label[for="${control?.id ?? ''}"]`) ?? el.closest('fieldset') ?? el;
  label.scrollIntoView({ block: 'start' });
}

/**
 * Takes the focus when it appears and after each attempt to go on (`attempt` changes), but not
 * when an error is merely cleared while the citizen fixes the form.
 */
export function ErrorSummary({
  errors,
  attempt,
  titleId = 'error-summary-title',
}: {
  errors: ErrorItem[];
  attempt?: number;
  /** A page with several forms gives each summary its own title id. */
  titleId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const signature = errors.map((e) => `${e.path}:${e.text}`).join('|');
  useEffect(() => {
    if (errors.length) ref.current?.focus();
  }, [attempt ?? signature]);
  if (!errors.length) return null;
  return h(
    'div',
    {
      class: 'error-summary',
      role: 'alert',
      'aria-labelledby': titleId,
      tabIndex: -1,
      ref,
    },
    h('h2', { class: 'error-summary__title', id: titleId }, m().common.errorSummaryTitle),
    h(
      'ul',
      { class: 'error-summary__list' },
      errors.map((e) =>
        h(
          'li',
          { key: e.path + e.text },
          h(
            'a',
            {
              href: `#${fieldId(e.path)}`,
              onClick: (ev: MouseEvent) => {
                ev.preventDefault();
                focusField(e.path);
              },
            },
            e.text,
          ),
        ),
      ),
    ),
  );
}

function describedBy(id: string, hint?: unknown, error?: unknown, extra?: string) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : '', extra ?? ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

const Hint = (id: string, hint?: ComponentChildren) =>
  hint ? h('div', { class: 'hint', id: `${id}-hint` }, hint) : null;

const ErrorMessage = (id: string, error?: string) =>
  error
    ? h(
        'p',
        { class: 'error-message', id: `${id}-error` },
        h('span', { class: 'visually-hidden' }, `${m().common.errorPrefix} `),
        error,
      )
    : null;

interface InputProps {
  path: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: string | undefined;
  value: string;
  onInput: (value: string) => void;
  type?: string;
  inputMode?: string;
  autoComplete?: string;
  width?: 'full' | '20' | '10' | '5' | '4' | '2';
  spellcheck?: boolean;
  optional?: boolean;
  labelClass?: string;
  lang?: string;
}

const labelText = (label: ComponentChildren, optional?: boolean) =>
  optional ? [label, ' ', h('span', { class: 'optional' }, m().common.optional)] : label;

export function TextInput(p: InputProps) {
  const id = fieldId(p.path);
  return h(
    'div',
    { class: `form-group${p.error ? ' form-group--error' : ''}` },
    h('label', { class: `label ${p.labelClass ?? ''}`, for: id }, labelText(p.label, p.optional)),
    Hint(id, p.hint),
    ErrorMessage(id, p.error),
    h('input', {
      class: `input input--w${p.width ?? 'full'}${p.error ? ' input--error' : ''}`,
      id,
      name: p.path,
      type: p.type ?? 'text',
      value: p.value,
      inputMode: p.inputMode,
      autoComplete: p.autoComplete ?? 'off',
      spellcheck: p.spellcheck ?? undefined,
      lang: p.lang,
      'aria-describedby': describedBy(id, p.hint, p.error),
      'aria-invalid': p.error ? 'true' : undefined,
      onInput: (e: Event) => p.onInput((e.currentTarget as HTMLInputElement).value),
    }),
  );
}

export function Textarea(p: InputProps & { rows?: number }) {
  const id = fieldId(p.path);
  return h(
    'div',
    { class: `form-group${p.error ? ' form-group--error' : ''}` },
    h('label', { class: 'label', for: id }, labelText(p.label, p.optional)),
    Hint(id, p.hint),
    ErrorMessage(id, p.error),
    h('textarea', {
      class: `textarea${p.error ? ' input--error' : ''}`,
      id,
      name: p.path,
      rows: p.rows ?? 4,
      value: p.value,
      autoComplete: p.autoComplete ?? 'off',
      'aria-describedby': describedBy(id, p.hint, p.error),
      'aria-invalid': p.error ? 'true' : undefined,
      onInput: (e: Event) => p.onInput((e.currentTarget as HTMLTextAreaElement).value),
    }),
  );
}

export function Select(
  p: Omit<InputProps, 'onInput'> & {
    options: { value: string; label: string }[];
    placeholder?: string;
    onChange: (value: string) => void;
  },
) {
  const id = fieldId(p.path);
  return h(
    'div',
    { class: `form-group${p.error ? ' form-group--error' : ''}` },
    h('label', { class: 'label', for: id }, labelText(p.label, p.optional)),
    Hint(id, p.hint),
    ErrorMessage(id, p.error),
    h(
      'select',
      {
        class: `select${p.error ? ' input--error' : ''}`,
        id,
        name: p.path,
        value: p.value,
        'aria-describedby': describedBy(id, p.hint, p.error),
        'aria-invalid': p.error ? 'true' : undefined,
        onChange: (e: Event) => p.onChange((e.currentTarget as HTMLSelectElement).value),
      },
      p.placeholder !== undefined ? h('option', { value: '' }, p.placeholder) : null,
      p.options.map((o) => h('option', { key: o.value, value: o.value }, o.label)),
    ),
  );
}

export interface RadioOption {
  value: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  /** Shown under the option while it is chosen (GOV.UK conditional reveal). */
  conditional?: ComponentChildren;
}

export function Radios(p: {
  path: string;
  legend: ComponentChildren;
  legendClass?: string;
  hint?: ComponentChildren;
  error?: string | undefined;
  value: string;
  options: RadioOption[];
  onChange: (value: string) => void;
  inline?: boolean;
}) {
  const id = fieldId(p.path);
  return h(
    'div',
    { class: `form-group${p.error ? ' form-group--error' : ''}`, id },
    h(
      'fieldset',
      { class: 'fieldset', 'aria-describedby': describedBy(id, p.hint, p.error) },
      h('legend', { class: `fieldset__legend ${p.legendClass ?? ''}` }, p.legend),
      Hint(id, p.hint),
      ErrorMessage(id, p.error),
      h(
        'div',
        { class: `radios${p.inline ? ' radios--inline' : ''}` },
        p.options.map((o, i) => {
          const oid = `${id}-${i}`;
          return h(
            'div',
            { key: o.value, class: 'radios__option' },
            h(
              'div',
              { class: 'radios__item' },
              h('input', {
                class: 'radios__input',
                id: oid,
                type: 'radio',
                name: p.path,
                value: o.value,
                checked: p.value === o.value,
                'aria-describedby': o.hint ? `${oid}-hint` : undefined,
                onChange: () => p.onChange(o.value),
              }),
              h('label', { class: 'label radios__label', for: oid }, o.label),
              o.hint ? h('div', { class: 'hint radios__hint', id: `${oid}-hint` }, o.hint) : null,
            ),
            o.conditional && p.value === o.value
              ? h('div', { class: 'radios__conditional' }, o.conditional)
              : null,
          );
        }),
      ),
    ),
  );
}

export function Checkbox(p: {
  path: string;
  label: ComponentChildren;
  checked: boolean;
  error?: string | undefined;
  onChange: (checked: boolean) => void;
}) {
  const id = fieldId(p.path);
  return h(
    'div',
    { class: `form-group${p.error ? ' form-group--error' : ''}` },
    ErrorMessage(id, p.error),
    h(
      'div',
      { class: 'checkboxes__item' },
      h('input', {
        class: 'checkboxes__input',
        id,
        type: 'checkbox',
        name: p.path,
        checked: p.checked,
        'aria-describedby': p.error ? `${id}-error` : undefined,
        onChange: (e: Event) => p.onChange((e.currentTarget as HTMLInputElement).checked),
      }),
      h('label', { class: 'label checkboxes__label', for: id }, p.label),
    ),
  );
}

/** GOV.UK date input: day, month and year boxes in a fieldset, combined to yyyy-mm-dd. */
export function DateInput(p: {
  path: string;
  legend: ComponentChildren;
  hint?: ComponentChildren;
  error?: string | undefined;
  values: Record<string, string>;
  onInput: (part: 'day' | 'month' | 'year', value: string) => void;
  optional?: boolean;
}) {
  const id = fieldId(p.path);
  const c = m().common;
  const part = (k: 'day' | 'month' | 'year', label: string, w: '2' | '4') => {
    const inputId = k === 'day' ? id : `${id}-${k}`;
    return h(
      'div',
      { class: 'date-input__item' },
      h('label', { class: 'label date-input__label', for: inputId }, label),
      h('input', {
        class: `input input--w${w}${p.error ? ' input--error' : ''}`,
        id: inputId,
        name: `${p.path}.${k}`,
        type: 'text',
        inputMode: 'numeric',
        value: p.values[`${p.path}.${k}`] ?? '',
        'aria-invalid': p.error ? 'true' : undefined,
        onInput: (e: Event) => p.onInput(k, (e.currentTarget as HTMLInputElement).value),
      }),
    );
  };
  return h(
    'div',
    { class: `form-group${p.error ? ' form-group--error' : ''}` },
    h(
      'fieldset',
      { class: 'fieldset', role: 'group', 'aria-describedby': describedBy(id, true, p.error) },
      h('legend', { class: 'fieldset__legend' }, labelText(p.legend, p.optional)),
      h('div', { class: 'hint', id: `${id}-hint` }, p.hint ?? c.dateHint),
      ErrorMessage(id, p.error),
      h(
        'div',
        { class: 'date-input' },
        part('day', c.day, '2'),
        part('month', c.month, '2'),
        part('year', c.year, '4'),
      ),
    ),
  );
}

export function Button(p: {
  children?: ComponentChildren;
  onClick?: (e: MouseEvent) => void;
  type?: 'button' | 'submit';
  variant?: 'primary' | 'secondary' | 'warning' | 'start';
  disabled?: boolean;
  busy?: boolean;
  id?: string;
}) {
  return h(
    'button',
    {
      id: p.id,
      type: p.type ?? 'submit',
      class: `button button--${p.variant ?? 'primary'}`,
      // aria-disabled keeps a busy button focusable and announced, unlike `disabled`.
      'aria-disabled': p.disabled || p.busy ? 'true' : undefined,
      'aria-busy': p.busy ? 'true' : undefined,
      onClick: (e: MouseEvent) => {
        if (p.disabled || p.busy) {
          e.preventDefault();
          return;
        }
        p.onClick?.(e);
      },
    },
    p.children,
    p.variant === 'start'
      ? h(
          'svg',
          {
            class: 'button__start-icon',
            xmlns: 'http://www.w3.org/2000/svg',
            width: 17,
            height: 19,
            viewBox: '0 0 33 40',
            'aria-hidden': 'true',
            focusable: 'false',
          },
          h('path', { fill: 'currentColor', d: 'M0 0h13l20 20-20 20H0l20-20z' }),
        )
      : null,
  );
}

export function BackLink({ href }: { href: string }) {
  return h('a', { class: 'back-link', href }, m().common.back);
}

/** The page's h1: it takes the focus after a navigation, so screen readers announce the page. */
export function PageHeading({
  caption,
  children,
}: {
  caption?: ComponentChildren;
  children?: ComponentChildren;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // After a navigation the heading takes the focus, unless an error summary already has it or
    // the user has already moved into the page (a slow page must not steal the focus back).
    const untouched = document.activeElement === null || document.activeElement === document.body;
    if (takeHeadingFocus() && untouched && !document.querySelector('.error-summary')) ref.current?.focus();
  }, []);
  return h(
    'div',
    { class: 'page-heading' },
    caption ? h('span', { class: 'caption' }, caption) : null,
    h('h1', { class: 'heading-l', tabIndex: -1, id: 'page-title', ref }, children),
  );
}

export interface SummaryRow {
  key: ComponentChildren;
  value: ComponentChildren;
  action?: { href: string; label: string; hidden: string };
}

export function SummaryList({ rows }: { rows: SummaryRow[] }) {
  return h(
    'dl',
    { class: 'summary-list' },
    rows.map((r, i) =>
      h(
        'div',
        { class: 'summary-list__row', key: i },
        h('dt', { class: 'summary-list__key' }, r.key),
        h('dd', { class: 'summary-list__value' }, r.value),
        r.action
          ? h(
              'dd',
              { class: 'summary-list__actions' },
              h(
                'a',
                { href: r.action.href },
                r.action.label,
                h('span', { class: 'visually-hidden' }, ` ${r.action.hidden}`),
              ),
            )
          : null,
      ),
    ),
  );
}

export function WarningText({ children }: { children?: ComponentChildren }) {
  return h(
    'div',
    { class: 'warning-text' },
    h('span', { class: 'warning-text__icon', 'aria-hidden': 'true' }, '!'),
    h('strong', { class: 'warning-text__text' }, children),
  );
}

export function Tag({ children, colour }: { children?: ComponentChildren; colour?: string }) {
  return h('strong', { class: `tag${colour ? ` tag--${colour}` : ''}` }, children);
}

export function Inset({ children }: { children?: ComponentChildren }) {
  return h('div', { class: 'inset-text' }, children);
}

export function Notification({
  children,
  kind = 'info',
}: {
  children?: ComponentChildren;
  kind?: 'info' | 'success' | 'error';
}) {
  return h(
    'div',
    { class: `notification notification--${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    children,
  );
}

export function Spinner() {
  return h('p', { class: 'body loading', role: 'status' }, m().common.loading);
}

/** The browser tab's title: the page name, prefixed with "Lỗi:" while the page shows errors. */
export function useTitle(page: string, hasErrors = false) {
  const c = m().common;
  useEffect(() => {
    document.title = `${hasErrors ? `${c.errorPrefix} ` : ''}${c.documentTitle(page)}`;
  }, [page, hasErrors, c]);
}
