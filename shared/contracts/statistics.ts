import * as z from 'zod/mini';
import './zod-locale.ts';

const Month = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'yyyy-MM'));

/**
 * The period of a statistics request: whole months, `from`..`to` inclusive (default: this year
 * up to this month), at most 36 months.
 */
export const StatisticsQuery = z.strictObject({
  from: z.optional(Month),
  to: z.optional(Month),
  department: z.optional(z.string().check(z.regex(/^[A-Z][A-Z0-9]{1,7}$/))),
  procedure: z.optional(z.string().check(z.regex(/^[0-9A-Za-z.\-_]{1,40}$/))),
});
export type StatisticsQuery = z.infer<typeof StatisticsQuery>;
