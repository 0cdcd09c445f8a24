import { type ComponentChildren, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { FeePayableAt, Procedure } from '../../../shared/contracts/catalogue.ts';
import { type FeeDueItem, type FeesDue, feesDue } from '../../../shared/domain/fees.ts';
import type { FeeStatus } from '../../../shared/services/payments.ts';
import { m } from '../i18n/index.ts';
import { request } from '../lib/api.ts';
import { formatDate, formatVnd } from '../lib/format.ts';
import { Button, Checkbox, Notification, Radios } from './components.ts';

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
        h(
          'strong',
          null,
          i.amountVnd === null
            ? f.unknown
            : formatVnd(i.claim?.status === 'CLAIMED' ? (i.listedVnd ?? i.amountVnd) : i.amountVnd),
        ),
        i.exemption && i.listedVnd !== undefined && !i.claim
          ? [' (', h('s', { key: 's' }, formatVnd(i.listedVnd)), ' — ', f.exempt(i.exemption), ')']
          : null,
        i.claim && i.claim.status === 'CONFIRMED' && i.listedVnd !== undefined
          ? [' (', h('s', { key: 's' }, formatVnd(i.listedVnd)), ')']
          : null,
        i.claim ? [h('br', { key: 'cb' }), h(ClaimLine, { key: 'c', item: i })] : null,
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

/** What became of the exemption claimed for an item: awaiting the officer, confirmed, or refused. */
function ClaimLine({ item }: { item: FeeDueItem }) {
  const x = m().fees.exemptions;
  const c = item.claim!;
  if (c.status === 'CLAIMED')
    return h('strong', { class: 'exemption', 'data-testid': 'exemption-claim' }, x.claimed(c.description));
  if (c.status === 'CONFIRMED')
    return h(
      'strong',
      { class: 'exemption', 'data-testid': 'exemption-claim' },
      x.confirmed(c.description, formatDate(c.decidedAt ?? c.claimedAt)),
    );
  return h(
    'span',
    { class: 'exemption', 'data-testid': 'exemption-claim' },
    h('strong', null, x.refused(c.description)),
    c.reason ? [h('br', { key: 'b' }), x.reason(c.reason)] : null,
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
  /** Shown under the items (the citizen's exemption claims on the draft). */
  children?: ComponentChildren;
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
    p.children,
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

/**
 * The citizen's claims of the exemptions a reception officer checks (docs/payments.md,
 * "Exemptions"): per fee item that has them, "Tôi thuộc đối tượng được miễn" and which one, with its
 * legal basis. Each change is saved with the draft at once (PUT …/fee-exemptions, the whole set).
 */
function ExemptionClaims(p: {
  due: FeesDue;
  dossierId: string;
  locked: boolean;
  onSaved: (s: FeeStatus) => void;
}) {
  const x = m().fees.exemptions;
  const f = m().fees;
  const items = p.due.items.filter((i) => i.claimable?.length);
  // The claims as saved; and as the citizen has them on screen (null: ticked, none chosen yet).
  const saved = new Map(items.flatMap((i) => (i.claim ? [[i.index, i.claim.exemption] as const] : [])));
  const savedKey = JSON.stringify([...saved]);
  const [local, setLocal] = useState<Map<number, number | null>>(() => new Map(saved));
  useEffect(() => {
    setLocal((cur) => {
      const next = new Map<number, number | null>(saved);
      for (const [i, v] of cur) if (v === null && !next.has(i)) next.set(i, null);
      return next;
    });
  }, [savedKey]);
  const [said, setSaid] = useState('');
  const [busy, setBusy] = useState(false);
  if (!items.length) return null;
  async function save(next: Map<number, number | null>, done: string) {
    setLocal(next);
    setBusy(true);
    setSaid(x.saving);
    try {
      const claims = [...next].flatMap(([fee, exemption]) =>
        exemption === null ? [] : [{ fee, exemption }],
      );
      p.onSaved(
        await request<FeeStatus>('PUT', `/dossiers/${p.dossierId}/fee-exemptions`, { body: { claims } }),
      );
      setSaid(done);
    } catch (e) {
      setLocal(new Map(saved));
      setSaid(`${x.failed} ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  }
  return h(
    'div',
    { class: 'exemption-claims', 'data-testid': 'exemption-claims' },
    items.map((i) => {
      const on = local.has(i.index);
      const chosen = local.get(i.index);
      const options = i.claimable!;
      return h(
        'fieldset',
        { class: 'fieldset', key: i.index },
        h('legend', { class: 'fieldset__legend fieldset__legend--s', lang: 'vi' }, i.name),
        p.locked
          ? h('p', { class: 'body hint' }, x.locked)
          : [
              h('p', { class: 'hint', key: 'h' }, x.claimHint),
              h(Checkbox, {
                key: 'c',
                path: `exemptions.${i.index}.claim`,
                label: x.claim,
                checked: on,
                onChange: (checked) => {
                  if (busy) return;
                  const next = new Map(local);
                  if (!checked) {
                    next.delete(i.index);
                    if (saved.has(i.index)) void save(next, x.withdrawn);
                    else setLocal(next);
                    return;
                  }
                  // One exemption only: ticking claims it; several: the citizen chooses below.
                  if (options.length === 1) void save(next.set(i.index, options[0]!.exemption), x.saved);
                  else setLocal(next.set(i.index, null));
                },
              }),
              on
                ? h(Radios, {
                    key: 'r',
                    path: `exemptions.${i.index}.exemption`,
                    legend: x.choose,
                    legendClass: 'fieldset__legend--s',
                    value: chosen === null || chosen === undefined ? '' : String(chosen),
                    options: options.map((e) => ({
                      value: String(e.exemption),
                      label: h('span', { lang: 'vi' }, e.description),
                      ...(e.legalBasis ? { hint: f.basis(e.legalBasis) } : {}),
                    })),
                    onChange: (v) => {
                      if (busy) return;
                      void save(new Map(local).set(i.index, Number(v)), x.saved);
                    },
                  })
                : null,
            ],
      );
    }),
    h('p', { class: 'body', role: 'status' }, said),
  );
}

/** The fee panel of the form's review step: the fees payable with the application, and claims. */
export function DraftFeePanel({ proc, dossierId }: { proc: Procedure; dossierId: string | undefined }) {
  const [status, setStatus] = useState<FeeStatus | undefined>();
  useEffect(() => {
    if (!dossierId) return;
    request<FeeStatus>('GET', `/dossiers/${dossierId}/fees`)
      .then(setStatus)
      .catch(() => undefined);
  }, [dossierId]);
  // The server's account once known (it carries the claims); the catalogue's until then.
  const due = status?.due ?? feesDue(proc, 'ONLINE');
  return h(
    FeePanel,
    {
      due,
      stage: 'AT_SUBMISSION',
      status,
      startPayment: () => request<{ payUrl: string }>('POST', `/dossiers/${dossierId}/payments`),
    },
    dossierId && status
      ? h(ExemptionClaims, {
          due,
          dossierId,
          locked: Object.values(status.stages).some((s) => s.paid),
          onSaved: setStatus,
        })
      : null,
  );
}

/** The fee panel of the look-up page: what was paid and refunded, and the fees due before the result. */
/** The fees of a submitted dossier, read with its look-up secret (undefined until known). */
export function useLookupFees(code: string, secret: string): FeeStatus | undefined {
  const [status, setStatus] = useState<FeeStatus | undefined>();
  useEffect(() => {
    request<FeeStatus>('GET', `/lookup/${code}/fees`, { headers: { 'x-lookup-secret': secret } })
      .then(setStatus)
      .catch(() => undefined);
  }, [code, secret]);
  return status;
}

/** What the citizen still owes online before the result (0: nothing, or paid at the centre). */
export function owedBeforeResult(status: FeeStatus | undefined): number {
  const stage = status?.stages.BEFORE_RESULT;
  if (!status?.due.online || !stage?.required || stage.paid) return 0;
  return stage.amountVnd;
}

/** The fee panel of a submitted dossier that reads its own fee status (the receipt page). */
export function OwnLookupFeePanel({ code, secret }: { code: string; secret: string }) {
  return h(LookupFeePanel, { code, secret, status: useLookupFees(code, secret) });
}

export function LookupFeePanel({
  code,
  secret,
  status,
}: {
  code: string;
  secret: string;
  status: FeeStatus | undefined;
}) {
  const headers = { 'x-lookup-secret': secret };
  if (!status || status.due.items.length === 0) return null;
  return h(FeePanel, {
    due: status.due,
    stage: 'BEFORE_RESULT',
    status,
    startPayment: () => request<{ payUrl: string }>('POST', `/lookup/${code}/payments`, { headers }),
  });
}
