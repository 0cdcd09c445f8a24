import { DomainError } from './errors.ts';
import { message } from './messages.ts';

/**
 * A deadline that needs a year the working calendar does not have yet (the calendar throws a
 * RangeError naming the instant and its range, shared/domain/calendar.ts): the missing year, or
 * undefined for any other error.
 */
export function missingCalendarYear(err: unknown): number | undefined {
  if (!(err instanceof RangeError) || !err.message.startsWith('CALENDAR_OUT_OF_RANGE')) return undefined;
  const range = /outside the calendar (\d{4})-\d{2}-\d{2} … (\d{4})-\d{2}-\d{2}/.exec(err.message);
  if (!range) return undefined;
  const first = Number(range[1]);
  const last = Number(range[2]);
  const what = err.message.slice(0, err.message.indexOf(' is outside'));
  const before = [...what.matchAll(/(\d{4})-\d{2}-\d{2}/g)].some((m) => Number(m[1]) < first);
  return before ? first - 1 : last + 1;
}

/** The problem a person sees: 409, saying which year an administrator must add. */
export function calendarGapProblem(year: number): DomainError {
  return new DomainError('CALENDAR_OUT_OF_RANGE', message('calendar.yearMissing', { year }), [], {
    missingYear: year,
  });
}
