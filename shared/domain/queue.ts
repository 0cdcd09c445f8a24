import { vnIsoDate } from './time.ts';

/**
 * The counter queue of the centre's reception hall (issue 9, items 3–4): a citizen takes a ticket
 * for a department (`A-015`), a reception officer at one of that department's counters calls it,
 * serves it or marks it absent, and the citizen rates the service on the counter's tablet.
 *
 * Pure rules only (no table here): ticket numbering, identifiers, how many people are ahead, and
 * how the waiting time (taken → called) and serving time (called → served) of each ticket add up
 * to the per-counter, per-day figures the statistics read.
 */

/** A department's tickets are numbered 1…999 each Vietnamese day; the kiosk shows three digits. */
export const MAX_TICKETS_PER_DAY = 999;

/** Counters of one department are numbered 01…99 (`STP-01`). */
export const MAX_COUNTERS_PER_DEPARTMENT = 99;

/** How long after being served a citizen may still rate the service on the counter's tablet. */
export const RATING_WINDOW_MINUTES = 15;

export type TicketStatus = 'WAITING' | 'CALLED' | 'SERVED' | 'ABSENT';

/**
 * The letter of a department's tickets: departments sorted by id get A, B, C…, then AA, AB… past
 * Z. The letter of a day is fixed on that day's first ticket (stored with the line), so a
 * department added during the day cannot move the letters of tickets already handed out.
 */
export function ticketPrefix(departmentIds: readonly string[], departmentId: string): string | undefined {
  const sorted = [...new Set(departmentIds)].sort();
  const i = sorted.indexOf(departmentId);
  if (i < 0) return undefined;
  return letters(i);
}

function letters(i: number): string {
  const A = 'A'.charCodeAt(0);
  if (i < 26) return String.fromCharCode(A + i);
  return letters(Math.floor(i / 26) - 1) + String.fromCharCode(A + (i % 26));
}

/** `A-015`: what the kiosk prints, the hall display shows and the officer calls out. */
export function formatTicketNumber(prefix: string, n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > MAX_TICKETS_PER_DAY) throw new RangeError(`ticket ${n}`);
  return `${prefix}-${String(n).padStart(3, '0')}`;
}

/** The queue's day: the Vietnamese calendar date, so numbers restart at midnight in Hà Nội. */
export const queueDate = (at: Date): string => vnIsoDate(at);

const TICKET_ID = /^(\d{4})(\d{2})(\d{2})-([A-Z][A-Z0-9]{1,7})-(\d{3})$/;
const COUNTER_ID = /^([A-Z][A-Z0-9]{1,7})-(\d{2})$/;

/** `20260302-STP-015`: the day, the department and the number — unique, and readable on a slip. */
export function ticketId(date: string, departmentId: string, n: number): string {
  return `${date.replaceAll('-', '')}-${departmentId}-${String(n).padStart(3, '0')}`;
}

export interface TicketRef {
  /** `YYYY-MM-DD`, the Vietnamese day the ticket was taken. */
  date: string;
  departmentId: string;
  number: number;
}

export function parseTicketId(id: string): TicketRef | undefined {
  const m = TICKET_ID.exec(id);
  if (!m) return undefined;
  const number = Number(m[5]);
  if (number < 1) return undefined;
  return { date: `${m[1]}-${m[2]}-${m[3]}`, departmentId: m[4]!, number };
}

export interface CounterRef {
  departmentId: string;
  number: number;
}

/** `STP-01`: counter 1 of the Department of Justice. A counter serves one department's line. */
export function parseCounterId(id: string): CounterRef | undefined {
  const m = COUNTER_ID.exec(id);
  if (!m) return undefined;
  const number = Number(m[2]);
  if (number < 1 || number > MAX_COUNTERS_PER_DEPARTMENT) return undefined;
  return { departmentId: m[1]!, number };
}

export const counterId = (departmentId: string, n: number) => `${departmentId}-${String(n).padStart(2, '0')}`;

/**
 * Tickets are called strictly in order, so a line is two numbers: the last ticket issued and the
 * last ticket called. Everyone between them is waiting, except the numbers voided there: taken
 * but never made a ticket (the request that took one failed), which the calls skip.
 */
export interface LineState {
  issued: number;
  calledUpTo: number;
  /** Voided numbers the calls have not passed yet (rare; absent when none). */
  voided?: readonly number[];
}

/** Voided numbers strictly between `from` and `to`. */
const voidedBetween = (line: LineState, from: number, to: number): number =>
  (line.voided ?? []).filter((v) => v > from && v < to).length;

export const waitingCount = (line: LineState): number =>
  Math.max(0, line.issued - line.calledUpTo - voidedBetween(line, line.calledUpTo, line.issued + 1));

/** People still to be called before ticket `n` (0 once it is called). */
export const peopleAhead = (n: number, line: LineState): number =>
  Math.max(0, n - 1 - line.calledUpTo - voidedBetween(line, line.calledUpTo, n));

/** The next ticket to call, or undefined when nobody is waiting. */
export function nextToCall(line: LineState): number | undefined {
  return line.calledUpTo < line.issued ? line.calledUpTo + 1 : undefined;
}

/** Whole seconds from one instant to a later one (never negative: a clock step back counts 0). */
export function secondsBetween(fromIso: string, toIso: string): number {
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  if (!Number.isFinite(ms)) throw new RangeError(`bad instants ${fromIso} → ${toIso}`);
  return Math.max(0, Math.round(ms / 1000));
}

/**
 * The ticket's rating code: printed on the slip and shown on the citizen's ticket page, asked for
 * by the counter's tablet. Only the holder of the ticket can rate its service, once; counter and
 * ticket ids are readable (and guessable) on purpose, so they cannot be what proves it. Eight
 * characters of an alphabet without look-alikes (no I, L, O, U): 2^40 codes, against at most one
 * rating per ticket within a 15-minute window. Stored only as a SHA-256 hash.
 */
export const RATING_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RATING_CODE_LENGTH = 8;

export function newRatingCode(randomIndex: (n: number) => number): string {
  let code = '';
  for (let i = 0; i < RATING_CODE_LENGTH; i++)
    code += RATING_CODE_ALPHABET[randomIndex(RATING_CODE_ALPHABET.length)];
  return code;
}

/** `ABCD-EFGH` as printed; typed back in any case, with or without the dash or spaces. */
export const formatRatingCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;
export const normaliseRatingCode = (typed: string) => typed.toUpperCase().replace(/[\s-]/g, '');

/** Whether a ticket served at `servedAt` may still be rated at `now`. */
export function withinRatingWindow(servedAt: string, now: Date): boolean {
  const ms = now.getTime() - Date.parse(servedAt);
  return ms >= 0 && ms <= RATING_WINDOW_MINUTES * 60_000;
}

/**
 * One counter's figures for one day (the statistics' "waiting and serving time per counter").
 * Sums, not averages, so that each event adds to them in the transaction that records it.
 */
export const COUNTER_STAT_FIELDS = [
  'called',
  'waitSecondsTotal',
  'served',
  'serveSecondsTotal',
  'absent',
  'ratings',
  'ratingPoints',
  'ratingMax',
] as const;
export type CounterStatField = (typeof COUNTER_STAT_FIELDS)[number];
export type CounterStats = Record<CounterStatField, number>;

export const emptyCounterStats = (): CounterStats =>
  Object.fromEntries(COUNTER_STAT_FIELDS.map((f) => [f, 0])) as CounterStats;

/** What happened at a counter, with the times the figures need. */
export type CounterEvent =
  | { type: 'CALLED'; takenAt: string; calledAt: string }
  | { type: 'SERVED'; calledAt: string; servedAt: string }
  | { type: 'ABSENT' }
  | { type: 'RATED'; points: number; max: number };

/** The additions one event makes to its counter's figures of the day. */
export function counterStatsDelta(e: CounterEvent): Partial<CounterStats> {
  switch (e.type) {
    case 'CALLED':
      return { called: 1, waitSecondsTotal: secondsBetween(e.takenAt, e.calledAt) };
    case 'SERVED':
      return { served: 1, serveSecondsTotal: secondsBetween(e.calledAt, e.servedAt) };
    case 'ABSENT':
      return { absent: 1 };
    case 'RATED':
      return { ratings: 1, ratingPoints: e.points, ratingMax: e.max };
  }
}

/** The figures a list of events adds up to (what the transactions' `ADD`s build, one at a time). */
export function aggregateCounterStats(events: readonly CounterEvent[]): CounterStats {
  const out = emptyCounterStats();
  for (const e of events)
    for (const [f, by] of Object.entries(counterStatsDelta(e))) out[f as CounterStatField] += by;
  return out;
}

export interface CounterAverages {
  /** Average seconds from taking a ticket to being called; undefined before the first call. */
  averageWaitSeconds?: number;
  /** Average seconds from the call to the end of service; undefined before the first served. */
  averageServeSeconds?: number;
  /** Share of points given in ratings (0…1); undefined before the first rating. */
  satisfaction?: number;
}

export function counterAverages(s: CounterStats): CounterAverages {
  return {
    ...(s.called > 0 ? { averageWaitSeconds: Math.round(s.waitSecondsTotal / s.called) } : {}),
    ...(s.served > 0 ? { averageServeSeconds: Math.round(s.serveSecondsTotal / s.served) } : {}),
    ...(s.ratingMax > 0 ? { satisfaction: s.ratingPoints / s.ratingMax } : {}),
  };
}
