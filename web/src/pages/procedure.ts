import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Procedure } from '../../../shared/contracts/catalogue.ts';
import { webPath } from '../../../shared/contracts/web-routes.ts';
import { feesDue } from '../../../shared/domain/fees.ts';
import { currentLang, m } from '../i18n/index.ts';
import { ApiError } from '../lib/api.ts';
import { type DepartmentSummary, departmentName, getDepartments, getProcedure } from '../lib/catalogue.ts';
import { deleteDraft, loadDraft } from '../lib/draft.ts';
import { SHORT_TYPE } from '../lib/files.ts';
import { formatDateTime } from '../lib/format.ts';
import { useLatest } from '../lib/latest.ts';
import { navigate } from '../lib/router.ts';
import {
  BackLink,
  Button,
  Inset,
  PageHeading,
  Spinner,
  SummaryList,
  Tag,
  useTitle,
} from '../ui/components.ts';
import { FeeItems } from '../ui/fees.ts';
import { resetApplyUploads } from './apply.ts';

/**
 * A procedure as a citizen needs it before applying (Decree 63/2010 art. 8): who may apply, the
 * deadline, the fees, the documents to prepare, and whether it is fully online. Catalogue text
 * exists in Vietnamese only and is marked lang="vi" on the English page.
 */
export function ProcedurePage({ code }: { code: string }) {
  const msg = m();
  const t = msg.procedure;
  const lang = currentLang();
  const [proc, setProc] = useState<Procedure | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [departments, setDepartments] = useState<DepartmentSummary[]>([]);
  const [draftAt, setDraftAt] = useState(loadDraft(code)?.updatedAt);
  useTitle(proc?.name ?? t.code);

  const latest = useLatest();
  useEffect(() => {
    const current = latest();
    getProcedure(code)
      .then((p) => {
        if (current()) setProc(p);
      })
      .catch((e: unknown) => {
        if (!current()) return;
        setError(
          e instanceof ApiError && e.status === 404 ? msg.errors.procedureNotFound : msg.errors.network,
        );
      });
    getDepartments()
      .then(setDepartments)
      .catch(() => undefined);
  }, [code]);

  if (error)
    return h(
      'div',
      null,
      h(BackLink, { href: '/' }),
      h(PageHeading, null, error),
      h('a', { href: '/' }, msg.common.navFind),
    );
  if (!proc) return h(Spinner, null);

  const vi = (text: string) => h('span', { lang: 'vi' }, text);
  const fees = proc.fees.length ? h(FeeItems, { due: feesDue(proc, 'ONLINE') }) : t.noFees;

  return h(
    'div',
    { class: 'grid-row' },
    h(
      'div',
      { class: 'two-thirds' },
      h(BackLink, { href: '/' }),
      h(PageHeading, { caption: vi(proc.field.name) }, vi(proc.name)),
      h(
        'p',
        null,
        h(
          Tag,
          { colour: proc.onlineLevel === 'FULL' ? 'green' : 'grey' },
          proc.onlineLevel === 'FULL' ? t.onlineFullTag : t.onlinePartialTag,
        ),
      ),
      h(SummaryList, {
        rows: [
          { key: t.code, value: proc.code },
          {
            key: t.department,
            value: proc.departmentIds.map((id) => departmentName(departments, id, lang)).join(', '),
          },
          {
            key: t.deadline,
            value: [
              t.deadlineValue(proc.deadline.amount, proc.deadline.unit),
              proc.deadline.note ? h('div', { class: 'hint', lang: 'vi' }, proc.deadline.note) : null,
            ],
          },
          { key: t.whoMayApply, value: proc.applicantTypes.map((a) => t.applicantTypes[a]).join(', ') },
          {
            key: t.onlineLevel,
            value: [
              proc.onlineLevel === 'FULL' ? t.onlineFull : t.onlinePartial,
              proc.onlineReason ? h('div', { class: 'hint', lang: 'vi' }, proc.onlineReason) : null,
            ],
          },
          { key: t.fees, value: fees },
          { key: t.resultType, value: vi(proc.resultType) },
          ...(proc.conditions ? [{ key: t.conditions, value: vi(proc.conditions) }] : []),
        ],
      }),
      h('h2', { class: 'heading-m' }, t.documentsTitle),
      proc.documents.length
        ? [
            h('p', { class: 'body', key: 'intro' }, t.documentsIntro),
            h(
              'ol',
              { class: 'document-list', key: 'list' },
              proc.documents.map((d) =>
                h(
                  'li',
                  { key: d.id },
                  h('p', { class: 'body document-list__name', lang: 'vi' }, d.name),
                  h(
                    'p',
                    { class: 'hint' },
                    [d.originals ? t.originals(d.originals) : '', d.copies ? t.copies(d.copies) : '']
                      .filter(Boolean)
                      .join(', '),
                    d.originals || d.copies ? ' · ' : '',
                    t.accepts(d.acceptedTypes.map((x) => SHORT_TYPE[x]).join(', '), d.maxSizeMb),
                    ' · ',
                    d.uploadMandatory ? t.uploadRequired : t.uploadOptional,
                  ),
                  d.template ? h('p', { class: 'hint', lang: 'vi' }, t.template(d.template)) : null,
                ),
              ),
            ),
          ]
        : h('p', { class: 'body' }, t.noDocuments),
      draftAt
        ? h(
            'div',
            { class: 'start' },
            h(Inset, null, t.draftFound(formatDateTime(draftAt))),
            h(
              Button,
              {
                type: 'button',
                variant: 'start',
                onClick: () => navigate(webPath('apply', { code: proc.code, step: 'applicant' })),
              },
              t.continueDraft,
            ),
            h(
              'p',
              { class: 'body' },
              h(
                'button',
                {
                  type: 'button',
                  class: 'link-button',
                  onClick: () => {
                    deleteDraft(proc.code);
                    resetApplyUploads(proc.code);
                    setDraftAt(undefined);
                  },
                },
                t.restart,
              ),
            ),
          )
        : h(
            'div',
            { class: 'start' },
            h(
              Button,
              {
                type: 'button',
                variant: 'start',
                onClick: () => navigate(webPath('apply', { code: proc.code, step: 'applicant' })),
              },
              t.start,
            ),
          ),
      proc.legalBasis.length
        ? h(
            'details',
            { class: 'details' },
            h('summary', { class: 'details__summary' }, t.legalBasis),
            h(
              'div',
              { class: 'details__text' },
              h(
                'ul',
                { class: 'list', lang: 'vi' },
                proc.legalBasis.map((b, i) => h('li', { key: i }, b)),
              ),
            ),
          )
        : null,
      h(
        'p',
        { class: 'hint' },
        t.notice,
        ' ',
        // Catalogue data: link only to a web page, never to another scheme.
        /^https?:\/\//.test(proc.source.url)
          ? h('a', { href: proc.source.url, rel: 'noopener' }, t.seeOriginal)
          : null,
      ),
    ),
  );
}
