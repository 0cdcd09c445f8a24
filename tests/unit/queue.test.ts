import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateCounterStats,
  type CounterEvent,
  counterAverages,
  counterId,
  formatTicketNumber,
  MAX_TICKETS_PER_DAY,
  nextToCall,
  parseCounterId,
  parseTicketId,
  peopleAhead,
  queueDate,
  secondsBetween,
  ticketId,
  ticketPrefix,
  waitingCount,
  withinRatingWindow,
} from '../../shared/domain/queue.ts';

const DEPARTMENTS = ['SCT', 'STP', 'STC', 'SNNMT', 'SXD', 'SKHCN', 'SGDDT', 'SYT'];

describe('ticket numbering', () => {
  it('gives each department a letter by its id, A first', () => {
    expect(ticketPrefix(DEPARTMENTS, 'SCT')).toBe('A');
    expect(ticketPrefix(DEPARTMENTS, 'SYT')).toBe('H');
    expect(ticketPrefix(DEPARTMENTS, 'NOPE')).toBeUndefined();
  });

  it('keeps letters distinct past Z (AA, AB…)', () => {
    const many = Array.from({ length: 60 }, (_, i) => `D${String(i).padStart(2, '0')}`);
    const prefixes = many.map((d) => ticketPrefix(many, d));
    expect(new Set(prefixes).size).toBe(60);
    expect(prefixes[25]).toBe('Z');
    expect(prefixes[26]).toBe('AA');
    expect(prefixes[52]).toBe('BA');
  });

  it('does not depend on the order the departments are listed in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(DEPARTMENTS, { minLength: DEPARTMENTS.length }), (shuffled) => {
        for (const d of DEPARTMENTS) expect(ticketPrefix(shuffled, d)).toBe(ticketPrefix(DEPARTMENTS, d));
      }),
    );
  });

  it('formats A-015 with three digits and refuses numbers outside 1…999', () => {
    expect(formatTicketNumber('A', 15)).toBe('A-015');
    expect(formatTicketNumber('AB', 999)).toBe('AB-999');
    expect(() => formatTicketNumber('A', 0)).toThrow(RangeError);
    expect(() => formatTicketNumber('A', MAX_TICKETS_PER_DAY + 1)).toThrow(RangeError);
  });

  it('restarts with the Vietnamese day, not the UTC one', () => {
    // 16:59 UTC on 1 March is 23:59 in Vietnam; 17:00 UTC is already 2 March.
    expect(queueDate(new Date('2026-03-01T16:59:59Z'))).toBe('2026-03-01');
    expect(queueDate(new Date('2026-03-01T17:00:00Z'))).toBe('2026-03-02');
  });

  it('parses a ticket id back to its day, department and number', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }),
        fc.constantFrom(...DEPARTMENTS),
        fc.integer({ min: 1, max: MAX_TICKETS_PER_DAY }),
        (at, dept, n) => {
          const date = queueDate(at);
          expect(parseTicketId(ticketId(date, dept, n))).toEqual({ date, departmentId: dept, number: n });
        },
      ),
    );
    expect(ticketId('2026-03-02', 'STP', 15)).toBe('20260302-STP-015');
    expect(parseTicketId('20260302-STP-000')).toBeUndefined();
    expect(parseTicketId('20260302-stp-001')).toBeUndefined();
    expect(parseTicketId('2026-03-02-STP-001')).toBeUndefined();
  });

  it('names counters by department and number, 01…99', () => {
    expect(counterId('STP', 1)).toBe('STP-01');
    expect(parseCounterId('STP-01')).toEqual({ departmentId: 'STP', number: 1 });
    expect(parseCounterId('STP-00')).toBeUndefined();
    expect(parseCounterId('STP-1')).toBeUndefined();
    expect(parseCounterId('stp-01')).toBeUndefined();
  });
});

describe('the line: tickets are called in order', () => {
  it('counts the people ahead and waiting from two numbers', () => {
    const line = { issued: 15, calledUpTo: 9 };
    expect(waitingCount(line)).toBe(6);
    expect(peopleAhead(15, line)).toBe(5);
    expect(peopleAhead(10, line)).toBe(0);
    expect(peopleAhead(3, line)).toBe(0);
    expect(nextToCall(line)).toBe(10);
    expect(nextToCall({ issued: 9, calledUpTo: 9 })).toBeUndefined();
  });

  it('leaves voided numbers out of the waiting count and of the people ahead', () => {
    const line = { issued: 15, calledUpTo: 9, voided: [11, 14] };
    expect(waitingCount(line)).toBe(4);
    expect(peopleAhead(15, line)).toBe(3);
    expect(peopleAhead(12, line)).toBe(1);
    expect(peopleAhead(10, line)).toBe(0);
    expect(waitingCount({ issued: 11, calledUpTo: 10, voided: [11] })).toBe(0);
  });

  it('calls every ticket exactly once, in the order taken, whatever the interleaving', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 200 }), (ops) => {
        const line = { issued: 0, calledUpTo: 0 };
        const called: number[] = [];
        for (const take of ops) {
          if (take) line.issued++;
          else {
            const n = nextToCall(line);
            if (n !== undefined) {
              called.push(n);
              line.calledUpTo = n;
            }
          }
          expect(waitingCount(line)).toBe(line.issued - called.length);
        }
        expect(called).toEqual(Array.from({ length: called.length }, (_, i) => i + 1));
      }),
    );
  });
});

describe("a counter's waiting and serving time", () => {
  it('measures whole seconds between two instants, never negative', () => {
    expect(secondsBetween('2026-03-02T02:00:00.000Z', '2026-03-02T02:12:30.400Z')).toBe(750);
    expect(secondsBetween('2026-03-02T02:00:01Z', '2026-03-02T02:00:00Z')).toBe(0);
    expect(() => secondsBetween('yesterday', '2026-03-02T02:00:00Z')).toThrow(RangeError);
  });

  it('adds calls, services, absences and ratings into one day of a counter', () => {
    const events: CounterEvent[] = [
      { type: 'CALLED', takenAt: '2026-03-02T02:00:00Z', calledAt: '2026-03-02T02:10:00Z' },
      { type: 'SERVED', calledAt: '2026-03-02T02:10:00Z', servedAt: '2026-03-02T02:14:00Z' },
      { type: 'RATED', points: 16, max: 18 },
      { type: 'CALLED', takenAt: '2026-03-02T02:01:00Z', calledAt: '2026-03-02T02:21:00Z' },
      { type: 'ABSENT' },
      { type: 'CALLED', takenAt: '2026-03-02T02:05:00Z', calledAt: '2026-03-02T02:22:00Z' },
      { type: 'SERVED', calledAt: '2026-03-02T02:22:00Z', servedAt: '2026-03-02T02:30:00Z' },
    ];
    const stats = aggregateCounterStats(events);
    expect(stats).toEqual({
      called: 3,
      waitSecondsTotal: (10 + 20 + 17) * 60,
      served: 2,
      serveSecondsTotal: (4 + 8) * 60,
      absent: 1,
      ratings: 1,
      ratingPoints: 16,
      ratingMax: 18,
    });
    expect(counterAverages(stats)).toEqual({
      averageWaitSeconds: Math.round((47 * 60) / 3),
      averageServeSeconds: 6 * 60,
      satisfaction: 16 / 18,
    });
  });

  it('gives no averages before the first call, service or rating', () => {
    expect(counterAverages(aggregateCounterStats([]))).toEqual({});
  });

  it('adds up the same whatever order the events arrive in', () => {
    const event = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 7200 }), fc.integer({ min: 0, max: 7200 })).map(
        ([a, b]): CounterEvent => ({
          type: 'CALLED',
          takenAt: new Date(Date.UTC(2026, 2, 2, 1) + a * 1000).toISOString(),
          calledAt: new Date(Date.UTC(2026, 2, 2, 1) + (a + b) * 1000).toISOString(),
        }),
      ),
      fc.constant<CounterEvent>({ type: 'ABSENT' }),
      fc.integer({ min: 0, max: 18 }).map((p): CounterEvent => ({ type: 'RATED', points: p, max: 18 })),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 50 }), (events) => {
        expect(aggregateCounterStats([...events].reverse())).toEqual(aggregateCounterStats(events));
      }),
    );
  });
});

describe('rating at the counter', () => {
  it('is open for 15 minutes after the service', () => {
    const served = '2026-03-02T02:00:00Z';
    expect(withinRatingWindow(served, new Date('2026-03-02T02:15:00Z'))).toBe(true);
    expect(withinRatingWindow(served, new Date('2026-03-02T02:15:01Z'))).toBe(false);
    expect(withinRatingWindow(served, new Date('2026-03-02T01:59:59Z'))).toBe(false);
  });
});
