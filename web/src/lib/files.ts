import type { DocumentRequirement, MimeType } from '../../../shared/contracts/catalogue.ts';

/**
 * Checks a chosen file before it is uploaded: its type (by name, declared type and magic bytes,
 * as the API will check at submit) and size against the requirement, so the citizen hears about a
 * wrong file at once instead of after the upload.
 */
const EXTENSIONS: Record<MimeType, string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
};

export const SHORT_TYPE: Record<MimeType, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPG',
  'image/png': 'PNG',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
};

export const MIB = 1024 * 1024;

/** The `accept` attribute of the file input for a requirement. */
export function acceptAttribute(req: DocumentRequirement): string {
  return req.acceptedTypes.flatMap((t) => [t, ...EXTENSIONS[t].map((e) => `.${e}`)]).join(',');
}

function typeFromName(name: string): MimeType | undefined {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  return (Object.keys(EXTENSIONS) as MimeType[]).find((t) => EXTENSIONS[t].includes(ext));
}

/** The type the first bytes say (PDF, PNG, JPEG, or a ZIP container for DOCX). */
export function sniff(bytes: Uint8Array): MimeType | 'zip' | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'zip';
  return undefined;
}

export type FileProblem =
  | { kind: 'TYPE'; accepted: MimeType[] }
  | { kind: 'TOO_LARGE'; maxSizeMb: number }
  | { kind: 'EMPTY' }
  | { kind: 'CONTENT'; declared: MimeType };

export async function checkFile(
  file: File,
  req: DocumentRequirement,
): Promise<{ ok: true; contentType: MimeType } | { ok: false; problem: FileProblem }> {
  const accepted = req.acceptedTypes;
  const byType = (accepted as readonly string[]).includes(file.type) ? (file.type as MimeType) : undefined;
  const contentType = byType ?? typeFromName(file.name);
  if (!contentType || !accepted.includes(contentType))
    return { ok: false, problem: { kind: 'TYPE', accepted } };
  if (file.size === 0) return { ok: false, problem: { kind: 'EMPTY' } };
  if (file.size > req.maxSizeMb * MIB)
    return { ok: false, problem: { kind: 'TOO_LARGE', maxSizeMb: req.maxSizeMb } };
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  const found = sniff(head);
  const matches =
    found === contentType ||
    (found === 'zip' &&
      contentType === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  if (!matches) return { ok: false, problem: { kind: 'CONTENT', declared: contentType } };
  return { ok: true, contentType };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < MIB) return `${Math.round(n / 1024)} KB`;
  return `${(n / MIB).toFixed(1).replace('.', ',')} MB`;
}
