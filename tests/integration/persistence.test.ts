import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLOCK_FILE, startLocalStack } from '../../infra/local/stack.ts';
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

  it("keeps the clock's offset across a restart (a demo moved 3 days ahead stays 3 days ahead)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'motcua-persist-clock-'));
    const DAY = 86_400_000;
    try {
      const first = await startLocalStack({ dataDir: dir, seed: false, resume: false });
      // Through the control endpoint, as `curl -X POST …/_local/clock/advance?days=3` does.
      const moved = await call<{ offsetMs: number }>(first.urls.api, 'POST', '/_local/clock/advance?days=3');
      expect(moved.status).toBe(200);
      // A running clock: advance ends `ms` after the call's time, while real time went on too.
      expect(moved.body.offsetMs).toBeGreaterThan(3 * DAY - 60_000);
      await first.stop();
      const saved = JSON.parse(readFileSync(path.join(dir, CLOCK_FILE), 'utf8')) as { offsetMs: number };
      expect(saved.offsetMs).toBeGreaterThan(3 * DAY - 60_000);

      const second = await startLocalStack({ dataDir: dir, seed: false, resume: false });
      try {
        // Restored to the saved offset: within a second (a running clock's offset is re-read against
        // real time at restart, which a slow machine shifts by a few milliseconds), of 3 days.
        expect(Math.abs(second.clock.offset() - saved.offsetMs)).toBeLessThanOrEqual(1_000);
        const shown = await call<{ offsetMs: number }>(second.urls.api, 'GET', '/_local/clock');
        expect(Math.abs(shown.body.offsetMs - saved.offsetMs)).toBeLessThanOrEqual(1_000);
        // Frozen on request: the time shown stays put until advanced, then moves by exactly that.
        const frozen = await call<{ now: string; frozen: boolean }>(
          second.urls.api,
          'POST',
          '/_local/clock/freeze',
        );
        expect(frozen.body.frozen).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect((await call<{ now: string }>(second.urls.api, 'GET', '/_local/clock')).body.now).toBe(
          frozen.body.now,
        );
        const hour = await call<{ now: string }>(second.urls.api, 'POST', '/_local/clock/advance?hours=1');
        expect(Date.parse(hour.body.now) - Date.parse(frozen.body.now)).toBe(3_600_000);
        const running = await call<{ frozen: boolean }>(second.urls.api, 'POST', '/_local/clock/unfreeze');
        expect(running.body.frozen).toBe(false);
      } finally {
        await second.stop();
      }
      // A pinned start wins over the saved offset (tests and `--clock-start`).
      const pinned = await startLocalStack({ dataDir: dir, seed: false, resume: false, clockStartMs: 0 });
      try {
        expect(pinned.clock.now()).toBeLessThan(DAY);
      } finally {
        await pinned.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
