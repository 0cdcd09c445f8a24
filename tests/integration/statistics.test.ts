import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../infra/local/seeded-random.ts';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { gaugeRows, monthlyRows } from '../../shared/adapters/stats-repository.ts';
import { RATING_INDICES } from '../../shared/contracts/dossier.ts';
import type { DossierStatus } from '../../shared/domain/lifecycle.ts';
import {
  type Figures,
  FLOW_FIELDS,
  figures,
  isInProgress,
  isOverdueStep,
} from '../../shared/domain/statistics.ts';
import { checkCounters } from '../../shared/services/statistics-recompute.ts';
import { call, DAILY_JOBS, useLocalStack } from '../support/api.ts';
import {
  advanceTo,
  bearer,
  citizen,
  decide,
  MON_2026_03_02_0900,
  type Submitted,
  seedFixtureProcedures,
  staff,
  submit,
  version,
  vn,
} from '../support/workflow.ts';

/**
 * The statistics, proved against the events: a seeded random scenario of more than 500 dossiers
 * over four simulated months on the local stack (real handlers, real workflow, the local clock),
 * with every kind of outcome — accepted, refused, supplements answered and lapsed, withdrawn,
 * completed early, on time and late, re-dated with an apology, escalated, handed back, rated.
 * Then every daily, monthly and gauge counter must equal its recomputation from the events, the
 * gauges must equal what the dossiers' own states say, and the public page must publish exactly
 * the counters.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5, ...DAILY_JOBS });

const PROCEDURES = ['9.900001', '9.900002', '9.900003', '9.900004', '9.900005'];
const PER_DAY = 6;
const FIRST_MONTH = '2026-03';
const LAST_MONTH = '2026-06';

function workingDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const d = new Date(t);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

/** Runs `jobs` with at most `n` at a time. */
async function pool(jobs: (() => Promise<unknown>)[], n: number) {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < jobs.length) await jobs[next++]!();
    }),
  );
}

const pick = <T>(r: () => number, xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;

describe('statistics maintained on write', () => {
  it('equal their recomputation from the events after 500+ random dossiers over four months', async () => {
    await seedFixtureProcedures();
    const r = seededRandom(20260302);
    const all: Submitted[] = [];
    /** Dossiers nothing more will happen to (ended, or returned and rated). */
    const settled = new Set<string>();
    /** Applicants who never answer a supplement request. */
    const silent = new Set<string>();
    const serverErrors: string[] = [];
    const track = (what: string, res: { status: number }) => {
      if (res.status >= 500) serverErrors.push(`${what}: ${res.status}`);
      return res;
    };
    const days = workingDays('2026-03-02', '2026-06-26');
    for (const day of days) {
      if (vn(`${day} 08:30`).getTime() > stack().clock.now()) await advanceTo(stack(), `${day} 08:30`);
      // The day's work on what is open, decided on fresh reads.
      const jobs: (() => Promise<unknown>)[] = [];
      for (const d of all) {
        if (settled.has(d.dossierId)) continue;
        const agg = await getDossier(d.dossierId);
        if (!agg) continue;
        const { dossier, steps } = agg;
        if (['REFUSED', 'WITHDRAWN', 'LAPSED'].includes(dossier.status) || dossier.rated) {
          settled.add(d.dossierId);
          continue;
        }
        const status: DossierStatus = dossier.status;
        const x = r();
        if (status === 'SUBMITTED') {
          const path = `/staff/dossiers/${d.dossierId}/intake`;
          const v = dossier.version;
          if (x < 0.8)
            jobs.push(async () =>
              track('accept', await staff(stack(), 'POST', path, { decision: 'ACCEPT', version: v })),
            );
          else if (x < 0.87)
            jobs.push(async () =>
              track(
                'intake supplement',
                await staff(stack(), 'POST', path, {
                  decision: 'SUPPLEMENT',
                  version: v,
                  missing: ['Bản sao giấy tờ'],
                }),
              ),
            );
          else if (x < 0.92)
            jobs.push(async () =>
              track(
                'intake refuse',
                await staff(stack(), 'POST', path, {
                  decision: 'REFUSE',
                  version: v,
                  reasons: ['Không thuộc thẩm quyền'],
                }),
              ),
            );
          else if (x < 0.95) jobs.push(async () => track('withdraw', await citizen(stack(), d, 'withdraw')));
        } else if (status === 'SUPPLEMENT_REQUESTED') {
          // One applicant in eight never answers (the dossier lapses); the others may, day by day.
          if (!silent.has(d.dossierId) && x < 0.35)
            jobs.push(async () => track('supplement', await citizen(stack(), d, 'supplement')));
        } else if (status === 'IN_PROGRESS') {
          for (const s of steps) {
            const y = r();
            if (s.status === 'AWAITING_APPROVAL') {
              if (y < 0.7)
                jobs.push(async () =>
                  track(
                    'approve',
                    await staff(
                      stack(),
                      'POST',
                      `/staff/dossiers/${d.dossierId}/steps/${s.stepId}/decision`,
                      { action: 'APPROVE', version: await version(d.dossierId) },
                      `${s.departmentId.toLowerCase()}.truongphong`,
                    ),
                  ),
                );
            } else if (s.status === 'WAITING_DEPARTMENT') {
              if (y < 0.3)
                jobs.push(async () =>
                  track('complete', await decide(stack(), d, s.stepId, { action: 'COMPLETE' })),
                );
              else if (y < 0.33 && s.supplementRequests === 0)
                jobs.push(async () =>
                  track(
                    'step supplement',
                    await decide(stack(), d, s.stepId, { action: 'REQUEST_SUPPLEMENT', missing: ['Bản vẽ'] }),
                  ),
                );
              else if (y < 0.36 && !s.extended)
                jobs.push(async () =>
                  track(
                    'extend',
                    await decide(stack(), d, s.stepId, {
                      action: 'EXTEND',
                      extension: { amount: 3, unit: 'WORKING_DAYS' },
                      reasons: ['Cần xác minh thêm'],
                    }),
                  ),
                );
              else if (y < 0.38)
                jobs.push(async () =>
                  track(
                    'refuse',
                    await decide(stack(), d, s.stepId, { action: 'REFUSE', reasons: ['Không đủ điều kiện'] }),
                  ),
                );
            }
          }
          if (x < 0.03) jobs.push(async () => track('withdraw', await citizen(stack(), d, 'withdraw')));
        } else if (status === 'RESULT_READY') {
          if (x < 0.6)
            jobs.push(async () =>
              track(
                'hand back',
                await staff(stack(), 'POST', `/staff/dossiers/${d.dossierId}/hand-back`, {
                  version: dossier.version,
                }),
              ),
            );
        } else if (status === 'RETURNED' && !dossier.rated && x < 0.5) {
          const scores = Object.fromEntries(RATING_INDICES.map((k) => [k, pick(r, [0, 1, 2, 2, 2])]));
          jobs.push(async () =>
            track(
              'rate',
              await call(stack().urls.api, 'POST', `/lookup/${d.code}/rating`, {
                body: { scores },
                headers: { 'x-lookup-secret': d.secret },
              }),
            ),
          );
        }
      }
      await pool(jobs, 4);
      // Today's new dossiers.
      await advanceTo(stack(), `${day} 10:00`);
      const made = await Promise.all(
        Array.from({ length: PER_DAY }, () => submit(stack(), pick(r, PROCEDURES))),
      );
      for (const d of made) if (r() < 0.125) silent.add(d.dossierId);
      all.push(...made);
    }
    await stack().sfn.settle();

    expect(serverErrors).toEqual([]);
    expect(all.length).toBeGreaterThanOrEqual(500);

    // 1. Every counter equals its recomputation from the events.
    const months = ['2026-03', '2026-04', '2026-05', '2026-06'];
    const checked = await checkCounters(FIRST_MONTH, LAST_MONTH, months);
    expect(checked.dossiers).toBe(all.length);
    expect(checked.differences).toEqual([]);

    // 2. The gauges equal what the dossiers' own states say now.
    const truth = new Map<string, { inProgress: number; overdueNow: number }>();
    const cell = (dept: string, proc: string) => {
      const k = `${dept}#${proc}`;
      const c = truth.get(k) ?? { inProgress: 0, overdueNow: 0 };
      truth.set(k, c);
      return c;
    };
    let overdueSteps = 0;
    const flagged: string[] = [];
    for (const d of all) {
      const { dossier, steps } = (await getDossier(d.dossierId))!;
      if (dossier.flagged) flagged.push(`${dossier.code}: ${dossier.flagged.reason}`);
      if (isInProgress(dossier)) cell(dossier.departmentId, dossier.procedureCode).inProgress += 1;
      for (const s of steps.filter(isOverdueStep)) {
        cell(s.departmentId, dossier.procedureCode).overdueNow += 1;
        overdueSteps += 1;
      }
    }
    // No workflow failed on the way: races between people and timers are resolved, not flagged.
    expect(flagged).toEqual([]);
    const gauges = await gaugeRows();
    for (const [k, c] of truth) {
      const g = gauges.find((row) => `${row.departmentId}#${row.procedureCode}` === k);
      expect({ k, inProgress: g?.values.inProgress ?? 0, overdueNow: g?.values.overdueNow ?? 0 }).toEqual({
        k,
        ...c,
      });
    }
    for (const g of gauges) {
      const c = truth.get(`${g.departmentId}#${g.procedureCode}`) ?? { inProgress: 0, overdueNow: 0 };
      expect(g.values.inProgress ?? 0).toBe(c.inProgress);
      expect(g.values.overdueNow ?? 0).toBe(c.overdueNow);
    }

    // 3. The scenario exercised every counter.
    const flows = await monthlyRows(FIRST_MONTH, LAST_MONTH);
    const total: Figures = figures(flows, gauges);
    // (Every dossier of this scenario is online: counter and postal receipts are tests/integration/walk-in.test.ts's.)
    const ONLINE_ONLY = new Set(['receivedCounter', 'receivedPost']);
    // Fees paid and refunded through the payment gateway are counted in tests/integration/payments.test.ts.
    const PAYMENTS = new Set(['feePayments', 'feesCollectedVnd', 'feesRefundedVnd']);
    for (const f of FLOW_FIELDS.filter((x) => !ONLINE_ONLY.has(x) && !PAYMENTS.has(x)))
      expect({ f, positive: total[f] > 0 }).toEqual({ f, positive: true });
    expect(total.receivedCounter + total.receivedPost).toBe(0);
    expect(total.submitted).toBe(all.length);
    expect(total.received).toBeLessThanOrEqual(total.submitted);
    expect(total.early + total.onTime + total.late).toBe(total.resolved);
    expect(total.inProgress).toBeGreaterThan(0);

    // 4. The public page publishes exactly the counters; the dashboard's overdue list is the truth.
    const pub = await call<{ totals: Figures; departments: ({ departmentId: string } & Figures)[] }>(
      stack().urls.api,
      'GET',
      `/statistics?from=${FIRST_MONTH}&to=${LAST_MONTH}`,
    );
    expect(pub.status).toBe(200);
    expect(pub.body.totals).toEqual(total);
    for (const dep of pub.body.departments) {
      const { departmentId, ...fig } = dep;
      expect(fig).toEqual(
        figures(
          flows.filter((row) => row.departmentId === departmentId),
          gauges.filter((row) => row.departmentId === departmentId),
        ),
      );
    }
    const dash = await call<{ overdue: unknown[]; calls: number; totals: Figures }>(
      stack().urls.api,
      'GET',
      `/staff/statistics?from=${FIRST_MONTH}&to=${LAST_MONTH}`,
      { headers: await bearer(stack(), 'lanhdao.ttpvhcc') },
    );
    expect(dash.status).toBe(200);
    expect(dash.body.overdue).toHaveLength(overdueSteps);
    expect(dash.body.calls).toBeLessThanOrEqual(3);
    expect(dash.body.totals).toEqual(total);
  }, 900_000);
});
