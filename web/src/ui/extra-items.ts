import { h } from 'preact';
import { useState } from 'preact/hooks';
import { MAX_EXTRA_ITEMS } from '../../../shared/domain/supplement-items.ts';
import { m } from '../i18n/index.ts';
import { type FieldErrors, fieldId, TextInput } from './components.ts';

export interface ExtraItemRow {
  name: string;
  note: string;
}

/**
 * Free supplement items: documents the officer asks for that are not in the procedure's list, each
 * a name and an optional note (shared/domain/supplement-items.ts). None to start with; the citizen
 * gets an upload slot for each.
 */
export function ExtraItemsInput(p: {
  path: string;
  values: ExtraItemRow[];
  errors: FieldErrors;
  onChange: (values: ExtraItemRow[]) => void;
}) {
  const t = m().staff.actions;
  const [announcement, announce] = useState('');
  const set = (i: number, patch: Partial<ExtraItemRow>) =>
    p.onChange(p.values.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  return h(
    'div',
    { class: 'form-group', id: fieldId(p.path) },
    h(
      'fieldset',
      { class: 'fieldset' },
      h('legend', { class: 'fieldset__legend' }, t.extraLegend),
      h('div', { class: 'hint' }, t.extraHint),
      p.values.map((v, i) =>
        h(
          'div',
          { key: i, class: 'extra-item' },
          h(TextInput, {
            path: `${p.path}.${i}.name`,
            label: t.extraName(i + 1),
            value: v.name,
            error: p.errors[`${p.path}.${i}.name`],
            onInput: (name: string) => set(i, { name }),
          }),
          h(TextInput, {
            path: `${p.path}.${i}.note`,
            label: t.extraNote,
            optional: true,
            value: v.note,
            error: p.errors[`${p.path}.${i}.note`],
            onInput: (note: string) => set(i, { note }),
          }),
          h(
            'button',
            {
              type: 'button',
              class: 'button button--secondary',
              onClick: () => {
                announce(t.removed(t.extraName(i + 1)));
                p.onChange(p.values.filter((_, j) => j !== i));
              },
            },
            t.remove,
            h('span', { class: 'visually-hidden' }, ` ${t.extraName(i + 1)}`),
          ),
        ),
      ),
      p.values.length < MAX_EXTRA_ITEMS
        ? h(
            'button',
            {
              type: 'button',
              class: 'button button--secondary',
              id: `${fieldId(p.path)}-add`,
              onClick: () => {
                announce(t.added(t.extraName(p.values.length + 1)));
                p.onChange([...p.values, { name: '', note: '' }]);
              },
            },
            t.addExtra,
          )
        : null,
      h('p', { class: 'visually-hidden', role: 'status' }, announcement),
    ),
  );
}

/** The rows the officer filled in, as the API takes them; a row with a note but no name is an error. */
export function extraItemsBody(rows: ExtraItemRow[]) {
  const items: { name: string; note?: string }[] = [];
  const unnamed: number[] = [];
  rows.forEach((r, i) => {
    const name = r.name.trim();
    const note = r.note.trim();
    if (!name && note) unnamed.push(i);
    if (name) items.push({ name, ...(note ? { note } : {}) });
  });
  return { items, unnamed };
}
