import { now } from '../adapters/clock.ts';
import { config } from '../adapters/config.ts';
import { draftStore } from '../adapters/draft-store.ts';
import type { DraftStore } from './ports.ts';

/** Drafts handled by one run at most: the next run (hourly) takes the rest. */
export const EXPIRE_DRAFTS_PER_RUN = 50;

export interface ExpireDraftsResult {
  /** Drafts deleted with their uploads. */
  deleted: number;
  /** Drafts changed or submitted while the run looked at them: kept. */
  kept: number;
}

/**
 * Deletes the online drafts never submitted and unchanged for `DRAFT_EXPIRY_DAYS`, with their
 * uploaded documents. A draft changed meanwhile (a new upload slot, a submission) is kept. In a
 * versioned bucket the delete leaves a delete marker; the stored version is removed by the bucket's
 * noncurrent-version expiry (infra/stacks/data-stack.ts).
 */
export async function expireDrafts(
  limit = EXPIRE_DRAFTS_PER_RUN,
  store: DraftStore = draftStore,
): Promise<ExpireDraftsResult> {
  const cutoff = new Date(now().getTime() - config().DRAFT_EXPIRY_DAYS * 86_400_000).toISOString();
  const result: ExpireDraftsResult = { deleted: 0, kept: 0 };
  for (const id of await store.staleDrafts(cutoff, limit)) {
    (await store.deleteStaleDraft(id, cutoff)) ? result.deleted++ : result.kept++;
  }
  return result;
}
