import { h } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { VERIFY_MAX_BYTES, type VerificationReport } from '../../../shared/contracts/verification.ts';
import { webPath } from '../../../shared/contracts/web-routes.ts';
import { currentLang } from '../i18n/index.ts';
import { verifyMessages } from '../i18n/verify.ts';
import { apiBaseUrl, loadConfig } from '../lib/config.ts';
import { formatDateTime } from '../lib/format.ts';
import {
  Button,
  ErrorSummary,
  fieldId,
  Notification,
  PageHeading,
  SummaryList,
  type SummaryRow,
  useTitle,
} from '../ui/components.ts';

/** What a check found, in words and figures (also the look-up page's signature section). */
export function VerificationResult({
  report,
  headingLevel = 'h2',
}: {
  report: VerificationReport;
  headingLevel?: 'h2' | 'h3';
}) {
  const v = verifyMessages();
  const good = report.verdict === 'ISSUED' || report.verdict === 'SIGNED_BY_AGENCY';
  const s = report.signature;
  const i = report.issued;
  const rows: SummaryRow[] = [
    ...(i
      ? [
          { key: v.dossierCode, value: i.dossierCode },
          { key: v.procedure, value: i.procedureName },
        ]
      : []),
    ...(i ? [{ key: v.issuer, value: i.departmentName }] : []),
    ...(s?.signerName ? [{ key: v.signer, value: s.signerName }] : []),
    ...(s?.signedAt ? [{ key: v.signedAt, value: formatDateTime(s.signedAt) }] : []),
    ...(s ? [{ key: v.certificate, value: s.agencyName ?? s.certificateName }] : []),
    ...(s
      ? [
          {
            key: v.signature,
            value: s.valid
              ? v.valid
              : v.invalid(v.problems[s.problem ?? 'UNREADABLE'] ?? v.problems.UNREADABLE!),
          },
        ]
      : []),
    { key: v.fingerprint, value: h('code', { class: 'hash' }, report.sha256) },
  ];
  return h(
    'div',
    { id: 'verification-result' },
    h(headingLevel, { class: 'heading-m' }, v.resultTitle),
    h(
      Notification,
      { kind: good ? 'success' : 'error' },
      h('p', { class: 'body', id: 'verdict' }, v.verdicts[report.verdict]),
    ),
    h(SummaryList, { rows }),
  );
}

/**
 * /verify — anyone checks a PDF they hold (a result, a form): POST /verify with the file as the
 * body. Nothing is stored; the answer names the dossier's code, procedure and agency, never a person
 * other than the official who signed.
 */
export function VerifyPage() {
  const v = verifyMessages();
  const [file, setFile] = useState<File | undefined>();
  const [error, setError] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<VerificationReport | undefined>();
  const input = useRef<HTMLInputElement>(null);
  useTitle(v.title, Boolean(error));
  const id = fieldId('file');

  async function check(e: Event) {
    e.preventDefault();
    setProblem('');
    setReport(undefined);
    const why = !file
      ? v.fileRequired
      : file.size > VERIFY_MAX_BYTES
        ? v.tooLarge
        : file.type && file.type !== 'application/pdf'
          ? v.notPdf
          : '';
    setError(why);
    if (why || !file) return;
    setBusy(true);
    try {
      await loadConfig();
      const res = await fetch(`${apiBaseUrl()}/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/pdf', accept: 'application/json' },
        body: file,
      });
      const body = (await res.json().catch(() => ({}))) as VerificationReport & {
        title?: string;
        titleEn?: string;
      };
      if (res.ok) setReport(body);
      else if (res.status === 422 || res.status === 413 || res.status === 415) {
        setError((currentLang() === 'vi' ? body.title : body.titleEn) ?? v.failed);
      } else setProblem(v.failed);
    } catch {
      setProblem(v.failed);
    } finally {
      setBusy(false);
    }
  }

  return h(
    'div',
    { class: 'grid-row' },
    h(
      'div',
      { class: 'two-thirds' },
      error ? h(ErrorSummary, { errors: [{ path: 'file', text: error }] }) : null,
      h(PageHeading, null, v.title),
      h('p', { class: 'body' }, v.intro),
      h(
        'form',
        { noValidate: true, onSubmit: (e: Event) => void check(e) },
        h(
          'div',
          { class: `form-group${error ? ' form-group--error' : ''}` },
          h('label', { class: 'label', for: id }, v.file),
          h('div', { class: 'hint', id: `${id}-hint` }, v.fileHint),
          error ? h('p', { class: 'error-message', id: `${id}-error` }, error) : null,
          h(
            'div',
            { class: 'file-chooser' },
            h('input', {
              ref: input,
              class: `file-upload file-chooser__input${error ? ' input--error' : ''}`,
              id,
              type: 'file',
              name: 'file',
              accept: 'application/pdf,.pdf',
              'aria-describedby': [`${id}-hint`, error ? `${id}-error` : '', `${id}-status`]
                .filter(Boolean)
                .join(' '),
              onChange: (e: Event) => {
                setFile((e.currentTarget as HTMLInputElement).files?.[0]);
                setReport(undefined);
                setError('');
              },
            }),
            h(
              'span',
              { class: 'button button--secondary file-chooser__button', 'aria-hidden': 'true' },
              v.chooseFile,
            ),
            h('span', { class: 'file-chooser__name', id: `${id}-status` }, file?.name ?? v.noFile),
          ),
        ),
        h(Button, { busy }, busy ? v.checking : v.check),
      ),
      h('p', { class: 'body', role: 'status' }, problem),
      report ? h(VerificationResult, { report }) : null,
      h('h2', { class: 'heading-m' }, v.lookupTitle),
      h('p', { class: 'body' }, v.lookupText, ' ', h('a', { href: webPath('lookup') }, v.lookupLink), '.'),
    ),
  );
}
