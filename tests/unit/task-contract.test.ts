import { describe, expect, it } from 'vitest';
import { loadDefinition } from '../../infra/workflow/definition.ts';
import { parseTaskPayload, TASK_CONTRACT_VERSION } from '../../shared/contracts/workflow-task.ts';

/** The workflow's task contract: versioned payloads, upcast at the tasks function's edge. */
function taskPayloads(node: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) for (const n of node) taskPayloads(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.task === 'string') out.push(o);
    for (const v of Object.values(o)) taskPayloads(v, out);
  }
  return out;
}

describe('workflow task contract', () => {
  it('is named, with the current version, by every task state of the definition', () => {
    const payloads = taskPayloads(loadDefinition());
    expect(payloads.length).toBeGreaterThan(10);
    for (const p of payloads) expect(p.v, String(p.task)).toBe(TASK_CONTRACT_VERSION);
  });

  it('reads a version-1 payload (no `v`) as the current contract', () => {
    expect(parseTaskPayload({ task: 'assignStep', dossierId: 'd1', stepId: 'S01' })).toEqual({
      task: 'assignStep',
      dossierId: 'd1',
      stepId: 'S01',
      v: TASK_CONTRACT_VERSION,
    });
  });

  it('refuses an unknown version and a malformed payload', () => {
    expect(() => parseTaskPayload({ task: 'route', dossierId: 'd1', v: 3 })).toThrow(/version 3/);
    expect(() => parseTaskPayload({ task: 'await', dossierId: 'd1', wait: 'SOMETIME' })).toThrow();
    expect(() => parseTaskPayload({ dossierId: 'd1', v: 2 })).toThrow();
  });
});
