import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rateOf } from '../../infra/stacks/jobs-stack.ts';
import { JOBS } from '../../shared/contracts/jobs.ts';
import { buildApp, functionOf, REPO_ROOT, type Resource } from './support.ts';

/**
 * The job table (shared/contracts/jobs.ts) against what CDK deploys: every job the local stack runs
 * on its clock has its own function and an EventBridge Scheduler schedule at the same rate.
 */
const { t, stacks } = buildApp('dev');
const schedules = Object.values(t.jobs.findResources('AWS::Scheduler::Schedule')) as Resource[];
/** The logical id the schedule targets: the `live` alias of its job's function (`<job id>Live…`). */
const fnIdOfTarget = (s: Resource) => (s.Properties.Target as { Arn: { Ref?: string } }).Arn.Ref;

describe('the job table and the deployed schedules', () => {
  it('deploys a schedule for every job the local stack runs, and no other', () => {
    const scheduled = schedules.map((s) => {
      const logicalId = fnIdOfTarget(s);
      const job = JOBS.find((j) => logicalId?.startsWith(j.id));
      return job?.id ?? `unknown target ${logicalId}`;
    });
    expect(scheduled.sort()).toEqual(JOBS.map((j) => j.id).sort());
  });

  it('runs each job at the rate of the job table, enabled, in the environment schedule group', () => {
    for (const job of JOBS) {
      const s = schedules.find((x) => fnIdOfTarget(x)?.startsWith(job.id));
      expect(s, job.id).toBeDefined();
      const d = rateOf(job.everyMinutes);
      const unit = d.toMinutes() % 1440 === 0 ? 'day' : d.toMinutes() % 60 === 0 ? 'hour' : 'minute';
      const n = unit === 'day' ? d.toDays() : unit === 'hour' ? d.toHours() : d.toMinutes();
      expect(s!.Properties.ScheduleExpression).toBe(`rate(${n} ${unit}${n === 1 ? '' : 's'})`);
      expect(s!.Properties.State).toBe('ENABLED');
      expect(s!.Properties.GroupName).toBe(stacks.jobs.group.scheduleGroupName);
      // the target runs exactly the handler the local stack loads
      const [, fn] = functionOf(t.jobs, job.id);
      expect(fn.Properties.Handler).toBe(`index.${job.exportName ?? 'handler'}`);
    }
    expect([...stacks.jobs.functions.keys()].sort()).toEqual(JOBS.map((j) => j.id).sort());
  });

  it('has the local stack run every job of the table on its clock (not a hand-picked list)', () => {
    const local = readFileSync(path.join(REPO_ROOT, 'infra/local/stack.ts'), 'utf8');
    expect(local).toMatch(/for \(const job of JOBS\)/);
    expect(local).not.toMatch(/sweepOutbox\(/);
  });

  it('alarms when the scheduler cannot invoke a job, and on each job function error', () => {
    const alarms = Object.values(t.monitoring.findResources('AWS::CloudWatch::Alarm')) as Resource[];
    const names = alarms.map((a) => JSON.stringify(a.Properties.AlarmName));
    for (const job of JOBS)
      expect(
        names.some((n) => n.includes(`${job.id}ErrorsAlarm`)),
        job.id,
      ).toBe(true);
    expect(names.some((n) => n.includes('ScheduledJobFailuresAlarm'))).toBe(true);
  });
});
