import { h } from 'preact';
import { formatDateTime } from '../../lib/format.ts';
import { Button } from '../../ui/components.ts';

/**
 * The hand-back slip (phiếu bàn giao kết quả): printed at the counter once the result is handed
 * back, with who collected it. The page's print style keeps only this slip, on A5.
 */
export interface CollectorRecord {
  kind: 'APPLICANT' | 'AUTHORISED';
  fullName?: string;
  idNumber?: string;
  at?: string;
}

const TEXT = {
  vi: {
    title: 'Phiếu bàn giao kết quả',
    lead: 'Trung tâm Phục vụ hành chính công đã trả kết quả giải quyết hồ sơ:',
    code: 'Mã hồ sơ',
    procedure: 'Thủ tục',
    applicant: 'Người nộp hồ sơ',
    collector: 'Người nhận kết quả',
    self: 'Chính người nộp hồ sơ',
    authorised: 'Người được ủy quyền',
    idNumber: 'Số CCCD',
    at: 'Thời điểm bàn giao',
    signCollector: 'Người nhận kết quả (ký, ghi rõ họ tên)',
    signOfficer: 'Cán bộ trả kết quả (ký, ghi rõ họ tên)',
    print: 'In phiếu bàn giao kết quả',
  },
  en: {
    title: 'Result hand-back slip',
    lead: 'The Public Administrative Service Centre has handed back the result of the dossier:',
    code: 'Dossier code',
    procedure: 'Procedure',
    applicant: 'Applicant',
    collector: 'Collected by',
    self: 'The applicant',
    authorised: 'An authorised person',
    idNumber: 'Citizen ID',
    at: 'Handed back at',
    signCollector: 'Collector (signature and full name)',
    signOfficer: 'Officer (signature and full name)',
    print: 'Print the hand-back slip',
  },
} as const;

export function HandBackSlip(p: {
  lang: 'vi' | 'en';
  code: string;
  procedureName: string;
  applicantName: string;
  collector: CollectorRecord;
}) {
  const t = TEXT[p.lang];
  const c = p.collector;
  const rows: [string, string][] = [
    [t.code, p.code],
    [t.procedure, p.procedureName],
    [t.applicant, p.applicantName],
    [t.collector, c.kind === 'AUTHORISED' ? `${t.authorised}: ${c.fullName ?? ''}` : (c.fullName ?? t.self)],
    ...(c.idNumber ? ([[t.idNumber, c.idNumber]] as [string, string][]) : []),
    ...(c.at ? ([[t.at, formatDateTime(c.at)]] as [string, string][]) : []),
  ];
  return h(
    'section',
    { class: 'section hand-back-slip', id: 'hand-back-slip', 'aria-labelledby': 'hand-back-slip-title' },
    h('h2', { class: 'heading-m', id: 'hand-back-slip-title' }, t.title),
    h('p', { class: 'body' }, t.lead),
    h(
      'dl',
      { class: 'summary-list' },
      rows.map(([k, v]) =>
        h(
          'div',
          { class: 'summary-list__row', key: k },
          h('dt', { class: 'summary-list__key' }, k),
          h('dd', { class: 'summary-list__value', lang: 'vi' }, v),
        ),
      ),
    ),
    h(
      'div',
      { class: 'hand-back-slip__signatures' },
      h('p', { class: 'body' }, t.signCollector),
      h('p', { class: 'body' }, t.signOfficer),
    ),
    h(
      Button,
      { type: 'button', variant: 'secondary', id: 'print-hand-back-slip', onClick: () => window.print() },
      t.print,
    ),
  );
}
