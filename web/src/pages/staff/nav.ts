import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { currentLang, m } from '../../i18n/index.ts';
import { walkInMessages } from '../../i18n/walk-in.ts';
import { type DepartmentSummary, departmentName, getDepartments } from '../../lib/catalogue.ts';
import { cognitoSignIn } from '../../lib/config.ts';
import { type Location, navigate } from '../../lib/router.ts';
import { LOGIN_PATH, staffRequest } from '../../lib/staff-api.ts';
import {
  currentSession,
  hostedSignOutUrl,
  onStaffChange,
  setUnreadCount,
  signOut,
  unreadCount,
} from '../../lib/staff-session.ts';
import '../../ui/staff.css';
import { WEB_ROUTES } from '../../../../shared/contracts/web-routes.ts';

/**
 * The header's navigation in the workspace: the work queue, the notifications with the unread
 * count (as a number and in words for screen readers), who is signed in, and signing out.
 */
export function StaffNav({ loc }: { loc: Location }) {
  const t = m().staff;
  const lang = currentLang();
  const [, setTick] = useState(0);
  const [departments, setDepartments] = useState<DepartmentSummary[]>([]);
  useEffect(() => onStaffChange(() => setTick((n) => n + 1)), []);
  const session = currentSession();
  useEffect(() => {
    if (!session) return;
    staffRequest<{ unread: number }>('GET', '/staff/notifications?limit=1')
      .then((r) => setUnreadCount(r.unread))
      .catch(() => undefined);
  }, [loc.path, session?.token]);
  useEffect(() => {
    getDepartments()
      .then(setDepartments)
      .catch(() => undefined);
  }, []);
  if (!session) return null;

  const p = session.principal;
  const role = p.roles.map((r) => t.roles[r] ?? r).join(', ');
  const unit = p.departmentId ? departmentName(departments, p.departmentId, lang) : t.centre;
  const unread = unreadCount() ?? 0;
  const inInbox = loc.path === WEB_ROUTES.staffHome || loc.path === WEB_ROUTES.staffInbox;
  return h(
    'nav',
    { class: 'width-container header__nav staff-nav', 'aria-label': t.navLabel },
    h(
      'ul',
      null,
      h(
        'li',
        null,
        h('a', { href: WEB_ROUTES.staffInbox, 'aria-current': inInbox ? 'page' : undefined }, t.navInbox),
      ),
      h(
        'li',
        null,
        h(
          'a',
          {
            href: WEB_ROUTES.staffNotifications,
            id: 'staff-nav-notifications',
            'aria-current': loc.path === WEB_ROUTES.staffNotifications ? 'page' : undefined,
          },
          t.navNotifications,
          unread > 0
            ? [
                h('span', { class: 'badge', 'aria-hidden': 'true', key: 'b' }, String(unread)),
                h('span', { class: 'visually-hidden', key: 'v' }, ` (${t.unread(unread)})`),
              ]
            : null,
        ),
      ),
      p.roles.some((r) => ['DEPARTMENT_HEAD', 'CENTRE_LEADER', 'ADMINISTRATOR'].includes(r))
        ? h(
            'li',
            null,
            h(
              'a',
              {
                href: WEB_ROUTES.staffDashboard,
                'aria-current': loc.path === WEB_ROUTES.staffDashboard ? 'page' : undefined,
              },
              t.navStatistics,
            ),
          )
        : null,
      p.roles.some((r) => r === 'ADMINISTRATOR' || r === 'CENTRE_LEADER')
        ? h(
            'li',
            null,
            h(
              'a',
              {
                href: WEB_ROUTES.adminHome,
                'aria-current': loc.path.startsWith(WEB_ROUTES.adminHome) ? 'page' : undefined,
              },
              t.navAdmin,
            ),
          )
        : null,
      p.roles.includes('RECEPTION_OFFICER')
        ? h(
            'li',
            null,
            h(
              'a',
              {
                href: WEB_ROUTES.staffCounters,
                'aria-current': loc.path.startsWith(WEB_ROUTES.staffCounters) ? 'page' : undefined,
              },
              m().queue.staff.nav,
            ),
          )
        : null,
      p.roles.includes('RECEPTION_OFFICER')
        ? h(
            'li',
            null,
            h(
              'a',
              {
                href: WEB_ROUTES.staffWalkIn,
                'aria-current': loc.path === WEB_ROUTES.staffWalkIn ? 'page' : undefined,
              },
              walkInMessages().nav,
            ),
          )
        : null,
    ),
    h(
      'p',
      { class: 'staff-nav__user' },
      h('span', null, `${t.signedInAs} `, h('strong', null, session.claims.name), ` — ${role}, ${unit}`),
      h(
        'button',
        {
          type: 'button',
          class: 'link-button',
          onClick: () => {
            signOut();
            // In AWS the hosted UI's session ends too; it comes back to the login page.
            const ui = cognitoSignIn();
            if (ui) window.location.assign(hostedSignOutUrl(ui, `${window.location.origin}${LOGIN_PATH}`));
            else navigate(`${LOGIN_PATH}?signed-out=1`);
          },
        },
        t.signOut,
      ),
    ),
  );
}
