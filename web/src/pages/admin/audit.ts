import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { WEB_ROUTES, webPath } from '../../../../shared/contracts/web-routes.ts';
import { adminMessages } from '../../i18n/admin.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useLatest } from '../../lib/latest.ts';
import { type Location, navigate } from '../../lib/router.ts';
import { staffRequest } from '../../lib/staff-api.ts';
import { BackLink, Button, Notification, Spinner, TextInput } from '../../ui/components.ts';
import { AdminFrame, staffProblemText, vnToday } from './common.ts';

/**
 * The audit views (issue 7, item 6): the month's administration changes, and one person's trail
 * (their administration changes and dossier events), newest first, a page at a time.
 */
interface Row {
  at: string;
  actor?: string;
  action: string;
  target: string;
  summary?: string;
  kind?: 'ADMIN' | 'DOSSIER';
  dossierId?: string;
  code?: string;
}

function useAuditPages(path: string | undefined) {
  const [rows, setRows] = useState<Row[]>();
  const [cursor, setCursor] = useState<string>();
  const [error, setError] = useState<string>();
  const latest = useLatest();
  async function more(from?: string) {
    if (!path) return;
    const current = latest();
    try {
      const sep = path.includes('?') ? '&' : '?';
      const res = await staffRequest<{ items: Row[]; cursor?: string }>(
        'GET',
        `${path}${from ? `${sep}cursor=${from}` : ''}`,
      );
      if (!current()) return;
      setRows((cur) => [...(from ? (cur ?? []) : []), ...res.items]);
      setCursor(res.cursor);
    } catch (e) {
      if (current()) setError(staffProblemText(e));
    }
  }
  useEffect(() => {
    setRows(undefined);
    void more();
  }, [path]);
  return { rows, cursor, error, more };
}

function AuditTable({ rows, caption, showActor }: { rows: Row[]; caption: string; showActor: boolean }) {
  const t = adminMessages().audit;
  if (!rows.length) return h('p', { class: 'body' }, t.none);
  return h(
    'table',
    { class: 'table' },
    h('caption', { class: 'table__caption' }, caption),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, t.at),
        showActor ? h('th', { scope: 'col' }, t.actor) : null,
        h('th', { scope: 'col' }, t.action),
        h('th', { scope: 'col' }, t.target),
        h('th', { scope: 'col' }, t.summary),
      ),
    ),
    h(
      'tbody',
      null,
      rows.map((r, i) =>
        h(
          'tr',
          { key: `${r.at}-${i}` },
          h('th', { scope: 'row' }, h('time', { dateTime: r.at }, formatDateTime(r.at))),
          showActor
            ? h(
                'td',
                null,
                r.actor ? h('a', { href: webPath('adminTrail', { userId: r.actor }) }, r.actor) : '',
              )
            : null,
          h('td', null, t.actions[r.action] ?? r.action),
          h(
            'td',
            null,
            r.dossierId
              ? h('a', { href: webPath('staffDossier', { id: r.dossierId }) }, r.code ?? t.dossier)
              : r.target,
          ),
          h('td', { lang: 'vi' }, r.summary ?? ''),
        ),
      ),
    ),
  );
}

/** /can-bo/quan-tri/nhat-ky?thang=2026-03 */
export function AdminAuditMonthPage({ loc }: { loc: Location }) {
  const t = adminMessages().audit;
  const month = /^\d{4}-\d{2}$/.test(loc.query.get('thang') ?? '')
    ? loc.query.get('thang')!
    : vnToday().slice(0, 7);
  const [input, setInput] = useState(month);
  const pages = useAuditPages(`/admin/audit?month=${month}`);
  const [y, mo] = month.split('-');
  return h(AdminFrame, {
    loc,
    title: t.monthTitle(`${mo}/${y}`),
    roles: ['ADMINISTRATOR', 'CENTRE_LEADER'],
    children: () => [
      h(
        'form',
        {
          key: 'm',
          class: 'inline-form',
          onSubmit: (e: Event) => {
            e.preventDefault();
            if (/^\d{4}-\d{2}$/.test(input)) navigate(`${WEB_ROUTES.adminAudit}?thang=${input}`);
          },
        },
        h(TextInput, {
          path: 'thang',
          label: t.month,
          hint: 'yyyy-MM',
          value: input,
          onInput: setInput,
          width: '10',
        }),
        h(Button, { variant: 'secondary' }, t.show),
      ),
      pages.error ? h(Notification, { kind: 'error', key: 'e' }, pages.error) : null,
      pages.rows
        ? h(AuditTable, { key: 't', rows: pages.rows, caption: t.monthTitle(`${mo}/${y}`), showActor: true })
        : h(Spinner, { key: 's' }),
      pages.cursor
        ? h(
            Button,
            {
              key: 'more',
              type: 'button',
              variant: 'secondary',
              onClick: () => void pages.more(pages.cursor),
            },
            t.more,
          )
        : null,
    ],
  });
}

/** /can-bo/quan-tri/nhat-ky/:userId */
export function AdminUserTrailPage({ loc, params }: { loc: Location; params: Record<string, string> }) {
  const t = adminMessages().audit;
  const userId = params.userId ?? '';
  const pages = useAuditPages(`/staff/audit/users/${encodeURIComponent(userId)}`);
  return h(AdminFrame, {
    loc,
    title: t.userTitle(userId),
    roles: ['ADMINISTRATOR', 'CENTRE_LEADER'],
    children: () => [
      h(BackLink, { key: 'b', href: WEB_ROUTES.adminUsers }),
      pages.error ? h(Notification, { kind: 'error', key: 'e' }, pages.error) : null,
      pages.rows
        ? h(AuditTable, { key: 't', rows: pages.rows, caption: t.userTitle(userId), showActor: false })
        : h(Spinner, { key: 's' }),
      pages.cursor
        ? h(
            Button,
            {
              key: 'more',
              type: 'button',
              variant: 'secondary',
              onClick: () => void pages.more(pages.cursor),
            },
            t.more,
          )
        : null,
    ],
  });
}
