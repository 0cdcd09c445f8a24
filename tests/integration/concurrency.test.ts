import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { clients } from '../../shared/adapters/clients.ts';
import { config } from '../../shared/adapters/config.ts';
import { parseDossierCode } from '../../shared/domain/dossier-code.ts';
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

describe('dossier codes under concurrency', () => {
  it('gives 50 concurrent submissions for one agency and day 50 distinct consecutive codes', async () => {
    const drafts = await Promise.all(
      Array.from({ length: 50 }, () =>
        draftWithDocuments(api(), [
          { requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' },
        ]),
      ),
    );
    const results = await Promise.all(
      drafts.map(({ dossierId }) =>
        call<{ code: string }>(api(), 'POST', `/dossiers/${dossierId}/submit`, {
          headers: { 'idempotency-key': newKey() },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const parsed = results.map((r) => parseDossierCode(r.body.code)!);
    expect(new Set(parsed.map((p) => `${p.agencyCode}-${p.yymmdd}`)).size).toBe(1);
    const sequences = parsed.map((p) => p.sequence).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 50 }, (_, i) => sequences[0]! + i));
    expect(new Set(results.map((r) => r.body.code)).size).toBe(50);
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
