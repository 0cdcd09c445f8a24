import { h } from 'preact';
import { useState } from 'preact/hooks';
import type { TicketView } from '../../../../shared/contracts/queue.ts';
import { currentLang, m } from '../../i18n/index.ts';
import { ApiError, request } from '../../lib/api.ts';
import { type DepartmentSummary, departmentName, getDepartments } from '../../lib/catalogue.ts';
import { formatDateTime } from '../../lib/format.ts';
import { Notification, PageHeading, Spinner, Tag, useTitle } from '../../ui/components.ts';
import { usePolling } from './poll.ts';
import { rememberedRatingCode } from './rating-code.ts';
import './queue.css';
import { WEB_ROUTES } from '../../../../shared/contracts/web-routes.ts';

/**
 * The citizen's ticket (`/xep-hang/ve/{ticketId}`, no login): the number in large type, the
 * department, when it was taken, and — updated every few seconds — the people ahead or the counter
 * to go to. Changes are announced politely to screen readers.
 */
export function QueueTicketPage({ params }: { params: Record<string, string> }) {
  const t = m().queue;
  const lang = currentLang();
  const id = params.ticketId ?? '';
  const [ticket, setTicket] = useState<TicketView | undefined>(undefined);
  const [departments, setDepartments] = useState<DepartmentSummary[]>([]);
  const [error, setError] = useState<string | undefined>(undefined);
  useTitle(ticket ? `${t.ticketTitle} ${ticket.number}` : t.ticketTitle);
  const done = ticket?.status === 'SERVED' || ticket?.status === 'ABSENT';
  const ratingCode = rememberedRatingCode(id);

  usePolling(
    async () => {
      try {
        setTicket(await request<TicketView>('GET', `/queue/tickets/${encodeURIComponent(id)}`));
        setError(undefined);
        if (!departments.length) setDepartments(await getDepartments().catch(() => []));
      } catch (e) {
        setError(
          e instanceof ApiError && (e.status === 404 || e.status === 400)
            ? t.ticketNotFound
            : m().errors.network,
        );
      }
    },
    3000,
    !done,
  );

  const message = !ticket
    ? ''
    : ticket.status === 'WAITING'
      ? t.ticketAhead(ticket.ahead ?? 0)
      : ticket.status === 'CALLED'
        ? t.ticketCalled(ticket.counterId ?? '')
        : ticket.status === 'SERVED'
          ? t.ticketServed
          : t.ticketAbsent;

  return h(
    'div',
    null,
    error ? h(Notification, { kind: 'error' }, error) : null,
    h(PageHeading, { caption: m().common.centreName }, t.ticketTitle),
    !ticket
      ? error
        ? null
        : h(Spinner, null)
      : h(
          'div',
          { class: 'queue-ticket' },
          h('span', { class: 'queue-ticket__label' }, t.ticketNumberLabel),
          h('strong', { class: 'queue-ticket__number', id: 'ticket-number' }, ticket.number),
          h(Tag, { colour: ticket.status === 'CALLED' ? 'green' : 'blue' }, t.ticketStatus[ticket.status]),
          h(
            'p',
            { class: 'queue-ticket__message', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' },
            message,
          ),
          h(
            'dl',
            { class: 'summary-list' },
            h(
              'div',
              { class: 'summary-list__row' },
              h('dt', { class: 'summary-list__key' }, t.ticketDepartment),
              h(
                'dd',
                { class: 'summary-list__value' },
                departmentName(departments, ticket.departmentId, lang),
              ),
            ),
            h(
              'div',
              { class: 'summary-list__row' },
              h('dt', { class: 'summary-list__key' }, t.ticketTakenAt),
              h(
                'dd',
                { class: 'summary-list__value' },
                h('time', { dateTime: ticket.takenAt }, formatDateTime(ticket.takenAt)),
              ),
            ),
            ratingCode
              ? h(
                  'div',
                  { class: 'summary-list__row' },
                  h('dt', { class: 'summary-list__key' }, t.ticketRatingCode),
                  h('dd', { class: 'summary-list__value', id: 'rating-code' }, h('strong', null, ratingCode)),
                )
              : null,
          ),
          ratingCode ? h('p', { class: 'body' }, t.ticketRatingHint) : null,
        ),
    ticket && !done ? h('p', { class: 'body' }, t.ticketHint) : null,
    h('p', { class: 'body' }, h('a', { href: WEB_ROUTES.queueKiosk }, t.takeAnother)),
  );
}
