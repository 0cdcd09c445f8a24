import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countWrites } from '../../infra/local/call-counter.ts';
import { resetConfig } from '../../shared/adapters/config.ts';
import type { Role } from '../../shared/contracts/auth.ts';
import { ROUTES } from '../../shared/contracts/routes.ts';
import { call, useLocalStack } from '../support/api.ts';
import { bearer, MON_2026_03_02_0900, submit } from '../support/workflow.ts';

/**
 * Every query parameter of every route, staff routes included: generated query strings — each
 * route's own parameters with malformed values (cursors above all: `e30`, other queues' keys,
 * numbers, broken base64), mixed with unknown and duplicated parameters — sent as a caller the
 * route admits. Never a 5xx, and a refused request writes nothing (a refused look-up secret only
 * counts the source's failure, as in fuzz.test.ts). FUZZ_RUNS sets the number per route (default
 * 150 here; the issue's 1,000-input run is `FUZZ_RUNS=1000`).
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });
const api = () => stack().urls.api;
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

const USER: Record<Role, string> = {
  RECEPTION_OFFICER: 'tiepnhan.1',
  DEPARTMENT_OFFICER: 'stc.chuyenvien',
  DEPARTMENT_HEAD: 'stc.truongphong',
  CENTRE_LEADER: 'lanhdao.ttpvhcc',
  ADMINISTRATOR: 'quantri',
};

/** Every query parameter some route reads, and a few nobody does. */
const PARAMS = [
  'q',
  'department',
  'field',
  'limit',
  'offset',
  'view',
  'cursor',
  'from',
  'to',
  'format',
  'month',
  'unit',
  'procedure',
  'year',
  'secret',
  '__proto__',
  'x',
];
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const cursor = fc.oneof(
  fc.constantFrom(
    'e30',
    '%%',
    'null',
    b64(5),
    b64([]),
    b64({ pk: 'x' }),
    b64({ pk: 'a', sk: 'b', inboxPk: 'INBOX#SXD#ACTIVE', inboxSk: 'z' }),
    b64({ pk: 'a', sk: 'b', inboxPk: 'INBOX#CENTRE#INTAKE', inboxSk: 5 }),
    b64({ pk: 'AUDIT#2026-02', sk: 'x' }),
    b64({ gsi1pk: 'ACTOR#local-quantri', gsi1sk: '', pk: 'p', sk: 's' }),
    'A'.repeat(3000),
  ),
  fc.json().map((j) => Buffer.from(j).toString('base64url')),
  fc.string({ maxLength: 60 }),
);
const value = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '',
    '0',
    '-1',
    '201',
    '1e9',
    'NaN',
    '2026-13',
    '2026-02-30',
    '2026-03',
    'csv',
    'xlsx',
    'STC',
    'stc',
  ),
  fc.constantFrom('all', 'intake', 'flagged', 'overdue', 'due-soon', '2026-03-01', '2026-03-31', 'CENTRE'),
);
const pair = fc.oneof(fc.tuple(fc.constantFrom(...PARAMS), value), fc.tuple(fc.constant('cursor'), cursor));
const query = fc
  .array(pair, { minLength: 1, maxLength: 5 })
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));

describe('generated query strings on every route', { timeout: Math.max(600_000, RUNS * 2_000) }, () => {
  it('never answers 5xx, and a refusal writes nothing', async () => {
    process.env.LOOKUP_RATE_LIMIT_MAX_FAILURES = '1000000';
    resetConfig();
    try {
      const d = await submit(stack());
      const params: Record<string, string> = {
        dossierId: d.dossierId,
        stepId: 'S01',
        counterId: 'STC-01',
        ticketId: '20260302-STC-001',
        notificationId: '00000000-0000-4000-8000-000000000000',
        year: '2026',
        form: '01',
        id: 'STC',
        userId: 'local-quantri',
      };
      const report: Record<string, { runs: number; status5xx: number; refusedWithWrites: number }> = {};
      for (const route of ROUTES.filter((r) => r.path)) {
        const code = route.path.startsWith('/lookup') ? d.code : '2.001610';
        const p = route.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
          encodeURIComponent(name === 'code' ? code : (params[name] ?? 'x')),
        );
        const headers = route.auth === 'STAFF' ? await bearer(stack(), USER[route.roles![0]!]) : {};
        const outcome = { runs: 0, status5xx: 0, refusedWithWrites: 0 };
        await fc.assert(
          fc.asyncProperty(query, async (q) => {
            const before = stack().calls.snapshot();
            const res = await call(api(), route.method, `${p}?${q}`, { headers });
            await stack().sfn.settle();
            const calls = stack().calls.since(before);
            const writes = countWrites(calls);
            const secretFailure = res.status === 404 && writes === 1 && calls['dynamodb:UpdateItem'] === 1;
            outcome.runs++;
            if (res.status >= 500) outcome.status5xx++;
            if (res.status >= 400 && writes > 0 && !secretFailure) outcome.refusedWithWrites++;
            return res.status < 500;
          }),
          { numRuns: RUNS },
        );
        report[`${route.method} ${route.path}`] = outcome;
      }
      const bad = Object.entries(report).filter(([, o]) => o.status5xx > 0 || o.refusedWithWrites > 0);
      expect(bad).toEqual([]);
      expect(Object.keys(report).length).toBe(ROUTES.filter((r) => r.path).length);
      expect(Object.values(report).every((o) => o.runs === RUNS)).toBe(true);
    } finally {
      delete process.env.LOOKUP_RATE_LIMIT_MAX_FAILURES;
      resetConfig();
    }
  });
});
