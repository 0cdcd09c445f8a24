import type { CalendarYear, CalendarYearStatus } from '../contracts/calendar.ts';
import {
  civilFromDays,
  dayOfInstant,
  daysFromCivil,
  formatIsoDay,
  instantOfDay,
  isWeekend,
  MS_PER_MINUTE,
  msIntoVnDay,
  parseHhMm,
  parseIsoDay,
} from './calendar-days.ts';

export { naiveAddWorkingDays, naiveIsWorkingDay } from './calendar-naive.ts';

/**
 * The working-day calendar of the civil service (cán bộ, công chức, viên chức): Monday–Friday,
 * minus the public holidays of Labour Code 2019 art. 112 and the days the government swaps each
 * year, plus the Saturdays worked in exchange. Statutory deadlines of administrative procedures
 * are counted on it (Decree 61/2018; Civil Code 2015 arts. 144–148).
 *
 * The year tables (data/calendar/YYYY.json) are precomputed into arrays over a fixed range of
 * days, so every question is index arithmetic:
 *   working[i]   1 when day i of the range is a working day;
 *   prefix[i]    how many working days come before day i (prefix[N] = all of them);
 *   workDays[k]  the index of the k-th working day (0-based).
 * isWorkingDay, addWorkingDays, workingDaysBetween, workingMinutesBetween and addWorkingMinutes
 * are all O(1). Days outside the range throw a RangeError.
 */

/** DECIDED / PROVISIONAL from the table; MISSING when no table: the Monday–Friday rule applies. */
export type YearStatus = CalendarYearStatus | 'MISSING';

/** The unit of a statutory deadline, as the procedure version states it. */
export type DeadlineUnit = 'WORKING_DAYS' | 'CALENDAR_DAYS' | 'SAME_DAY';

export interface Deadline {
  /** Ignored for SAME_DAY. */
  amount: number;
  unit: DeadlineUnit;
}

export interface DueDate {
  /** The Vietnamese date of the deadline, `YYYY-MM-DD`. */
  dueDate: string;
  /** The end of office hours on that date. */
  dueAt: Date;
  /** True when any day from receipt to the deadline lies in a year not DECIDED by the government. */
  provisional: boolean;
}

export type Timeliness = 'EARLY' | 'ON_TIME' | 'LATE';

export interface OfficeHours {
  /** `HH:mm`, Vietnam time. */
  start: string;
  /** `HH:mm`, Vietnam time. */
  end: string;
}

export interface CalendarOptions {
  /** Default 07:30–17:00, Vietnam time. */
  officeHours?: OfficeHours;
  /** Years precomputed by the Monday–Friday rule on each side of the tables; default 2. */
  marginYears?: number;
}

/**
 * The default cut-off: a dossier received at or after 15:00 is passed on at the start of the next
 * working day (Decree 61/2018 arts. 18–19). Procedures may set their own.
 */
export const DEFAULT_CUTOFF = '15:00';
export const DEFAULT_OFFICE_HOURS: OfficeHours = { start: '07:30', end: '17:00' };

export class WorkingCalendar {
  readonly officeHours: OfficeHours;
  /** Day number of index 0 of the arrays. */
  private readonly firstDay: number;
  private readonly working: Uint8Array;
  private readonly prefix: Int32Array;
  private readonly workDays: Int32Array;
  /** undecidedPrefix[i]: how many days before day i lie in a year that is not DECIDED. */
  private readonly undecidedPrefix: Int32Array;
  private readonly isoOf: string[];
  private readonly statuses: ReadonlyMap<number, CalendarYearStatus>;
  private readonly openMs: number;
  private readonly closeMs: number;
  /** Office milliseconds in one working day. */
  private readonly dayMs: number;
  private readonly defaultCutoffMs: number;

  private constructor(years: readonly CalendarYear[], options: CalendarOptions) {
    if (years.length === 0) throw new RangeError('CALENDAR_EMPTY: at least one year table is needed');
    const statuses = new Map<number, CalendarYearStatus>();
    for (const table of years) {
      if (statuses.has(table.year)) throw new RangeError(`CALENDAR_DUPLICATE_YEAR: ${table.year}`);
      statuses.set(table.year, table.status);
    }
    this.statuses = statuses;

    this.officeHours = options.officeHours ?? DEFAULT_OFFICE_HOURS;
    this.openMs = parseHhMm(this.officeHours.start);
    this.closeMs = parseHhMm(this.officeHours.end);
    if (this.closeMs <= this.openMs) {
      throw new RangeError(`INVALID_OFFICE_HOURS: ${this.officeHours.start}–${this.officeHours.end}`);
    }
    this.dayMs = this.closeMs - this.openMs;
    this.defaultCutoffMs = parseHhMm(DEFAULT_CUTOFF);

    const margin = options.marginYears ?? 2;
    if (!Number.isInteger(margin) || margin < 0) throw new RangeError(`INVALID_MARGIN: ${margin}`);
    const tableYears = [...statuses.keys()];
    const firstYear = Math.min(...tableYears) - margin;
    const lastYear = Math.max(...tableYears) + margin;
    this.firstDay = daysFromCivil(firstYear, 1, 1);
    const size = daysFromCivil(lastYear, 12, 31) - this.firstDay + 1;

    // The Monday–Friday week (Labour Code 2019 art. 111; Decree 45/2013 for the civil service) …
    this.working = new Uint8Array(size);
    this.isoOf = new Array<string>(size);
    for (let i = 0; i < size; i++) {
      this.working[i] = isWeekend(this.firstDay + i) ? 0 : 1;
      this.isoOf[i] = formatIsoDay(this.firstDay + i);
    }
    // … overridden by the tables: holidays, compensatory and swapped days off, worked Saturdays.
    for (const table of years) {
      for (const day of table.days) {
        const dayNumber = parseIsoDay(day.date);
        if (civilFromDays(dayNumber).year !== table.year) {
          throw new RangeError(`CALENDAR_DATE_OUTSIDE_YEAR: ${day.date} in the table of ${table.year}`);
        }
        this.working[dayNumber - this.firstDay] = day.kind === 'SWAPPED_WORKDAY' ? 1 : 0;
      }
    }

    this.prefix = new Int32Array(size + 1);
    for (let i = 0; i < size; i++) this.prefix[i + 1] = this.prefix[i]! + this.working[i]!;
    this.workDays = new Int32Array(this.prefix[size]!);
    for (let i = 0, k = 0; i < size; i++) if (this.working[i]) this.workDays[k++] = i;

    this.undecidedPrefix = new Int32Array(size + 1);
    for (let year = firstYear, i = 0; year <= lastYear; year++) {
      const undecided = statuses.get(year) === 'DECIDED' ? 0 : 1;
      const end = daysFromCivil(year, 12, 31) - this.firstDay;
      for (; i <= end; i++) this.undecidedPrefix[i + 1] = this.undecidedPrefix[i]! + undecided;
    }
  }

  /** Builds the calendar from year tables already parsed with the CalendarYear schema. */
  static fromYears(years: readonly CalendarYear[], options: CalendarOptions = {}): WorkingCalendar {
    return new WorkingCalendar(years, options);
  }

  /** The first and last dates the calendar can answer for. */
  get range(): { first: string; last: string } {
    return { first: this.isoOf[0]!, last: this.isoOf[this.isoOf.length - 1]! };
  }

  yearStatus(year: number): YearStatus {
    return this.statuses.get(year) ?? 'MISSING';
  }

  /** Whether a year has a table (decided or provisional); otherwise only Monday–Friday is known. */
  isCovered(year: number): boolean {
    return this.statuses.has(year);
  }

  isWorkingDay(dateIso: string): boolean {
    return this.working[this.indexOfIso(dateIso)] === 1;
  }

  /** The date itself when it is a working day, else the next working day (Civil Code 2015 art. 148). */
  nextWorkingDayOnOrAfter(dateIso: string): string {
    return this.isoOf[this.firstWorkingFrom(this.indexOfIso(dateIso))]!;
  }

  /**
   * The n-th working day after a date (n > 0), counted from the next day as Civil Code 2015
   * art. 147 requires, or the |n|-th working day before it (n < 0); n = 0 is the date itself.
   */
  addWorkingDays(dateIso: string, n: number): string {
    return this.isoOf[this.shiftWorking(this.indexOfIso(dateIso), n)]!;
  }

  /** The date n calendar days later (earlier when negative); may be a rest day. */
  addCalendarDays(dateIso: string, n: number): string {
    assertInteger(n, 'n');
    return formatIsoDay(parseIsoDay(dateIso) + n);
  }

  /**
   * The working days d with from < d ≤ to (counting from the day after, art. 147); when to < from,
   * minus the working days d with to ≤ d < from. Either way addWorkingDays(from, result) is `to`
   * whenever `to` is a working day.
   */
  workingDaysBetween(fromIso: string, toIso: string): number {
    const from = this.indexOfIso(fromIso);
    const to = this.indexOfIso(toIso);
    return to >= from ? this.prefix[to + 1]! - this.prefix[from + 1]! : this.prefix[to]! - this.prefix[from]!;
  }

  /** Whether any day from `fromIso` to `toIso` (inclusive) lies in a year not DECIDED. */
  isProvisional(fromIso: string, toIso: string): boolean {
    return this.undecidedBetween(this.indexOfIso(fromIso), this.indexOfIso(toIso));
  }

  /**
   * The working day on which a dossier counts as received: the same day when that is a working
   * day and the dossier arrived before the cut-off, else the next working day. Decree 61/2018
   * arts. 18–19: a dossier received after 15:00 is passed on at the start of the next working day;
   * the cut-off is configurable per procedure.
   */
  receivedDay(receivedAt: Date, cutoff: string = DEFAULT_CUTOFF): string {
    return this.isoOf[this.receivedIndex(receivedAt.getTime(), this.cutoffMs(cutoff))]!;
  }

  /**
   * The statutory deadline of a dossier received at `receivedAt`.
   * - WORKING_DAYS: the amount-th working day after the received day (Civil Code 2015 art. 147:
   *   the day of the event is not counted); 0 working days is the received day.
   * - CALENDAR_DAYS: the received day + amount days; a deadline on a weekend or holiday moves to
   *   the next working day (art. 148).
   * - SAME_DAY: the received day itself ("trong ngày").
   * The deadline is due at the end of office hours that day: the result must be returnable at the
   * desk, so the receipt appoints a time within office hours (art. 148 itself ends a day at 24:00).
   */
  dueDate(receivedAt: Date, deadline: Deadline, options: { cutoff?: string } = {}): DueDate {
    const atMs = receivedAt.getTime();
    const received = this.receivedIndex(atMs, this.cutoffMs(options.cutoff));
    let due: number;
    if (deadline.unit === 'SAME_DAY') {
      due = received;
    } else {
      assertInteger(deadline.amount, 'amount');
      if (deadline.amount < 0) throw new RangeError(`INVALID_DEADLINE: amount ${deadline.amount} < 0`);
      due =
        deadline.unit === 'WORKING_DAYS'
          ? this.shiftWorking(received, deadline.amount)
          : this.firstWorkingFrom(this.checkIndex(received + deadline.amount));
    }
    return {
      dueDate: this.isoOf[due]!,
      dueAt: new Date(instantOfDay(this.firstDay + due, this.closeMs)),
      provisional: this.undecidedBetween(this.indexOfDay(dayOfInstant(atMs)), due),
    };
  }

  /** Start of office hours on a date (Vietnam time). */
  startOfOfficeHours(dateIso: string): Date {
    return new Date(instantOfDay(this.firstDay + this.indexOfIso(dateIso), this.openMs));
  }

  /** End of office hours on a date (Vietnam time). */
  endOfOfficeHours(dateIso: string): Date {
    return new Date(instantOfDay(this.firstDay + this.indexOfIso(dateIso), this.closeMs));
  }

  /**
   * Office-hours minutes on working days between two instants, the first and last day clipped to
   * office hours; 0 when `to` is not after `from`. O(1): the difference of two cumulative counts.
   */
  workingMinutesBetween(from: Date, to: Date): number {
    const elapsed = this.officeMsUpTo(to.getTime()) - this.officeMsUpTo(from.getTime());
    return elapsed > 0 ? elapsed / MS_PER_MINUTE : 0;
  }

  /**
   * The earliest instant at which `minutes` office minutes have elapsed since `from` (the inverse
   * of workingMinutesBetween, for pausing and resuming a clock). A budget that runs out exactly at
   * closing time ends at closing time, not at the next opening.
   */
  addWorkingMinutes(from: Date, minutes: number): Date {
    if (!Number.isFinite(minutes) || minutes < 0) {
      throw new RangeError(`INVALID_MINUTES: ${minutes} (must be a finite number ≥ 0)`);
    }
    const fromMs = from.getTime();
    if (minutes === 0) return new Date(fromMs);
    const target = this.officeMsUpTo(fromMs) + minutes * MS_PER_MINUTE;
    const fullDays = Math.floor(target / this.dayMs);
    const rest = target - fullDays * this.dayMs;
    // target > 0, so rest === 0 implies fullDays ≥ 1.
    const k = rest === 0 ? fullDays - 1 : fullDays;
    if (k >= this.workDays.length)
      throw this.outOfRange(`${minutes} working minutes after ${from.toISOString()}`);
    const day = this.firstDay + this.workDays[k]!;
    return new Date(rest === 0 ? instantOfDay(day, this.closeMs) : instantOfDay(day, this.openMs + rest));
  }

  /**
   * When to remind the department: the start of office hours `lead` working days before the due
   * date. Decree 61/2018 art. 19(9): the apology letter for a late dossier is due no
   * later than 1 working day before the deadline.
   */
  reminderAt(dueDateIso: string, leadWorkingDays = 1): Date {
    assertInteger(leadWorkingDays, 'leadWorkingDays');
    const day = this.shiftWorking(this.indexOfIso(dueDateIso), -leadWorkingDays);
    return new Date(instantOfDay(this.firstDay + day, this.openMs));
  }

  // --- index arithmetic ----------------------------------------------------------------------

  private indexOfIso(dateIso: string): number {
    return this.indexOfDay(parseIsoDay(dateIso));
  }

  private indexOfDay(dayNumber: number): number {
    return this.checkIndex(dayNumber - this.firstDay);
  }

  private checkIndex(i: number): number {
    if (i < 0 || i >= this.working.length) throw this.outOfRange(formatIsoDay(this.firstDay + i));
    return i;
  }

  private outOfRange(what: string): RangeError {
    const { first, last } = this.range;
    return new RangeError(`CALENDAR_OUT_OF_RANGE: ${what} is outside the calendar ${first} … ${last}`);
  }

  /** Index of the first working day at or after index i. */
  private firstWorkingFrom(i: number): number {
    const k = this.prefix[i]!;
    if (k >= this.workDays.length) throw this.outOfRange(`the working day on or after ${this.isoOf[i]}`);
    return this.workDays[k]!;
  }

  /** Index of the n-th working day after (n > 0) or before (n < 0) index i; i itself when n = 0. */
  private shiftWorking(i: number, n: number): number {
    assertInteger(n, 'n');
    if (n === 0) return i;
    // prefix[i + 1] working days lie at or before i, so the first one after i is workDays[prefix[i + 1]];
    // prefix[i] lie strictly before i, so the last one before i is workDays[prefix[i] - 1].
    const k = n > 0 ? this.prefix[i + 1]! + n - 1 : this.prefix[i]! + n;
    if (k < 0 || k >= this.workDays.length) {
      throw this.outOfRange(`${n} working days from ${this.isoOf[i]}`);
    }
    return this.workDays[k]!;
  }

  private cutoffMs(cutoff: string | undefined): number {
    return cutoff === undefined || cutoff === DEFAULT_CUTOFF ? this.defaultCutoffMs : parseHhMm(cutoff);
  }

  private receivedIndex(atMs: number, cutoffMs: number): number {
    const i = this.indexOfDay(dayOfInstant(atMs));
    if (this.working[i] === 1 && msIntoVnDay(atMs) < cutoffMs) return i;
    return this.firstWorkingFrom(this.checkIndex(i + 1));
  }

  private undecidedBetween(from: number, to: number): boolean {
    return this.undecidedPrefix[to + 1]! - this.undecidedPrefix[from]! > 0;
  }

  /** Office milliseconds on working days from the start of the range up to an instant. */
  private officeMsUpTo(epochMs: number): number {
    const i = this.indexOfDay(dayOfInstant(epochMs));
    let today = 0;
    if (this.working[i] === 1) {
      const ms = msIntoVnDay(epochMs);
      today = ms <= this.openMs ? 0 : ms >= this.closeMs ? this.dayMs : ms - this.openMs;
    }
    return this.prefix[i]! * this.dayMs + today;
  }
}

/**
 * Early / on time / late, for the reports and the process-control sheet (Circular 01/2018, form 05):
 * early when finished on a Vietnamese date before the due date, on time on the due date up to and
 * including `dueAt`, late after `dueAt`.
 */
export function classify(finishedAt: Date, dueAt: Date): Timeliness {
  const finishedMs = finishedAt.getTime();
  const dueMs = dueAt.getTime();
  if (finishedMs > dueMs) return 'LATE';
  return dayOfInstant(finishedMs) < dayOfInstant(dueMs) ? 'EARLY' : 'ON_TIME';
}

function assertInteger(n: number, name: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`INVALID_${name.toUpperCase()}: ${n} is not an integer`);
}
