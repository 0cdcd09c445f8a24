import { describe, expect, it } from 'vitest';
import { sumCalls } from '../../infra/local/call-counter.ts';
import { call, draftWithDocuments, newKey, useLocalStack } from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';

/**
 * The DynamoDB requests a citizen's submission costs (issue budget: at most 10 for create + upload
 * slots + submit), counted at the engine so Powertools' own requests count too. The dossier's
 * workflow is held at its first task while counting: its requests are the workflow's, not the
 * submission's.
 */
let hold = false;
const stack = useLocalStack({
  retryIntervalMs: 600_000,
  beforeTask: () => {
    if (hold) throw new Error('held while counting the submission');
  },
});
const api = () => stack().urls.api;
const documents = [{ requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' }];

/** Requests (not the items of a transaction, which the counter lists too). */
const requests = (calls: Record<string, number>) =>
  sumCalls(calls, 'dynamodb:') - (calls['dynamodb:TransactWriteItems.items'] ?? 0);

async function submitted() {
  const created = stack().calls.snapshot();
  const { dossierId } = await draftWithDocuments(api(), documents);
  const drafted = stack().calls.snapshot();
  const res = await call<{ code: string }>(api(), 'POST', `/dossiers/${dossierId}/submit`, {
    headers: { 'idempotency-key': newKey() },
  });
  expect(res.status).toBe(201);
  return {
    draft: requests(stack().calls.since(created)) - requests(stack().calls.since(drafted)),
    submit: requests(stack().calls.since(drafted)),
    calls: stack().calls.since(created),
  };
}

describe('DynamoDB requests of one submission', () => {
  it('takes at most 10 for create + upload slots + submit on a warm function, with no read of the number', async () => {
    // The first submission warms the functions (their catalogue and calendar reads are cached).
    await submitted();
    await stack().sfn.settle();
    hold = true;
    const { draft, submit, calls } = await submitted();
    hold = false;
    expect(draft + submit, JSON.stringify(calls)).toBeLessThanOrEqual(10);
    // The dossier is read once by the submission; the number is one update, never read first.
    expect(calls['dynamodb:Query'], JSON.stringify(calls)).toBe(2);
    expect(calls['dynamodb:GetItem'] ?? 0, JSON.stringify(calls)).toBe(0);
    expect(calls['dynamodb:TransactWriteItems'], JSON.stringify(calls)).toBe(3);
  });
});
