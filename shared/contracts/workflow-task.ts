import * as z from 'zod/mini';
import './zod-locale.ts';

/**
 * The payload every Task state of the dossier workflow (infra/workflow/dossier.asl.json) sends to
 * the workflow tasks function, versioned. A dossier's execution lives for weeks on the definition
 * version it started with, while each release replaces the tasks function: so the function answers
 * the current contract and every earlier one still sent by executions in flight, upcasting them
 * here, at its edge (functions/workflow/tasks.ts), before anything else reads them.
 *
 * - Version 1: the payloads of the definitions deployed before contract versions — no `v`.
 * - Version 2 (current): the same fields and `v: 2`. Every definition from now on names its
 *   contract, so the next change of a field is a version 3 with an upcaster from 2 here.
 *
 * A version may be removed only once no execution started on a definition that sends it is still
 * running (OPERATIONS.md, "Executions in flight"). An unknown version is an error the state
 * machine's Catch turns into a flagged dossier, never a silent guess.
 */
export const TASK_CONTRACT_VERSION = 2;

const WaitKind = z.enum(['INTAKE', 'INTAKE_SUPPLEMENT', 'DEPARTMENT', 'CITIZEN', 'RETURN']);

const TaskV1 = z.object({
  task: z.string().check(z.minLength(1)),
  dossierId: z.string().check(z.minLength(1)),
  stepId: z.optional(z.string()),
  wait: z.optional(WaitKind),
  token: z.optional(z.string()),
  state: z.optional(z.record(z.string(), z.unknown())),
});

const TaskV2 = z.extend(TaskV1, { v: z.literal(2) });

/** A task payload of the current contract. */
export type TaskPayload = z.infer<typeof TaskV2>;

/** The payload as the current contract, from any version an execution in flight may still send. */
export function parseTaskPayload(raw: unknown): TaskPayload {
  const version = (raw as { v?: unknown } | null)?.v;
  if (version === undefined) return { ...TaskV1.parse(raw), v: 2 };
  if (version === TASK_CONTRACT_VERSION) return TaskV2.parse(raw);
  throw new Error(`unsupported workflow task contract version ${String(version)}`);
}
