/**
 * Dates as the law and the citizen see them: calendar dates in Asia/Ho_Chi_Minh (UTC+7, no DST).
 * Because Vietnam has had no DST since 1975, a fixed +7 h offset is exact and needs no tz database.
 */
const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

export interface VnDateParts {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
}

export function vnParts(instant: Date): VnDateParts {
  const shifted = new Date(instant.getTime() + VN_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYMMDD` of the Vietnamese calendar day of an instant (dossier code, Circular 01/2018 art. 19). */
export function vnYyMmDd(instant: Date): string {
  const p = vnParts(instant);
  return `${pad(p.year % 100)}${pad(p.month)}${pad(p.day)}`;
}

/** ISO calendar date (`YYYY-MM-DD`) of an instant in Vietnam. */
export function vnIsoDate(instant: Date): string {
  const p = vnParts(instant);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** `dd/MM/yyyy`, the format every citizen-facing date uses. */
export function formatVnDate(instant: Date): string {
  const p = vnParts(instant);
  return `${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/** `dd/MM/yyyy HH:mm` in Vietnam. */
export function formatVnDateTime(instant: Date): string {
  const p = vnParts(instant);
  return `${formatVnDate(instant)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * A calendar date (`YYYY-MM-DD`) or an instant (ISO with a time) as a person reads it, dd/MM/yyyy:
 * an instant by its date in Vietnam (an instant after 17:00 UTC is already the next day there).
 */
export function formatVnDay(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-');
    return `${d}/${m}/${y}`;
  }
  return formatVnDate(new Date(value));
}
