import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type CalendarDay, CalendarYear } from '../../../../shared/contracts/calendar.ts';
import { WEB_ROUTES } from '../../../../shared/contracts/web-routes.ts';
import { adminMessages } from '../../i18n/admin.ts';
import { currentLang, tr } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { useLatest } from '../../lib/latest.ts';
import { type Location, navigate } from '../../lib/router.ts';
import { staffRequest } from '../../lib/staff-api.ts';
import {
  Button,
  Checkbox,
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
import { AdminFrame, isoFromParts, problemErrors, staffProblemText, vnToday } from './common.ts';

/**
 * /can-bo/quan-tri/lich?nam=2027 — one year of the working calendar: its days off and worked
 * Saturdays, adding or removing a day, confirming a provisional year. Saved whole (PUT), audited.
 */
export function AdminCalendarPage({ loc }: { loc: Location }) {
  const t = adminMessages().calendar;
  const year = Number(loc.query.get('nam')) || Number(vnToday().slice(0, 4)) + 1;
  const [cal, setCal] = useState<CalendarYear | null>();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [values, setValues] = useState<Record<string, string>>({ kind: 'SWAPPED_WORKDAY' });
  const [confirm, setConfirm] = useState(false);
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [yearInput, setYearInput] = useState(String(year));
  // The field shows the year on screen, also after moving to another year from a link or Back.
  useEffect(() => setYearInput(String(year)), [year]);

  const latest = useLatest();
  useEffect(() => {
    setCal(undefined);
    const current = latest();
    staffRequest<CalendarYear>('GET', `/admin/calendar/${year}`)
      .then((c) => {
        if (!current()) return;
        setCal(c);
        setValues((v) => ({ ...v, sources: c.sources.join('; ') }));
      })
      .catch((e: unknown) => {
        if (!current()) return;
        if (e instanceof ApiError && e.status === 404) setCal(null);
        else setError(staffProblemText(e));
      });
  }, [year]);

  const set = (k: string) => (v: string) => setValues((cur) => ({ ...cur, [k]: v }));
  const lang = currentLang();

  function addDay(e: Event) {
    e.preventDefault();
    if (!cal) return;
    setAttempt((n) => n + 1);
    const date = isoFromParts(
      values['date.day'] ?? '',
      values['date.month'] ?? '',
      values['date.year'] ?? '',
    );
    const local: ErrorItem[] = [];
    if (!date?.startsWith(`${year}-`) || cal.days.some((d) => d.date === date))
      local.push({ path: 'date', text: t.dayInvalid });
    if (!values.name?.trim()) local.push({ path: 'name', text: t.nameRequired });
    if (!values.nameEn?.trim()) local.push({ path: 'nameEn', text: t.nameRequired });
    setErrors(local);
    if (local.length || !date) return;
    const day: CalendarDay = {
      date,
      kind: values.kind as CalendarDay['kind'],
      name: values.name!.trim(),
      nameEn: values.nameEn!.trim(),
    };
    setCal({ ...cal, days: [...cal.days, day].sort((a, b) => a.date.localeCompare(b.date)) });
    setValues((v) => ({ kind: v.kind ?? 'SWAPPED_WORKDAY', sources: v.sources ?? '' }));
  }

  /** A year the calendar lacks, started from the fixed-date public holidays; saved with Save. */
  function startYear() {
    setCal(startingYear(year, t.startSource));
    setValues((v) => ({ ...v, sources: t.startSource }));
    setDone(t.startNote);
  }

  async function save() {
    if (!cal || busy) return;
    setAttempt((n) => n + 1);
    setDone(undefined);
    const sources = (values.sources ?? '')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    const parsed = CalendarYear.safeParse({ ...cal, sources, status: confirm ? 'DECIDED' : cal.status });
    if (!parsed.success) {
      setErrors(
        parsed.error.issues.map((i) => ({
          path: i.path[0] === 'sources' ? 'sources' : 'date',
          text: tr(i.message),
        })),
      );
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      setCal(await staffRequest<CalendarYear>('PUT', `/admin/calendar/${year}`, parsed.data));
      setConfirm(false);
      setDone(t.saved);
    } catch (err) {
      const fields = problemErrors(err);
      if (fields.length)
        setErrors(fields.map((f) => ({ ...f, path: f.path.startsWith('sources') ? 'sources' : 'date' })));
      else setError(staffProblemText(err));
    } finally {
      setBusy(false);
    }
  }

  const fe = toFieldErrors(errors);
  return h(AdminFrame, {
    loc,
    title: t.title(year),
    children: () => [
      h(
        'form',
        {
          key: 'y',
          class: 'inline-form',
          onSubmit: (e: Event) => {
            e.preventDefault();
            if (/^\d{4}$/.test(yearInput)) navigate(`${WEB_ROUTES.adminCalendar}?nam=${yearInput}`);
          },
        },
        h(TextInput, {
          path: 'nam',
          label: t.year,
          value: yearInput,
          onInput: setYearInput,
          width: '4',
          inputMode: 'numeric',
        }),
        h(Button, { variant: 'secondary' }, t.show),
      ),
      error ? h(Notification, { kind: 'error', key: 'err' }, error) : null,
      done ? h(Notification, { kind: 'success', key: 'ok' }, done) : null,
      errors.length ? h(ErrorSummary, { errors, attempt, key: 'es' }) : null,
      cal === undefined
        ? h(Spinner, { key: 's' })
        : cal === null
          ? [
              h('p', { class: 'body', key: 'none' }, t.none),
              h('p', { class: 'body', key: 'missing' }, t.missing(year)),
              h(
                Button,
                { key: 'start', variant: 'secondary', type: 'button', onClick: () => startYear() },
                t.start(year),
              ),
            ]
          : [
              h(
                'p',
                { class: 'body', key: 'st' },
                h(Tag, { colour: cal.status === 'DECIDED' ? 'green' : 'yellow' }, t.status[cal.status]),
              ),
              cal.status === 'PROVISIONAL' ? h('p', { class: 'body', key: 'pn' }, t.provisionalNote) : null,
              h(
                'table',
                { class: 'table', key: 'days' },
                h('caption', { class: 'table__caption' }, t.title(year)),
                h(
                  'thead',
                  null,
                  h(
                    'tr',
                    null,
                    h('th', { scope: 'col' }, t.date),
                    h('th', { scope: 'col' }, t.kind),
                    h('th', { scope: 'col' }, t.name),
                    h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t.remove)),
                  ),
                ),
                h(
                  'tbody',
                  null,
                  cal.days.map((d) =>
                    h(
                      'tr',
                      { key: d.date },
                      h('th', { scope: 'row' }, formatDate(d.date)),
                      h('td', null, t.kinds[d.kind] ?? d.kind),
                      h('td', { lang: lang === 'vi' ? 'vi' : 'en' }, lang === 'vi' ? d.name : d.nameEn),
                      h(
                        'td',
                        null,
                        h(
                          Button,
                          {
                            type: 'button',
                            variant: 'secondary',
                            onClick: () =>
                              setCal({ ...cal, days: cal.days.filter((x) => x.date !== d.date) }),
                          },
                          t.remove,
                          h('span', { class: 'visually-hidden' }, ` ${formatDate(d.date)}`),
                        ),
                      ),
                    ),
                  ),
                ),
              ),
              h('h2', { class: 'heading-m', key: 'ah' }, t.addTitle),
              h(
                'form',
                { key: 'add', noValidate: true, onSubmit: addDay },
                h(DateInput, {
                  path: 'date',
                  legend: t.date,
                  error: fe.date,
                  values,
                  onInput: (part, v) => set(`date.${part}`)(v),
                }),
                h(Select, {
                  path: 'kind',
                  label: t.kind,
                  value: values.kind ?? 'SWAPPED_WORKDAY',
                  options: Object.entries(t.kinds).map(([value, label]) => ({ value, label })),
                  onChange: set('kind'),
                }),
                h(TextInput, {
                  path: 'name',
                  label: t.name,
                  value: values.name ?? '',
                  error: fe.name,
                  onInput: set('name'),
                  lang: 'vi',
                }),
                h(TextInput, {
                  path: 'nameEn',
                  label: t.nameEn,
                  value: values.nameEn ?? '',
                  error: fe.nameEn,
                  onInput: set('nameEn'),
                  lang: 'en',
                }),
                h(Button, { variant: 'secondary' }, t.add),
              ),
              h(TextInput, {
                key: 'src',
                path: 'sources',
                label: t.sources,
                value: values.sources ?? '',
                error: fe.sources,
                onInput: set('sources'),
              }),
              cal.status === 'PROVISIONAL'
                ? h(Checkbox, {
                    key: 'cf',
                    path: 'confirm',
                    label: t.confirm,
                    checked: confirm,
                    onChange: setConfirm,
                  })
                : null,
              h(Button, { key: 'save', type: 'button', busy, onClick: () => void save() }, t.save),
            ],
    ],
  });
}

/** The public holidays fixed in the solar calendar (Labour Code 2019, art. 112(1)). */
const FIXED_HOLIDAYS: readonly [string, string, string][] = [
  ['01-01', 'Tết Dương lịch', "New Year's Day"],
  ['04-30', 'Ngày Chiến thắng', 'Reunification Day'],
  ['05-01', 'Ngày Quốc tế Lao động', 'International Labour Day'],
  ['09-02', 'Quốc khánh', 'National Day'],
];

function startingYear(year: number, source: string): CalendarYear {
  return {
    year,
    status: 'PROVISIONAL',
    sources: [source],
    days: FIXED_HOLIDAYS.map(([md, name, nameEn]) => ({
      date: `${year}-${md}`,
      kind: 'HOLIDAY',
      name,
      nameEn,
    })),
  };
}
