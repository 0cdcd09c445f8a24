import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { TicketView } from '../../../../shared/contracts/queue.ts';
import { DossierRef } from '../../../../shared/contracts/queue.ts';
import { currentLang, m } from '../../i18n/index.ts';
import { type DepartmentSummary, departmentName, getDepartments } from '../../lib/catalogue.ts';
import { formatDateTime } from '../../lib/format.ts';
import { type Location, navigate } from '../../lib/router.ts';
import { staffProblemText, staffRequest } from '../../lib/staff-api.ts';
import {
  Button,
  type ErrorItem,
  ErrorSummary,
  Notification,
  PageHeading,
  Select,
  Spinner,
  TextInput,
  toFieldErrors,
  useTitle,
} from '../../ui/components.ts';
import { useStaffSession } from '../../ui/staff.ts';
import { usePolling } from './poll.ts';
import './queue.css';
import { WEB_ROUTES, webPath } from '../../../../shared/contracts/web-routes.ts';

/**
 * The reception officer's counter in the workspace. `/can-bo/quay`: choose the department and
 * number of the counter and open it. `/can-bo/quay/{counterId}`: call the next ticket, call it
 * again, mark it served (linking the dossier registered for it) or absent; today's figures below.
 */
interface CounterState {
  counterId: string;
  departmentId: string;
  open: boolean;
  openedByMe: boolean;
  current: {
    ticketId: string;
    number: string;
    status: string;
    calledAt: string;
    recalls: number;
    dossierId?: string;
    dossierCode?: string;
  } | null;
  waiting: number;
  stats: {
    called: number;
    served: number;
    absent: number;
    ratings: number;
    averageWaitSeconds?: number;
    averageServeSeconds?: number;
  };
}

export function StaffCounterChooserPage({ loc }: { loc: Location }) {
  const session = useStaffSession(loc);
  if (!session) return h(Spinner, null);
  return h(Chooser, null);
}

function Chooser() {
  const t = m().queue.staff;
  const lang = currentLang();
  const [departments, setDepartments] = useState<DepartmentSummary[]>([]);
  const [department, setDepartment] = useState('');
  const [number, setNumber] = useState('1');
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  useTitle(t.title, errors.length > 0);
  useEffect(() => {
    getDepartments()
      .then(setDepartments)
      .catch(() => setProblem(m().errors.network));
  }, []);

  async function open(e: Event) {
    e.preventDefault();
    if (busy) return;
    const n = Number(number.trim());
    const errs: ErrorItem[] = [];
    if (!department) errs.push({ path: 'counter.department', text: t.departmentRequired });
    if (!Number.isInteger(n) || n < 1 || n > 99)
      errs.push({ path: 'counter.number', text: t.counterNumberInvalid });
    setErrors(errs);
    if (errs.length) return;
    const counterId = `${department}-${String(n).padStart(2, '0')}`;
    setBusy(true);
    try {
      await staffRequest('POST', `/staff/queue/counters/${counterId}/actions`, { action: 'OPEN' });
      navigate(webPath('staffCounter', { counterId }));
    } catch (err) {
      setProblem(staffProblemText(err));
      setBusy(false);
    }
  }

  const fe = toFieldErrors(errors);
  return h(
    'div',
    { class: 'grid-row' },
    h(
      'div',
      { class: 'two-thirds' },
      h(ErrorSummary, { errors }),
      problem ? h(Notification, { kind: 'error' }, problem) : null,
      h(PageHeading, { caption: m().staff.area }, t.title),
      h('p', { class: 'body' }, t.chooseLead),
      h(
        'form',
        { noValidate: true, onSubmit: open },
        h(Select, {
          path: 'counter.department',
          label: t.department,
          value: department,
          error: fe['counter.department'],
          placeholder: '',
          options: departments.map((d) => ({ value: d.id, label: departmentName(departments, d.id, lang) })),
          onChange: setDepartment,
        }),
        h(TextInput, {
          path: 'counter.number',
          label: t.counterNumber,
          hint: t.counterNumberHint,
          value: number,
          width: '4',
          inputMode: 'numeric',
          error: fe['counter.number'],
          onInput: setNumber,
        }),
        h(Button, { busy }, t.open),
      ),
    ),
  );
}

export function StaffCounterPage({ loc, params }: { loc: Location; params: Record<string, string> }) {
  const session = useStaffSession(loc);
  if (!session) return h(Spinner, null);
  return h(Counter, { counterId: params.counterId ?? '' });
}

function Counter({ counterId }: { counterId: string }) {
  const t = m().queue.staff;
  const q = m().queue;
  const lang = currentLang();
  const [state, setState] = useState<CounterState | undefined>(undefined);
  const [departments, setDepartments] = useState<DepartmentSummary[]>([]);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [dossier, setDossier] = useState('');
  const [linkErrors, setLinkErrors] = useState<ErrorItem[]>([]);
  const [linked, setLinked] = useState<string | undefined>(undefined);
  useTitle(t.counterTitle(counterId), linkErrors.length > 0);
  const path = `/staff/queue/counters/${encodeURIComponent(counterId)}`;

  async function load() {
    try {
      setState(await staffRequest<CounterState>('GET', path));
    } catch (e) {
      setProblem(staffProblemText(e));
    }
  }
  usePolling(load, 5000);
  useEffect(() => {
    getDepartments()
      .then(setDepartments)
      .catch(() => undefined);
  }, []);

  async function act(body: Record<string, unknown>, announce: (ticket: TicketView) => string) {
    if (busy) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const res = await staffRequest<TicketView>('POST', `${path}/actions`, body);
      setStatus(announce(res));
      if (body.action === 'CALL_NEXT') {
        setLinked(undefined);
        setDossier('');
        setLinkErrors([]);
        // The answer is the ticket now called: shown at once, without reading the counter again
        // (the registration path counts its calls); the polling brings the figures.
        setState((s) =>
          s
            ? {
                ...s,
                current: {
                  ticketId: res.ticketId,
                  number: res.number,
                  status: res.status,
                  calledAt: res.calledAt ?? new Date().toISOString(),
                  recalls: 0,
                },
                waiting: Math.max(0, s.waiting - 1),
              }
            : s,
        );
        return;
      }
      await load();
    } catch (e) {
      setProblem(staffProblemText(e));
      await load();
    } finally {
      setBusy(false);
    }
  }

  async function link(e: Event) {
    e.preventDefault();
    const current = state?.current;
    if (!current || busy) return;
    const parsed = DossierRef.safeParse(dossier);
    if (!parsed.success) {
      setLinkErrors([{ path: 'link.dossier', text: parsed.error.issues[0]?.message ?? t.linkLabel }]);
      return;
    }
    setLinkErrors([]);
    setBusy(true);
    try {
      const res = await staffRequest<TicketView>(
        'POST',
        `/staff/queue/tickets/${encodeURIComponent(current.ticketId)}/dossier`,
        { dossier: parsed.data },
      );
      const code = res.dossierCode ?? res.dossierId ?? parsed.data;
      setLinked(code);
      setStatus(t.linked(code));
    } catch (err) {
      setLinkErrors([{ path: 'link.dossier', text: staffProblemText(err) }]);
    } finally {
      setBusy(false);
    }
  }

  const current = state?.current;
  const calling = current?.status === 'CALLED';
  const linkedCode = linked ?? current?.dossierCode;
  const registerHref = current
    ? `${WEB_ROUTES.staffWalkIn}?${new URLSearchParams({ ticket: current.ticketId, counter: counterId, number: current.number })}`
    : '';
  const department = state ? departmentName(departments, state.departmentId, lang) : '';
  return h(
    'div',
    { class: 'grid-row' },
    h(
      'div',
      { class: 'two-thirds' },
      h(ErrorSummary, { errors: linkErrors }),
      problem ? h(Notification, { kind: 'error' }, problem) : null,
      h(PageHeading, { caption: department || m().staff.area }, t.counterTitle(counterId)),
      h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' }, status),
      !state
        ? problem
          ? null
          : h(Spinner, null)
        : [
            !state.openedByMe
              ? h(
                  'div',
                  { key: 'closed' },
                  h('p', { class: 'body' }, t.notOpen),
                  h(
                    Button,
                    {
                      type: 'button',
                      busy,
                      onClick: () => void act({ action: 'OPEN' }, () => t.opened(counterId)),
                    },
                    t.open,
                  ),
                )
              : null,
            h(
              'section',
              { key: 'current', 'aria-labelledby': 'current-title', class: 'section' },
              h('h2', { class: 'heading-m', id: 'current-title' }, t.current),
              current
                ? [
                    h(
                      'p',
                      { class: 'queue-counter__current', id: 'counter-current', key: 'n' },
                      current.number,
                    ),
                    h(
                      'p',
                      { class: 'body', key: 's' },
                      `${q.ticketStatus[current.status] ?? current.status} · ${t.calledAt} `,
                      h('time', { dateTime: current.calledAt }, formatDateTime(current.calledAt)),
                    ),
                  ]
                : h('p', { class: 'body' }, t.none),
              h('p', { class: 'body', id: 'counter-waiting' }, t.waiting(state.waiting)),
              state.openedByMe
                ? h(
                    'div',
                    { class: 'queue-actions' },
                    h(
                      Button,
                      {
                        type: 'button',
                        id: 'call-next',
                        busy,
                        disabled: calling || state.waiting === 0,
                        onClick: () => void act({ action: 'CALL_NEXT' }, (r) => t.called(r.number)),
                      },
                      t.callNext,
                    ),
                    calling && current
                      ? [
                          h(
                            Button,
                            {
                              key: 'recall',
                              type: 'button',
                              variant: 'secondary',
                              busy,
                              onClick: () =>
                                void act({ action: 'RECALL', ticketId: current.ticketId }, () =>
                                  t.recalled(current.number),
                                ),
                            },
                            t.recall,
                          ),
                          h(
                            Button,
                            {
                              key: 'served',
                              type: 'button',
                              id: 'mark-served',
                              variant: 'secondary',
                              busy,
                              onClick: () =>
                                void act({ action: 'SERVED', ticketId: current.ticketId }, () =>
                                  t.markedServed(current.number),
                                ),
                            },
                            t.served,
                          ),
                          h(
                            Button,
                            {
                              key: 'absent',
                              type: 'button',
                              variant: 'warning',
                              busy,
                              onClick: () =>
                                void act({ action: 'ABSENT', ticketId: current.ticketId }, () =>
                                  t.markedAbsent(current.number),
                                ),
                            },
                            t.absent,
                          ),
                        ]
                      : null,
                  )
                : null,
            ),
            current && linkedCode
              ? h(
                  'p',
                  { key: 'linked', class: 'body', id: 'counter-linked' },
                  `${t.linkedTo}: `,
                  h('strong', null, linkedCode),
                )
              : null,
            calling && state.openedByMe && !linkedCode
              ? h(
                  'section',
                  { key: 'link', class: 'section', 'aria-labelledby': 'link-title' },
                  h('h2', { class: 'heading-m', id: 'link-title' }, t.linkTitle),
                  h(
                    'p',
                    { class: 'body' },
                    h(
                      'a',
                      { href: registerHref, id: 'register-dossier', class: 'button' },
                      t.registerDossier,
                    ),
                  ),
                  h('p', { class: 'hint' }, t.registerHint),
                  h(
                    'form',
                    { noValidate: true, onSubmit: link },
                    h('h3', { class: 'heading-s' }, t.linkManually),
                    h(TextInput, {
                      path: 'link.dossier',
                      label: t.linkLabel,
                      hint: t.linkHint,
                      value: dossier,
                      error: toFieldErrors(linkErrors)['link.dossier'],
                      spellcheck: false,
                      onInput: setDossier,
                    }),
                    h(Button, { variant: 'secondary', busy }, t.linkSubmit),
                  ),
                )
              : null,
            h(
              'section',
              { key: 'stats', 'aria-labelledby': 'stats-title' },
              h('h2', { class: 'heading-m', id: 'stats-title' }, t.statsTitle),
              h(
                'dl',
                { class: 'queue-stats' },
                [
                  [t.statsCalled, String(state.stats.called)],
                  [t.statsServed, String(state.stats.served)],
                  [t.statsAbsent, String(state.stats.absent)],
                  [t.statsWait, t.minutes(state.stats.averageWaitSeconds)],
                  [t.statsServe, t.minutes(state.stats.averageServeSeconds)],
                  [t.statsRatings, String(state.stats.ratings)],
                ].map(([k, v]) => h('div', { key: k }, h('dt', null, k), h('dd', null, v))),
              ),
            ),
            h(
              'section',
              { key: 'links', 'aria-labelledby': 'links-title' },
              h('h2', { class: 'heading-m', id: 'links-title' }, t.links),
              h(
                'ul',
                { class: 'list' },
                h(
                  'li',
                  null,
                  h('a', { href: WEB_ROUTES.queueDisplay, target: '_blank', rel: 'noopener' }, t.displayLink),
                ),
                h(
                  'li',
                  null,
                  h(
                    'a',
                    { href: webPath('queueRating', { counterId }), target: '_blank', rel: 'noopener' },
                    t.ratingLink,
                  ),
                ),
                h(
                  'li',
                  null,
                  h('a', { href: WEB_ROUTES.queueKiosk, target: '_blank', rel: 'noopener' }, t.kioskLink),
                ),
                h('li', null, h('a', { href: WEB_ROUTES.staffCounters }, t.changeCounter)),
              ),
            ),
          ],
    ),
  );
}
