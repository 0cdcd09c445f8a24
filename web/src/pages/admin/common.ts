import { type ComponentChildren, h } from 'preact';
import type { Role } from '../../../../shared/contracts/auth.ts';
import { WEB_ROUTES } from '../../../../shared/contracts/web-routes.ts';
import { type AdminMessages, adminMessages } from '../../i18n/admin.ts';
import { m } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api.ts';
import type { Location } from '../../lib/router.ts';
import { staffProblemText } from '../../lib/staff-api.ts';
import type { StaffSession } from '../../lib/staff-session.ts';
import { type ErrorItem, Notification, PageHeading, Spinner, useTitle } from '../../ui/components.ts';
import { useStaffSession } from '../../ui/staff.ts';

/**
 * The frame of every administration page: the signed-in guard, the role check (the API checks it
 * again), the section links, and the page heading.
 */
export function AdminFrame(p: {
  loc: Location;
  title: string;
  roles?: readonly Role[];
  children: (session: StaffSession, t: AdminMessages) => ComponentChildren;
}) {
  const session = useStaffSession(p.loc);
  const t = adminMessages();
  useTitle(p.title);
  if (!session) return h(Spinner, null);
  const allowed = (p.roles ?? ['ADMINISTRATOR']).some((r) => session.principal.roles.includes(r));
  const links: [string, string][] = [
    [WEB_ROUTES.adminProcedures, t.sections.procedures],
    [WEB_ROUTES.adminDepartments, t.sections.departments],
    [WEB_ROUTES.adminCalendar, t.sections.calendar],
    [WEB_ROUTES.adminUsers, t.sections.users],
    [WEB_ROUTES.adminAudit, t.sections.audit],
  ];
  return h(
    'div',
    null,
    h(
      'nav',
      { class: 'admin-nav', 'aria-label': t.title },
      h(
        'ul',
        { class: 'list list--inline' },
        links.map(([href, label]) =>
          h(
            'li',
            { key: href },
            h('a', { href, 'aria-current': p.loc.path.startsWith(href) ? 'page' : undefined }, label),
          ),
        ),
      ),
    ),
    h(PageHeading, { caption: `${m().staff.area} — ${t.title}` }, p.title),
    allowed ? p.children(session, t) : h(Notification, { kind: 'error' }, t.notAllowed),
  );
}

/** Field errors from a refusal (problem+json `errors`), each linked to its field. */
export function problemErrors(e: unknown): ErrorItem[] {
  if (e instanceof ApiError && e.problem.errors?.length)
    return e.problem.errors.map((x) => ({ path: x.path, text: x.message }));
  return [];
}

export { staffProblemText };

/** `dd`, `MM`, `yyyy` boxes → `yyyy-MM-dd`, or undefined when not a real date. */
export function isoFromParts(day: string, month: string, year: string): string | undefined {
  const d = Number(day);
  const mo = Number(month);
  const y = Number(year);
  if (!Number.isInteger(d) || !Number.isInteger(mo) || !Number.isInteger(y) || y < 2000 || y > 2100)
    return undefined;
  const iso = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const t = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/** Today's date in Vietnam (UTC+7, no DST), `yyyy-MM-dd`. */
export const vnToday = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
