import type * as z from 'zod/mini';
import type { FieldError } from './errors.ts';
import { TEXT_PROBLEM_ENGLISH } from './text.ts';

/** A zod validation failure as the field errors of a problem (at most 50), English where known. */
export function zodFieldErrors(error: z.core.$ZodError, prefix: string): FieldError[] {
  return error.issues.slice(0, 50).map((i) => {
    const en = TEXT_PROBLEM_ENGLISH[i.message];
    const textProblem = i.code === 'custom' ? i.params?.textProblem : undefined;
    return {
      path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
      code: typeof textProblem === 'string' ? `text_${textProblem}` : i.code,
      message: i.message,
      ...(en ? { messageEn: en } : {}),
    };
  });
}
