import * as z from 'zod/mini';
import './zod-locale.ts';

/**
 * One year of the working-day calendar (data/calendar/YYYY.json): the days that differ from the
 * civil service's Monday–Friday week. The Prime Minister fixes the Tết days, the day next to
 * National Day and any swapped Saturdays every year (Labour Code 2019 art. 112(3)), so the
 * calendar is data an operator edits, not code.
 */
export const CalendarDayKind = z.enum([
  /** A public holiday of Labour Code 2019 art. 112(1) on a weekday. */
  'HOLIDAY',
  /** A weekday off because a holiday fell on a weekend (art. 112(3)). */
  'COMPENSATORY',
  /** A weekday off in exchange for a worked Saturday (a "bridge" decided by the government). */
  'SWAPPED_OFF',
  /** A Saturday worked in exchange for a SWAPPED_OFF weekday. */
  'SWAPPED_WORKDAY',
]);
export type CalendarDayKind = z.infer<typeof CalendarDayKind>;

/**
 * DECIDED: the government's announced schedule. PROVISIONAL: computed from the Labour Code rules
 * and the lunar calendar (scripts/provisional-calendar.ts) until an operator confirms it; every
 * deadline that touches such a year is flagged `provisional`.
 */
export const CalendarYearStatus = z.enum(['DECIDED', 'PROVISIONAL']);
export type CalendarYearStatus = z.infer<typeof CalendarYearStatus>;

export const CalendarDay = z.strictObject({
  date: z.iso.date(),
  kind: CalendarDayKind,
  name: z.string().check(z.minLength(1)),
  nameEn: z.string().check(z.minLength(1)),
});
export type CalendarDay = z.infer<typeof CalendarDay>;

export const CalendarYear = z
  .strictObject({
    year: z.int().check(z.gte(1970), z.lte(9999)),
    status: CalendarYearStatus,
    /** The decisions (or, for a provisional year, the rule) the days come from. */
    sources: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
    days: z.array(CalendarDay),
  })
  .check(
    z.superRefine((calendar, ctx) => {
      const seen = new Set<string>();
      calendar.days.forEach((day, i) => {
        if (!day.date.startsWith(`${calendar.year}-`)) {
          ctx.addIssue({
            code: 'custom',
            path: ['days', i, 'date'],
            message: `${day.date} is not in ${calendar.year}`,
          });
        }
        if (seen.has(day.date)) {
          ctx.addIssue({ code: 'custom', path: ['days', i, 'date'], message: `${day.date} is listed twice` });
        }
        seen.add(day.date);
      });
    }),
  );
export type CalendarYear = z.infer<typeof CalendarYear>;
