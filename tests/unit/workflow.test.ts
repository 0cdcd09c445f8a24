import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarYear } from '../../shared/contracts/calendar.ts';
import {
  DeadlinePolicy,
  type DeadlinePolicyInput,
  type Duration,
} from '../../shared/contracts/deadline-policy.ts';
import { WorkingCalendar } from '../../shared/domain/calendar.ts';
import { daysFromCivil } from '../../shared/domain/calendar-days.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { vnIsoDate } from '../../shared/domain/time.ts';
import {
  allocateDays,
  allotSteps,
  completeStep,
  type DossierStep,
  extendStep,
  nextDepartmentTimer,
  planSteps,
  requestStepSupplement,
  resumeStepAfterSupplement,
  type StepStatus,
  secondsUntil,
  stagesOf,
  startStep,
  stepPhase,
  timerAction,
} from '../../shared/domain/workflow.ts';

/*
 * Vietnam time is UTC+7 without DST; office hours 07:30–17:00; the default cut-off is 15:00.
 * March 2026: Sunday 01/03, so Mondays are 02, 09, 16, 23 and 30/03.
 * April–May 2026 (data/calendar/2026.json): Mon 27/04 compensatory (Hùng Kings on Sun 26/04),
 * Thu 30/04 and Fri 01/05 holidays, 02–03/05 weekend → the working days around them are
 * Fri 24/04, Tue 28/04, Wed 29/04, Mon 04/05, Tue 05/05 …
 */
const readYear = (year: number) =>
  CalendarYear.parse(
    JSON.parse(readFileSync(new URL(`../../data/calendar/${year}.json`, import.meta.url), 'utf8')),
  );
const cal = WorkingCalendar.fromYears([2025, 2026, 2027].map(readYear));

/** An instant given as Vietnamese wall-clock time. */
const vn = (iso: string, hhmm: string) => new Date(`${iso}T${hhmm}:00+07:00`);
const at = (iso: string, hhmm: string) => vn(iso, hhmm).toISOString();
const working = (amount: number): Duration => ({ amount, unit: 'WORKING_DAYS' });
const calendarDays = (amount: number): Duration => ({ amount, unit: 'CALENDAR_DAYS' });
const policyOf = (input: DeadlinePolicyInput = {}) => DeadlinePolicy.parse(input);

const restart = policyOf();
const pause = policyOf({ supplementClock: 'PAUSE' });

/** The lead department's single step, not started yet. */
const pending = (allotted: Duration): DossierStep => planSteps('SXD', allotted, restart)[0]!;
/** A step of `days` working days started at `start` under the default policy. */
const started = (days: number, start: Date, policy = restart) =>
  startStep(pending(working(days)), start, cal, policy);

/** Runs `fn` and returns the DomainError it throws. */
function domainErrorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

describe('share of the statutory time', () => {
  it('splits the days by the largest remainder, never adding a day', () => {
    expect(allocateDays(10, [0.25, 0.25, 0.5])).toEqual([3, 2, 5]); // 2.5, 2.5, 5: the tie goes first
    expect(allocateDays(3, [0.5, 0.3, 0.2])).toEqual([1, 1, 1]); // 1.5, 0.9, 0.6
    expect(allocateDays(7, [1 / 3, 1 / 3, 1 / 3])).toEqual([3, 2, 2]);
    expect(allocateDays(10, [1])).toEqual([10]);
  });

  it('gives every stage a day when there are enough days, taken from the largest', () => {
    expect(allocateDays(10, [0.01, 0.99])).toEqual([1, 9]);
    expect(allocateDays(2, [0.1, 0.1, 0.8])).toEqual([0, 0, 2]); // fewer days than stages
  });

  it('keeps the unit of the statutory deadline, and leaves a same-day deadline untouched', () => {
    expect(
      allotSteps(calendarDays(20), [
        { share: 0.5, stage: 0 },
        { share: 0.5, stage: 1 },
      ]),
    ).toEqual([calendarDays(10), calendarDays(10)]);
    const sameDay: Duration = { amount: 0, unit: 'SAME_DAY' };
    expect(allotSteps(sameDay, [{ share: 0.3, stage: 0 }])).toEqual([sameDay]);
  });

  it('sums the stages to exactly the statutory total, for any chain whose shares add up to 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 20 }),
        (total, weights, extraParallel) => {
          const sum = weights.reduce((a, b) => a + b, 0);
          // k sequential stages with shares adding up to 1, some with parallel agencies.
          const chain = weights.flatMap((w, stage) => [
            { share: w / sum, stage },
            ...Array.from({ length: extraParallel[stage] ?? 0 }, () => ({ share: w / sum / 2, stage })),
          ]);
          const allotted = allotSteps(working(total), chain);
          const perStage = weights.map((_, stage) =>
            Math.max(...allotted.filter((_, i) => chain[i]!.stage === stage).map((a) => a.amount)),
          );
          expect(perStage.reduce((a, b) => a + b, 0)).toBe(total);
          for (const [i, a] of allotted.entries()) {
            expect(a.amount).toBeGreaterThanOrEqual(0);
            expect(a.amount).toBeLessThanOrEqual(perStage[chain[i]!.stage]!);
          }
          if (total >= weights.length) expect(perStage.every((d) => d >= 1)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('planning the steps of a dossier', () => {
  it('gives the lead department the whole time when the procedure is not liên thông', () => {
    expect(planSteps('SXD', working(15), restart)).toEqual([
      {
        stepId: 'S01',
        stage: 0,
        departmentId: 'SXD',
        task: 'Giải quyết hồ sơ',
        allotted: working(15),
        status: 'PENDING',
        reminded: false,
        extended: false,
        supplementRequests: 0,
      },
    ]);
  });

  it('numbers a liên thông chain S01, S02 … with each agency’s stage, task and share of the time', () => {
    const policy = policyOf({
      interAgency: {
        steps: [
          { departmentId: 'SXD', task: 'Thẩm định hồ sơ', share: 0.5, stage: 0 },
          { departmentId: 'CAT', task: 'Thẩm định an toàn PCCC', share: 0.3, stage: 1 },
          { departmentId: 'STNMT', task: 'Cấp giấy chứng nhận', share: 0.2, stage: 2 },
        ],
      },
    });
    const steps = planSteps('UBND', working(20), policy);
    // The lead department is not added: the chain is the procedure's own definition.
    expect(steps.map((s) => [s.stepId, s.stage, s.departmentId, s.task, s.allotted.amount])).toEqual([
      ['S01', 0, 'SXD', 'Thẩm định hồ sơ', 10], // 20 × 0.5
      ['S02', 1, 'CAT', 'Thẩm định an toàn PCCC', 6], // 20 × 0.3
      ['S03', 2, 'STNMT', 'Cấp giấy chứng nhận', 4], // 20 × 0.2
    ]);
    for (const s of steps) {
      expect(s.allotted.unit).toBe('WORKING_DAYS');
      expect(s).toMatchObject({ status: 'PENDING', reminded: false, extended: false, supplementRequests: 0 });
    }
  });

  it('pads the step number to two digits and puts agencies without a stage in stage 0', () => {
    const policy = policyOf({
      interAgency: {
        steps: Array.from({ length: 11 }, (_, i) => ({
          departmentId: `D${i}X`,
          task: 'Cho ý kiến',
          share: 0.1,
        })),
      },
    });
    const steps = planSteps('SXD', working(10), policy);
    expect(steps.map((s) => s.stepId)).toEqual([
      'S01',
      'S02',
      'S03',
      'S04',
      'S05',
      'S06',
      'S07',
      'S08',
      'S09',
      'S10',
      'S11',
    ]);
    expect(new Set(steps.map((s) => s.stage))).toEqual(new Set([0]));
    expect(steps.every((s) => s.allotted.amount === 1)).toBe(true);
  });
});

describe('stages of a dossier', () => {
  const step = (stepId: string, stage: number): DossierStep => ({ ...pending(working(5)), stepId, stage });

  it('runs a sequential chain stage after stage, one step each', () => {
    expect(stagesOf([step('S01', 0), step('S02', 1), step('S03', 2)])).toEqual([
      { steps: ['S01'] },
      { steps: ['S02'] },
      { steps: ['S03'] },
    ]);
  });

  it('groups the steps of one stage to run in parallel', () => {
    expect(
      stagesOf([step('S01', 0), step('S02', 0), step('S03', 1), step('S04', 1), step('S05', 2)]),
    ).toEqual([{ steps: ['S01', 'S02'] }, { steps: ['S03', 'S04'] }, { steps: ['S05'] }]);
  });

  it('orders stages by number, not as text, and skips unused stage numbers', () => {
    expect(stagesOf([step('S01', 10), step('S02', 2), step('S03', 0)])).toEqual([
      { steps: ['S03'] },
      { steps: ['S02'] },
      { steps: ['S01'] },
    ]);
  });

  it('gives the same stages whatever order the steps come in', () => {
    const steps = [
      step('S01', 0),
      step('S02', 1),
      step('S03', 1),
      step('S04', 0),
      step('S10', 1),
      step('S05', 2),
    ];
    const expected = [{ steps: ['S01', 'S04'] }, { steps: ['S02', 'S03', 'S10'] }, { steps: ['S05'] }];
    fc.assert(
      fc.property(fc.shuffledSubarray(steps, { minLength: steps.length }), (shuffled) => {
        expect(stagesOf(shuffled)).toEqual(expected);
      }),
    );
  });

  it('does not reorder the caller’s array', () => {
    const steps = [step('S02', 1), step('S01', 0)];
    stagesOf(steps);
    expect(steps.map((s) => s.stepId)).toEqual(['S02', 'S01']);
  });
});

describe('starting a step', () => {
  it('sets the deadline, the due time and the reminder of a 3-working-day step started Monday morning', () => {
    // Received Mon 02/03/2026 09:00 (before 15:00, counts that day); art. 147 counts from the next
    // day: Tue 03, Wed 04, Thu 05/03 → due Thu 05/03 17:00; reminder 1 working day before: Wed 04/03 07:30.
    const step = started(3, vn('2026-03-02', '09:00'));
    expect(step).toMatchObject({
      status: 'WAITING_DEPARTMENT',
      startedAt: at('2026-03-02', '09:00'),
      dueDate: '2026-03-05',
      dueAt: at('2026-03-05', '17:00'),
      reminderAt: at('2026-03-04', '07:30'),
      reminded: false,
    });
    expect(step.dueAt).toBe('2026-03-05T10:00:00.000Z');
    expect(step.escalatedAt).toBeUndefined();
  });

  it('counts from the next working day when started at or after the 15:00 cut-off', () => {
    // Mon 02/03 15:00 counts as received Tue 03/03: Wed 04, Thu 05, Fri 06/03 → due Fri 06/03 17:00.
    const step = started(3, vn('2026-03-02', '15:00'));
    expect(step.dueDate).toBe('2026-03-06');
    expect(step.dueAt).toBe(at('2026-03-06', '17:00'));
    expect(step.reminderAt).toBe(at('2026-03-05', '07:30'));
    // One minute earlier it still counts from Monday.
    expect(started(3, vn('2026-03-02', '14:59')).dueDate).toBe('2026-03-05');
  });

  it('uses the cut-off of the procedure', () => {
    // Cut-off 16:30: Mon 02/03 16:00 still counts as Monday → due Thu 05/03.
    const late = policyOf({ cutoff: '16:30' });
    expect(started(3, vn('2026-03-02', '16:00'), late).dueDate).toBe('2026-03-05');
  });

  it('counts a step started on a weekend from the next Monday', () => {
    // Sat 07/03 counts as received Mon 09/03: Tue 10, Wed 11 → due Wed 11/03.
    expect(started(2, vn('2026-03-07', '10:00')).dueDate).toBe('2026-03-11');
  });

  it('skips the compensatory Hùng Kings day when counting', () => {
    // Thu 23/04/2026 09:00: Fri 24/04 (1), Sat–Sun, Mon 27/04 off, Tue 28/04 (2).
    expect(started(2, vn('2026-04-23', '09:00')).dueDate).toBe('2026-04-28');
  });

  it('sends no reminder when its time has already passed at the start (a 1-working-day step)', () => {
    // Mon 02/03 09:00, 1 working day → due Tue 03/03 17:00; reminder Mon 02/03 07:30 is already past.
    const step = started(1, vn('2026-03-02', '09:00'));
    expect(step.dueDate).toBe('2026-03-03');
    expect(step.reminderAt).toBe(at('2026-03-02', '07:30'));
    expect(step.reminded).toBe(true);
    expect(nextDepartmentTimer(step, cal)).toEqual(vn('2026-03-03', '17:00'));
  });

  it('still reminds a 1-working-day step started before office hours', () => {
    // Mon 02/03 06:00: the reminder at 07:30 the same day is still ahead.
    const step = started(1, vn('2026-03-02', '06:00'));
    expect(step.reminded).toBe(false);
    expect(nextDepartmentTimer(step, cal)).toEqual(vn('2026-03-02', '07:30'));
  });
});

describe('department timers: reminder and escalation', () => {
  // Due Thu 05/03/2026 17:00, reminder Wed 04/03 07:30.
  const step = started(3, vn('2026-03-02', '09:00'));
  const reminded: DossierStep = { ...step, reminded: true };
  const escalated: DossierStep = { ...reminded, escalatedAt: at('2026-03-05', '17:00') };

  it('wakes up first at the reminder time', () => {
    expect(nextDepartmentTimer(step, cal)).toEqual(vn('2026-03-04', '07:30'));
  });

  it('does nothing before the reminder time', () => {
    expect(timerAction(step, vn('2026-03-02', '09:00'), cal)).toBe('NONE');
    expect(timerAction(step, vn('2026-03-04', '07:29'), cal)).toBe('NONE');
  });

  it('reminds the department at and after the reminder time', () => {
    expect(timerAction(step, vn('2026-03-04', '07:30'), cal)).toBe('REMIND');
    expect(timerAction(step, vn('2026-03-05', '16:59'), cal)).toBe('REMIND');
  });

  it('does not remind twice, and next wakes up at the deadline', () => {
    expect(timerAction(reminded, vn('2026-03-04', '07:30'), cal)).toBe('NONE');
    expect(nextDepartmentTimer(reminded, cal)).toEqual(vn('2026-03-05', '17:00'));
  });

  it('escalates once the deadline is reached, even if the reminder was never sent', () => {
    expect(timerAction(reminded, vn('2026-03-05', '17:00'), cal)).toBe('ESCALATE');
    expect(timerAction(reminded, vn('2026-03-06', '10:00'), cal)).toBe('ESCALATE');
    expect(timerAction(step, vn('2026-03-05', '17:01'), cal)).toBe('ESCALATE');
  });

  it('after an escalation waits until the next office start, then escalates again', () => {
    // Escalated Thu 05/03 17:00 → next working day Fri 06/03 07:30.
    expect(nextDepartmentTimer(escalated, cal)).toEqual(vn('2026-03-06', '07:30'));
    expect(timerAction(escalated, vn('2026-03-05', '17:00'), cal)).toBe('NONE');
    expect(timerAction(escalated, vn('2026-03-06', '07:29'), cal)).toBe('NONE');
    expect(timerAction(escalated, vn('2026-03-06', '07:30'), cal)).toBe('ESCALATE');
  });

  it('escalates again after a weekend on the Monday morning', () => {
    // Escalated Fri 06/03 07:30 → Sat–Sun skipped → Mon 09/03 07:30.
    const again: DossierStep = { ...reminded, escalatedAt: at('2026-03-06', '07:30') };
    expect(nextDepartmentTimer(again, cal)).toEqual(vn('2026-03-09', '07:30'));
    expect(timerAction(again, vn('2026-03-07', '09:00'), cal)).toBe('NONE');
    expect(timerAction(again, vn('2026-03-09', '07:30'), cal)).toBe('ESCALATE');
  });

  it.each<StepStatus>(['PENDING', 'WAITING_CITIZEN', 'DONE', 'REFUSED', 'CANCELLED'])(
    'does nothing for a step that is %s',
    (status) => {
      expect(timerAction({ ...step, status }, vn('2026-03-04', '08:00'), cal)).toBe('NONE');
      expect(timerAction({ ...step, status }, vn('2026-03-10', '08:00'), cal)).toBe('NONE');
    },
  );
});

describe('supplement request from the department', () => {
  // Due Thu 05/03/2026 17:00.
  const step = started(3, vn('2026-03-02', '09:00'));

  it('waits for the citizen for 30 calendar days by default, counted from the next day', () => {
    // Wed 04/03 10:00 + 30 days (art. 147) = Fri 03/04/2026, a working day → due 17:00.
    const asked = requestStepSupplement(step, vn('2026-03-04', '10:00'), cal, restart);
    expect(asked.status).toBe('WAITING_CITIZEN');
    expect(asked.citizenDueAt).toBe(at('2026-04-03', '17:00'));
    expect(asked.supplementRequests).toBe(1);
  });

  it('moves the citizen’s deadline off a rest day to the next working day', () => {
    // Thu 05/03 10:00 + 30 days = Sat 04/04/2026 → Mon 06/04 (art. 148).
    const asked = requestStepSupplement(step, vn('2026-03-05', '10:00'), cal, restart);
    expect(asked.citizenDueAt).toBe(at('2026-04-06', '17:00'));
  });

  it('counts a request made in the evening as made that day (no 15:00 cut-off for the citizen)', () => {
    // Wed 04/03 20:00 still counts Wednesday → Fri 03/04.
    const asked = requestStepSupplement(step, vn('2026-03-04', '20:00'), cal, restart);
    expect(asked.citizenDueAt).toBe(at('2026-04-03', '17:00'));
  });

  it('uses the window of the procedure', () => {
    // 5 working days after Wed 04/03: Thu 05, Fri 06, Mon 09, Tue 10, Wed 11/03.
    const policy = policyOf({ citizenSupplementWindow: working(5) });
    expect(requestStepSupplement(step, vn('2026-03-04', '10:00'), cal, policy).citizenDueAt).toBe(
      at('2026-03-11', '17:00'),
    );
  });

  it('counts every request', () => {
    const asked = requestStepSupplement(
      { ...step, supplementRequests: 2 },
      vn('2026-03-04', '10:00'),
      cal,
      restart,
    );
    expect(asked.supplementRequests).toBe(3);
  });

  it('keeps no remaining time under RESTART: the clock starts over', () => {
    expect(
      requestStepSupplement(step, vn('2026-03-04', '10:00'), cal, restart).remainingMinutes,
    ).toBeUndefined();
  });

  it('keeps the remaining office minutes under PAUSE, counted on whole minutes', () => {
    // Wed 04/03 10:00:45 is taken as 10:00: Wed 10:00–17:00 = 420, Thu 07:30–17:00 = 570 → 990.
    // (Unrounded, 989.25 minutes would give 989.)
    const now = new Date(vn('2026-03-04', '10:00').getTime() + 45_000);
    expect(requestStepSupplement(step, now, cal, pause).remainingMinutes).toBe(990);
  });

  it('keeps no minutes under PAUSE when the deadline has already passed', () => {
    expect(requestStepSupplement(step, vn('2026-03-06', '10:00'), cal, pause).remainingMinutes).toBe(0);
  });

  it.each<StepStatus>(['PENDING', 'WAITING_CITIZEN', 'DONE', 'REFUSED', 'CANCELLED'])(
    'is refused for a step that is %s',
    (status) => {
      const error = domainErrorOf(() =>
        requestStepSupplement({ ...step, status }, vn('2026-03-04', '10:00'), cal, restart),
      );
      expect(error.code).toBe('STEP_NOT_WAITING');
    },
  );
});

describe('resuming after the citizen’s supplement', () => {
  it('restarts the full allotment from the answer day under RESTART (art. 19(4))', () => {
    const step = started(3, vn('2026-03-02', '09:00'));
    const asked = requestStepSupplement(step, vn('2026-03-04', '10:00'), cal, restart);
    // Answered Fri 13/03 16:00, after the cut-off → counts Mon 16/03: Tue 17, Wed 18, Thu 19/03.
    const resumed = resumeStepAfterSupplement(
      { ...asked, reminded: true, escalatedAt: at('2026-03-06', '07:30') },
      vn('2026-03-13', '16:00'),
      cal,
      restart,
    );
    expect(resumed).toMatchObject({
      status: 'WAITING_DEPARTMENT',
      startedAt: at('2026-03-13', '16:00'),
      dueDate: '2026-03-19',
      dueAt: at('2026-03-19', '17:00'),
      reminderAt: at('2026-03-18', '07:30'),
      reminded: false,
      supplementRequests: 1,
    });
    expect(resumed.escalatedAt).toBeUndefined();
    expect(resumed.citizenDueAt).toBeUndefined();
  });

  it('resumes with the office minutes left under PAUSE', () => {
    // 5 working days from Mon 02/03 09:00 → due Mon 09/03 17:00. Paused Wed 04/03 09:00:
    // Wed 480 + Thu 570 + Fri 570 + Mon 570 = 2,190 minutes left.
    const step = started(5, vn('2026-03-02', '09:00'), pause);
    const asked = requestStepSupplement(step, vn('2026-03-04', '09:00'), cal, pause);
    expect(asked.remainingMinutes).toBe(2190);
    // Answered Wed 25/03 09:00: Wed 480 + Thu 26 570 + Fri 27 570 + (Sat–Sun) Mon 30/03 570
    // → ends Mon 30/03 17:00; reminder Fri 27/03 07:30.
    const resumed = resumeStepAfterSupplement(
      { ...asked, reminded: true, escalatedAt: at('2026-03-10', '07:30') },
      vn('2026-03-25', '09:00'),
      cal,
      pause,
    );
    expect(resumed).toMatchObject({
      status: 'WAITING_DEPARTMENT',
      dueDate: '2026-03-30',
      dueAt: at('2026-03-30', '17:00'),
      reminderAt: at('2026-03-27', '07:30'),
      reminded: false,
    });
    expect(resumed.escalatedAt).toBeUndefined();
    expect(resumed.remainingMinutes).toBeUndefined();
    expect(resumed.citizenDueAt).toBeUndefined();
  });

  it('resumes from the start of the answer’s minute under PAUSE', () => {
    // 570 minutes from Wed 25/03 09:00:59 (taken as 09:00): Wed 480 + Thu 26 07:30 + 90 → Thu 09:00.
    const waiting: DossierStep = {
      ...started(5, vn('2026-03-02', '09:00'), pause),
      status: 'WAITING_CITIZEN',
      remainingMinutes: 570,
    };
    const now = new Date(vn('2026-03-25', '09:00').getTime() + 59_000);
    const resumed = resumeStepAfterSupplement(waiting, now, cal, pause);
    expect(resumed.dueAt).toBe(at('2026-03-26', '09:00'));
    expect(resumed.dueDate).toBe('2026-03-26');
    // The reminder, Wed 25/03 07:30, is already past.
    expect(resumed.reminded).toBe(true);
  });

  it.each<StepStatus>(['PENDING', 'WAITING_DEPARTMENT', 'DONE', 'REFUSED', 'CANCELLED'])(
    'is refused for a step that is %s',
    (status) => {
      const step = { ...started(3, vn('2026-03-02', '09:00')), status };
      const error = domainErrorOf(() =>
        resumeStepAfterSupplement(step, vn('2026-03-04', '10:00'), cal, restart),
      );
      expect(error.code).toBe('STEP_NOT_WAITING');
    },
  );
});

describe('extending a step with an apology letter (art. 19(9))', () => {
  // Thu 23/04/2026 09:00, 2 working days → due Tue 28/04/2026 (Mon 27/04 is the Hùng Kings day off).
  const step = started(2, vn('2026-04-23', '09:00'));
  const now = vn('2026-04-24', '10:00');

  it('moves the deadline by working days across the 30/04–01/05 holidays', () => {
    expect(step.dueDate).toBe('2026-04-28');
    // From Tue 28/04: Wed 29/04 (1), Thu 30/04 and Fri 01/05 holidays, Sat–Sun, Mon 04/05 (2), Tue 05/05 (3).
    const extended = extendStep(step, working(3), now, cal, restart);
    expect(extended).toMatchObject({
      extended: true,
      dueDate: '2026-05-05',
      dueAt: at('2026-05-05', '17:00'),
      reminderAt: at('2026-05-04', '07:30'),
      reminded: false,
    });
    expect(extended.escalatedAt).toBeUndefined();
  });

  it('allows exactly the maximum extension', () => {
    // From Tue 28/04: 29/04 (1), 04/05 (2), 05 (3), 06 (4), 07 (5), 08 (6), 11 (7), 12 (8), 13 (9), Thu 14/05 (10).
    expect(extendStep(step, working(10), now, cal, restart).dueDate).toBe('2026-05-14');
  });

  it('clears an escalation and a sent reminder when the new date is still ahead', () => {
    const overdue: DossierStep = { ...step, reminded: true, escalatedAt: at('2026-04-28', '17:00') };
    const extended = extendStep(overdue, working(3), vn('2026-04-29', '08:00'), cal, restart);
    expect(extended.escalatedAt).toBeUndefined();
    expect(extended.reminded).toBe(false);
  });

  it('marks the reminder as sent when the new reminder time has already passed', () => {
    // New due Wed 29/04, reminder Tue 28/04 07:30 — extended on Tue 28/04 at 10:00.
    const extended = extendStep(step, working(1), vn('2026-04-28', '10:00'), cal, restart);
    expect(extended.dueDate).toBe('2026-04-29');
    expect(extended.reminded).toBe(true);
  });

  it('allows one extension only', () => {
    const extended = extendStep(step, working(1), now, cal, restart);
    expect(domainErrorOf(() => extendStep(extended, working(1), now, cal, restart)).code).toBe(
      'DEADLINE_EXTENSION_USED',
    );
  });

  it('refuses an extension longer than the procedure allows', () => {
    expect(domainErrorOf(() => extendStep(step, working(11), now, cal, restart)).code).toBe(
      'VALIDATION_FAILED',
    );
    const short = policyOf({ maxExtension: working(5) });
    expect(domainErrorOf(() => extendStep(step, working(6), now, cal, short)).code).toBe('VALIDATION_FAILED');
  });

  it('refuses an extension in another unit than the procedure’s maximum', () => {
    const error = domainErrorOf(() => extendStep(step, calendarDays(3), now, cal, restart));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('10 ngày làm việc');
  });

  it('moves a calendar-day extension that lands on a rest day to the next working day', () => {
    const policy = policyOf({ maxExtension: calendarDays(10) });
    // Tue 28/04 + 3 days = Fri 01/05 (holiday) → Sat, Sun → Mon 04/05.
    expect(extendStep(step, calendarDays(3), now, cal, policy).dueDate).toBe('2026-05-04');
    // Tue 28/04 + 4 days = Sat 02/05 → Mon 04/05.
    expect(extendStep(step, calendarDays(4), now, cal, policy).dueDate).toBe('2026-05-04');
    // Tue 28/04 + 7 days = Tue 05/05, a working day.
    expect(extendStep(step, calendarDays(7), now, cal, policy).dueDate).toBe('2026-05-05');
    expect(extendStep(step, calendarDays(3), now, cal, policy).dueAt).toBe(at('2026-05-04', '17:00'));
  });

  it('is refused for a step not waiting for the department', () => {
    const error = domainErrorOf(() =>
      extendStep({ ...step, status: 'WAITING_CITIZEN' }, working(1), now, cal, restart),
    );
    expect(error.code).toBe('STEP_NOT_WAITING');
  });
});

describe('completing a step', () => {
  // Due Thu 05/03/2026 17:00.
  const step = started(3, vn('2026-03-02', '09:00'));

  it('is EARLY when finished on a day before the due date', () => {
    const done = completeStep(step, vn('2026-03-04', '16:59'));
    expect(done).toMatchObject({
      status: 'DONE',
      completedAt: at('2026-03-04', '16:59'),
      classification: 'EARLY',
    });
  });

  it('is ON_TIME when finished on the due date up to 17:00', () => {
    expect(completeStep(step, vn('2026-03-05', '07:00')).classification).toBe('ON_TIME');
    expect(completeStep(step, vn('2026-03-05', '17:00')).classification).toBe('ON_TIME');
  });

  it('is LATE after the due time', () => {
    expect(completeStep(step, vn('2026-03-05', '17:01')).classification).toBe('LATE');
    expect(completeStep(step, vn('2026-03-09', '08:00')).classification).toBe('LATE');
  });

  it.each<StepStatus>(['PENDING', 'WAITING_CITIZEN', 'DONE', 'REFUSED', 'CANCELLED'])(
    'is refused for a step that is %s',
    (status) => {
      expect(domainErrorOf(() => completeStep({ ...step, status }, vn('2026-03-04', '10:00'))).code).toBe(
        'STEP_NOT_WAITING',
      );
    },
  );
});

describe('where a step’s sub-workflow goes next', () => {
  it.each<[StepStatus, string]>([
    ['PENDING', 'WAIT_DEPARTMENT'],
    ['WAITING_DEPARTMENT', 'WAIT_DEPARTMENT'],
    ['WAITING_CITIZEN', 'WAIT_CITIZEN'],
    ['DONE', 'DONE'],
    ['REFUSED', 'STOP'],
    ['CANCELLED', 'STOP'],
  ])('goes from %s to %s', (status, phase) => {
    expect(stepPhase({ ...pending(working(3)), status })).toBe(phase);
  });
});

describe('seconds until a timer', () => {
  const now = vn('2026-03-02', '09:00');

  it('rounds up to whole seconds', () => {
    expect(secondsUntil(new Date(now.getTime() + 600_000), now)).toBe(600);
    expect(secondsUntil(new Date(now.getTime() + 1_500), now)).toBe(2);
  });

  it('is never below one second, even for a time already past', () => {
    expect(secondsUntil(now, now)).toBe(1);
    expect(secondsUntil(new Date(now.getTime() + 1), now)).toBe(1);
    expect(secondsUntil(vn('2026-03-01', '09:00'), now)).toBe(1);
  });
});

describe('properties of a started step', () => {
  // Any minute of 2026, Vietnam time; 20 working days from late December reach into 2027.
  const FIRST = daysFromCivil(2026, 1, 1) * 1440;
  const LAST = daysFromCivil(2026, 12, 31) * 1440 + 1439;
  const anyStart = fc
    .integer({ min: FIRST, max: LAST })
    .map((vnMinute) => new Date((vnMinute - 7 * 60) * 60_000));

  it('is due on a working day at 17:00, reminded no later than that, and wakes up after its start', () => {
    fc.assert(
      fc.property(anyStart, fc.integer({ min: 1, max: 20 }), (start, days) => {
        const step = started(days, start);
        const dueAt = new Date(step.dueAt!);
        const reminderAt = new Date(step.reminderAt!);
        expect(cal.isWorkingDay(step.dueDate!)).toBe(true);
        expect(vnIsoDate(dueAt)).toBe(step.dueDate);
        expect(dueAt > start).toBe(true);
        expect(reminderAt <= dueAt).toBe(true);
        expect(step.reminded).toBe(reminderAt <= start);
        const wake = nextDepartmentTimer(step, cal);
        if (step.reminded) expect(wake).toEqual(dueAt);
        else {
          expect(wake).toEqual(reminderAt);
          expect(wake > start).toBe(true);
        }
        expect(timerAction(step, start, cal)).toBe('NONE');
      }),
      { numRuns: 500 },
    );
  });
});

describe('a paused clock with no time left', () => {
  it('never puts the new deadline on a rest day (Civil Code art. 148)', async () => {
    const { readFileSync } = await import('node:fs');
    const { WorkingCalendar } = await import('../../shared/domain/calendar.ts');
    const { CalendarYear } = await import('../../shared/contracts/calendar.ts');
    const { DeadlinePolicy } = await import('../../shared/contracts/deadline-policy.ts');
    const wf = await import('../../shared/domain/workflow.ts');
    const years = ['2025', '2026', '2027'].map((y) =>
      CalendarYear.parse(
        JSON.parse(readFileSync(new URL(`../../data/calendar/${y}.json`, import.meta.url), 'utf8')),
      ),
    );
    const cal = WorkingCalendar.fromYears(years);
    const policy = DeadlinePolicy.parse({ supplementClock: 'PAUSE' });
    const [step] = wf.planSteps('STC', { amount: 3, unit: 'WORKING_DAYS' }, policy);
    // Started Mon 02/03/2026 09:00: due Thu 05/03 17:00.
    const started = wf.startStep(step!, new Date('2026-03-02T02:00:00Z'), cal, policy);
    // Supplement asked Fri 06/03 10:00, after the deadline: nothing left.
    const waiting = wf.requestStepSupplement(started, new Date('2026-03-06T03:00:00Z'), cal, policy);
    expect(waiting.remainingMinutes).toBe(0);
    // Answered Saturday 07/03 10:00: due the next working day, Monday 09/03, end of office hours.
    const resumed = wf.resumeStepAfterSupplement(waiting, new Date('2026-03-07T03:00:00Z'), cal, policy);
    expect(resumed.dueDate).toBe('2026-03-09');
    expect(resumed.dueAt).toBe('2026-03-09T10:00:00.000Z');
  });
});
