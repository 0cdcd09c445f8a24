import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, GetItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { LOCAL_NAMES, type LocalStack, startLocalStack } from '../../infra/local/stack.ts';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import type { UploadSlot } from '../../shared/contracts/dossier.ts';
import { parseDossierCode } from '../../shared/domain/dossier-code.ts';
import {
  type ApiResponse,
  call,
  newKey,
  privateEnterpriseRequest,
  uploadToSlot,
  useLocalStack,
} from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';
import { accept, advanceTo, bearer, MON_2026_03_02_0900, submit } from '../support/workflow.ts';

/**
 * Fault injection (issue 8, item 2): the engines restarted under the handlers' feet, and transient
 * DynamoDB failures on a third of the calls. Whatever happens, every acknowledged submission exists
 * exactly once, with consecutive codes and its events.
 */

/** What a client sees of one request that the API did not answer with success. */
interface Failure {
  status: number;
  contentType: string;
}

/**
 * A citizen's client: sends the same request (same Idempotency-Key) again after a 5xx, with a
 * short backoff, and after a "same request in progress" 409 when its Retry-After says. A request
 * whose first run died halfway (its idempotency record could not be completed or removed while the
 * engine was away) holds its key until that function's timeout — 29 s for submit — so the client
 * keeps asking a little longer than that.
 */
async function withRetries(failures: Failure[], send: () => Promise<ApiResponse>): Promise<ApiResponse> {
  const giveUpAt = Date.now() + 35_000;
  let res = await send();
  for (let i = 1; (res.status >= 500 || res.status === 409) && Date.now() < giveUpAt; i++) {
    failures.push({ status: res.status, contentType: res.headers.get('content-type') ?? '' });
    const retryAfterMs = Number(res.headers.get('retry-after') ?? 0) * 1000;
    await sleep(retryAfterMs || Math.min(400, 25 * 2 ** i));
    res = await send();
  }
  return res;
}

/** Draft, upload the one required document, submit: each call retried like a browser would. */
async function submitOnline(
  stack: LocalStack,
  failures: Failure[],
): Promise<{ dossierId: string; code: string }> {
  const api = stack.urls.api;
  const createKey = newKey();
  const request = privateEnterpriseRequest();
  const created = await withRetries(failures, () =>
    call(api, 'POST', '/dossiers', { body: request, headers: { 'idempotency-key': createKey } }),
  );
  if (created.status !== 201) throw new Error(`create ${created.status} ${JSON.stringify(created.body)}`);
  const dossierId = String(created.body.dossierId);
  const bytes = pdfBytes();
  const slots = await withRetries(failures, () =>
    call(api, 'POST', `/dossiers/${dossierId}/uploads`, {
      body: {
        documents: [
          { requirementId: 'd1', fileName: 'd1.pdf', contentType: 'application/pdf', size: bytes.length },
        ],
      },
    }),
  );
  if (slots.status !== 201) throw new Error(`slots ${slots.status} ${JSON.stringify(slots.body)}`);
  const slot = (slots.body as unknown as { slots: UploadSlot[] }).slots[0]!;
  expect(await uploadToSlot(slot, bytes, 'application/pdf')).toBeLessThan(300);
  const submitKey = newKey();
  const submitted = await withRetries(failures, () =>
    call(api, 'POST', `/dossiers/${dossierId}/submit`, { headers: { 'idempotency-key': submitKey } }),
  );
  if (submitted.status !== 201)
    throw new Error(`submit ${submitted.status} ${JSON.stringify(submitted.body)}`);
  return { dossierId, code: String(submitted.body.code) };
}

/** The reception desk's intake list: every submitted dossier, one Query per page. */
async function intakeCodes(stack: LocalStack): Promise<string[]> {
  const codes: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await call<{ items: { code: string }[]; cursor?: string }>(
      stack.urls.api,
      'GET',
      `/staff/inbox?view=intake&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { headers: await bearer(stack, 'tiepnhan.1') },
    );
    expect(res.status).toBe(200);
    codes.push(...res.body.items.map((i) => i.code));
    cursor = res.body.cursor;
  } while (cursor);
  return codes;
}

/** Every acknowledged dossier exists once, submitted, with its events once each; codes run on without a gap. */
async function expectReconciled(stack: LocalStack, acknowledged: { dossierId: string; code: string }[]) {
  const codes = acknowledged.map((a) => a.code);
  expect(new Set(codes).size).toBe(codes.length);
  const sequences = codes.map((c) => parseDossierCode(c)!.sequence).sort((a, b) => a - b);
  expect(sequences).toEqual(sequences.map((_, i) => sequences[0]! + i));
  for (const a of acknowledged) {
    const found = (await getDossier(a.dossierId))!;
    expect(found.dossier.code).toBe(a.code);
    expect(found.dossier.status).toBe('SUBMITTED');
    const types = found.events.map((e) => e.type);
    expect(types.filter((t) => t === 'DRAFT_CREATED')).toHaveLength(1);
    expect(types.filter((t) => t === 'SUBMITTED')).toHaveLength(1);
    expect(found.documents.filter((d) => d.requirementId === 'd1').length).toBeGreaterThanOrEqual(1);
  }
  expect((await intakeCodes(stack)).sort()).toEqual([...codes].sort());
}

/** Clean failures only: a 5xx is problem+json, never a hang-up or an HTML page. */
function expectCleanFailures(failures: Failure[]) {
  for (const f of failures) {
    expect([409, 500, 502, 503, 504]).toContain(f.status);
    expect(f.contentType).toContain('application/problem+json');
  }
}

describe('throttling, 5xx and lost replies on a third of the DynamoDB calls', () => {
  const stack = useLocalStack({
    clockStartMs: MON_2026_03_02_0900,
    retryIntervalMs: 5,
    // Lost replies only where DynamoDB makes the retry safe (TransactWriteItems' ClientRequestToken,
    // which carries every dossier write); see fault-proxy.ts for why not elsewhere.
    faults: { seed: 20260302, rate: 0.3, lostReplyOperations: ['TransactWriteItems'] },
  });

  it('gives exactly N dossiers with consecutive codes and all their events', async () => {
    const N = 10;
    const failures: Failure[] = [];
    const acknowledged = await Promise.all(Array.from({ length: N }, () => submitOnline(stack(), failures)));
    await stack().sfn.settle();
    const faults = stack().faults!;
    faults.setRate(0);
    expect(acknowledged).toHaveLength(N);
    await expectReconciled(stack(), acknowledged);
    expectCleanFailures(failures);
    // The faults really happened, every kind of them, and the SDK's retries absorbed most.
    const counts = faults.counts();
    for (const kind of ['throttle', 'server-error', 'unavailable', 'lost-reply'] as const)
      expect(counts[kind]).toBeGreaterThan(0);
    expect(failures.length).toBeLessThan(N);
  });

  it('does not apply a TransactWriteItems twice when its reply is lost (same ClientRequestToken on retry)', async () => {
    const faults = stack().faults!;
    faults.setRate(0);
    const client = new DynamoDBClient({ region: 'ap-southeast-1', endpoint: faults.url, maxAttempts: 3 });
    const key = { pk: { S: 'TEST#lost-reply' }, sk: { S: 'COUNTER' } };
    const before = faults.requests().length;
    faults.injectNext('lost-reply', 1, 'TransactWriteItems');
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Update: {
              TableName: LOCAL_NAMES.table,
              Key: key,
              UpdateExpression: 'ADD n :one',
              ExpressionAttributeValues: { ':one': { N: '1' } },
            },
          },
        ],
      }),
    );
    const sent = faults.requests().slice(before);
    // The SDK filled in the token once and sent the same one again.
    expect(sent.map((r) => r.fault)).toEqual(['lost-reply', undefined]);
    expect(sent[0]!.clientRequestToken).toBeTruthy();
    expect(sent[1]!.clientRequestToken).toBe(sent[0]!.clientRequestToken);
    const item = await client.send(new GetItemCommand({ TableName: LOCAL_NAMES.table, Key: key }));
    expect(item.Item?.n).toEqual({ N: '1' });

    // The same token with a different request is refused, as DynamoDB does.
    await expect(
      client.send(
        new TransactWriteItemsCommand({
          ClientRequestToken: sent[0]!.clientRequestToken!,
          TransactItems: [
            {
              Update: {
                TableName: LOCAL_NAMES.table,
                Key: key,
                UpdateExpression: 'ADD n :two',
                ExpressionAttributeValues: { ':two': { N: '2' } },
              },
            },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'IdempotentParameterMismatchException' });
    client.destroy();
  });
});

describe('the DynamoDB engine restarted while submissions are in flight', () => {
  it('keeps every acknowledged submission, once, with consecutive codes and its events', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'motcua-dynamo-restart-'));
    const stack = await startLocalStack({
      dataDir: dir,
      clockStartMs: MON_2026_03_02_0900,
      retryIntervalMs: 5,
    });
    try {
      const N = 10;
      const failures: Failure[] = [];
      let done = 0;
      let restartAfter: () => void = () => undefined;
      const twoDone = new Promise<void>((resolve) => {
        restartAfter = resolve;
      });
      const running = Array.from({ length: N }, () =>
        submitOnline(stack, failures).then((r) => {
          if (++done === 2) restartAfter();
          return r;
        }),
      );
      await twoDone;
      const doneBeforeRestart = done;
      // Down for a moment: calls that reach it then are refused and retried by the SDK; one that
      // runs out of attempts comes back as a 5xx that the client retries with the same key.
      await stack.restartDynamo({ downMs: 100 });
      const acknowledged = await Promise.all(running);
      await stack.sfn.settle();
      // Most submissions were still running when the engine went away.
      expect(doneBeforeRestart).toBeLessThan(N / 2);
      expect(done).toBe(N);
      await expectReconciled(stack, acknowledged);
      expectCleanFailures(failures);
    } finally {
      await stack.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Each dossier's events, to the minute, in time order. */
async function eventLog(ids: string[]): Promise<string[][]> {
  const out: string[][] = [];
  for (const id of ids) {
    const found = (await getDossier(id))!;
    out.push(
      found.events
        .map((e) => ({ at: String(e.at).slice(0, 16), type: e.type }))
        .sort((x, y) => x.at.localeCompare(y.at))
        .map((e) => `${e.type}@${e.at}`),
    );
  }
  return out;
}

const TIMER_EVENTS = ['INTAKE_REMINDED', 'STEP_REMINDED', 'STEP_ESCALATED'];
const timerEvents = (log: string[][]) =>
  log.map((events) => events.filter((e) => TIMER_EVENTS.includes(e.split('@')[0]!)));

/**
 * Three dossiers waiting on timers: two accepted (Mon 09:00 and Mon 15:00: reminders, then the
 * escalation after Thursday's deadline) and one left at the intake desk. Runs to Thursday 18:00, with
 * or without a restart of the Step Functions endpoint on Tuesday at noon.
 */
async function waitingScenario(restart: boolean): Promise<{ events: string[][]; resumed: number }> {
  // Sweeping the outbox daily instead of every 5 minutes keeps days of clock time quick.
  const stack = await startLocalStack({
    clockStartMs: MON_2026_03_02_0900,
    retryIntervalMs: 5,
    outboxSweepMinutes: 24 * 60,
  });
  try {
    const a = await submit(stack);
    await accept(stack, a);
    await advanceTo(stack, '2026-03-02 15:00');
    const b = await submit(stack);
    await accept(stack, b);
    const c = await submit(stack);
    await advanceTo(stack, '2026-03-03 12:00');
    let resumed = 0;
    if (restart) resumed = await stack.restartSfn();
    await advanceTo(stack, '2026-03-05 18:00');
    return { events: await eventLog([a.dossierId, b.dossierId, c.dossierId]), resumed };
  } finally {
    await stack.stop();
  }
}

describe('the Step Functions endpoint restarted with dossiers waiting', () => {
  it('resumes their timers with the right remaining time, to the minute of a run without restart', async () => {
    const control = await waitingScenario(false);
    const restarted = await waitingScenario(true);
    expect(restarted.resumed).toBe(3);
    // The control run, in UTC (Vietnam is UTC+7): reminders at 07:30, escalation at 17:00 on the
    // due date; the intake desk at the end of the first day, then each morning.
    expect(timerEvents(control.events)).toEqual([
      ['STEP_REMINDED@2026-03-04T00:30', 'STEP_ESCALATED@2026-03-05T10:00'],
      ['STEP_REMINDED@2026-03-05T00:30'],
      [
        'INTAKE_REMINDED@2026-03-03T10:00',
        'INTAKE_REMINDED@2026-03-04T00:30',
        'INTAKE_REMINDED@2026-03-05T00:30',
      ],
    ]);
    // The same timers at the same minutes after the restart, and nothing else added or lost.
    expect(restarted.events).toEqual(control.events);
  });
});
