import { type ComponentChildren, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { FeePayableAt, Procedure } from '../../../shared/contracts/catalogue.ts';
import { type FeesDue, feesDue } from '../../../shared/domain/fees.ts';
import type { FeeStatus } from '../../../shared/services/payments.ts';
import { m } from '../i18n/index.ts';
import { request } from '../lib/api.ts';
import { formatDate, formatVnd } from '../lib/format.ts';
import { Button, Notification } from './components.ts';

/**
 * The fees a citizen sees (docs/payments.md): each charge item with its amount, when it is paid, its
 * exemption and legal basis; and, where the procedure collects them online, what is paid and a
 * button to the payment gateway. The amounts come from the same function the server enforces.
 */
export function FeeItems({ due }: { due: FeesDue }) {
  const f = m().fees;
  return h(
    'ul',
    { class: 'list', 'data-testid': 'fee-items' },
    due.items.map((i, n) =>
      h(
        'li',
        { key: n },
        h('span', { lang: 'vi' }, i.name),
        ': ',
        h('strong', null, i.amountVnd === null ? f.unknown : formatVnd(i.amountVnd)),
        i.exemption && i.listedVnd !== undefined
          ? [' (', h('s', { key: 's' }, formatVnd(i.listedVnd)), ' — ', f.exempt(i.exemption), ')']
          : null,
        h('br', null),
        h(
          'span',
          { class: 'hint' },
          f.payableAt[i.payableAt],
          i.refundableOnRefusal ? `. ${f.refundable}` : '',
        ),
        i.legalBasis
          ? [h('br', { key: 'b' }), h('span', { class: 'hint', key: 'l' }, f.basis(i.legalBasis))]
          : null,
      ),
    ),
  );
}

/** What was paid (and refunded) for one stage, in words. */
function paidLines(status: FeeStatus): ComponentChildren[] {
  const f = m().fees;
  return status.payments
    .filter((p) => p.status === 'PAID')
    .flatMap((p) => {
      const lines: ComponentChildren[] = [
        h(
          'p',
          { class: 'body', key: `${p.txnRef}p` },
          f.paid(formatVnd(p.amountVnd), formatDate(p.paidAt), p.transactionNo ?? p.txnRef),
        ),
      ];
      const r = p.refund;
      if (r?.status === 'OWED')
        lines.push(h('p', { class: 'body', key: `${p.txnRef}r` }, f.refund.OWED(formatVnd(r.amountVnd))));
      if (r?.status === 'MADE')
        lines.push(
          h(
            'p',
            { class: 'body', key: `${p.txnRef}r` },
            f.refund.MADE(formatVnd(r.amountVnd), formatDate(r.madeAt)),
          ),
        );
      return lines;
    });
}

/**
 * The fee panel of a dossier: `fetchStatus` reads what is paid, `startPayment` asks the API for the
 * gateway's URL, and the browser goes there.
 */
export function FeePanel(p: {
  due: FeesDue;
  stage: FeePayableAt;
  /** What is paid (undefined: not known yet, or no dossier on the server yet). */
  status: FeeStatus | undefined;
  startPayment: () => Promise<{ payUrl: string }>;
  heading?: boolean;
}) {
  const f = m().fees;
  const { status } = p;
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const total = p.due.totals[p.stage];
  const online = p.due.online && total > 0;
  const paid = status?.stages[p.stage].paid;
  async function pay() {
    setBusy(true);
    setProblem('');
    try {
      const { payUrl } = await p.startPayment();
      window.location.assign(payUrl);
    } catch (e) {
      setProblem(`${f.payFailed} ${(e as Error).message}`);
      setBusy(false);
    }
  }
  if (p.due.items.length === 0) return null;
  return h(
    'section',
    { 'aria-labelledby': 'fees-title', class: 'fees', 'data-testid': 'fees' },
    p.heading === false ? null : h('h2', { class: 'heading-m', id: 'fees-title' }, f.title),
    h(FeeItems, { due: p.due }),
    !p.due.online && p.due.totals.AT_SUBMISSION + p.due.totals.BEFORE_RESULT > 0
      ? h('p', { class: 'body' }, f.atCentre)
      : null,
    status ? paidLines(status) : null,
    online && !paid && status
      ? [
          h(
            'p',
            { class: 'body', key: 'due' },
            h(
              'strong',
              null,
              p.stage === 'AT_SUBMISSION' ? f.dueNow(formatVnd(total)) : f.dueBeforeResult(formatVnd(total)),
            ),
          ),
          problem ? h(Notification, { kind: 'error', key: 'pr' }, problem) : null,
          h(
            Button,
            { type: 'button', key: 'pay', id: 'pay-fees', busy, onClick: () => void pay() },
            busy ? f.paying : f.pay(formatVnd(total)),
          ),
        ]
      : null,
  );
}

/** The fee panel of the form's review step: the fees payable with the application. */
export function DraftFeePanel({ proc, dossierId }: { proc: Procedure; dossierId: string | undefined }) {
  const due = feesDue(proc, 'ONLINE');
  const [status, setStatus] = useState<FeeStatus | undefined>();
  useEffect(() => {
    if (!dossierId) return;
    request<FeeStatus>('GET', `/dossiers/${dossierId}/fees`)
      .then(setStatus)
      .catch(() => undefined);
  }, [dossierId]);
  return h(FeePanel, {
    due,
    stage: 'AT_SUBMISSION',
    status,
    startPayment: () => request<{ payUrl: string }>('POST', `/dossiers/${dossierId}/payments`),
  });
}

/** The fee panel of the look-up page: what was paid and refunded, and the fees due before the result. */
export function LookupFeePanel({ code, secret }: { code: string; secret: string }) {
  const [status, setStatus] = useState<FeeStatus | undefined>();
  const headers = { 'x-lookup-secret': secret };
  useEffect(() => {
    request<FeeStatus>('GET', `/lookup/${code}/fees`, { headers })
      .then(setStatus)
      .catch(() => undefined);
  }, [code, secret]);
  if (!status || status.due.items.length === 0) return null;
  return h(FeePanel, {
    due: status.due,
    stage: 'BEFORE_RESULT',
    status,
    startPayment: () => request<{ payUrl: string }>('POST', `/lookup/${code}/payments`, { headers }),
  });
}
