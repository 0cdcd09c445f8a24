import type { DocumentRequirement, MimeType } from '../contracts/catalogue.ts';
import { type FieldError, fieldError } from './errors.ts';
import { message } from './messages.ts';

/**
 * Checking the documents of a dossier before it counts as submitted. The local S3 enforces none of
 * the presigned POST policy and a browser can lie about a file, so size and type (by magic bytes)
 * are verified here against the procedure's requirements (ARCHITECTURE.md, Uploads).
 */
export interface UploadedDocument {
  documentId: string;
  requirementId: string;
  declaredType: MimeType;
  /** The size declared for the slot, which the stored object must have exactly. */
  declaredSize?: number;
  createdAt: string;
  /** Present when the object exists in storage. */
  stored?: { size: number; detectedType: string | undefined; sha256: string; versionId?: string | undefined };
}

export const mb = (n: number) => n * 1024 * 1024;

/** Problems with one stored document, or none. */
export function documentProblems(req: DocumentRequirement, doc: UploadedDocument): FieldError[] {
  const path = `documents.${req.id}`;
  const s = doc.stored;
  if (!s) return [];
  const errors: FieldError[] = [];
  if (s.size > mb(req.maxSizeMb)) {
    errors.push(fieldError(path, 'DOCUMENT_TOO_LARGE', message('document.tooLarge', { max: req.maxSizeMb })));
  } else if (doc.declaredSize !== undefined && s.size !== doc.declaredSize) {
    errors.push(
      fieldError(
        path,
        'DOCUMENT_SIZE_MISMATCH',
        message('document.sizeMismatch', { size: s.size, declared: doc.declaredSize }),
      ),
    );
  }
  if (s.size === 0) errors.push(fieldError(path, 'DOCUMENT_EMPTY', 'document.empty'));
  const accepted = req.acceptedTypes as readonly string[];
  if (!s.detectedType || !accepted.includes(s.detectedType) || s.detectedType !== doc.declaredType) {
    errors.push(
      fieldError(
        path,
        'DOCUMENT_TYPE_MISMATCH',
        message('document.typeMismatch', { declared: doc.declaredType, detected: s.detectedType }),
      ),
    );
  }
  return errors;
}

/**
 * The current document of each requirement is the newest upload that reached storage; earlier
 * ones were replaced. Returns the chosen documents and every problem, listed all at once.
 */
export function checkDossierDocuments(
  requirements: DocumentRequirement[],
  docs: UploadedDocument[],
): { current: UploadedDocument[]; problems: FieldError[] } {
  const current: UploadedDocument[] = [];
  const problems: FieldError[] = [];
  for (const req of requirements) {
    const latest = docs
      .filter((d) => d.requirementId === req.id && d.stored)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.documentId.localeCompare(a.documentId))[0];
    if (!latest) {
      if (req.uploadMandatory) {
        problems.push(
          fieldError(
            `documents.${req.id}`,
            'DOCUMENT_MISSING',
            message('document.missing', { name: req.name }),
          ),
        );
      }
      continue;
    }
    const p = documentProblems(req, latest);
    problems.push(...p);
    if (p.length === 0) current.push(latest);
  }
  return { current, problems };
}
