import { describe, expect, it } from 'vitest';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { JOBS } from '../../shared/contracts/jobs.ts';
import { useLocalStack } from '../support/api.ts';
import { accept, advanceTo, eventTypes, MON_2026_03_02_0900, submit } from '../support/workflow.ts';

/**
 * The scheduled jobs of the job table run on the local clock, at their table rate, through their
 * real handlers; the overdue scan emits Motcua/OverdueDossiers (EMF lines) per department.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });

/** The EMF values of `metric` the code emitted from `from` on: [dimension value or 'total', value]. */
const emitted = (metric: string, from = 0) =>
  stack()
    .metrics()
    .slice(from)
    .filter((l) => metric in l)
    .map((o) => [String(o.Department ?? 'total'), o[metric] as number] as const);

describe('scheduled jobs on the local clock', () => {
  it('runs every job of the job table at its rate as the clock moves', async () => {
    const before = stack().jobRuns();
    expect(Object.keys(before).sort()).toEqual(JOBS.map((j) => j.id).sort());
    await stack().clock.advance(2 * 60 * 60_000);
    const after = stack().jobRuns();
    for (const job of JOBS) {
      const runs = after[job.id]! - before[job.id]!;
      expect(runs, job.id).toBeGreaterThanOrEqual(Math.floor(120 / job.everyMinutes));
      expect(runs, job.id).toBeLessThanOrEqual(Math.ceil(120 / job.everyMinutes));
    }
  });

  it('emits OverdueDossiers per department once a step is past its deadline, and 0 elsewhere', async () => {
    await stack().runJob('OverdueScan');
    const baseline = emitted('OverdueDossiers');
    expect(baseline.find(([d]) => d === 'total')).toEqual(['total', 0]);
    expect(baseline.find(([d]) => d === 'SCT')).toEqual(['SCT', 0]);

    const d = await submit(stack());
    await accept(stack(), d);
    const step = (await getDossier(d.dossierId))!.steps[0]!;
    const due = step.dueDate!;
    const mark = stack().metrics().length;
    await advanceTo(stack(), `${due} 18:30`);
    expect(await eventTypes(d.dossierId)).toContain('STEP_ESCALATED');
    // the hourly run after the escalation, by the clock (not called by the test)
    const seen = emitted('OverdueDossiers', mark);
    expect(seen.at(-1)).toBeDefined();
    const lastTotal = seen.filter(([k]) => k === 'total').at(-1);
    expect(lastTotal).toEqual(['total', 1]);
    const dept = step.departmentId;
    expect(seen.filter(([k]) => k === dept).at(-1)).toEqual([dept, 1]);
    const others = seen.filter(([k]) => k !== dept && k !== 'total');
    expect(others.length).toBeGreaterThan(0);
    expect(new Set(others.slice(-3).map(([, v]) => v))).toEqual(new Set([0]));
  });
});
