import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/local/stack.ts';
import type { CalendarYear } from '../../shared/contracts/calendar.ts';
import { useLocalStack } from '../support/api.ts';
import { accept, type Submitted, staff, submit } from '../support/workflow.ts';

/**
 * Changing next year's calendar (issue 7, Done-when): confirming the provisional 2027 with a
 * swapped day moves the deadlines computed after the change, and never one computed before it.
 *
 * Clock: Thursday 31 December 2026, 09:00. 2.001610 takes 3 working days, counted from the day
 * after receipt (Civil Code art. 147): 1 January is New Year's Day, so under the provisional 2027
 * they are Mon 4, Tue 5, Wed 6 January.
 */
const THU_2026_12_31_0900 = Date.parse('2026-12-31T02:00:00Z');
const stack = useLocalStack({ clockStartMs: THU_2026_12_31_0900, retryIntervalMs: 5 });

const provisional2027 = () =>
  JSON.parse(readFileSync(path.join(REPO_ROOT, 'data', 'calendar', '2027.json'), 'utf8')) as CalendarYear;

interface StaffDossier {
  dossier: { appointment?: { dueDate: string } };
  steps: { dueDate?: string }[];
  events: { type: string; data?: { provisional?: boolean } }[];
}

async function received(): Promise<{ d: Submitted; due: () => Promise<[string, string[]]> }> {
  const d = await submit(stack());
  expect((await accept(stack(), d)).status).toBe(200);
  const due = async (): Promise<[string, string[]]> => {
    const res = await staff<StaffDossier>(
      stack(),
      'GET',
      `/staff/dossiers/${d.dossierId}`,
      undefined,
      'lanhdao.ttpvhcc',
    );
    return [res.body.dossier.appointment?.dueDate ?? '', res.body.steps.map((s) => s.dueDate ?? '')];
  };
  return { d, due };
}

async function put2027(days: CalendarYear['days'], status: CalendarYear['status']) {
  const year = {
    ...provisional2027(),
    status,
    days,
    sources: ['Quyết định của Thủ tướng Chính phủ (thử nghiệm)'],
  };
  const res = await staff(stack(), 'PUT', '/admin/calendar/2027', year);
  expect(res.status).toBe(200);
}

describe("changing next year's calendar", () => {
  it('moves the deadlines computed after the change and keeps those computed before', async () => {
    const a = await received();
    expect(await a.due()).toEqual(['2027-01-06', ['2027-01-06']]);
    const aEvents = await staff<StaffDossier>(stack(), 'GET', `/staff/dossiers/${a.d.dossierId}`);
    // Computed on a provisional year: flagged as such.
    expect(aEvents.body.events.find((e) => e.type === 'INTAKE_ACCEPTED')?.data?.provisional).toBe(true);

    // Confirmed with a bridge: Monday 4 January off, worked back on Saturday 9 January.
    const bridge: CalendarYear['days'] = [
      ...provisional2027().days,
      { date: '2027-01-04', kind: 'SWAPPED_OFF' as const, name: 'Nghỉ hoán đổi', nameEn: 'Swapped day off' },
      { date: '2027-01-09', kind: 'SWAPPED_WORKDAY' as const, name: 'Làm bù', nameEn: 'Swapped working day' },
    ].sort((x, y) => x.date.localeCompare(y.date));
    await put2027(bridge, 'DECIDED');

    // After the change: Tue 5, Wed 6, Thu 7 January; no longer provisional.
    const b = await received();
    expect(await b.due()).toEqual(['2027-01-07', ['2027-01-07']]);
    const bEvents = await staff<StaffDossier>(stack(), 'GET', `/staff/dossiers/${b.d.dossierId}`);
    expect(bEvents.body.events.find((e) => e.type === 'INTAKE_ACCEPTED')?.data?.provisional).toBe(false);
    // Before the change: unchanged.
    expect(await a.due()).toEqual(['2027-01-06', ['2027-01-06']]);

    // A second change: Saturday 2 January becomes a working day. Sat 2, Tue 5, Wed 6 January.
    await put2027(
      [
        ...bridge,
        {
          date: '2027-01-02',
          kind: 'SWAPPED_WORKDAY' as const,
          name: 'Làm bù',
          nameEn: 'Swapped working day',
        },
      ].sort((x, y) => x.date.localeCompare(y.date)),
      'DECIDED',
    );
    const c = await received();
    expect(await c.due()).toEqual(['2027-01-06', ['2027-01-06']]);
    expect(await b.due()).toEqual(['2027-01-07', ['2027-01-07']]);
    expect(await a.due()).toEqual(['2027-01-06', ['2027-01-06']]);

    // Both changes are in the administration audit of December 2026.
    const audit = await staff<{ items: { action: string; target: string; actor: string }[] }>(
      stack(),
      'GET',
      '/admin/audit?month=2026-12',
    );
    expect(
      audit.body.items.filter((i) => i.action === 'CALENDAR_YEAR_SAVED' && i.actor === 'local-quantri'),
    ).toHaveLength(2);
  });
});
