import { describe, expect, it } from 'vitest';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { missingCalendarYear } from '../../shared/domain/calendar-gap.ts';
import { call, useLocalStack } from '../support/api.ts';
import { bearer, staff, submit, version } from '../support/workflow.ts';

/**
 * Beyond the known calendar (2025–2028 shipped, counted on weekdays alone two years further, to the
 * end of 2030): a deadline that needs 2031 is a 409 problem naming the year, the dossier is flagged
 * for the centre, and no answer is a 5xx.
 */
// Monday 30 December 2030, 09:00 in Vietnam: three working days from here end in 2031.
const stack = useLocalStack({ clockStartMs: Date.parse('2030-12-30T02:00:00Z'), retryIntervalMs: 5 });

describe('a deadline beyond the last calendar year', () => {
  it('answers 409 CALENDAR_OUT_OF_RANGE with the year to add, and flags the dossier', async () => {
    const d = await submit(stack());
    const before = await version(d.dossierId);
    const res = await staff<{ code: string; missingYear: number; status: number }>(
      stack(),
      'POST',
      `/staff/dossiers/${d.dossierId}/intake`,
      { decision: 'ACCEPT', version: before },
    );
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'CALENDAR_OUT_OF_RANGE', missingYear: 2031 });
    const stored = (await getDossier(d.dossierId))!;
    expect(stored.dossier.status).toBe('SUBMITTED');
    expect(stored.dossier.flagged?.reason).toContain('2031');
    expect(stored.events.at(-1)).toMatchObject({ type: 'WORKFLOW_FAILED', data: { missingYear: 2031 } });

    // The centre's flagged queue lists it; the staff page says the appointment cannot be counted.
    const flagged = await call<{ items: { dossierId: string }[] }>(
      stack().urls.api,
      'GET',
      '/staff/inbox?view=flagged',
      { headers: await bearer(stack(), 'lanhdao.ttpvhcc') },
    );
    expect(flagged.body.items.map((i) => i.dossierId)).toContain(d.dossierId);
    const page = await staff<{ acceptPreview?: unknown }>(stack(), 'GET', `/staff/dossiers/${d.dossierId}`);
    expect(page.status).toBe(200);
    expect(page.body.acceptPreview).toBeUndefined();

    // A second attempt is the same 409; the flag is kept once.
    const again = await staff(stack(), 'POST', `/staff/dossiers/${d.dossierId}/intake`, {
      decision: 'ACCEPT',
      version: await version(d.dossierId),
    });
    expect(again.status).toBe(409);
    const events = (await getDossier(d.dossierId))!.events.filter((e) => e.type === 'WORKFLOW_FAILED');
    expect(events).toHaveLength(1);
  });

  it('reads the missing year from the calendar’s error, before or after its range', () => {
    const err = (what: string) =>
      new RangeError(`CALENDAR_OUT_OF_RANGE: ${what} is outside the calendar 2025-01-01 … 2028-12-31`);
    expect(missingCalendarYear(err('3 working days from 2028-12-28'))).toBe(2029);
    expect(missingCalendarYear(err('2024-12-30'))).toBe(2024);
    expect(missingCalendarYear(new RangeError('something else'))).toBeUndefined();
    expect(missingCalendarYear(new Error('CALENDAR_OUT_OF_RANGE'))).toBeUndefined();
  });
});
