import { h } from 'preact';
import { adminMessages } from '../../i18n/admin.ts';
import type { Location } from '../../lib/router.ts';
import { ADMIN_BASE, AdminFrame } from './common.ts';

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
        h('li', null, h('a', { href: `${ADMIN_BASE}/thu-tuc` }, t.sections.procedures)),
        h('li', null, h('a', { href: `${ADMIN_BASE}/co-quan` }, t.sections.departments)),
        h('li', null, h('a', { href: `${ADMIN_BASE}/lich` }, t.sections.calendar)),
        h('li', null, h('a', { href: `${ADMIN_BASE}/can-bo` }, t.sections.users)),
        h('li', null, h('a', { href: `${ADMIN_BASE}/nhat-ky` }, t.sections.audit)),
      ),
    ],
  });
}
