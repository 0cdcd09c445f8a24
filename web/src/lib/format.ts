/**
 * Dates and money as citizens read them: dd/MM/yyyy in Asia/Ho_Chi_Minh (UTC+7, no DST), VND as
 * `1.000.000 ₫` (DOMAIN.md, "Vietnamese data formats").
 */
const TZ = 'Asia/Ho_Chi_Minh';

// The Intl formatters are made on first use: each costs tens of milliseconds to build on a slow
// phone, and the first page paints before it shows a date or an amount.
let parts: Intl.DateTimeFormat | undefined;
let vnd: Intl.NumberFormat | undefined;
const vndFormat = () => {
  vnd ??= new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
  return vnd;
};

function vnParts(iso: string): Record<string, string> | undefined {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return undefined;
  parts ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return Object.fromEntries(parts.formatToParts(d).map((p) => [p.type, p.value]));
}

/** `2026-03-05` (a calendar date) or an instant → `05/03/2026` in Vietnam. */
export function formatDate(value: string | undefined): string {
  if (!value) return '';
  const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (plain) return `${plain[3]}/${plain[2]}/${plain[1]}`;
  const p = vnParts(value);
  return p ? `${p.day}/${p.month}/${p.year}` : value;
}

/** An instant → `05/03/2026 14:30` in Vietnam. */
export function formatDateTime(value: string | undefined): string {
  if (!value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  const p = vnParts(value);
  return p ? `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}` : value;
}

export const formatVnd = (n: number) => `${vndFormat().format(n)} ₫`;

/** Digits grouped with dots as typed in Vietnam: 500000000 → 500.000.000. */
export const groupDigits = (n: number) => vndFormat().format(n);
