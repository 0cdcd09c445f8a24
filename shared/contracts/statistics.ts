import * as z from 'zod';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'yyyy-MM');

/**
 * The period of a statistics request: whole months, `from`..`to` inclusive (default: this year
 * up to this month), at most 36 months.
 */
export const StatisticsQuery = z
  .object({
    from: Month.optional(),
    to: Month.optional(),
    department: z
      .string()
      .regex(/^[A-Z][A-Z0-9]{1,7}$/)
      .optional(),
    procedure: z
      .string()
      .regex(/^[0-9A-Za-z.\-_]{1,40}$/)
      .optional(),
  })
  .strict();
export type StatisticsQuery = z.infer<typeof StatisticsQuery>;
