import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { WEB_ROUTES, webPath } from '../../../shared/contracts/web-routes.ts';
import { currentLang, m } from '../i18n/index.ts';
import {
  type DepartmentSummary,
  departmentName,
  getDepartments,
  getFields,
  type ProcedureList,
  searchProcedures,
} from '../lib/catalogue.ts';
import { type Location, navigate } from '../lib/router.ts';
import { Button, PageHeading, Select, Tag, TextInput, useTitle } from '../ui/components.ts';

/**
 * Find a procedure: one search box (with or without diacritics — the API folds them) and two
 * filters to browse by department and field. The query lives in the URL, so Back and a shared
 * link show the same results.
 */
export function HomePage({ loc }: { loc: Location }) {
  const msg = m();
  const t = msg.home;
  const lang = currentLang();
  const q = loc.query.get('q') ?? '';
  const department = loc.query.get('department') ?? '';
  const field = loc.query.get('field') ?? '';
  const [input, setInput] = useState({ q, department, field });
  const [departments, setDepartments] = useState<DepartmentSummary[]>([]);
  const [fields, setFields] = useState<string[]>([]);
  const [results, setResults] = useState<ProcedureList | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  useTitle(t.title);

  useEffect(() => {
    setInput({ q, department, field });
    let live = true;
    setResults(undefined);
    setFailed(false);
    searchProcedures({ q, department, field })
      .then((r) => live && setResults(r))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [q, department, field]);

  useEffect(() => {
    getDepartments()
      .then(setDepartments)
      .catch(() => undefined);
    getFields()
      .then(setFields)
      .catch(() => undefined);
  }, []);

  const submit = (e: Event) => {
    e.preventDefault();
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(input)) if (v.trim()) params.set(k, v.trim());
    const qs = params.toString();
    navigate(qs ? `/?${qs}` : '/');
    // Keep the focus on the form; the result count is announced by its live region.
  };
  const filtered = Boolean(q || department || field);

  return h(
    'div',
    { class: 'grid-row' },
    h(
      'div',
      { class: 'two-thirds' },
      h(PageHeading, null, t.title),
      h('p', { class: 'lead' }, t.lead),
      h(
        'form',
        { role: 'search', class: 'search', onSubmit: submit, noValidate: true },
        h(TextInput, {
          path: 'q',
          label: t.searchLabel,
          labelClass: 'label--m',
          hint: t.searchHint,
          value: input.q,
          type: 'search',
          spellcheck: false,
          onInput: (v) => setInput({ ...input, q: v }),
        }),
        h(
          'details',
          { class: 'details', open: Boolean(department || field) },
          h('summary', { class: 'details__summary' }, t.filtersTitle),
          h(
            'div',
            { class: 'details__text' },
            h(Select, {
              path: 'department',
              label: t.department,
              value: input.department,
              placeholder: t.allDepartments,
              options: departments.map((d) => ({ value: d.id, label: lang === 'vi' ? d.name : d.nameEn })),
              onChange: (v) => setInput({ ...input, department: v }),
            }),
            h(Select, {
              path: 'field',
              label: t.field,
              value: input.field,
              placeholder: t.allFields,
              options: fields.map((f) => ({ value: f, label: f })),
              onChange: (v) => setInput({ ...input, field: v }),
            }),
          ),
        ),
        h(Button, { type: 'submit' }, t.searchButton),
        filtered ? h('p', { class: 'body' }, h('a', { href: '/' }, t.clearFilters)) : null,
      ),
      h(
        'section',
        { 'aria-labelledby': 'results-title', class: 'results' },
        h('h2', { class: 'heading-m', id: 'results-title' }, t.resultsTitle),
        h(
          'p',
          { class: 'body results__count', role: 'status' },
          failed ? msg.errors.network : results ? t.resultCount(results.total) : msg.common.loading,
        ),
        results?.match === 'partial' && results.items.length ? h('p', { class: 'body' }, t.partial) : null,
        results && results.items.length === 0 ? h('p', { class: 'body' }, t.none) : null,
        // Until the list arrives, its room is kept: what follows (the look-up box, the footer)
        // stays where it will be, below the fold, instead of jumping down (layout shift).
        !results && !failed ? h('div', { class: 'results__placeholder', 'aria-hidden': 'true' }) : null,
        results
          ? h(
              'ul',
              { class: 'result-list' },
              results.items.map((p) =>
                h(
                  'li',
                  { key: p.code, class: 'result' },
                  h(
                    'h3',
                    { class: 'heading-s result__title' },
                    h('a', { href: webPath('procedure', { code: p.code }), lang: 'vi' }, p.name),
                  ),
                  h(
                    'p',
                    { class: 'result__meta' },
                    h('span', null, `${msg.procedure.code}: ${p.code}`),
                    h(
                      'span',
                      null,
                      p.departmentIds.map((id) => departmentName(departments, id, lang)).join(', '),
                    ),
                    h('span', null, msg.procedure.deadlineValue(p.deadline.amount, p.deadline.unit)),
                    h(
                      Tag,
                      { colour: p.onlineLevel === 'FULL' ? 'green' : 'grey' },
                      p.onlineLevel === 'FULL' ? msg.procedure.onlineFullTag : msg.procedure.onlinePartialTag,
                    ),
                  ),
                  h('p', { class: 'result__field', lang: 'vi' }, p.field.name),
                ),
              ),
            )
          : null,
      ),
    ),
    h(
      'aside',
      { class: 'one-third', 'aria-labelledby': 'lookup-aside' },
      h(
        'div',
        { class: 'aside-box' },
        h('h2', { class: 'heading-m', id: 'lookup-aside' }, t.lookupTitle),
        h('p', { class: 'body' }, t.lookupText),
        h('p', { class: 'body' }, h('a', { href: WEB_ROUTES.lookup }, t.lookupLink)),
      ),
      h(
        'div',
        { class: 'aside-box' },
        h('h2', { class: 'heading-m' }, t.statisticsTitle),
        h('p', { class: 'body' }, h('a', { href: WEB_ROUTES.statistics }, t.statisticsLink)),
      ),
    ),
  );
}
