import { h } from 'preact';
import { m } from '../i18n/index.ts';
import { PageHeading, useTitle } from '../ui/components.ts';

export function NotFoundPage() {
  const c = m().common;
  useTitle(c.pageNotFound);
  return h(
    'div',
    { class: 'grid-row' },
    h(
      'div',
      { class: 'two-thirds' },
      h(PageHeading, null, c.pageNotFound),
      h('p', { class: 'body' }, c.pageNotFoundText),
      h('p', { class: 'body' }, h('a', { href: '/' }, c.navFind)),
    ),
  );
}
