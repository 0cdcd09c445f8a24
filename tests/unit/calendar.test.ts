import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { provisionalYear } from '../../scripts/provisional-calendar.ts';
import { CalendarYear } from '../../shared/contracts/calendar.ts';
import {
  classify,
  type DeadlineUnit,
  naiveAddWorkingDays,
  naiveIsWorkingDay,
  WorkingCalendar,
} from '../../shared/domain/calendar.ts';
import { daysFromCivil, formatIsoDay } from '../../shared/domain/calendar-days.ts';
import { vnIsoDate } from '../../shared/domain/time.ts';

const readYear = (year: number) =>
  CalendarYear.parse(
    JSON.parse(readFileSync(new URL(`../../data/calendar/${year}.json`, import.meta.url), 'utf8')),
  );
const years = [2025, 2026, 2027, 2028].map(readYear);
const calendar = WorkingCalendar.fromYears(years);

/** An instant given as Vietnamese wall-clock time. */
const vn = (iso: string, hhmm: string) => new Date(`${iso}T${hhmm}:00+07:00`);
const working = (amount: number) => ({ amount, unit: 'WORKING_DAYS' as const });
const calendarDays = (amount: number) => ({ amount, unit: 'CALENDAR_DAYS' as const });
const sameDay = { amount: 0, unit: 'SAME_DAY' as const };

// Random inputs over the tabled years 2025–2028 (the calendar answers 2023–2030).
const FIRST_DAY = daysFromCivil(2025, 1, 1);
const LAST_DAY = daysFromCivil(2028, 12, 31);
const anyDate = fc.integer({ min: FIRST_DAY, max: LAST_DAY }).map(formatIsoDay);
const anyInstant = fc
  .integer({ min: FIRST_DAY * 1440, max: LAST_DAY * 1440 + 1439 })
  .map((vnMinute) => new Date((vnMinute - 7 * 60) * 60_000));
const anyDeadline = fc.record({
  amount: fc.integer({ min: 0, max: 60 }),
  unit: fc.constantFrom<DeadlineUnit>('WORKING_DAYS', 'CALENDAR_DAYS', 'SAME_DAY'),
});
const anyCutoff = fc.constantFrom('15:00', '16:30', '11:00', '17:00');

describe('working-day calendar: which days are worked', () => {
  it('rests on Saturdays and Sundays and works Monday to Friday by default', () => {
    expect(calendar.isWorkingDay('2026-03-06')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2026-03-07')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-03-08')).toBe(false); // Sunday
  });

  it('rests on Tết Bính Ngọ, Monday 16 to Friday 20 February 2026', () => {
    for (const d of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) {
      expect(calendar.isWorkingDay(d), d).toBe(false);
    }
    expect(calendar.isWorkingDay('2026-02-13')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-23')).toBe(true);
  });

  it('works the swapped Saturdays 10 January and 22 August 2026, and rests on the swapped Mondays', () => {
    expect(calendar.isWorkingDay('2026-01-10')).toBe(true);
    expect(calendar.isWorkingDay('2026-08-22')).toBe(true);
    expect(calendar.isWorkingDay('2026-01-02')).toBe(false);
    expect(calendar.isWorkingDay('2026-08-31')).toBe(false);
  });

  it('gives Monday 27 April 2026 off for Hùng Kings day falling on Sunday 26 April', () => {
    expect(calendar.isWorkingDay('2026-04-27')).toBe(false);
  });

  it('moves a date to the next working day only when it is a rest day', () => {
    expect(calendar.nextWorkingDayOnOrAfter('2026-02-13')).toBe('2026-02-13');
    expect(calendar.nextWorkingDayOnOrAfter('2026-02-14')).toBe('2026-02-23');
    expect(calendar.nextWorkingDayOnOrAfter('2026-08-29')).toBe('2026-09-03');
  });

  it('counts the working days after one date up to and including another', () => {
    // 13/02 → 24/02/2026: 23/02 and 24/02 (16–20 Tết, 21–22 weekend).
    expect(calendar.workingDaysBetween('2026-02-13', '2026-02-24')).toBe(2);
    expect(calendar.workingDaysBetween('2026-02-24', '2026-02-13')).toBe(-2);
    expect(calendar.workingDaysBetween('2026-02-13', '2026-02-13')).toBe(0);
  });
});

describe('year coverage', () => {
  it('reports 2025 and 2026 as decided, 2027 and 2028 as provisional and 2030 as missing', () => {
    expect(calendar.yearStatus(2025)).toBe('DECIDED');
    expect(calendar.yearStatus(2026)).toBe('DECIDED');
    expect(calendar.yearStatus(2027)).toBe('PROVISIONAL');
    expect(calendar.yearStatus(2028)).toBe('PROVISIONAL');
    expect(calendar.yearStatus(2030)).toBe('MISSING');
    expect(calendar.isCovered(2027)).toBe(true);
    expect(calendar.isCovered(2030)).toBe(false);
  });

  it('falls back to Monday–Friday two years either side of the tables', () => {
    expect(calendar.range).toEqual({ first: '2023-01-01', last: '2030-12-31' });
    expect(calendar.isWorkingDay('2030-01-01')).toBe(true); // a Tuesday, no table: no New Year holiday known
    expect(calendar.isWorkingDay('2030-01-05')).toBe(false); // Saturday
  });

  it('flags a deadline provisional when it reaches into a year that is not decided', () => {
    expect(calendar.dueDate(vn('2026-02-12', '10:00'), working(3)).provisional).toBe(false);
    // 10 working days from Mon 28/12/2026 end in January 2027 (provisional).
    expect(calendar.dueDate(vn('2026-12-28', '10:00'), working(10)).provisional).toBe(true);
    expect(calendar.dueDate(vn('2030-03-01', '10:00'), working(5)).provisional).toBe(true);
    expect(calendar.isProvisional('2025-01-01', '2026-12-31')).toBe(false);
    expect(calendar.isProvisional('2026-12-31', '2027-01-01')).toBe(true);
  });

  it('throws a RangeError outside the precomputed range', () => {
    expect(() => calendar.isWorkingDay('2040-01-01')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2010-06-01')).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2030-12-20', 30)).toThrow(RangeError);
    expect(() => calendar.dueDate(vn('2040-01-02', '09:00'), working(1))).toThrow(RangeError);
    expect(() =>
      calendar.workingMinutesBetween(vn('2026-01-05', '09:00'), vn('2041-01-01', '09:00')),
    ).toThrow(RangeError);
  });

  it('rejects malformed dates and times', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('12/02/2026')).toThrow(RangeError);
    expect(() => calendar.receivedDay(vn('2026-02-12', '10:00'), '3pm')).toThrow(RangeError);
  });
});

describe('the received day and the 15:00 cut-off (Decree 61/2018 arts. 18–19)', () => {
  it('counts a dossier received on a working day before 15:00 as received that day', () => {
    expect(calendar.receivedDay(vn('2026-02-12', '14:59'))).toBe('2026-02-12');
  });

  it('counts a dossier received at or after 15:00 as received the next working day', () => {
    expect(calendar.receivedDay(vn('2026-02-12', '15:00'))).toBe('2026-02-13');
    // Fri 13/02/2026 16:00 → Tết 16–20/02 and the weekends → Mon 23/02.
    expect(calendar.receivedDay(vn('2026-02-13', '16:00'))).toBe('2026-02-23');
  });

  it('counts a dossier received on a rest day as received the next working day', () => {
    expect(calendar.receivedDay(vn('2026-02-07', '09:00'))).toBe('2026-02-09'); // Saturday
    expect(calendar.receivedDay(vn('2026-02-17', '09:00'))).toBe('2026-02-23'); // Tết
  });

  it('uses the Vietnamese date, not the UTC date (02:00 in Vietnam is still the previous day in UTC)', () => {
    expect(calendar.receivedDay(new Date('2026-02-11T19:00:00Z'))).toBe('2026-02-12'); // 02:00 on 12/02
  });

  it('takes a per-procedure cut-off', () => {
    expect(calendar.receivedDay(vn('2026-02-12', '16:00'), '16:30')).toBe('2026-02-12');
    expect(calendar.receivedDay(vn('2026-02-12', '11:00'), '11:00')).toBe('2026-02-13');
  });
});

describe('due dates around Tết Bính Ngọ 2026 (16–20/02/2026 off)', () => {
  it('gives Tue 24/02/2026 for 3 working days from Thu 12/02/2026 10:00', () => {
    // Received Thu 12/02 (before 15:00). Counting starts the day after (Civil Code art. 147):
    // Fri 13/02 = 1; Mon 16 – Fri 20/02 Tết; Sat 21, Sun 22 weekend; Mon 23/02 = 2; Tue 24/02 = 3.
    const due = calendar.dueDate(vn('2026-02-12', '10:00'), working(3));
    expect(due.dueDate).toBe('2026-02-24');
    expect(due.dueAt).toEqual(vn('2026-02-24', '17:00'));
    expect(due.provisional).toBe(false);
  });

  it('gives Thu 26/02/2026 for 3 working days from Fri 13/02/2026 16:00 (after the cut-off)', () => {
    // Received day Mon 23/02 (next working day); Tue 24 = 1, Wed 25 = 2, Thu 26 = 3.
    expect(calendar.dueDate(vn('2026-02-13', '16:00'), working(3)).dueDate).toBe('2026-02-26');
  });

  it('gives the received day for 0 working days', () => {
    expect(calendar.dueDate(vn('2026-02-12', '10:00'), working(0)).dueDate).toBe('2026-02-12');
    expect(calendar.dueDate(vn('2026-02-13', '16:00'), working(0)).dueDate).toBe('2026-02-23');
  });

  it('moves a calendar-day deadline that lands on Tết to the next working day (Civil Code art. 148)', () => {
    // Mon 09/02 + 7 days = Mon 16/02 (Tết) → Mon 23/02.
    expect(calendar.dueDate(vn('2026-02-09', '09:00'), calendarDays(7)).dueDate).toBe('2026-02-23');
    // Fri 13/02 + 1 day = Sat 14/02 → Mon 23/02.
    expect(calendar.dueDate(vn('2026-02-13', '09:00'), calendarDays(1)).dueDate).toBe('2026-02-23');
    // Mon 09/02 + 4 days = Fri 13/02, a working day: it stays.
    expect(calendar.dueDate(vn('2026-02-09', '09:00'), calendarDays(4)).dueDate).toBe('2026-02-13');
  });

  it('counts calendar days through Tết without skipping it', () => {
    // Thu 12/02 + 15 days = Fri 27/02/2026.
    expect(calendar.dueDate(vn('2026-02-12', '09:00'), calendarDays(15)).dueDate).toBe('2026-02-27');
  });
});

describe('same-day deadlines', () => {
  it('is due at the end of office hours the same day when received before the cut-off', () => {
    const due = calendar.dueDate(vn('2026-02-10', '09:00'), sameDay);
    expect(due.dueDate).toBe('2026-02-10');
    expect(due.dueAt).toEqual(new Date('2026-02-10T10:00:00Z')); // 17:00 in Vietnam
  });

  it('is due the next working day when received after the cut-off', () => {
    expect(calendar.dueDate(vn('2026-02-10', '15:30'), sameDay).dueDate).toBe('2026-02-11');
  });

  it('is due on Monday when received on an ordinary Saturday', () => {
    expect(calendar.dueDate(vn('2026-02-07', '09:00'), sameDay).dueDate).toBe('2026-02-09');
  });

  it('is due the same Saturday when that Saturday is worked (10/01/2026)', () => {
    expect(calendar.dueDate(vn('2026-01-10', '09:00'), sameDay).dueDate).toBe('2026-01-10');
  });
});

describe('swapped working Saturdays and the New Year 2026 bridge', () => {
  it('counts Sat 10/01/2026 as a working day', () => {
    // Received Fri 09/01 10:00: Sat 10/01 (worked) = 1; Mon 12/01 = 2.
    expect(calendar.dueDate(vn('2026-01-09', '10:00'), working(1)).dueDate).toBe('2026-01-10');
    expect(calendar.dueDate(vn('2026-01-09', '10:00'), working(2)).dueDate).toBe('2026-01-12');
  });

  it('skips Thu 01/01 and the swapped Fri 02/01/2026', () => {
    // Received Wed 31/12/2025 10:00: 01/01 holiday, 02/01 swapped off, 03–04/01 weekend → Mon 05/01 = 1.
    expect(calendar.dueDate(vn('2025-12-31', '10:00'), working(1)).dueDate).toBe('2026-01-05');
  });
});

describe('due dates around National Day 2026 (31/08, 01/09, 02/09 off; Sat 22/08 worked)', () => {
  it('counts the worked Saturday 22/08/2026', () => {
    // Received Fri 21/08 10:00: Sat 22/08 = 1.
    expect(calendar.dueDate(vn('2026-08-21', '10:00'), working(1)).dueDate).toBe('2026-08-22');
  });

  it('skips the four-day break plus the weekend before it', () => {
    // Received Fri 28/08 10:00: 29–30 weekend, 31/08–02/09 off; Thu 03/09 = 1, Fri 04/09 = 2, Mon 07/09 = 3.
    expect(calendar.dueDate(vn('2026-08-28', '10:00'), working(1)).dueDate).toBe('2026-09-03');
    expect(calendar.dueDate(vn('2026-08-28', '10:00'), working(3)).dueDate).toBe('2026-09-07');
  });

  it('moves a calendar-day deadline landing on Mon 31/08/2026 to Thu 03/09/2026', () => {
    // Wed 26/08 + 5 days = Mon 31/08 (swapped off) → Thu 03/09.
    expect(calendar.dueDate(vn('2026-08-26', '10:00'), calendarDays(5)).dueDate).toBe('2026-09-03');
  });
});

describe('due dates around Tết Ất Tỵ 2025 (27–31/01/2025 off) and 30/4–1/5 2025', () => {
  it('gives Tue 04/02/2025 for 2 working days from Fri 24/01/2025 14:59', () => {
    // Received Fri 24/01; 25–26 weekend, 27–31 Tết, 01–02/02 weekend; Mon 03/02 = 1, Tue 04/02 = 2.
    expect(calendar.dueDate(vn('2025-01-24', '14:59'), working(2)).dueDate).toBe('2025-02-04');
  });

  it('gives Wed 05/02/2025 for the same dossier received at 15:00 exactly', () => {
    // Received day Mon 03/02; Tue 04/02 = 1, Wed 05/02 = 2.
    expect(calendar.dueDate(vn('2025-01-24', '15:00'), working(2)).dueDate).toBe('2025-02-05');
  });

  it('counts the worked Saturday 26/04/2025 and skips 30/04 – 02/05/2025', () => {
    // Received Fri 25/04 10:00: Sat 26/04 = 1, Mon 28 = 2, Tue 29 = 3, (30/04–04/05 off) Mon 05/05 = 4.
    expect(calendar.addWorkingDays('2025-04-25', 1)).toBe('2025-04-26');
    expect(calendar.dueDate(vn('2025-04-25', '10:00'), working(4)).dueDate).toBe('2025-05-05');
  });
});

describe('adding days', () => {
  it('adds working days forwards and backwards, and 0 is the date itself', () => {
    expect(calendar.addWorkingDays('2026-02-12', 3)).toBe('2026-02-24');
    expect(calendar.addWorkingDays('2026-02-24', -3)).toBe('2026-02-12');
    expect(calendar.addWorkingDays('2026-02-14', 0)).toBe('2026-02-14');
    expect(calendar.addWorkingDays('2026-02-14', 1)).toBe('2026-02-23');
    expect(calendar.addWorkingDays('2026-02-14', -1)).toBe('2026-02-13');
  });

  it('adds calendar days without looking at the calendar', () => {
    expect(calendar.addCalendarDays('2026-02-09', 7)).toBe('2026-02-16');
    expect(calendar.addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(calendar.addCalendarDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('agrees with the day-by-day reference', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -200, max: 200 }), (date, n) => {
        expect(calendar.addWorkingDays(date, n)).toBe(naiveAddWorkingDays(years, date, n));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with the day-by-day reference on which days are worked', () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        expect(calendar.isWorkingDay(date)).toBe(naiveIsWorkingDay(years, date));
      }),
      { numRuns: 2000 },
    );
  });

  it('composes: adding a then b working days is adding a + b', () => {
    fc.assert(
      fc.property(anyDate, fc.nat(150), fc.nat(150), (date, a, b) => {
        expect(calendar.addWorkingDays(calendar.addWorkingDays(date, a), b)).toBe(
          calendar.addWorkingDays(date, a + b),
        );
      }),
    );
  });

  it('composes with negative steps from a working day', () => {
    fc.assert(
      fc.property(
        anyDate,
        fc.integer({ min: -150, max: 150 }),
        fc.integer({ min: -150, max: 150 }),
        (d, a, b) => {
          const date = calendar.nextWorkingDayOnOrAfter(d);
          expect(calendar.addWorkingDays(calendar.addWorkingDays(date, a), b)).toBe(
            calendar.addWorkingDays(date, a + b),
          );
        },
      ),
    );
  });

  it('inverts workingDaysBetween', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -150, max: 150 }), (date, n) => {
        expect(calendar.workingDaysBetween(date, calendar.addWorkingDays(date, n))).toBe(n);
      }),
    );
  });
});

describe('due date properties', () => {
  it('never falls on a rest day', () => {
    fc.assert(
      fc.property(anyInstant, anyDeadline, anyCutoff, (at, deadline, cutoff) => {
        const { dueDate, dueAt } = calendar.dueDate(at, deadline, { cutoff });
        expect(calendar.isWorkingDay(dueDate)).toBe(true);
        expect(vnIsoDate(dueAt)).toBe(dueDate);
        expect(dueAt.getTime()).toBeGreaterThan(at.getTime() - 24 * 3_600_000);
      }),
      { numRuns: 2000 },
    );
  });

  it('never moves earlier when the dossier is received later', () => {
    fc.assert(
      fc.property(anyInstant, anyInstant, anyDeadline, anyCutoff, (x, y, deadline, cutoff) => {
        const [early, late] = x <= y ? [x, y] : [y, x];
        const a = calendar.dueDate(early, deadline, { cutoff });
        const b = calendar.dueDate(late, deadline, { cutoff });
        expect(a.dueDate <= b.dueDate).toBe(true);
        expect(a.dueAt.getTime()).toBeLessThanOrEqual(b.dueAt.getTime());
      }),
      { numRuns: 2000 },
    );
  });

  it('is the reference count of working days after the received day', () => {
    fc.assert(
      fc.property(anyInstant, fc.nat(60), (at, amount) => {
        const received = calendar.receivedDay(at);
        expect(calendar.dueDate(at, working(amount)).dueDate).toBe(
          naiveAddWorkingDays(years, received, amount),
        );
      }),
    );
  });
});

describe('early / on time / late', () => {
  const dueAt = vn('2026-02-24', '17:00');

  it('is early when finished on a date before the due date', () => {
    expect(classify(vn('2026-02-23', '16:59'), dueAt)).toBe('EARLY');
    expect(classify(vn('2026-02-13', '09:00'), dueAt)).toBe('EARLY');
  });

  it('is on time on the due date up to and including the end of office hours', () => {
    expect(classify(vn('2026-02-24', '00:01'), dueAt)).toBe('ON_TIME');
    expect(classify(vn('2026-02-24', '17:00'), dueAt)).toBe('ON_TIME');
  });

  it('is late after the end of office hours on the due date', () => {
    expect(classify(vn('2026-02-24', '17:01'), dueAt)).toBe('LATE');
    expect(classify(vn('2026-02-25', '08:00'), dueAt)).toBe('LATE');
  });
});

/** Reference: office minutes day by day with Date, ISO strings and the naive day rules. */
function naiveWorkingMinutes(from: Date, to: Date): number {
  if (to <= from) return 0;
  let total = 0;
  const last = vnIsoDate(to);
  for (let date = vnIsoDate(from); date <= last; date = naiveAddCalendarDay(date)) {
    if (!naiveIsWorkingDay(years, date)) continue;
    const open = vn(date, '07:30').getTime();
    const close = vn(date, '17:00').getTime();
    const overlap = Math.min(to.getTime(), close) - Math.max(from.getTime(), open);
    if (overlap > 0) total += overlap;
  }
  return total / 60_000;
}
const naiveAddCalendarDay = (iso: string) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe('working time between instants', () => {
  it('clips the first and last day to office hours', () => {
    // Fri 13/02/2026 16:00–17:00 = 60; Tết and weekends = 0; Mon 23/02 07:30–08:30 = 60.
    expect(calendar.workingMinutesBetween(vn('2026-02-13', '16:00'), vn('2026-02-23', '08:30'))).toBe(120);
    expect(calendar.workingMinutesBetween(vn('2026-02-13', '06:00'), vn('2026-02-13', '20:00'))).toBe(570);
  });

  it('counts the worked Saturday 10/01/2026 as a full day and is 0 when to is not after from', () => {
    expect(calendar.workingMinutesBetween(vn('2026-01-10', '00:00'), vn('2026-01-11', '00:00'))).toBe(570);
    expect(calendar.workingMinutesBetween(vn('2026-02-23', '10:00'), vn('2026-02-23', '09:00'))).toBe(0);
  });

  it('equals the day-by-day computation', () => {
    fc.assert(
      fc.property(anyInstant, fc.integer({ min: -2 * 1440, max: 45 * 1440 }), (from, span) => {
        const to = new Date(from.getTime() + span * 60_000);
        expect(calendar.workingMinutesBetween(from, to)).toBe(naiveWorkingMinutes(from, to));
      }),
      { numRuns: 1000 },
    );
  });

  it('adds working minutes across Tết', () => {
    // Fri 13/02 16:00 + 120 min: 60 on Friday, then Mon 23/02 07:30 + 60 → 08:30.
    expect(calendar.addWorkingMinutes(vn('2026-02-13', '16:00'), 120)).toEqual(vn('2026-02-23', '08:30'));
    // A budget that runs out at closing time ends at 17:00, not at the next opening.
    expect(calendar.addWorkingMinutes(vn('2026-02-13', '16:00'), 60)).toEqual(vn('2026-02-13', '17:00'));
    expect(calendar.addWorkingMinutes(vn('2026-02-14', '10:00'), 0)).toEqual(vn('2026-02-14', '10:00'));
    expect(() => calendar.addWorkingMinutes(vn('2026-02-14', '10:00'), -1)).toThrow(RangeError);
  });

  it('inverts workingMinutesBetween', () => {
    fc.assert(
      fc.property(anyInstant, fc.integer({ min: 0, max: 570 * 60 }), (from, minutes) => {
        const end = calendar.addWorkingMinutes(from, minutes);
        expect(calendar.workingMinutesBetween(from, end)).toBe(minutes);
        // … and it is the earliest such instant: one minute less would not be enough.
        if (minutes > 0) {
          expect(calendar.workingMinutesBetween(from, new Date(end.getTime() - 60_000))).toBe(minutes - 1);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('resumes a paused clock no later than the instant it measured to', () => {
    fc.assert(
      fc.property(anyInstant, fc.integer({ min: 0, max: 45 * 1440 }), (from, span) => {
        const to = new Date(from.getTime() + span * 60_000);
        const resumed = calendar.addWorkingMinutes(from, calendar.workingMinutesBetween(from, to));
        expect(resumed.getTime()).toBeLessThanOrEqual(to.getTime());
        expect(calendar.workingMinutesBetween(resumed, to)).toBe(0);
      }),
    );
  });
});

describe('reminders (Decree 61/2018 art. 19(9): apology 1 working day before the deadline)', () => {
  it('reminds at the start of office hours one working day before the due date', () => {
    expect(calendar.reminderAt('2026-02-24')).toEqual(vn('2026-02-23', '07:30'));
    // Due Mon 23/02/2026: the working day before is Fri 13/02 (Tết in between).
    expect(calendar.reminderAt('2026-02-23')).toEqual(vn('2026-02-13', '07:30'));
    expect(calendar.reminderAt('2026-02-24', 3)).toEqual(vn('2026-02-12', '07:30'));
  });
});

describe('office hours', () => {
  const short = WorkingCalendar.fromYears(years, { officeHours: { start: '08:00', end: '16:00' } });

  it('makes the deadline due at the configured end of office hours', () => {
    expect(short.dueDate(vn('2026-02-12', '10:00'), working(3)).dueAt).toEqual(vn('2026-02-24', '16:00'));
  });

  it('counts only the configured office minutes', () => {
    expect(short.workingMinutesBetween(vn('2026-02-12', '00:00'), vn('2026-02-14', '00:00'))).toBe(960);
  });

  it('refuses office hours that end before they start, and duplicate years', () => {
    expect(() => WorkingCalendar.fromYears(years, { officeHours: { start: '17:00', end: '07:30' } })).toThrow(
      RangeError,
    );
    expect(() => WorkingCalendar.fromYears([...years, years[0]!])).toThrow(RangeError);
  });
});

describe('provisional years 2027 and 2028 (Labour Code 2019 art. 112)', () => {
  it('are the output of scripts/provisional-calendar.ts', () => {
    expect(readYear(2027)).toEqual(provisionalYear(2027));
    expect(readYear(2028)).toEqual(provisionalYear(2028));
  });

  it('gives Tết Đinh Mùi (lunar new year Sat 06/02/2027) off with compensatory days', () => {
    // Tết = Fri 05/02 (last day of the old year) + Sat 06 – Tue 09/02 (days 1–4 of the new year);
    // Sat 06 and Sun 07 are weekend holidays → compensatory Wed 10 and Thu 11/02 (art. 112(3)).
    const off = readYear(2027)
      .days.filter((d) => d.date.startsWith('2027-02'))
      .map((d) => `${d.date} ${d.kind}`);
    expect(off).toEqual([
      '2027-02-05 HOLIDAY',
      '2027-02-08 HOLIDAY',
      '2027-02-09 HOLIDAY',
      '2027-02-10 COMPENSATORY',
      '2027-02-11 COMPENSATORY',
    ]);
    expect(calendar.addWorkingDays('2027-02-04', 1)).toBe('2027-02-12');
  });

  it('picks the National Day adjacent day that joins a weekend, else 1 September', () => {
    // 2027: Thu 02/09 → Fri 03/09. 2028: Sat 02/09 → Fri 01/09, and Mon 04/09 compensatory.
    expect(calendar.isWorkingDay('2027-09-03')).toBe(false);
    expect(calendar.isWorkingDay('2027-09-01')).toBe(true);
    expect(calendar.isWorkingDay('2028-09-01')).toBe(false);
    expect(calendar.isWorkingDay('2028-09-04')).toBe(false);
  });
});

describe('calendar year schema', () => {
  it('rejects a day outside its year and a day listed twice', () => {
    const day = { date: '2026-01-01', kind: 'HOLIDAY', name: 'Tết Dương lịch', nameEn: "New Year's Day" };
    const base = { year: 2027, status: 'PROVISIONAL', sources: ['x'] };
    expect(CalendarYear.safeParse({ ...base, days: [day] }).success).toBe(false);
    expect(CalendarYear.safeParse({ ...base, year: 2026, days: [day, day] }).success).toBe(false);
    expect(CalendarYear.safeParse({ ...base, year: 2026, status: 'GUESSED', days: [day] }).success).toBe(
      false,
    );
    expect(CalendarYear.safeParse({ ...base, year: 2026, days: [day] }).success).toBe(true);
  });
});
