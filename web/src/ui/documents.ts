import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { DocumentRequirement } from '../../../shared/contracts/catalogue.ts';
import { m } from '../i18n/index.ts';
import { acceptAttribute, type FileProblem, formatBytes, SHORT_TYPE } from '../lib/files.ts';
import type { UploadState, UploadStore } from '../lib/uploads.ts';
import { Button, fieldId, Tag } from './components.ts';

/**
 * One file upload per document requirement (GOV.UK file upload): the document's name as the
 * label, accepted types and size as the hint, then progress, retry and replace. Progress is shown
 * by a <progress> bar and announced in steps of 25 % through a polite live region.
 */
export function useStore(store: UploadStore) {
  const [, setRevision] = useState(store.revision);
  useEffect(() => store.subscribe(() => setRevision(store.revision)), [store]);
}

export const typesOf = (req: DocumentRequirement) => req.acceptedTypes.map((t) => SHORT_TYPE[t]).join(', ');

export function problemText(problem: FileProblem, req: DocumentRequirement): string {
  const d = m().documents;
  switch (problem.kind) {
    case 'TYPE':
      return d.typeNotAccepted(typesOf(req));
    case 'TOO_LARGE':
      return d.tooLarge(problem.maxSizeMb);
    case 'EMPTY':
      return d.empty;
    case 'CONTENT':
      return d.contentMismatch(SHORT_TYPE[problem.declared]);
  }
}

/** The message a document's state gives when the citizen tries to go on, or undefined. */
export function documentError(
  req: DocumentRequirement,
  s: UploadState,
  mandatory: boolean,
): string | undefined {
  const d = m().documents;
  switch (s.status) {
    case 'uploaded':
      return undefined;
    case 'invalid':
      return s.problem ? problemText(s.problem, req) : d.missing(req.name);
    case 'uploading':
    case 'checking':
      return d.stillUploading(req.name);
    case 'failed':
      return d.uploadFailedSummary(req.name);
    default:
      return mandatory ? d.missing(req.name) : undefined;
  }
}

function announcement(s: UploadState): string {
  const d = m().documents;
  const name = s.fileName ?? '';
  switch (s.status) {
    case 'uploading':
      return `${d.uploading(name)}. ${d.progress(Math.floor((s.progress * 100) / 25) * 25)}`;
    case 'uploaded':
      return d.uploaded(name, formatBytes(s.size ?? 0));
    case 'failed':
      return d.failed(name);
    case 'empty':
      return s.removed ? d.removed(s.removed) : '';
    default:
      return '';
  }
}

export function DocumentUpload(p: {
  req: DocumentRequirement;
  store: UploadStore;
  error?: string | undefined;
  mandatory: boolean;
  label?: string;
  /** A note shown under the label (a free supplement item's note from the officer). */
  hint?: string;
}) {
  const { req, store } = p;
  const s = store.get(req.id);
  const d = m().documents;
  const id = fieldId(`documents.${req.id}`);
  const inputId = `${id}-file`;
  const invalid = s.status === 'invalid' && s.problem ? problemText(s.problem, req) : undefined;
  const error = invalid ?? p.error;
  const pct = Math.round(s.progress * 100);
  const removable =
    store.canRemove() &&
    !!s.fileName &&
    (s.status === 'uploaded' || s.status === 'invalid' || s.status === 'failed');
  return h(
    'div',
    { class: `form-group document${error ? ' form-group--error' : ''}`, id },
    h(
      'label',
      { class: 'label label--s', for: inputId },
      h('span', { lang: 'vi' }, p.label ?? req.name),
      ' ',
      h(Tag, { colour: p.mandatory ? 'blue' : 'grey' }, p.mandatory ? d.required : d.optional),
    ),
    h(
      'div',
      { class: 'hint', id: `${inputId}-hint` },
      p.hint ? [h('span', { lang: 'vi', key: 'n' }, p.hint), h('br', { key: 'b' })] : null,
      d.accepts(typesOf(req), req.maxSizeMb),
    ),
    error
      ? h(
          'p',
          { class: 'error-message', id: `${inputId}-error` },
          h('span', { class: 'visually-hidden' }, `${m().common.errorPrefix} `),
          error,
        )
      : null,
    // The browser's own file button speaks the browser's language ("Choose File / No file
    // chosen"): the input is kept (focusable, labelled above) but drawn as our button, in the
    // page's language, with the chosen file's name beside it.
    h(
      'div',
      { class: 'file-chooser' },
      h('input', {
        class: `file-upload file-chooser__input${error ? ' input--error' : ''}`,
        id: inputId,
        type: 'file',
        name: `documents.${req.id}`,
        accept: acceptAttribute(req),
        'aria-describedby': [`${inputId}-hint`, error ? `${inputId}-error` : '', `${inputId}-status`]
          .filter(Boolean)
          .join(' '),
        onChange: (e: Event) => {
          const input = e.currentTarget as HTMLInputElement;
          const file = input.files?.[0];
          if (file) void store.choose(req, file);
          // Clear the input so choosing the same file again (after a failure) fires a change.
          input.value = '';
        },
      }),
      h(
        'span',
        {
          class: `button button--secondary file-chooser__button${error ? ' file-chooser__button--error' : ''}`,
          'aria-hidden': 'true',
        },
        s.fileName ? d.replaceFile : d.chooseFile,
      ),
      h(
        'span',
        { class: 'file-chooser__name', 'aria-hidden': 'true' },
        s.fileName ?? m().citizenJourney.noFile,
      ),
      // Beside the name, above the invisible input: takes the chosen file off again.
      removable
        ? h(
            'button',
            {
              type: 'button',
              class: 'button button--secondary file-chooser__remove',
              'aria-disabled': s.removing ? 'true' : undefined,
              onClick: async () => {
                if (s.removing) return;
                await store.remove(req.id);
                if (store.get(req.id).status === 'empty') document.getElementById(inputId)?.focus();
              },
            },
            s.removing ? d.removing : d.removeFile,
            h('span', { class: 'visually-hidden' }, ` ${s.fileName}`),
          )
        : null,
    ),
    s.removeFailed ? h('p', { class: 'error-message', role: 'alert' }, d.removeFailed) : null,
    s.status === 'uploading'
      ? h(
          'div',
          { class: 'upload-progress' },
          h('progress', {
            id: `${inputId}-progress`,
            max: 100,
            value: pct,
            'aria-label': d.uploading(s.fileName ?? ''),
          }),
          h('span', { class: 'upload-progress__pct', 'aria-hidden': 'true' }, `${pct}%`),
          h(Button, { type: 'button', variant: 'secondary', onClick: () => store.cancel(req.id) }, d.cancel),
        )
      : null,
    s.status === 'uploaded'
      ? h(
          'p',
          { class: 'upload-done' },
          h('span', { 'aria-hidden': 'true' }, '✓ '),
          d.uploaded(s.fileName ?? '', formatBytes(s.size ?? 0)),
        )
      : null,
    s.status === 'reselect' ? h('p', { class: 'body' }, d.chooseAgain) : null,
    s.status === 'failed'
      ? h(
          'div',
          { class: 'upload-failed' },
          h('p', { class: 'body' }, d.failed(s.fileName ?? '')),
          s.file
            ? h(
                Button,
                { type: 'button', variant: 'secondary', onClick: () => void store.retry(req.id) },
                d.retry,
              )
            : null,
        )
      : null,
    h('p', { class: 'visually-hidden', id: `${inputId}-status`, 'aria-live': 'polite' }, announcement(s)),
  );
}
