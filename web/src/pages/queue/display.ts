import { h } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { DisplayCounterView, DisplayView } from '../../../../shared/contracts/queue.ts';
import { m } from '../../i18n/index.ts';
import { request } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useTitle } from '../../ui/components.ts';
import { usePolling } from './poll.ts';
import './queue.css';

/** How often the hall display asks for the called numbers: a newly called one shows within ~2 s. */
export const DISPLAY_POLL_MS = 2000;

/**
 * The hall's screen (`/man-hinh-quay`, no login): the number called last, in very large type,
 * announced through an `aria-live` region (a recall is announced again), and every counter's
 * current number below. White on black and black on yellow: contrast well above 7:1.
 */
export function QueueDisplayPage() {
  const t = m().queue;
  const [view, setView] = useState<DisplayView | undefined>(undefined);
  const [latest, setLatest] = useState<DisplayCounterView | undefined>(undefined);
  const [offline, setOffline] = useState(false);
  const [updatedAt, setUpdatedAt] = useState<string | undefined>(undefined);
  const seen = useRef<Map<string, number> | undefined>(undefined);
  useTitle(t.displayTitle);

  usePolling(async () => {
    try {
      const next = await request<DisplayView>('GET', '/queue/display', { attempts: 1 });
      const before = seen.current;
      // A counter whose call sequence moved has just called (or recalled) a number.
      // On the first answer, the number called last (even if already served) fills the screen.
      const changed = next.counters.filter((c) =>
        before ? c.number && c.status === 'CALLED' && (before.get(c.counterId) ?? 0) < c.callSeq : c.number,
      );
      const newest = changed.sort((a, b) => (b.calledAt ?? '').localeCompare(a.calledAt ?? ''))[0];
      if (newest) setLatest(newest);
      seen.current = new Map(next.counters.map((c) => [c.counterId, c.callSeq]));
      setView(next);
      setOffline(false);
      setUpdatedAt(new Date().toISOString());
    } catch {
      setOffline(true);
    }
  }, DISPLAY_POLL_MS);

  const shown = (view?.counters ?? []).filter((c) => c.number);
  return h(
    'section',
    { class: 'queue-display', 'aria-labelledby': 'page-title' },
    h('h1', { id: 'page-title', tabIndex: -1 }, t.displayTitle),
    h(
      'p',
      {
        class: 'queue-display__latest',
        id: 'display-latest',
        role: 'status',
        'aria-live': 'assertive',
        'aria-atomic': 'true',
      },
      latest?.number ? t.displayAnnounce(latest.number, latest.counterId) : t.displayEmpty,
    ),
    shown.length
      ? h(
          'table',
          { class: 'queue-display__table' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, t.displayCounter),
              h('th', { scope: 'col' }, t.displayNumber),
            ),
          ),
          h(
            'tbody',
            null,
            shown.map((c) =>
              h(
                'tr',
                { key: c.counterId, 'data-counter': c.counterId },
                h('td', null, c.counterId),
                h('td', { class: 'queue-display__number' }, c.number),
              ),
            ),
          ),
        )
      : null,
    h(
      'p',
      { class: 'queue-display__meta' },
      offline ? t.displayOffline : updatedAt ? t.displayUpdated(formatDateTime(updatedAt)) : '',
    ),
  );
}
