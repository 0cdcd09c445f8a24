import type { CalendarDayKind, CalendarYear } from '../contracts/calendar.ts';

/**
 * The obvious, slow reference for the working-day calendar: walk day by day with `Date` and look
 * each ISO date up in the year tables. It shares nothing with WorkingCalendar's day numbers and
 * prefix counts on purpose, so the property tests compare two independent readings of the same
 * rules, and the benchmark shows what the precomputation buys.
 */
const rulesByTables = new WeakMap<readonly CalendarYear[], Map<string, CalendarDayKind>>();

function rulesOf(years: readonly CalendarYear[]): Map<string, CalendarDayKind> {
  let rules = rulesByTables.get(years);
  if (!rules) {
    rules = new Map(years.flatMap((y) => y.days.map((d) => [d.date, d.kind] as const)));
    rulesByTables.set(years, rules);
  }
  return rules;
}

function isWorking(rules: Map<string, CalendarDayKind>, date: Date): boolean {
  const kind = rules.get(date.toISOString().slice(0, 10));
  if (kind !== undefined) return kind === 'SWAPPED_WORKDAY';
  const weekday = date.getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

function parse(dateIso: string): Date {
  const date = new Date(`${dateIso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== dateIso) {
    throw new RangeError(`INVALID_DATE: "${dateIso}" is not a date of the form YYYY-MM-DD`);
  }
  return date;
}

/** Whether a date is a working day: Monday–Friday unless the tables say otherwise. */
export function naiveIsWorkingDay(years: readonly CalendarYear[], dateIso: string): boolean {
  return isWorking(rulesOf(years), parse(dateIso));
}

/** The n-th working day after (n > 0) or before (n < 0) a date, one day at a time; n = 0 is the date. */
export function naiveAddWorkingDays(years: readonly CalendarYear[], dateIso: string, n: number): string {
  const rules = rulesOf(years);
  const date = parse(dateIso);
  const step = n >= 0 ? 1 : -1;
  let left = Math.abs(n);
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + step);
    if (isWorking(rules, date)) left--;
  }
  return date.toISOString().slice(0, 10);
}
