/**
 * Day numbers: a Vietnamese civil date as the count of days since 1970-01-01. Vietnam keeps UTC+7
 * all year (no DST since 1975), so the date of an instant is plain arithmetic and needs no tz
 * database (see time.ts). Integer days make the working-day calendar a matter of array indexes.
 */
export const MS_PER_DAY = 86_400_000;
export const MS_PER_MINUTE = 60_000;
export const VN_OFFSET_MS = 7 * 3_600_000;

/** The Vietnamese civil date of an instant (epoch ms), as a day number. */
export function dayOfInstant(epochMs: number): number {
  return Math.floor((epochMs + VN_OFFSET_MS) / MS_PER_DAY);
}

/** Milliseconds since Vietnamese midnight of an instant (epoch ms). */
export function msIntoVnDay(epochMs: number): number {
  const shifted = epochMs + VN_OFFSET_MS;
  return shifted - Math.floor(shifted / MS_PER_DAY) * MS_PER_DAY;
}

/** The instant (epoch ms) `msIntoDay` after Vietnamese midnight of `day`. */
export function instantOfDay(day: number, msIntoDay: number): number {
  return day * MS_PER_DAY + msIntoDay - VN_OFFSET_MS;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: number): boolean {
  const wd = weekdayOf(day);
  return wd === 0 || wd === 6;
}

/** Day number of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The civil date of a day number (H. Hinnant's civil_from_days). */
export function civilFromDays(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const DIGIT_0 = 48;
function digitsAt(s: string, from: number, count: number): number {
  let value = 0;
  for (let k = from; k < from + count; k++) {
    const d = s.charCodeAt(k) - DIGIT_0;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Day number of an ISO date `YYYY-MM-DD`; RangeError when it is not a real date in that form. */
export function parseIsoDay(iso: string): number {
  const year = digitsAt(iso, 0, 4);
  const month = digitsAt(iso, 5, 2);
  const day = digitsAt(iso, 8, 2);
  if (
    iso.length !== 10 ||
    iso.charCodeAt(4) !== 45 ||
    iso.charCodeAt(7) !== 45 ||
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month)
  ) {
    throw new RangeError(`INVALID_DATE: "${iso}" is not a date of the form YYYY-MM-DD`);
  }
  return daysFromCivil(year, month, day);
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DD` of a day number. */
export function formatIsoDay(dayNumber: number): string {
  const { year, month, day } = civilFromDays(dayNumber);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** Milliseconds after midnight of a wall-clock time `HH:mm` (00:00–24:00). */
export function parseHhMm(hhmm: string): number {
  const hours = digitsAt(hhmm, 0, 2);
  const minutes = digitsAt(hhmm, 3, 2);
  if (
    hhmm.length !== 5 ||
    hhmm.charCodeAt(2) !== 58 ||
    hours < 0 ||
    minutes < 0 ||
    minutes > 59 ||
    hours * 60 + minutes > 24 * 60
  ) {
    throw new RangeError(`INVALID_TIME: "${hhmm}" is not a time of the form HH:mm`);
  }
  return (hours * 60 + minutes) * MS_PER_MINUTE;
}
