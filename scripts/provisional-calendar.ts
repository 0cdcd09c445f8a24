import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Holidays from 'date-holidays';
import { type CalendarDay, CalendarYear } from '../shared/contracts/calendar.ts';
import {
  daysFromCivil,
  formatIsoDay,
  isWeekend,
  parseIsoDay,
  weekdayOf,
} from '../shared/domain/calendar-days.ts';

/**
 * A PROVISIONAL calendar year computed from Labour Code 2019 art. 112, for years whose schedule
 * the government has not announced yet (it usually decides between October and December of the
 * year before). An operator confirms it or replaces it with the decided schedule.
 *
 *   npx tsx scripts/provisional-calendar.ts 2027 2028     writes data/calendar/2027.json, 2028.json
 *
 * The rules, art. 112(1):
 * - New Year, 1 January (1 day).
 * - Tết (5 days): the Prime Minister picks them every year. We take the last day of the old lunar
 *   year (giao thừa) and the first 4 days of the new one (mùng 1–4), as decided for Tết Bính Ngọ
 *   2026 (16–20/02/2026; lunar new year 17/02/2026). Lunar dates come from `date-holidays`.
 * - Hùng Kings' Commemoration Day, 10th day of the 3rd lunar month (1 day).
 * - 30 April and 1 May (1 day each).
 * - National Day, 2 September, plus one adjacent day, before or after, that the Prime Minister
 *   picks. We take the day that joins the break to a weekend, else the day before, which matches
 *   every decision from 2021 to 2026: 3 September when 2 September is a Thursday, Sunday or
 *   Monday (2021, 2024), otherwise 1 September (2022, 2023, 2025, 2026). The day picked is always a
 *   weekday.
 * art. 112(3): a holiday on a weekend gives the next working day off (COMPENSATORY), after the
 * whole holiday block. No swapped days: bridges are decided case by case and are never guessed.
 */

// Shown to the centre's administrator (Vietnamese first, like the decided years' sources).
const SOURCE =
  'Tính theo Bộ luật Lao động 2019, Điều 112 và âm lịch; chờ quyết định của Thủ tướng Chính phủ về lịch nghỉ';

const STEMS = ['Giáp', 'Ất', 'Bính', 'Đinh', 'Mậu', 'Kỷ', 'Canh', 'Tân', 'Nhâm', 'Quý'];
const BRANCHES = ['Tý', 'Sửu', 'Dần', 'Mão', 'Thìn', 'Tỵ', 'Ngọ', 'Mùi', 'Thân', 'Dậu', 'Tuất', 'Hợi'];
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Can-chi name of the lunar year that starts in `year` (1984 was Giáp Tý). */
export function lunarYearName(year: number): string {
  const n = year - 1984;
  return `${STEMS[((n % 10) + 10) % 10]} ${BRANCHES[((n % 12) + 12) % 12]}`;
}

interface Holiday {
  day: number;
  name: string;
  nameEn: string;
}

/** A lunar holiday's Gregorian date in `year`, from date-holidays' Vietnamese rules. */
function lunarHoliday(year: number, rule: string): number {
  const found = new Holidays('VN').getHolidays(year).find((h) => h.rule === rule);
  if (!found) throw new Error(`date-holidays has no "${rule}" in ${year}`);
  return parseIsoDay(found.date.slice(0, 10));
}

/** The adjacent National Day day (see the header): 3 Sep after a Thu, Sun or Mon 2 Sep, else 1 Sep. */
export function nationalDayAdjacent(year: number): number {
  const nationalDay = daysFromCivil(year, 9, 2);
  return [0, 1, 4].includes(weekdayOf(nationalDay)) ? nationalDay + 1 : nationalDay - 1;
}

function statutoryHolidays(year: number): Holiday[] {
  const tet = `Tết Nguyên Đán (${lunarYearName(year)})`;
  const lunarNewYear = lunarHoliday(year, 'vietnamese 1-0-1');
  return [
    { day: daysFromCivil(year, 1, 1), name: 'Tết Dương lịch', nameEn: "New Year's Day" },
    ...[-1, 0, 1, 2, 3].map((offset) => ({
      day: lunarNewYear + offset,
      name: tet,
      nameEn: 'Lunar New Year (Tết)',
    })),
    {
      day: lunarHoliday(year, 'vietnamese 3-0-10'),
      name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)',
      nameEn: "Hùng Kings' Commemoration Day",
    },
    { day: daysFromCivil(year, 4, 30), name: 'Ngày Chiến thắng (30/4)', nameEn: 'Reunification Day' },
    {
      day: daysFromCivil(year, 5, 1),
      name: 'Ngày Quốc tế lao động (1/5)',
      nameEn: "International Workers' Day",
    },
    {
      day: nationalDayAdjacent(year),
      name: 'Quốc khánh (ngày liền kề)',
      nameEn: 'National Day (adjacent day)',
    },
    { day: daysFromCivil(year, 9, 2), name: 'Quốc khánh', nameEn: 'National Day' },
  ].sort((a, b) => a.day - b.day);
}

function describeDay(day: number): { vi: string; en: string } {
  const [y, m, d] = formatIsoDay(day).split('-').map(Number) as [number, number, number];
  const sunday = weekdayOf(day) === 0;
  return {
    vi: `${sunday ? 'Chủ nhật' : 'Thứ Bảy'} ${d}/${m}/${y}`,
    en: `${sunday ? 'Sunday' : 'Saturday'} ${d} ${MONTHS_EN[m - 1]} ${y}`,
  };
}

/** The provisional calendar year: weekday holidays plus a compensatory day for each weekend one. */
export function provisionalYear(year: number): CalendarYear {
  const holidays = statutoryHolidays(year);
  const off = new Set(holidays.map((h) => h.day));
  const days: CalendarDay[] = [];
  for (const holiday of holidays) {
    if (!isWeekend(holiday.day)) {
      days.push({
        date: formatIsoDay(holiday.day),
        kind: 'HOLIDAY',
        name: holiday.name,
        nameEn: holiday.nameEn,
      });
      continue;
    }
    // art. 112(3): the next working day that is not itself a holiday or an earlier compensatory day.
    let compensatory = holiday.day + 1;
    while (isWeekend(compensatory) || off.has(compensatory)) compensatory++;
    off.add(compensatory);
    const when = describeDay(holiday.day);
    const lunar = holiday.name.startsWith('Giỗ Tổ') ? '10/3 âm lịch, ' : '';
    days.push({
      date: formatIsoDay(compensatory),
      kind: 'COMPENSATORY',
      name: `Nghỉ bù ${holiday.name.replace(' (10/3 âm lịch)', '')} (${lunar}${when.vi})`,
      nameEn: `Compensatory day off for ${holiday.nameEn} (${when.en})`,
    });
  }
  days.sort((a, b) => a.date.localeCompare(b.date));
  return CalendarYear.parse({ year, status: 'PROVISIONAL', sources: [SOURCE], days });
}

function main(args: string[]): void {
  const force = args.includes('--force');
  const years = args.filter((a) => a !== '--force').map(Number);
  if (years.length === 0 || years.some((y) => !Number.isInteger(y) || y < 1970)) {
    process.stderr.write('usage: npx tsx scripts/provisional-calendar.ts [--force] YEAR…\n');
    process.exitCode = 2;
    return;
  }
  for (const year of years) {
    const file = fileURLToPath(new URL(`../data/calendar/${year}.json`, import.meta.url));
    if (existsSync(file) && !force) {
      const existing = CalendarYear.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (!existing.success || existing.data.status === 'DECIDED') {
        process.stderr.write(`${file}: not overwriting a decided (or unreadable) year; use --force\n`);
        process.exitCode = 1;
        continue;
      }
    }
    const calendar = provisionalYear(year);
    writeFileSync(file, `${JSON.stringify(calendar, null, 2)}\n`);
    const summary = calendar.days.map((d) => `${d.date} ${d.kind}`).join('\n  ');
    process.stdout.write(`${file} (PROVISIONAL)\n  ${summary}\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
