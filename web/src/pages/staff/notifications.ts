import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { webPath } from '../../../../shared/contracts/web-routes.ts';
import { currentLang, m } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import type { Location } from '../../lib/router.ts';
import { staffProblemText, staffRequest } from '../../lib/staff-api.ts';
import { setUnreadCount } from '../../lib/staff-session.ts';
import { Button, Notification, PageHeading, Spinner, Tag, useTitle } from '../../ui/components.ts';
import { useStaffSession } from '../../ui/staff.ts';

/**
 * My in-app notifications, newest first, with the unread count (also in the header). Opening one
 * marks it read; so does its button. Titles are the Vietnamese email subjects; the English page
 * names the kind of notification and keeps the Vietnamese title beside it.
 */
interface StaffNotification {
  notificationId: string;
  title: string;
  dossierId: string;
  at: string;
  read: boolean;
  template: string;
}

const CODE = /\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}/;
const withoutPrefix = (title: string) => title.replace(/^\[[^\]]*\]\s*/, '');

export function StaffNotificationsPage({ loc }: { loc: Location }) {
  const session = useStaffSession(loc);
  if (!session) return h(Spinner, null);
  return h(Notifications, null);
}

function Notifications() {
  const t = {
    ...m().staff.notifications,
    templates: { ...m().staff.notifications.templates, ...m().staff.journey.templates },
  };
  const lang = currentLang();
  const [data, setData] = useState<{ unread: number; items: StaffNotification[] } | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState('');
  useTitle(t.title);

  async function load() {
    try {
      const res = await staffRequest<{ unread: number; items: StaffNotification[] }>(
        'GET',
        '/staff/notifications?limit=50',
      );
      setData(res);
      setUnreadCount(res.unread);
      setError(undefined);
    } catch (e) {
      setError(staffProblemText(e));
    }
  }
  useEffect(() => {
    void load();
  }, []);

  async function markRead(n: StaffNotification, announce: boolean) {
    if (n.read) return;
    try {
      await staffRequest('POST', `/staff/notifications/${n.notificationId}/read`);
      if (announce) {
        setStatus(t.markedRead);
        // The button goes away: the focus moves to the notification's link.
        requestAnimationFrame(() => document.getElementById(`n-${n.notificationId}`)?.focus());
      }
      setData((cur) => {
        if (!cur) return cur;
        const unread = Math.max(0, cur.unread - 1);
        setUnreadCount(unread);
        return {
          unread,
          items: cur.items.map((x) => (x.notificationId === n.notificationId ? { ...x, read: true } : x)),
        };
      });
    } catch (e) {
      if (announce) setError(staffProblemText(e));
    }
  }

  return h(
    'div',
    { class: 'grid-row' },
    h(
      'div',
      { class: 'two-thirds' },
      error ? h(Notification, { kind: 'error' }, error) : null,
      h(PageHeading, { caption: m().staff.area }, t.title),
      !data
        ? error
          ? null
          : h(Spinner, null)
        : [
            h('p', { class: 'body', key: 'u' }, t.unread(data.unread)),
            data.items.length
              ? h(
                  'ul',
                  { class: 'notifications', key: 'l' },
                  data.items.map((n) => {
                    const code = CODE.exec(n.title)?.[0] ?? '';
                    const title = withoutPrefix(n.title);
                    return h(
                      'li',
                      {
                        key: n.notificationId,
                        class: `notifications__item${n.read ? '' : ' notifications__item--unread'}`,
                      },
                      h(
                        'p',
                        { class: 'notifications__title' },
                        h(
                          'a',
                          {
                            href: webPath('staffDossier', { id: n.dossierId }),
                            id: `n-${n.notificationId}`,
                            onClick: () => void markRead(n, false),
                          },
                          lang === 'vi' || !t.templates[n.template]
                            ? h('span', { lang: 'vi' }, title)
                            : `${t.templates[n.template]}${code ? `: ${code}` : ''}`,
                        ),
                      ),
                      lang === 'en' && t.templates[n.template]
                        ? h('p', { class: 'body hint', lang: 'vi' }, title)
                        : null,
                      h(
                        'p',
                        { class: 'notifications__meta' },
                        h('time', { dateTime: n.at }, formatDateTime(n.at)),
                        n.read ? null : h(Tag, { colour: 'blue' }, t.unreadTag),
                        n.read
                          ? null
                          : h(
                              Button,
                              { type: 'button', variant: 'secondary', onClick: () => void markRead(n, true) },
                              t.markRead,
                              h('span', { class: 'visually-hidden', lang: 'vi' }, `: ${title}`),
                            ),
                      ),
                    );
                  }),
                )
              : h('p', { class: 'body', key: 'e' }, t.empty),
          ],
      h('p', { class: 'visually-hidden', role: 'status' }, status),
    ),
  );
}
