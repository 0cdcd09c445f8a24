import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../infra/local/seeded-random.ts';
import { CalendarYear } from '../shared/contracts/calendar.ts';
import { naiveAddWorkingDays, WorkingCalendar } from '../shared/domain/calendar.ts';
import { daysFromCivil, formatIsoDay, isWeekend, parseIsoDay } from '../shared/domain/calendar-days.ts';

/**
 * The working-day calendar's precomputed prefix counts against the day-by-day reference loop.
 *   npx tsx bench/calendar.ts            (or BENCH_CALENDAR_N=… for another iteration count)
 * Inputs are random dates/instants over 2025–2028 with deadlines of 1–30 working days (the range
 * of the seeded catalogue), generated before timing so only the calendar is measured.
 */
const TARGET_SPEED_UP = 50;

function loadYears(): CalendarYear[] {
  return [2025, 2026, 2027, 2028].map((year) =>
    CalendarYear.parse(
      JSON.parse(readFileSync(new URL(`../data/calendar/${year}.json`, import.meta.url), 'utf8')),
    ),
  );
}

/** Runs `fn` for i = 0 … n-1 once as warm-up and once timed; returns ns per call. */
function nsPerCall(n: number, fn: (i: number) => number): { ns: number; checksum: number } {
  let checksum = 0;
  for (let i = 0; i < Math.min(n, 20_000); i++) checksum += fn(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) checksum += fn(i);
  const elapsed = Number(process.hrtime.bigint() - start);
  return { ns: elapsed / n, checksum };
}

function integerDayLoop(years: readonly CalendarYear[]): (dateIso: string, n: number) => string {
  const kinds = new Map(years.flatMap((y) => y.days.map((d) => [parseIsoDay(d.date), d.kind] as const)));
  return (dateIso, n) => {
    let day = parseIsoDay(dateIso);
    for (let left = n; left > 0; ) {
      day++;
      const kind = kinds.get(day);
      if (kind === undefined ? !isWeekend(day) : kind === 'SWAPPED_WORKDAY') left--;
    }
    return formatIsoDay(day);
  };
}

export async function benchCalendar() {
  const n = Number(process.env.BENCH_CALENDAR_N ?? 1_000_000);
  const naiveN = Math.max(1, Math.floor(n / 10));
  const years = loadYears();
  const calendar = WorkingCalendar.fromYears(years);

  const next = seededRandom(20_260_216);
  const first = daysFromCivil(2025, 1, 1);
  const span = daysFromCivil(2028, 12, 31) - first + 1;
  const dates = Array.from({ length: n }, () => formatIsoDay(first + Math.floor(next() * span)));
  const instants = Array.from(
    { length: n },
    () => new Date(Date.UTC(2025, 0, 1) + Math.floor(next() * span * 1440) * 60_000),
  );
  const amounts = Array.from({ length: n }, () => 1 + Math.floor(next() * 30));

  const fast = nsPerCall(n, (i) => calendar.addWorkingDays(dates[i]!, amounts[i]!).length);
  const due = nsPerCall(
    n,
    (i) => calendar.dueDate(instants[i]!, { amount: amounts[i]!, unit: 'WORKING_DAYS' }).dueAt.getTime() % 7,
  );
  const naive = nsPerCall(naiveN, (i) => naiveAddWorkingDays(years, dates[i]!, amounts[i]!).length);
  // Context, not the target: the same loop on integer day numbers with a precomputed rest-day
  // lookup, i.e. what a careful hand-written loop costs.
  const intLoop = integerDayLoop(years);
  const loop = nsPerCall(naiveN, (i) => intLoop(dates[i]!, amounts[i]!).length);

  // The same inputs must give the same answers, or the comparison means nothing.
  for (let i = 0; i < naiveN; i += 97) {
    if (
      calendar.addWorkingDays(dates[i]!, amounts[i]!) !== naiveAddWorkingDays(years, dates[i]!, amounts[i]!)
    ) {
      throw new Error(`calendar and reference disagree on ${dates[i]} + ${amounts[i]}`);
    }
  }

  const speedUp = naive.ns / fast.ns;
  const met = speedUp >= TARGET_SPEED_UP;
  const ms = (ns: number, count: number) => ((ns * count) / 1e6).toFixed(1).padStart(12);
  const lines = [
    `working-day calendar — node ${process.version} — ${n.toLocaleString('en')} random inputs over 2025–2028, 1–30 working days`,
    `${'operation'.padEnd(62)} ${'ns/op'.padStart(8)} ${`ms/${n.toLocaleString('en')}`.padStart(12)}`,
    `${'addWorkingDays (prefix counts, O(1))'.padEnd(62)} ${fast.ns.toFixed(1).padStart(8)} ${ms(fast.ns, n)}`,
    `${'dueDate (cut-off + Civil Code art. 147 counting, O(1))'.padEnd(62)} ${due.ns.toFixed(1).padStart(8)} ${ms(due.ns, n)}`,
    `${`naiveAddWorkingDays (day-by-day loop; timed on ${naiveN.toLocaleString('en')}, ×${n / naiveN})`.padEnd(62)} ${naive.ns.toFixed(1).padStart(8)} ${ms(naive.ns, n)}`,
    `${`integer day-number loop (context; timed on ${naiveN.toLocaleString('en')}, ×${n / naiveN})`.padEnd(62)} ${loop.ns.toFixed(1).padStart(8)} ${ms(loop.ns, n)}`,
    `speed-up addWorkingDays vs naive = ${speedUp.toFixed(1)}× (target ≥ ${TARGET_SPEED_UP}×: ${met ? 'met' : 'NOT met'}); vs the integer day loop ${(loop.ns / fast.ns).toFixed(1)}×`,
  ];
  return {
    lines,
    json: {
      node: process.version,
      iterations: n,
      naiveIterations: naiveN,
      naiveScaledBy: n / naiveN,
      nsPerOp: {
        addWorkingDays: fast.ns,
        dueDate: due.ns,
        naiveAddWorkingDays: naive.ns,
        integerDayLoop: loop.ns,
      },
      speedUp,
      target: TARGET_SPEED_UP,
      targetMet: met,
      checksum: fast.checksum + due.checksum + naive.checksum + loop.checksum,
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { lines } = await benchCalendar();
  process.stdout.write(`${lines.join('\n')}\n`);
}
