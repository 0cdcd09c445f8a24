import { describe, expect, it } from 'vitest';
import {
  figures,
  isInProgress,
  isOverdueStep,
  mergeDeltas,
  monthsBetween,
  recompute,
  type StatsAttrs,
  tally,
} from '../../shared/domain/statistics.ts';

const ONLINE: StatsAttrs = { departmentId: 'STC', procedureCode: '2.001610', channel: 'ONLINE' };
const COUNTER: StatsAttrs = { ...ONLINE, channel: 'COUNTER' };

describe('tally', () => {
  it('counts a receipt on the Vietnamese date, with the online share and the in-progress gauge', () => {
    // 23:30 UTC on 31/03 is 06:30 on 01/04 in Vietnam: April's figure.
    const deltas = tally(ONLINE, {
      type: 'INTAKE_ACCEPTED',
      at: '2026-03-31T23:30:00Z',
      data: { inProgress: 1 },
    });
    expect(deltas).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'flow', field: 'received', date: '2026-04-01', by: 1 }),
        expect.objectContaining({ kind: 'flow', field: 'receivedOnline', date: '2026-04-01', by: 1 }),
        expect.objectContaining({ kind: 'gauge', field: 'inProgress', by: 1 }),
      ]),
    );
    expect(
      tally(COUNTER, { type: 'INTAKE_ACCEPTED', at: '2026-03-02T02:00:00Z' }).map((d) => d.field),
    ).toEqual(['received', 'receivedCounter']);
  });

  it('classifies results and counts each agency’s step under that agency', () => {
    const late = tally(ONLINE, {
      type: 'RESULT_READY',
      at: '2026-03-10T02:00:00Z',
      data: { outcome: 'LATE', inProgress: -1 },
    });
    expect(late.map((d) => `${d.kind}:${d.field}:${d.by}`).sort()).toEqual(
      ['flow:late:1', 'flow:resolved:1', 'gauge:inProgress:-1'].sort(),
    );
    const step = tally(ONLINE, {
      type: 'STEP_COMPLETED',
      at: '2026-03-10T02:00:00Z',
      data: { departmentId: 'SXD', classification: 'EARLY', overdueClosed: ['SXD'] },
    });
    expect(step.map((d) => `${d.departmentId}:${d.kind}:${d.field}:${d.by}`).sort()).toEqual(
      ['SXD:flow:stepsDone:1', 'SXD:flow:stepsEarly:1', 'SXD:gauge:overdueNow:-1'].sort(),
    );
  });

  it('counts an overdue step once when it becomes overdue, and ratings as points', () => {
    const opened = tally(ONLINE, {
      type: 'STEP_ESCALATED',
      at: '2026-03-10T10:00:00Z',
      data: { overdueOpened: ['SCT'] },
    });
    expect(opened.map((d) => `${d.departmentId}:${d.field}:${d.by}`).sort()).toEqual([
      'SCT:overdueNow:1',
      'SCT:stepsOverdue:1',
    ]);
    expect(tally(ONLINE, { type: 'STEP_ESCALATED', at: '2026-03-11T10:00:00Z', data: {} })).toEqual([]);
    const rated = tally(ONLINE, { type: 'RATED', at: '2026-03-11T10:00:00Z', data: { total: 15, max: 18 } });
    expect(Object.fromEntries(rated.map((d) => [d.field, d.by]))).toEqual({
      ratings: 1,
      ratingPoints: 15,
      ratingMax: 18,
    });
  });

  it('ignores events that move no figure', () => {
    for (const type of ['NOTE_ADDED', 'STEP_REMINDED', 'WORKFLOW_CLOSED', 'DRAFT_CREATED'] as const) {
      expect(tally(ONLINE, { type, at: '2026-03-11T10:00:00Z' })).toEqual([]);
    }
  });
});

describe('figures', () => {
  it('derives rates from sums, never averages of rates', () => {
    const f = figures([
      {
        departmentId: 'A',
        procedureCode: 'p',
        values: { resolved: 1, early: 1, received: 1, receivedOnline: 1 },
      },
      { departmentId: 'B', procedureCode: 'p', values: { resolved: 3, late: 3, received: 3 } },
    ]);
    expect(f.onTimeRate).toBe(25);
    expect(f.onlineShare).toBe(25);
    expect(f.satisfaction).toBeNull();
    expect(figures([]).onTimeRate).toBeNull();
  });
});

describe('recompute and merge', () => {
  it('merges deltas per cell so a transaction touches each counter item once', () => {
    const cells = mergeDeltas([
      ...tally(ONLINE, { type: 'SUBMITTED', at: '2026-03-02T02:00:00Z' }),
      ...tally(ONLINE, { type: 'INTAKE_ACCEPTED', at: '2026-03-02T03:00:00Z', data: { inProgress: 1 } }),
    ]);
    expect(cells.size).toBe(2); // one daily cell, one gauge cell
    const daily = [...cells.values()].find((c) => c.sample.kind === 'flow')!;
    expect(Object.fromEntries(daily.fields)).toEqual({ submitted: 1, received: 1, receivedOnline: 1 });
  });

  it('rolls days up into months', () => {
    const { daily, monthly, gauges } = recompute([
      {
        attrs: ONLINE,
        events: [
          { type: 'SUBMITTED', at: '2026-03-02T02:00:00Z' },
          { type: 'SUBMITTED', at: '2026-03-03T02:00:00Z' },
          { type: 'INTAKE_ACCEPTED', at: '2026-03-03T03:00:00Z', data: { inProgress: 1 } },
        ],
      },
    ]);
    expect(daily.size).toBe(2);
    expect([...monthly.values()]).toEqual([
      {
        departmentId: 'STC',
        procedureCode: '2.001610',
        period: '2026-03',
        values: { submitted: 2, received: 1, receivedOnline: 1 },
      },
    ]);
    expect([...gauges.values()][0]!.values).toEqual({ inProgress: 1 });
  });

  it('lists the months of a period across a year end', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03-15', '2026-03-20')).toEqual(['2026-03']);
    expect(monthsBetween('2026-04', '2026-03')).toEqual([]);
  });
});

describe('states counted by the gauges', () => {
  it('counts a dossier in progress from receipt until it is resolved or ends', () => {
    const appointment = { dueDate: '2026-03-05', dueAt: '2026-03-05T10:00:00Z' };
    expect(isInProgress({ status: 'SUBMITTED' })).toBe(false);
    expect(isInProgress({ status: 'SUPPLEMENT_REQUESTED' })).toBe(false); // at intake: not received yet
    expect(isInProgress({ status: 'SUPPLEMENT_REQUESTED', appointment })).toBe(true);
    expect(isInProgress({ status: 'IN_PROGRESS', appointment })).toBe(true);
    expect(isInProgress({ status: 'RESULT_READY', appointment })).toBe(false);
    expect(isInProgress({ status: 'WITHDRAWN', appointment })).toBe(false);
  });

  it('counts a step overdue while the department holds it escalated', () => {
    const at = '2026-03-06T02:00:00Z';
    expect(isOverdueStep({ status: 'WAITING_DEPARTMENT', escalatedAt: at })).toBe(true);
    expect(isOverdueStep({ status: 'AWAITING_APPROVAL', escalatedAt: at })).toBe(true);
    expect(isOverdueStep({ status: 'WAITING_CITIZEN', escalatedAt: at })).toBe(false);
    expect(isOverdueStep({ status: 'DONE', escalatedAt: at })).toBe(false);
    expect(isOverdueStep({ status: 'WAITING_DEPARTMENT' })).toBe(false);
  });
});
