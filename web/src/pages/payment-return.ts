import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { lookupPath, webPath } from '../../../shared/contracts/web-routes.ts';
import { m } from '../i18n/index.ts';
import { request } from '../lib/api.ts';
import { formatVnd } from '../lib/format.ts';
import { PageHeading, Spinner, useTitle } from '../ui/components.ts';

interface Returned {
  verified: boolean;
  outcome?: 'PAID' | 'CANCELLED' | 'FAILED' | 'PENDING';
  recorded?: string;
  stage?: string;
  code?: string;
  procedureCode?: string;
  draft?: boolean;
  amountVnd?: number;
}

/**
 * Where the payment gateway sends the citizen back (docs/payments.md): the API checks what the
 * browser brought (signature, order) and says what the system has recorded; the page says it in
 * words and links back to the form (a draft) or the look-up (a submitted dossier).
 */
export function PaymentReturnPage() {
  const [r, setR] = useState<Returned | undefined>();
  const f = m().fees;
  useTitle(f.returnTitle);
  useEffect(() => {
    request<Returned>('GET', `/payments/vnpay/return${window.location.search}`)
      .then(setR)
      .catch(() => setR({ verified: false }));
  }, []);
  if (!r) return h(Spinner, null);
  const text = !r.verified
    ? f.returnUnverified
    : r.recorded === 'PAID'
      ? f.returnPaid(formatVnd(r.amountVnd ?? 0))
      : r.outcome === 'PAID'
        ? f.returnWaiting
        : r.outcome === 'CANCELLED'
          ? f.returnCancelled
          : f.returnFailed;
  const next =
    r.draft && r.procedureCode
      ? h('a', { href: webPath('apply', { code: r.procedureCode, step: 'review' }) }, f.backToForm)
      : h('a', { href: r.code ? lookupPath(r.code) : webPath('lookup') }, f.toLookup);
  return h(
    'div',
    { class: 'grid-row' },
    h(
      'div',
      { class: 'two-thirds' },
      h(PageHeading, null, f.returnTitle),
      h('p', { class: 'body', role: 'status' }, text),
      h('p', { class: 'body' }, next),
    ),
  );
}
