import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startLocalStack } from '../../infra/local/stack.ts';
import { call, draftWithDocuments, newKey } from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';

describe('the local stack with data on disk (npm start)', () => {
  it('keeps dossiers and documents across a restart, and re-seeding changes nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'motcua-persist-'));
    try {
      const first = await startLocalStack({ dataDir: dir });
      const { dossierId } = await draftWithDocuments(first.urls.api, [
        { requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' },
      ]);
      const submitted = await call<{ code: string; lookupSecret: string }>(
        first.urls.api,
        'POST',
        `/dossiers/${dossierId}/submit`,
        { headers: { 'idempotency-key': newKey() } },
      );
      expect(submitted.status).toBe(201);
      await first.stop();

      const second = await startLocalStack({ dataDir: dir });
      try {
        const found = await call<{ status: string }>(
          second.urls.api,
          'GET',
          `/lookup/${submitted.body.code}`,
          {
            headers: { 'x-lookup-secret': submitted.body.lookupSecret },
          },
        );
        expect(found.status).toBe(200);
        expect(found.body.status).toBe('SUBMITTED');
        const list = await call<{ total: number }>(second.urls.api, 'GET', '/procedures');
        expect(list.body.total).toBe(second.seeded?.procedures);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
