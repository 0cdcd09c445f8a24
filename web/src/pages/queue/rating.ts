import { h } from 'preact';
import { useState } from 'preact/hooks';
import { RATING_INDICES } from '../../../../shared/contracts/dossier.ts';
import { CounterRatingRequest } from '../../../../shared/contracts/queue.ts';
import { m } from '../../i18n/index.ts';
import { ApiError, request } from '../../lib/api.ts';
import { zodErrors } from '../../lib/validation.ts';
import {
  Button,
  type ErrorItem,
  ErrorSummary,
  Notification,
  PageHeading,
  Radios,
  Textarea,
  TextInput,
  toFieldErrors,
  useTitle,
} from '../../ui/components.ts';
import { usePolling } from './poll.ts';
import './queue.css';

/**
 * The tablet at a counter (`/quay/{counterId}/danh-gia`, no login): once the officer marks a
 * ticket served, the citizen rates the service with the indices of Circular 01/2018 art. 13
 * (2/1/0 each), once. The page asks every 3 s which ticket it may offer.
 */
interface Target {
  ticketId: string;
  number: string;
  servedAt: string;
}

export function CounterRatingPage({ params }: { params: Record<string, string> }) {
  const counterId = params.counterId ?? '';
  const t = m().queue;
  const r = m().rating;
  const [target, setTarget] = useState<Target | null | undefined>(undefined);
  const [scores, setScores] = useState<Record<string, string>>({});
  const [comment, setComment] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ kind: 'success' | 'error'; text: string } | undefined>(undefined);
  useTitle(t.ratingTitle(counterId), errors.length > 0);

  usePolling(async () => {
    const res = await request<{ ticket: Target | null }>(
      'GET',
      `/queue/counters/${encodeURIComponent(counterId)}/rating`,
      { attempts: 1 },
    );
    const next = res.ticket;
    setTarget((cur) => {
      if ((cur?.ticketId ?? null) !== (next?.ticketId ?? null)) {
        // Another citizen's turn: a fresh form.
        setScores({});
        setComment('');
        setCode('');
        setErrors([]);
        if (next) setDone(undefined);
      }
      return next;
    });
  }, 3000);

  async function send(e: Event) {
    e.preventDefault();
    if (busy || !target) return;
    const errs: ErrorItem[] = RATING_INDICES.filter((k) => !scores[k]).map((k) => ({
      path: `rating.${k}`,
      text: r.choose(r.indices[k] ?? k),
    }));
    if (!code.trim()) errs.unshift({ path: 'rating.ratingCode', text: t.ratingCodeRequired });
    const body = {
      ticketId: target.ticketId,
      ratingCode: code,
      scores: Object.fromEntries(RATING_INDICES.map((k) => [k, Number(scores[k])])),
      ...(comment.trim() ? { comment: comment.trim() } : {}),
    };
    const parsed = CounterRatingRequest.safeParse(body);
    if (!errs.length && !parsed.success) errs.push(...zodErrors(parsed.error, 'rating'));
    setErrors(errs);
    if (errs.length) return;
    setBusy(true);
    try {
      await request('POST', `/queue/counters/${encodeURIComponent(counterId)}/rating`, { body });
      setDone({ kind: 'success', text: t.ratingThanks });
      setTarget(null);
    } catch (err) {
      const code = err instanceof ApiError ? err.code : '';
      if (code === 'RATING_CODE_INVALID') {
        setErrors([{ path: 'rating.ratingCode', text: t.ratingCodeWrong }]);
        return;
      }
      setDone({
        kind: 'error',
        text:
          code === 'TICKET_ALREADY_RATED'
            ? t.ratingAlready
            : code === 'TICKET_NOT_RATEABLE'
              ? t.ratingExpired
              : m().errors.network,
      });
      if (code === 'TICKET_ALREADY_RATED' || code === 'TICKET_NOT_RATEABLE') setTarget(null);
    } finally {
      setBusy(false);
    }
  }

  const fe = toFieldErrors(errors);
  return h(
    'div',
    null,
    h(ErrorSummary, { errors }),
    h(PageHeading, { caption: m().common.centreName }, t.ratingTitle(counterId)),
    h(
      'div',
      { role: 'status', 'aria-live': 'polite' },
      done ? h(Notification, { kind: done.kind }, done.text) : null,
    ),
    !target
      ? h('p', { class: 'body-l' }, t.ratingWaiting)
      : h(
          'form',
          { noValidate: true, onSubmit: send, id: 'counter-rating' },
          h('p', { class: 'body-l' }, t.ratingFor(target.number)),
          h(TextInput, {
            path: 'rating.ratingCode',
            label: t.ratingCode,
            hint: t.ratingCodeHint,
            width: '10',
            autoComplete: 'off',
            spellcheck: false,
            value: code,
            error: fe['rating.ratingCode'],
            onInput: setCode,
          }),
          h('p', { class: 'body' }, r.intro),
          RATING_INDICES.map((k) =>
            h(Radios, {
              key: `${target.ticketId}-${k}`,
              path: `rating.${k}`,
              legend: r.indices[k] ?? k,
              legendClass: 'fieldset__legend--s',
              inline: true,
              value: scores[k] ?? '',
              error: fe[`rating.${k}`],
              options: [2, 1, 0].map((v) => ({ value: String(v), label: r.options[v] })),
              onChange: (v) => setScores({ ...scores, [k]: v }),
            }),
          ),
          h(Textarea, {
            path: 'rating.comment',
            label: r.comment,
            optional: true,
            rows: 3,
            value: comment,
            onInput: setComment,
          }),
          h(Button, { busy }, r.send),
        ),
  );
}
