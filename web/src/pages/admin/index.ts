import { h } from 'preact';
import { WEB_ROUTES } from '../../../../shared/contracts/web-routes.ts';
import { adminMessages } from '../../i18n/admin.ts';
import type { Location } from '../../lib/router.ts';
import { AdminFrame } from './common.ts';

/** /can-bo/quan-tri — the administration sections. */
export function AdminHomePage({ loc }: { loc: Location }) {
  const t = adminMessages();
  return h(AdminFrame, {
    loc,
    title: t.title,
    roles: ['ADMINISTRATOR', 'CENTRE_LEADER'],
    children: () => [
      h('p', { class: 'body', key: 'lead' }, t.lead),
      h(
        'ul',
        { class: 'list list--bullet', key: 'links' },
        h('li', null, h('a', { href: WEB_ROUTES.adminProcedures }, t.sections.procedures)),
        h('li', null, h('a', { href: WEB_ROUTES.adminDepartments }, t.sections.departments)),
        h('li', null, h('a', { href: WEB_ROUTES.adminCalendar }, t.sections.calendar)),
        h('li', null, h('a', { href: WEB_ROUTES.adminUsers }, t.sections.users)),
        h('li', null, h('a', { href: WEB_ROUTES.adminAudit }, t.sections.audit)),
      ),
    ],
  });
}
