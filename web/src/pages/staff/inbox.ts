import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { WEB_ROUTES, webPath } from '../../../../shared/contracts/web-routes.ts';
import { CENTRE_VIEWS as CENTRE_INBOX_VIEWS, INBOX_VIEWS } from '../../../../shared/domain/inbox.ts';
import { STATUS_LABELS } from '../../../../shared/domain/lifecycle.ts';
import { currentLang, m } from '../../i18n/index.ts';
import { type DepartmentSummary, departmentName, getDepartments } from '../../lib/catalogue.ts';
import { formatDate } from '../../lib/format.ts';
import { type Location, navigate } from '../../lib/router.ts';
import { staffProblemText, staffRequest } from '../../lib/staff-api.ts';
import type { StaffSession } from '../../lib/staff-session.ts';
import { Button, Notification, PageHeading, Select, Spinner, useTitle } from '../../ui/components.ts';
import { DueDate, OverdueTag, useStaffSession } from '../../ui/staff.ts';

/**
 * The work queue: the views the API offers for the user's role, as links (`?view=`), a table
 * sorted by due date (the API's order: one Query per page) with overdue rows marked by an icon and
 * a word, and paging with the API's cursor.
 */
export interface InboxItem {
  /** Absent on the centre's queues (intake, return): the API does not project it there yet. */
  dossierId?: string;
  code: string;
  procedureName: string;
  stepId?: string;
  departmentId?: string;
  dueDate?: string;
  /** The handler's name from the staff directory. */
  handlerName?: string;
  dueAt?: string;
  citizenDueAt?: string;
  receivedAt?: string;
  submittedAt?: string;
  handler?: string;
  overdue?: boolean;
  status: string;
  /** The flagged queue: when the dossier's workflow failed for good, and why (a technical text). */
  flaggedAt?: string;
  reason?: string;
}

// The views the API answers (shared/domain/inbox.ts); `flagged`, the centre's: dossiers whose
// workflow failed for good ("Hồ sơ lỗi quy trình").
const DEPARTMENT_VIEWS: readonly string[] = INBOX_VIEWS;
const CENTRE_VIEWS: readonly string[] = CENTRE_INBOX_VIEWS;
const PAGE_SIZE = 20;

function viewsFor(session: StaffSession, department: string): readonly string[] {
  const p = session.principal;
  if (p.departmentId) return DEPARTMENT_VIEWS;
  if (p.roles.includes('CENTRE_LEADER') || p.roles.includes('ADMINISTRATOR'))
    return department ? DEPARTMENT_VIEWS.filter((v) => v !== 'waiting-citizen') : CENTRE_VIEWS;
  return CENTRE_VIEWS;
}

export function StaffInboxPage({ loc }: { loc: Location }) {
  const session = useStaffSession(loc);
  if (!session) return h(Spinner, null);
  // A new view or department starts again at page 1.
  return h(Inbox, { loc, session, key: `${loc.query.get('view')}|${loc.query.get('department')}` });
}

function Inbox({ loc, session }: { loc: Location; session: StaffSession }) {
  const t = m().staff.inbox;
  const lang = currentLang();
  const p = session.principal;
  const canChooseDepartment =
    !p.departmentId && (p.roles.includes('CENTRE_LEADER') || p.roles.includes('ADMINISTRATOR'));
  const department = canChooseDepartment ? (loc.query.get('department') ?? '') : '';
  const views = viewsFor(session, department);
  const requested = loc.query.get('view') ?? '';
  const view = views.includes(requested) ? requested : views[0]!;
  const [departments, setDepartments] = useState<DepartmentSummary[]>([]);
  const [chosenDepartment, setChosenDepartment] = useState(department);
  // Cursors of the pages seen so far: [undefined, cursor of page 2, …].
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState(0);
  const [data, setData] = useState<{ items: InboxItem[]; cursor?: string } | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const tableRef = useRef<HTMLDivElement>(null);
  const moved = useRef(false);
  useTitle(`${t.title} — ${t.views[view] ?? view}`);

  useEffect(() => {
    getDepartments()
      .then(setDepartments)
      .catch(() => undefined);
  }, []);

  async function load() {
    setLoading(true);
    setError(undefined);
    const q = new URLSearchParams({ view, limit: String(PAGE_SIZE) });
    if (department) q.set('department', department);
    const cursor = cursors[page];
    if (cursor) q.set('cursor', cursor);
    try {
      const res = await staffRequest<{ items: InboxItem[]; cursor?: string }>('GET', `/staff/inbox?${q}`);
      setData(res);
    } catch (e) {
      setData(undefined);
      setError(staffProblemText(e));
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    void load();
  }, [page, cursors]);

  // After paging, the table takes the focus so the new rows are read next.
  useEffect(() => {
    if (!loading && moved.current) {
      moved.current = false;
      tableRef.current?.focus();
    }
  }, [loading]);

  const href = (v: string) => {
    const q = new URLSearchParams({ view: v });
    if (department) q.set('department', department);
    return `${WEB_ROUTES.staffInbox}?${q}`;
  };
  const items = data?.items ?? [];
  const overdue = items.filter((i) => i.overdue).length;
  const centre = !p.departmentId && CENTRE_VIEWS.includes(view);
  const flagged = centre && view === 'flagged';
  const statusLabel = (i: InboxItem) =>
    i.stepId
      ? (m().staff.dossier.stepStatus[i.status] ?? i.status)
      : (STATUS_LABELS[i.status as keyof typeof STATUS_LABELS]?.[lang] ?? i.status);
  const dueCell = (i: InboxItem) => {
    if (flagged) return i.flaggedAt ? formatDate(i.flaggedAt) : m().staff.noDate;
    if (i.dueDate && !centre) return h(DueDate, { date: i.dueDate, overdue: i.overdue });
    if (i.citizenDueAt) return h(DueDate, { date: i.citizenDueAt, overdue: i.overdue });
    const received = i.receivedAt ?? i.submittedAt;
    return received ? formatDate(received) : m().staff.noDate;
  };

  return h(
    'div',
    null,
    h(PageHeading, { caption: m().staff.area }, t.title),
    canChooseDepartment
      ? h(
          'form',
          {
            class: 'search',
            onSubmit: (e: Event) => {
              e.preventDefault();
              const q = new URLSearchParams({ view: chosenDepartment ? 'all' : 'intake' });
              if (chosenDepartment) q.set('department', chosenDepartment);
              navigate(`${WEB_ROUTES.staffInbox}?${q}`);
            },
          },
          h(Select, {
            path: 'inbox.department',
            label: t.department,
            hint: t.chooseDepartment,
            value: chosenDepartment,
            placeholder: m().staff.centre,
            options: departments.map((d) => ({ value: d.id, label: lang === 'vi' ? d.name : d.nameEn })),
            onChange: setChosenDepartment,
          }),
          h(Button, { variant: 'secondary' }, t.show),
        )
      : null,
    h(
      'nav',
      { 'aria-label': t.viewsLabel },
      h(
        'ul',
        { class: 'sub-nav' },
        views.map((v) =>
          h(
            'li',
            { key: v },
            h('a', { href: href(v), 'aria-current': v === view ? 'page' : undefined }, t.views[v] ?? v),
          ),
        ),
      ),
    ),
    error ? h(Notification, { kind: 'error' }, error) : null,
    loading && !data
      ? h(Spinner, null)
      : h(
          'div',
          null,
          h(
            'p',
            { class: 'body', role: 'status' },
            loading ? m().common.loading : t.count(items.length),
            !loading && overdue ? [' — ', h(OverdueTag, { key: 'o' }), ` ${t.overdueCount(overdue)}`] : null,
          ),
          items.length
            ? h(
                'div',
                {
                  class: 'table-scroll',
                  role: 'region',
                  'aria-labelledby': 'inbox-caption',
                  tabIndex: 0,
                  ref: tableRef,
                },
                h(
                  'table',
                  { class: 'table', id: 'inbox-table' },
                  h(
                    'caption',
                    { class: 'table__caption', id: 'inbox-caption' },
                    t.caption(t.views[view] ?? view, page + 1),
                  ),
                  h(
                    'thead',
                    null,
                    h(
                      'tr',
                      null,
                      h('th', { scope: 'col' }, t.code),
                      h('th', { scope: 'col' }, t.procedure),
                      h(
                        'th',
                        { scope: 'col', 'aria-sort': 'ascending' },
                        // The centre's intake and return queues are in order of receipt, not of a deadline.
                        flagged
                          ? t.flaggedAt
                          : centre && view !== 'waiting-citizen'
                            ? m().staff.journey.receivedColumn
                            : t.due,
                      ),
                      flagged ? h('th', { scope: 'col' }, t.flaggedReason) : null,
                      centre ? null : h('th', { scope: 'col' }, t.handler),
                      h('th', { scope: 'col' }, t.status),
                    ),
                  ),
                  h(
                    'tbody',
                    null,
                    items.map((i) =>
                      h(
                        'tr',
                        {
                          key: `${i.dossierId ?? i.code}-${i.stepId ?? ''}`,
                          class: i.overdue ? 'row--overdue' : undefined,
                        },
                        h(
                          'th',
                          { scope: 'row' },
                          i.dossierId
                            ? h('a', { href: webPath('staffDossier', { id: i.dossierId }) }, i.code)
                            : i.code,
                        ),
                        h(
                          'td',
                          null,
                          h('span', { lang: 'vi' }, i.procedureName),
                          canChooseDepartment && i.departmentId
                            ? h(
                                'span',
                                { class: 'hint' },
                                ` — ${departmentName(departments, i.departmentId, lang)}`,
                              )
                            : null,
                        ),
                        h('td', null, dueCell(i)),
                        flagged
                          ? h(
                              'td',
                              null,
                              // The reason is the system's technical text (error, step, message).
                              h('code', { lang: 'en' }, i.reason ?? ''),
                            )
                          : null,
                        centre
                          ? null
                          : h(
                              'td',
                              null,
                              i.handler ? (i.handlerName ?? m().staff.journey.someone) : t.unassigned,
                            ),
                        h('td', null, statusLabel(i)),
                      ),
                    ),
                  ),
                ),
              )
            : h('p', { class: 'body' }, t.empty),
          h(
            'nav',
            { class: 'pagination', 'aria-label': t.pagination },
            page > 0
              ? h(
                  Button,
                  {
                    type: 'button',
                    variant: 'secondary',
                    busy: loading,
                    onClick: () => {
                      moved.current = true;
                      setPage(page - 1);
                    },
                  },
                  t.previous,
                )
              : null,
            page > 0 || data?.cursor ? h('span', null, t.page(page + 1)) : null,
            data?.cursor
              ? h(
                  Button,
                  {
                    type: 'button',
                    variant: 'secondary',
                    busy: loading,
                    onClick: () => {
                      moved.current = true;
                      const next = [...cursors.slice(0, page + 1), data.cursor];
                      setCursors(next);
                      setPage(page + 1);
                    },
                  },
                  t.next,
                )
              : null,
            h(
              Button,
              { type: 'button', variant: 'secondary', busy: loading, onClick: () => void load() },
              t.refresh,
            ),
          ),
        ),
  );
}
