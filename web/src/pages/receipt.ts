import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { renderSVG } from 'uqr';
import type { LookupResponse } from '../../../shared/contracts/dossier.ts';
import { lookupPath, WEB_ROUTES } from '../../../shared/contracts/web-routes.ts';
import { currentLang, m } from '../i18n/index.ts';
import { ApiError, problemText, request } from '../lib/api.ts';
import { type DepartmentSummary, departmentName, getDepartments } from '../lib/catalogue.ts';
import { loadReceipt, takeSecret } from '../lib/draft.ts';
import { FEATURES } from '../lib/features.ts';
import { formatDate, formatDateTime } from '../lib/format.ts';
import { useLatest } from '../lib/latest.ts';
import { downloadReceiptPdf, lookupUrl } from '../lib/receipt-links.ts';
import {
  Button,
  PageHeading,
  SummaryList,
  type SummaryRow,
  useTitle,
  WarningText,
} from '../ui/components.ts';
import { OwnLookupFeePanel } from '../ui/fees.ts';

/**
 * The receipt after submitting: the dossier code, the lookup secret shown this once (with a
 * warning to keep it), a QR code that opens the look-up page, the appointment date once known and
 * the receipt PDF where the API serves it. The secret is in memory only: a reload does not show it
 * again. In the QR link the code and secret sit in the fragment, which browsers never send.
 */
export function ReceiptPage({ params }: { params: Record<string, string> }) {
  const msg = m();
  const t = msg.receipt;
  const lang = currentLang();
  const code = params.code ?? '';
  const info = loadReceipt();
  const known = info?.code === code ? info : undefined;
  // Taken from memory once; kept by this page while it is open, never stored.
  const [secret] = useState(() => takeSecret(code));
  const [lookup, setLookup] = useState<LookupResponse | undefined>(undefined);
  const [departments, setDepartments] = useState<DepartmentSummary[]>([]);
  const [status, setStatus] = useState('');
  useTitle(t.title);
  const latest = useLatest();

  useEffect(() => {
    getDepartments()
      .then(setDepartments)
      .catch(() => undefined);
    const current = latest();
    if (secret)
      request<LookupResponse>('GET', `/lookup/${encodeURIComponent(code)}`, {
        headers: { 'x-lookup-secret': secret },
      })
        .then((l) => {
          if (current()) setLookup(l);
        })
        .catch(() => undefined);
  }, [code, secret]);

  const qr = renderSVG(lookupUrl(code, secret), { ecc: 'M', border: 2 });
  const rows: SummaryRow[] = [
    ...(known ? [{ key: t.procedure, value: h('span', { lang: 'vi' }, known.procedureName) }] : []),
    ...(known
      ? [{ key: msg.lookup.department, value: departmentName(departments, known.departmentId, lang) }]
      : []),
    ...(known ? [{ key: t.submittedAt, value: formatDateTime(known.submittedAt) }] : []),
    {
      key: t.appointment,
      value: lookup?.appointmentDate ? formatDate(lookup.appointmentDate) : t.appointmentUnknown,
    },
  ];

  return h(
    'div',
    { class: 'grid-row' },
    h(
      'div',
      { class: 'two-thirds' },
      h(
        'div',
        { class: 'panel' },
        h(PageHeading, null, t.title),
        h(
          'div',
          { class: 'panel__body' },
          t.codeLabel,
          h('br', null),
          h('strong', { class: 'panel__code', id: 'dossier-code' }, code),
        ),
      ),
      secret
        ? h(
            'section',
            { class: 'secret', 'aria-labelledby': 'secret-title' },
            h('h2', { class: 'heading-m', id: 'secret-title' }, t.secretLabel),
            h('p', { class: 'secret__value', id: 'lookup-secret' }, secret),
            h(WarningText, null, t.secretWarning),
            h(
              'div',
              { class: 'button-group' },
              h(
                Button,
                {
                  type: 'button',
                  variant: 'secondary',
                  onClick: () => {
                    navigator.clipboard
                      ?.writeText(secret)
                      .then(() => setStatus(t.copied))
                      .catch(() => undefined);
                  },
                },
                t.copy,
              ),
              h(Button, { type: 'button', variant: 'secondary', onClick: () => window.print() }, t.print),
              // The receipt (form 01) exists once the centre has accepted the dossier and set a date.
              FEATURES.receiptPdf && lookup?.appointmentDate
                ? h(
                    Button,
                    {
                      type: 'button',
                      variant: 'secondary',
                      onClick: () => {
                        setStatus('');
                        downloadReceiptPdf(code, secret).catch((e: unknown) =>
                          // The rate limit and a busy service say when to come back; else retry.
                          setStatus(
                            e instanceof ApiError && (e.status === 429 || e.status === 503)
                              ? problemText(e, msg.errors, lang)
                              : t.pdfFailed,
                          ),
                        );
                      },
                    },
                    t.pdf,
                  )
                : null,
            ),
            h('p', { class: 'body', role: 'status' }, status),
          )
        : h(WarningText, null, t.secretGone),
      h(SummaryList, { rows }),
      // The fees as the dossier went in: what was paid, and any exemption claimed awaiting intake.
      secret ? h(OwnLookupFeePanel, { code, secret }) : null,
      h(
        'section',
        { class: 'qr', 'aria-labelledby': 'qr-title' },
        h('h2', { class: 'heading-m', id: 'qr-title' }, t.qrTitle),
        h('img', {
          class: 'qr__image',
          src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr)}`,
          alt: t.qrAlt(code),
          width: 180,
          height: 180,
        }),
        h('p', { class: 'body' }, t.qrText),
      ),
      h(
        'section',
        { class: 'section', 'aria-labelledby': 'lookup-again-title' },
        h('h2', { class: 'heading-m', id: 'lookup-again-title' }, msg.citizenJourney.lookupAgainTitle),
        h('p', { class: 'body' }, msg.citizenJourney.lookupAgain),
        h('p', { class: 'body', id: 'lost-secret' }, msg.citizenJourney.lostSecret),
      ),
      h('h2', { class: 'heading-m' }, t.nextTitle),
      h('p', { class: 'body' }, t.next1),
      h('p', { class: 'body' }, t.next2),
      h(
        'p',
        { class: 'body' },
        h('a', { href: secret ? lookupPath(code, secret) : WEB_ROUTES.lookup }, t.lookupLink),
      ),
    ),
  );
}
