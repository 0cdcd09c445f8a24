import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { clients } from '../../shared/adapters/clients.ts';
import { now } from '../../shared/adapters/clock.ts';
import { config } from '../../shared/adapters/config.ts';
import { dossierIdByCode } from '../../shared/adapters/dossier-citizen.ts';
import {
  NUMBER_GRACE_MS,
  sweepDossierNumbers,
  takeDossierNumber,
  voidDossierNumber,
} from '../../shared/adapters/dossier-numbers.ts';
import { getDossier, newEvent } from '../../shared/adapters/dossier-repository.ts';
import { submitDossier } from '../../shared/adapters/dossier-submission.ts';
import { keys } from '../../shared/adapters/keys.ts';
import { dossierCodeOfDay, parseDossierCode } from '../../shared/domain/dossier-code.ts';
import { registerRows } from '../../shared/services/register.ts';
import { MAX_UPLOADS_PER_DOSSIER } from '../../shared/services/upload-slots.ts';
import { call, draftWithDocuments, newKey, privateEnterpriseRequest, useLocalStack } from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';

const stack = useLocalStack();
const api = () => stack().urls.api;

/**
 * Retries a request the way a client told `409 + Retry-After` would. Bounded generously: how many
 * turns the other request takes depends on the machine, and the test's timeout is the real limit.
 */
async function withRetry<T>(send: () => Promise<{ status: number; body: T }>) {
  for (let i = 0; i < 5_000; i++) {
    const res = await send();
    if (res.status !== 409) return res;
    await new Promise((r) => setTimeout(r, 10 + Math.random() * 40));
  }
  throw new Error('still in progress after 5000 tries');
}

/** Every number of an agency's day, 1 to the last taken, and how the register explains it. */
async function dayNumbers(agencyCode: string, yymmdd: string) {
  const seq = await clients().doc.send(
    new GetCommand({
      TableName: config().TABLE_NAME,
      Key: keys.dailySequence(`${agencyCode}#${yymmdd}`),
      ConsistentRead: true,
    }),
  );
  const taken = Number(seq.Item?.value ?? 0);
  const date = `20${yymmdd.slice(0, 2)}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
  const rows = await registerRows({ from: date, to: date });
  const explained = new Map<number, (typeof rows)[number][]>();
  for (const r of rows) {
    const p = parseDossierCode(r.code);
    if (p?.agencyCode !== agencyCode || p.yymmdd !== yymmdd) continue;
    explained.set(p.sequence, [...(explained.get(p.sequence) ?? []), r]);
  }
  const unexplained = Array.from({ length: taken }, (_, i) => i + 1).filter((n) => !explained.has(n));
  const twice = [...explained].filter(([, rs]) => rs.length > 1).map(([n]) => n);
  return { taken, rows: explained, unexplained, twice };
}

const submitOne = (dossierId: string) =>
  call<{ code: string }>(api(), 'POST', `/dossiers/${dossierId}/submit`, {
    headers: { 'idempotency-key': newKey() },
  });

const oneDocumentDraft = () =>
  draftWithDocuments(api(), [{ requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' }]);

describe('dossier codes under concurrency', () => {
  it('gives 100 concurrent submissions for one agency and day 100 distinct codes, each number in the register', async () => {
    const drafts = await Promise.all(Array.from({ length: 100 }, oneDocumentDraft));
    const results = await Promise.all(drafts.map(({ dossierId }) => submitOne(dossierId)));
    expect(results.map((r) => r.status)).toEqual(Array(100).fill(201));
    const parsed = results.map((r) => parseDossierCode(r.body.code)!);
    expect(new Set(parsed.map((p) => `${p.agencyCode}-${p.yymmdd}`)).size).toBe(1);
    expect(new Set(results.map((r) => r.body.code)).size).toBe(100);
    // No number is fought over or wasted: none failed, so the 100 numbers are consecutive.
    const sequences = parsed.map((p) => p.sequence).sort((x, y) => x - y);
    expect(sequences).toEqual(Array.from({ length: 100 }, (_, i) => sequences[0]! + i));
    const { agencyCode, yymmdd } = parsed[0]!;
    const day = await dayNumbers(agencyCode, yymmdd);
    expect(day.unexplained).toEqual([]);
    expect(day.twice).toEqual([]);
    for (const [i, r] of results.entries()) {
      expect(day.rows.get(parsed[i]!.sequence)![0]).toMatchObject({
        code: r.body.code,
        dossierId: drafts[i]!.dossierId,
      });
    }
  });

  it('voids the number of a submission that lost to another for the same draft, with the reason and the draft', async () => {
    const { dossierId } = await oneDocumentDraft();
    const stale = (await getDossier(dossierId))!;
    const won = await submitOne(dossierId);
    expect(won.status).toBe(201);
    // The other request of a double click read the draft before the first committed: it takes a
    // number, its transaction fails on the dossier's version, and it voids that number.
    const at = now();
    await expect(
      submitDossier({
        dossier: stale.dossier,
        submittedAt: at,
        secretHash: 'not-used',
        documents: [],
        event: newEvent({
          type: 'SUBMITTED',
          at: at.toISOString(),
          actor: { kind: 'CITIZEN', id: 'citizen' },
          toStatus: 'SUBMITTED',
        }),
      }),
    ).rejects.toMatchObject({ code: 'DOSSIER_NOT_DRAFT' });
    const { agencyCode, yymmdd, sequence } = parseDossierCode(won.body.code)!;
    const day = await dayNumbers(agencyCode, yymmdd);
    expect(day.unexplained).toEqual([]);
    expect(day.twice).toEqual([]);
    const voided = day.rows.get(sequence + 1)![0]!;
    expect(voided).toMatchObject({
      code: dossierCodeOfDay(agencyCode, yymmdd, sequence + 1),
      dossierId,
      status: 'VOIDED',
      voided: { reason: 'DOSSIER_NOT_DRAFT' },
    });
    expect(voided.statusLabel).toContain('Số đã hủy');
    expect((await getDossier(dossierId))!.dossier.code).toBe(won.body.code);
  });

  it('voids, after the grace period, a number taken by a request that ended before using it', async () => {
    const first = await submitOne((await oneDocumentDraft()).dossierId);
    const { agencyCode, yymmdd } = parseDossierCode(first.body.code)!;
    // A request that took a number and died (its function timed out) before its transaction.
    const lost = await takeDossierNumber(agencyCode, now());
    const after = await submitOne((await oneDocumentDraft()).dossierId);
    expect(parseDossierCode(after.body.code)!.sequence).toBe(lost + 1);
    expect((await dayNumbers(agencyCode, yymmdd)).unexplained).toEqual([lost]);

    // The first pass notes what was taken; a number is voided only once the grace has passed.
    expect((await sweepDossierNumbers()).voided).toEqual([]);
    await stack().clock.advance(NUMBER_GRACE_MS / 2);
    expect((await sweepDossierNumbers()).voided).toEqual([]);
    expect((await dayNumbers(agencyCode, yymmdd)).unexplained).toEqual([lost]);
    await stack().clock.advance(NUMBER_GRACE_MS);
    await sweepDossierNumbers();
    const lostCode = dossierCodeOfDay(agencyCode, yymmdd, lost);
    const day = await dayNumbers(agencyCode, yymmdd);
    expect(day.unexplained).toEqual([]);
    expect(day.rows.get(lost)![0]).toMatchObject({ code: lostCode, voided: { reason: 'REQUEST_ENDED' } });
    // A request that wakes up late cannot use the voided number: its code is taken by the void.
    expect(await voidDossierNumber(lostCode, 'SUBMISSION_FAILED', now().toISOString())).toBe(false);
    expect(await dossierIdByCode(lostCode)).toBeUndefined();
  });
});

describe('Idempotency-Key', () => {
  it('20 concurrent retries with one key create exactly one dossier, and all get its id', async () => {
    const key = newKey();
    const body = privateEnterpriseRequest({
      fields: { ...privateEnterpriseRequest().fields, enterpriseName: key },
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        withRetry(() =>
          call<{ dossierId: string }>(api(), 'POST', '/dossiers', {
            body,
            headers: { 'idempotency-key': key },
          }),
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const ids = new Set(results.map((r) => r.body.dossierId));
    expect(ids.size).toBe(1);

    // Count the dossiers really stored for this request: one DRAFT_CREATED per dossier partition.
    const id = [...ids][0]!;
    const stored = await clients().doc.send(
      new QueryCommand({
        TableName: config().TABLE_NAME,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `DOSSIER#${id}` },
      }),
    );
    expect(stored.Items?.filter((i) => i.type === 'DRAFT_CREATED')).toHaveLength(1);
  });

  it('counts dossier creations at the engine: the 20 retries wrote one dossier', async () => {
    const before = stack().calls.snapshot();
    const key = newKey();
    const body = privateEnterpriseRequest();
    await Promise.all(
      Array.from({ length: 20 }, () =>
        withRetry(() => call(api(), 'POST', '/dossiers', { body, headers: { 'idempotency-key': key } })),
      ),
    );
    // Creating a draft is the only TransactWriteItems on this route.
    expect(stack().calls.since(before)['dynamodb:TransactWriteItems']).toBe(1);
  });

  it('refuses the same key with a different body', async () => {
    const key = newKey();
    const first = await call(api(), 'POST', '/dossiers', {
      body: privateEnterpriseRequest(),
      headers: { 'idempotency-key': key },
    });
    expect(first.status).toBe(201);
    const other = await call(api(), 'POST', '/dossiers', {
      body: privateEnterpriseRequest({ delivery: { method: 'ONLINE' } }),
      headers: { 'idempotency-key': key },
    });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

describe('upload slots under concurrency', () => {
  it('gives every one of 8 slot requests sent at once to one draft its slot (a citizen choosing files quickly)', async () => {
    const { dossierId } = await draftWithDocuments(api(), []);
    const before = (await getDossier(dossierId))!.dossier.version;
    const ask = (i: number) =>
      call<{ slots: { documentId: string }[] }>(api(), 'POST', `/dossiers/${dossierId}/uploads`, {
        body: {
          documents: [
            {
              requirementId: i % 2 ? 'd2' : 'd1',
              fileName: `tep-${i}.pdf`,
              contentType: 'application/pdf',
              size: 900,
            },
          ],
        },
      });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => ask(i)));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    const ids = results.map((r) => r.body.slots[0]!.documentId);
    expect(new Set(ids).size).toBe(8);
    // Every slot is on the draft, and its version counted each write once.
    const stored = await getDossier(dossierId);
    expect(stored!.documents.map((d) => d.documentId).sort()).toEqual([...ids].sort());
    expect(stored!.dossier.version).toBe(before + 8);
  });

  it('holds the limit of uploads per dossier when more slots are asked for at once than it allows', async () => {
    const { dossierId } = await draftWithDocuments(api(), []);
    const ask = (i: number) =>
      call<{ code?: string }>(api(), 'POST', `/dossiers/${dossierId}/uploads`, {
        body: {
          documents: [
            { requirementId: 'd1', fileName: `tep-${i}.pdf`, contentType: 'application/pdf', size: 900 },
          ],
        },
      });
    const results = await Promise.all(Array.from({ length: MAX_UPLOADS_PER_DOSSIER + 4 }, (_, i) => ask(i)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(MAX_UPLOADS_PER_DOSSIER);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused.map((r) => [r.status, r.body.code])).toEqual(Array(4).fill([422, 'TOO_MANY_UPLOADS']));
    expect((await getDossier(dossierId))!.documents).toHaveLength(MAX_UPLOADS_PER_DOSSIER);
  });
});
