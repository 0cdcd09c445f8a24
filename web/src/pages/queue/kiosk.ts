import { h } from 'preact';
import { useState } from 'preact/hooks';
import type { QueueLineView, TicketView } from '../../../../shared/contracts/queue.ts';
import { currentLang, m } from '../../i18n/index.ts';
import { ApiError, request } from '../../lib/api.ts';
import { navigate } from '../../lib/router.ts';
import { Notification, PageHeading, Spinner, useTitle } from '../../ui/components.ts';
import { usePolling } from './poll.ts';
import { rememberRatingCode } from './rating-code.ts';
import './queue.css';
import { webPath } from '../../../../shared/contracts/web-routes.ts';

/**
 * The kiosk in the hall, or the citizen's phone (`/xep-hang`, no login): one large button per
 * department with its ticket letter and the people waiting; a press takes a ticket and shows it.
 */
export function QueueKioskPage() {
  const t = m().queue;
  const lang = currentLang();
  const [lines, setLines] = useState<QueueLineView[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  useTitle(t.kioskTitle);

  usePolling(async () => {
    try {
      const res = await request<{ items: QueueLineView[] }>('GET', '/queue/lines');
      setLines(res.items);
    } catch {
      if (!lines) setError(m().errors.network);
    }
  }, 10_000);

  async function takeTicket(departmentId: string) {
    if (busy) return;
    setBusy(departmentId);
    setError(undefined);
    try {
      const ticket = await request<TicketView>('POST', '/queue/tickets', { body: { departmentId } });
      if (ticket.ratingCode) rememberRatingCode(ticket.ticketId, ticket.ratingCode);
      navigate(webPath('queueTicket', { ticketId: ticket.ticketId }));
    } catch (e) {
      setError(
        e instanceof ApiError && e.status > 0 && e.status < 500
          ? ((lang === 'vi' ? e.problem.title : e.problem.titleEn) ?? m().errors.unexpected)
          : m().errors.network,
      );
      setBusy(undefined);
    }
  }

  return h(
    'div',
    null,
    error ? h(Notification, { kind: 'error' }, error) : null,
    h(PageHeading, { caption: m().common.centreName }, t.kioskTitle),
    h('p', { class: 'body-l' }, t.kioskLead),
    busy ? h('p', { class: 'body', role: 'status' }, t.taking) : null,
    !lines
      ? error
        ? null
        : h(Spinner, null)
      : lines.length === 0
        ? h('p', { class: 'body' }, t.noDepartments)
        : h(
            'ul',
            { class: 'queue-lines' },
            lines.map((l) => {
              const name = lang === 'vi' ? l.name : l.nameEn;
              return h(
                'li',
                { key: l.departmentId },
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'queue-line__button',
                    id: `take-${l.departmentId}`,
                    'aria-label': `${t.kioskChoose(l.prefix, name)}. ${t.waiting(l.waiting)}`,
                    'aria-busy': busy === l.departmentId ? 'true' : undefined,
                    onClick: () => void takeTicket(l.departmentId),
                  },
                  h('span', { class: 'queue-line__prefix', 'aria-hidden': 'true' }, l.prefix),
                  h(
                    'span',
                    { 'aria-hidden': 'true' },
                    h('span', { class: 'queue-line__name' }, name),
                    h('span', { class: 'queue-line__waiting' }, t.waiting(l.waiting)),
                  ),
                ),
              );
            }),
          ),
  );
}
