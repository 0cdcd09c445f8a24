import type * as z from 'zod/mini';
import { tr } from '../i18n/index.ts';
import type { ErrorItem } from '../ui/components.ts';
import type { FieldProblem } from './api.ts';

/**
 * zod issues (from the shared contracts) and API field errors as the form's error list: one entry
 * per field path, in the order the fields appear, messages in the page's language.
 */
export function zodErrors(error: z.core.$ZodError, prefix: string): ErrorItem[] {
  const seen = new Set<string>();
  const out: ErrorItem[] = [];
  for (const issue of error.issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (seen.has(path)) continue;
    seen.add(path);
    out.push({ path, text: tr(issue.message) });
  }
  return out;
}

export function apiErrors(errors: FieldProblem[] | undefined): ErrorItem[] {
  return (errors ?? []).map((e) => ({ path: e.path, text: tr(e.message) }));
}

/** `{day, month, year}` boxes as an ISO date for the contracts; undefined when all are empty. */
export function isoDate(values: Record<string, string>, path: string): string | undefined {
  const d = (values[`${path}.day`] ?? '').trim();
  const mo = (values[`${path}.month`] ?? '').trim();
  const y = (values[`${path}.year`] ?? '').trim();
  if (!d && !mo && !y) return undefined;
  return `${y.padStart(4, '0')}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
}
