import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { startLocalStack } from '../../infra/local/stack.ts';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { call, useLocalStack } from '../support/api.ts';
import {
  accept,
  advanceTo,
  bearer,
  decide,
  eventTypes,
  executionStatus,
  MON_2026_03_02_0900,
  submit,
  uploadResult,
} from '../support/workflow.ts';

/** Failures of the workflow's own tasks, stale tokens, and a restart with dossiers waiting. */
let failures = 0;
let failForGood = false;
/** The dossier whose task succeeded on its third try (never flagged). */
let recovered = '';
/** The dossier flagged by the second test (resumed by the third). */
let flaggedId = '';

describe('a workflow task that fails', () => {
  const stack = useLocalStack({
    clockStartMs: MON_2026_03_02_0900,
    retryIntervalMs: 5,
    outboxSweepMinutes: 60,
    beforeTask: (payload) => {
      const p = payload as { task?: string };
      if (p.task !== 'assignStep') return;
      if (failForGood || failures < 2) {
        failures++;
        throw Object.assign(new Error('database unavailable'), { name: 'Error' });
      }
    },
  });

  it('is retried with backoff and the dossier carries on when it succeeds on the third try', async () => {
    failures = 0;
    failForGood = false;
    const d = await submit(stack());
    await accept(stack(), d);
    // Retries back off on the clock: let it run past the backoff.
    await stack().clock.advance(60_000);
    await stack().sfn.settle();
    expect(failures).toBe(2);
    const s = (await getDossier(d.dossierId))!.steps[0]!;
    expect(s.status).toBe('WAITING_DEPARTMENT');
    expect((await getDossier(d.dossierId))!.dossier.flagged).toBeUndefined();
    expect(stack().sfn.stats(d.executionArn).retries).toBe(2);
    recovered = d.dossierId;
  });

  it('leads to an explicit failure that flags the dossier when it never succeeds', async () => {
    failures = 0;
    failForGood = true;
    const d = await submit(stack());
    const mark = stack().metrics().length;
    await accept(stack(), d);
    await stack().clock.advance(60_000);
    await stack().sfn.settle();
    // One Embedded Metric Format record of DossierWorkflowFailures (the alarm's metric), without PII.
    const emf = stack()
      .metrics()
      .slice(mark)
      .filter((r) => r.DossierWorkflowFailures !== undefined);
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({
      DossierWorkflowFailures: 1,
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: 'Motcua',
            Dimensions: [[]],
            Metrics: [{ Name: 'DossierWorkflowFailures', Unit: 'Count' }],
          },
        ],
      },
    });
    expect(Object.keys(emf[0]!).sort()).toEqual(['DossierWorkflowFailures', '_aws']);
    expect(typeof emf[0]!._aws.Timestamp).toBe('number');
    const dossier = (await getDossier(d.dossierId))!.dossier;
    // The error's name, the step and the Lambda error's message: what an operator needs first.
    expect(dossier.flagged?.reason).toBe('Error at step S01: database unavailable');
    expect(await eventTypes(d.dossierId)).toContain('WORKFLOW_FAILED');
    expect(await executionStatus(stack(), d.executionArn)).toBe('FAILED');
    expect(failures).toBe(3);
    // Nothing stuck silently: no execution is left running for it, and the flag is what staff see.
    const staffView = await call<{
      dossier?: { flagged?: { reason?: string } };
      flagged?: { reason?: string };
    }>(stack().urls.api, 'GET', `/staff/dossiers/${d.dossierId}`, {
      headers: await bearer(stack(), 'lanhdao.ttpvhcc'),
    });
    expect(staffView.status).toBe(200);
    expect(JSON.stringify(staffView.body)).toContain('Error at step S01: database unavailable');
    // And it is on a work queue, not only in the alarm: the centre's flagged inbox, one Query.
    type Flagged = { dossierId: string; code?: string; reason?: string; flaggedAt?: string };
    const flaggedFor = async (username: string) => {
      const before = stack().calls.snapshot();
      const res = await call<{ items: Flagged[] }>(stack().urls.api, 'GET', '/staff/inbox?view=flagged', {
        headers: await bearer(stack(), username),
      });
      expect(stack().calls.since(before)['dynamodb:Scan']).toBeUndefined();
      return res;
    };
    for (const username of ['lanhdao.ttpvhcc', 'tiepnhan.1']) {
      const listed = await flaggedFor(username);
      expect(listed.status, username).toBe(200);
      expect(
        listed.body.items.filter((i) => i.dossierId === d.dossierId),
        username,
      ).toEqual([
        expect.objectContaining({
          code: d.code,
          reason: 'Error at step S01: database unavailable',
          flaggedAt: dossier.flagged!.at,
        }),
      ]);
      // The dossier of the first test recovered on retry: it is not flagged, so not listed.
      expect(
        listed.body.items.map((i) => i.dossierId),
        username,
      ).not.toContain(recovered);
    }
    // Department staff do not get the centre's queue, and their own queues do not show it.
    const officer = await flaggedFor('stc.chuyenvien');
    expect(officer.status).toBe(403);
    expect(JSON.stringify(officer.body)).not.toContain(d.dossierId);
    const own = await call<{ items: Flagged[] }>(stack().urls.api, 'GET', '/staff/inbox?view=all', {
      headers: await bearer(stack(), 'stc.chuyenvien'),
    });
    expect(own.status).toBe(200);
    expect(own.body.items.map((i) => i.dossierId)).not.toContain(d.dossierId);
    // Past the step's deadline: no timer of a dead execution wakes it, no task runs again.
    await stack().clock.advance(5 * 86_400_000);
    await stack().sfn.settle();
    expect(await executionStatus(stack(), d.executionArn)).toBe('FAILED');
    expect(failures).toBe(3);
    flaggedId = d.dossierId;
  });

  it('is resumed by the centre once the cause is fixed: flag lifted, who and why kept, the dossier carries on', async () => {
    expect(flaggedId).not.toBe('');
    const flag = (await getDossier(flaggedId))!.dossier.flagged!;
    const resume = async (username: string, body: unknown) =>
      call<{ code?: string; version?: number }>(
        stack().urls.api,
        'POST',
        `/staff/dossiers/${flaggedId}/workflow/resume`,
        { headers: await bearer(stack(), username), body },
      );
    // Reception officers see the queue but do not restart workflows; department accounts neither.
    for (const username of ['tiepnhan.1', 'stc.truongphong']) {
      expect((await resume(username, { flaggedAt: flag.at, note: 'Đã sửa' })).status, username).toBe(403);
    }
    // A note is required; a failure other than the one seen is refused. Nothing is written.
    expect((await resume('lanhdao.ttpvhcc', { flaggedAt: flag.at, note: '  ' })).status).toBe(400);
    const stale = await resume('lanhdao.ttpvhcc', { flaggedAt: '2026-03-02T01:00:00.000Z', note: 'Đã sửa' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('DOSSIER_NOT_FLAGGED');
    expect((await getDossier(flaggedId))!.dossier.flagged).toEqual(flag);

    failForGood = false; // the cause is fixed
    const before = (await getDossier(flaggedId))!.dossier.version;
    const ok = await resume('lanhdao.ttpvhcc', {
      flaggedAt: flag.at,
      note: 'Đã khôi phục kết nối cơ sở dữ liệu',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(before + 1);
    const after = await getDossier(flaggedId);
    expect(after!.dossier.flagged).toBeUndefined();
    // The history says who resumed it, what was done and which failure it was.
    const events = await call<{
      events: { type: string; actor?: { id?: string }; data?: Record<string, unknown> }[];
    }>(stack().urls.api, 'GET', `/staff/dossiers/${flaggedId}`, {
      headers: await bearer(stack(), 'lanhdao.ttpvhcc'),
    });
    expect(JSON.stringify(events.body)).toContain('Đã khôi phục kết nối cơ sở dữ liệu');
    expect(await eventTypes(flaggedId)).toContain('WORKFLOW_RESUMED');
    // Off the flagged queue.
    const listed = await call<{ items: { dossierId: string }[] }>(
      stack().urls.api,
      'GET',
      '/staff/inbox?view=flagged',
      {
        headers: await bearer(stack(), 'lanhdao.ttpvhcc'),
      },
    );
    expect(listed.body.items.map((i) => i.dossierId)).not.toContain(flaggedId);
    // The fresh execution continues where the table says: the step is assigned to its department.
    await stack().clock.advance(60_000);
    await stack().sfn.settle();
    expect((await getDossier(flaggedId))!.steps[0]!.status).toBe('WAITING_DEPARTMENT');
    expect((await getDossier(flaggedId))!.dossier.flagged).toBeUndefined();
    // Once is enough: the same request again finds no flag.
    const again = await resume('lanhdao.ttpvhcc', { flaggedAt: flag.at, note: 'Lần nữa' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DOSSIER_NOT_FLAGGED');
  });
});

describe('task tokens', () => {
  const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });

  it('rejects a reused token and changes nothing', async () => {
    const d = await submit(stack());
    const token = (await getDossier(d.dossierId))!.dossier.wf?.token;
    expect(token).toBeTruthy();
    await accept(stack(), d);
    const before = await getDossier(d.dossierId);
    const sfn = new SFNClient({ region: 'ap-southeast-1', endpoint: stack().urls.sfn });
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: token!, output: JSON.stringify({ phase: 'DONE' }) })),
    ).rejects.toMatchObject({ name: 'TaskTimedOut' });
    sfn.destroy();
    await stack().sfn.settle();
    expect(await getDossier(d.dossierId)).toEqual(before);
  });

  it('refuses an action taken on a stale version with 409 and changes nothing', async () => {
    const d = await submit(stack());
    await accept(stack(), d);
    const resultDocumentId = await uploadResult(stack(), d, 'S01');
    const before = await getDossier(d.dossierId);
    const stale = await decide(stack(), d, 'S01', { action: 'COMPLETE', version: 1, resultDocumentId });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('DOSSIER_CONFLICT');
    expect(await getDossier(d.dossierId)).toEqual(before);
  });
});

describe('a restart of the local stack with dossiers waiting', () => {
  it('resumes each waiting dossier from the table with the right remaining time', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'motcua-resume-'));
    try {
      const first = await startLocalStack({
        dataDir: dir,
        clockStartMs: MON_2026_03_02_0900,
        retryIntervalMs: 5,
      });
      const d = await submit(first);
      await accept(first, d);
      await first.stop();

      // Back up on Wednesday 04/03 08:00: the reminder (due 07:30 that day) fires at once,
      // and the escalation still comes at Thursday 17:00 — not three days from the restart.
      const second = await startLocalStack({
        dataDir: dir,
        clockStartMs: Date.parse('2026-03-04T01:00:00Z'),
        retryIntervalMs: 5,
      });
      try {
        expect(second.resumed).toBeGreaterThanOrEqual(1);
        await advanceTo(second, '2026-03-04 08:01');
        expect(await eventTypes(d.dossierId)).toContain('STEP_REMINDED');
        await advanceTo(second, '2026-03-05 16:59');
        expect(await eventTypes(d.dossierId)).not.toContain('STEP_ESCALATED');
        await advanceTo(second, '2026-03-05 17:01');
        expect(await eventTypes(d.dossierId)).toContain('STEP_ESCALATED');
        const s = (await getDossier(d.dossierId))!.steps[0]!;
        expect(s.dueDate).toBe('2026-03-05');
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
