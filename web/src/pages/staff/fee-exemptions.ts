import { h } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { Procedure } from '../../../../shared/contracts/catalogue.ts';
import { type FeeExemptionRecord, officerExemptions } from '../../../../shared/domain/fees.ts';
import { m } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api.ts';
import { formatDateTime, formatVnd } from '../../lib/format.ts';
import { staffProblemText, staffRequest } from '../../lib/staff-api.ts';
import {
  Button,
  type ErrorItem,
  ErrorSummary,
  Notification,
  Radios,
  SummaryList,
  Tag,
  Textarea,
  toFieldErrors,
} from '../../ui/components.ts';

/**
 * The fee exemptions of a dossier on the staff page (docs/payments.md, "Exemptions"): each claim
 * with its fee, amount, exemption and legal basis, and what became of it. While the dossier waits
 * for intake, the reception officer confirms or refuses each claim (a refusal says why) — the
 * intake route's CONFIRM_EXEMPTION / REFUSE_EXEMPTION, on the version the officer saw.
 */
export function FeeExemptions(p: {
  dossierId: string;
  version: number;
  records: readonly FeeExemptionRecord[];
  /** The reception officer, while the dossier waits for intake. */
  mayDecide: boolean;
  who: (id: string, atTheTime?: string) => string;
  onDone: (text: string) => void;
  onConflict: () => void;
}) {
  const x = m().fees.exemptions;
  const f = m().fees;
  if (!p.records.length) return null;
  return h(
    'section',
    { class: 'section', 'aria-labelledby': 'exemptions-title', 'data-testid': 'fee-exemptions' },
    h('h2', { class: 'heading-m', id: 'exemptions-title' }, x.staffTitle),
    p.mayDecide && p.records.some((r) => r.status === 'CLAIMED')
      ? h('p', { class: 'body' }, x.staffIntro)
      : null,
    p.records.map((r) =>
      h(
        'div',
        { key: r.fee, class: 'exemption-record' },
        h(SummaryList, {
          rows: [
            { key: x.fee, value: h('span', { lang: 'vi' }, r.feeName) },
            { key: x.amount, value: r.amountVnd === null ? f.unknown : formatVnd(r.amountVnd) },
            { key: x.who, value: h('span', { lang: 'vi' }, r.description) },
            ...(r.legalBasis
              ? [{ key: f.basis('').replace(/:\s*$/, ''), value: h('span', { lang: 'vi' }, r.legalBasis) }]
              : []),
            {
              key: x.state,
              value: [
                h(
                  Tag,
                  {
                    key: 't',
                    colour: r.status === 'CONFIRMED' ? 'green' : r.status === 'REFUSED' ? 'red' : 'orange',
                  },
                  x.states[r.status] ?? r.status,
                ),
                r.decidedAt && r.decidedBy
                  ? [
                      ' ',
                      h(
                        'span',
                        { key: 'b', class: 'hint' },
                        x.decidedBy(p.who(r.decidedBy, r.decidedByName), formatDateTime(r.decidedAt)),
                      ),
                    ]
                  : null,
                r.atCounter ? h('span', { key: 'c', class: 'hint' }, ` — ${x.atCounter}`) : null,
                r.reason ? [h('br', { key: 'rb' }), x.reason(r.reason)] : null,
              ],
            },
          ],
        }),
        p.mayDecide && r.status === 'CLAIMED' ? h(DecideExemption, { ...p, record: r }) : null,
      ),
    ),
  );
}

function DecideExemption(p: Parameters<typeof FeeExemptions>[0] & { record: FeeExemptionRecord }) {
  const x = m().fees.exemptions;
  const pre = `exemption-${p.record.fee}`;
  const [choice, setChoice] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [message, setMessage] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const fe = toFieldErrors(errors);

  async function submit(e: Event) {
    e.preventDefault();
    if (inFlight.current) return;
    setAttempt((n) => n + 1);
    setMessage(undefined);
    const errs: ErrorItem[] = [];
    if (!choice) errs.push({ path: `${pre}.decision`, text: x.chooseRequired });
    if (choice === 'REFUSE_EXEMPTION' && !reason.trim())
      errs.push({ path: `${pre}.reason`, text: x.reasonRequired });
    setErrors(errs);
    if (errs.length) return;
    inFlight.current = true;
    setBusy(true);
    try {
      await staffRequest('POST', `/staff/dossiers/${p.dossierId}/intake`, {
        decision: choice,
        version: p.version,
        fee: p.record.fee,
        ...(choice === 'REFUSE_EXEMPTION' ? { reason: reason.trim() } : {}),
      });
      p.onDone(choice === 'CONFIRM_EXEMPTION' ? x.doneConfirmed : x.doneRefused);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'DOSSIER_CONFLICT') p.onConflict();
      else setMessage(staffProblemText(err));
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  return h(
    'form',
    { class: 'form', noValidate: true, onSubmit: submit, id: `${pre}-form` },
    h(ErrorSummary, { errors, attempt, titleId: `${pre}-errors-title` }),
    message ? h(Notification, { kind: 'error' }, message) : null,
    h(Radios, {
      path: `${pre}.decision`,
      legend: x.decisionLegend(p.record.feeName),
      legendClass: 'fieldset__legend--s',
      value: choice,
      error: fe[`${pre}.decision`],
      options: [
        { value: 'CONFIRM_EXEMPTION', label: x.confirm },
        {
          value: 'REFUSE_EXEMPTION',
          label: x.refuse,
          hint: x.refuseHint,
          conditional: h(Textarea, {
            path: `${pre}.reason`,
            label: x.reasonLabel,
            rows: 3,
            value: reason,
            error: fe[`${pre}.reason`],
            onInput: setReason,
          }),
        },
      ],
      onChange: setChoice,
    }),
    h(Button, { busy }, x.record),
  );
}

/**
 * The exemptions a reception officer checks, applied at the counter when the applicant shows the
 * proof there (docs/payments.md, "Exemptions"): per fee item that has them, none or one.
 */
export function CounterExemptions(p: {
  procedure: Procedure;
  value: Record<number, string>;
  onChange: (v: Record<number, string>) => void;
}) {
  const x = m().fees.exemptions;
  const f = m().fees;
  const items = p.procedure.fees
    .map((fee, index) => ({ fee, index, options: officerExemptions(fee) }))
    .filter((i) => i.options.length);
  if (!items.length) return null;
  return h(
    'section',
    { class: 'section', 'aria-labelledby': 'wi-exempt' },
    h('h2', { class: 'heading-m', id: 'wi-exempt' }, x.walkInLegend),
    h('p', { class: 'hint' }, x.walkInHint),
    items.map((i) =>
      h(Radios, {
        key: i.index,
        path: `feeExemptions.${i.index}`,
        legend: h('span', { lang: 'vi' }, i.fee.name),
        legendClass: 'fieldset__legend--s',
        value: p.value[i.index] ?? '',
        options: [
          { value: '', label: x.walkInNone },
          ...i.options.map((e) => ({
            value: String(e.exemption),
            label: h('span', { lang: 'vi' }, e.description),
            ...(e.legalBasis ? { hint: f.basis(e.legalBasis) } : {}),
          })),
        ],
        onChange: (v) => p.onChange({ ...p.value, [i.index]: v }),
      }),
    ),
  );
}
