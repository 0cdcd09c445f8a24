import { describe, expect, it } from 'vitest';
import { call, draftWithDocuments, newKey, useLocalStack } from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';
import { MON_2026_03_02_0900 } from '../support/workflow.ts';

/**
 * The local stack's `handlerThreads` option (infra/local/threads/): the API handlers run in worker
 * threads, each with its own copy of every handler and its own SDK clients, as Lambda runs each
 * environment apart. A citizen's whole submission works through them, on the stack's clock (here
 * frozen on a Monday in March 2026, so the code's date can only come from it), and the dossier is
 * found by the look-up.
 */
const stack = useLocalStack({ handlerThreads: 2, clockStartMs: MON_2026_03_02_0900 });

describe('API handlers in worker threads', () => {
  it('submits dossiers through the threads on the stack clock, and looks them up', async () => {
    const api = stack().urls.api;
    const submitted = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const { dossierId } = await draftWithDocuments(api, [
          { requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' },
        ]);
        const res = await call<{ code: string; lookupSecret: string }>(
          api,
          'POST',
          `/dossiers/${dossierId}/submit`,
          {
            headers: { 'idempotency-key': newKey() },
          },
        );
        expect(res.status).toBe(201);
        return res.body;
      }),
    );
    const codes = submitted.map((s) => s.code);
    expect(new Set(codes).size).toBe(4);
    for (const code of codes) expect(code).toMatch(/-260302-\d{4}$/);
    await stack().sfn.settle();
    const found = await call<{ code: string; status: string }>(api, 'GET', `/lookup/${codes[0]}`, {
      headers: { 'x-lookup-secret': submitted[0]!.lookupSecret },
    });
    expect(found.status).toBe(200);
    expect(found.body.code).toBe(codes[0]);
  });
});
