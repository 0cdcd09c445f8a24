import { describe, expect, it } from 'vitest';
import { formatVnDate, formatVnDateTime, vnIsoDate, vnParts, vnYyMmDd } from '../../shared/domain/time.ts';

describe('Vietnamese time (Asia/Ho_Chi_Minh, UTC+7)', () => {
  const newYearEveningUtc = new Date('2026-01-01T17:30:00Z');

  it('puts 2026-01-01T17:30Z on 02/01/2026 at 00:30 in Vietnam', () => {
    expect(vnParts(newYearEveningUtc)).toEqual({ year: 2026, month: 1, day: 2, hour: 0, minute: 30 });
    expect(formatVnDate(newYearEveningUtc)).toBe('02/01/2026');
    expect(formatVnDateTime(newYearEveningUtc)).toBe('02/01/2026 00:30');
  });

  it('gives the YYMMDD of the Vietnamese day, not the UTC day', () => {
    expect(vnYyMmDd(newYearEveningUtc)).toBe('260102');
    expect(vnYyMmDd(new Date('2026-01-01T16:59:59Z'))).toBe('260101');
    expect(vnYyMmDd(new Date('2026-01-01T17:00:00Z'))).toBe('260102');
  });

  it('crosses the year boundary at 17:00 UTC on 31 December', () => {
    const instant = new Date('2025-12-31T17:00:00Z');
    expect(vnYyMmDd(instant)).toBe('260101');
    expect(vnIsoDate(instant)).toBe('2026-01-01');
    expect(formatVnDate(new Date('2025-12-31T16:59:00Z'))).toBe('31/12/2025');
  });

  it('pads day, month, hour and minute to two digits (dd/MM/yyyy HH:mm)', () => {
    const instant = new Date('2026-03-04T23:05:00Z'); // 05/03/2026 06:05 in Vietnam
    expect(formatVnDate(instant)).toBe('05/03/2026');
    expect(formatVnDateTime(instant)).toBe('05/03/2026 06:05');
    expect(vnIsoDate(instant)).toBe('2026-03-05');
  });

  it('gives 29 February in a leap year', () => {
    expect(formatVnDate(new Date('2028-02-28T20:00:00Z'))).toBe('29/02/2028');
  });
});
