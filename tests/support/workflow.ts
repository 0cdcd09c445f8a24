import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { LocalStack } from '../../infra/local/stack.ts';
import { putProcedure } from '../../shared/adapters/catalogue-procedure-edits.ts';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import type { UploadSlot } from '../../shared/contracts/dossier.ts';
import { call, draftWithDocuments, individual, newKey, uploadToSlot } from './api.ts';
import { pdfBytes } from './files.ts';

/** Helpers for workflow scenarios on the local stack: submit, act as staff or citizen, move time. */
const FIXTURES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../fixtures/procedures');

/** Test-only procedures (codes 9.9000xx) with the policies the scenarios need. */
export async function seedFixtureProcedures(): Promise<void> {
  for (const f of readdirSync(FIXTURES))
    await putProcedure(JSON.parse(readFileSync(path.join(FIXTURES, f), 'utf8')));
}

/** Monday 2 March 2026, 09:00 in Vietnam: a plain working week (no holiday until 30/04). */
export const MON_2026_03_02_0900 = Date.parse('2026-03-02T02:00:00Z');

/** An instant given in Vietnam time, e.g. `vn('2026-03-05 16:30')`. */
export const vn = (local: string) => new Date(`${local.replace(' ', 'T')}:00+07:00`);

export interface Submitted {
  dossierId: string;
  code: string;
  secret: string;
  executionArn: string;
}

export async function submit(stack: LocalStack, procedureCode = '2.001610'): Promise<Submitted> {
  const request =
    procedureCode === '2.001610'
      ? undefined
      : { procedureCode, applicant: individual(), fields: {}, delivery: { method: 'AT_CENTRE' } };
  const docs =
    procedureCode === '2.001610'
      ? [{ requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' }]
      : [];
  const { dossierId } = await draftWithDocuments(stack.urls.api, docs, request);
  const res = await call<{ code: string; lookupSecret: string }>(
    stack.urls.api,
    'POST',
    `/dossiers/${dossierId}/submit`,
    {
      headers: { 'idempotency-key': newKey() },
    },
  );
  if (res.status !== 201) throw new Error(`submit ${res.status} ${JSON.stringify(res.body)}`);
  await stack.sfn.settle();
  return {
    dossierId,
    code: res.body.code,
    secret: res.body.lookupSecret,
    executionArn: `${stack.stateMachineArn.replace(':stateMachine:', ':execution:')}:${dossierId}-start`,
  };
}

export async function version(dossierId: string): Promise<number> {
  return (await getDossier(dossierId))!.dossier.version;
}

/**
 * The seeded local user who would make this staff call: the reception officer for intake and
 * hand-back, the officer of the step's department for step decisions, the administrator for the
 * calendar, the centre's leader to read a dossier.
 */
export async function userFor(method: string, p: string): Promise<string> {
  if (/\/intake$|\/hand-back$/.test(p)) return 'tiepnhan.1';
  const step = /^\/staff\/dossiers\/([^/]+)\/steps\/(S\d{2})\//.exec(p);
  if (step) {
    const found = await getDossier(step[1]!);
    const dept = found?.steps.find((s) => s.stepId === step[2])?.departmentId ?? 'STC';
    return `${dept.toLowerCase()}.chuyenvien`;
  }
  if (p.startsWith('/admin/')) return 'quantri';
  return method === 'GET' ? 'lanhdao.ttpvhcc' : 'tiepnhan.1';
}

export async function bearer(stack: LocalStack, username: string): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await stack.auth.tokenFor(username)}` };
}

/** A staff call as the user who would make it (or `as`); waits for the workflow to settle. */
export async function staff<T = Record<string, unknown>>(
  stack: LocalStack,
  method: string,
  p: string,
  body?: unknown,
  as?: string,
) {
  const username = as ?? (await userFor(method, p));
  const res = await call<T>(stack.urls.api, method, p, {
    ...(body === undefined ? {} : { body }),
    headers: await bearer(stack, username),
  });
  await stack.sfn.settle();
  return res;
}

export async function citizen<T = Record<string, unknown>>(stack: LocalStack, d: Submitted, action: string) {
  const res = await call<T>(stack.urls.api, 'POST', `/lookup/${d.code}/${action}`, {
    headers: { 'x-lookup-secret': d.secret },
  });
  await stack.sfn.settle();
  return res;
}

export async function accept(stack: LocalStack, d: Submitted) {
  return staff(stack, 'POST', `/staff/dossiers/${d.dossierId}/intake`, {
    decision: 'ACCEPT',
    version: await version(d.dossierId),
  });
}

/**
 * A step decision as the step's officer. COMPLETE uploads a real result PDF first (the result is
 * required to complete) unless the body names its own `resultDocumentId` (even as undefined).
 */
export async function decide(
  stack: LocalStack,
  d: Submitted,
  stepId: string,
  body: Record<string, unknown>,
  as?: string,
) {
  let withResult = {};
  if (body.action === 'COMPLETE' && !('resultDocumentId' in body)) {
    const slot = await resultSlot(stack, d, stepId, as);
    // A concurrent change to the dossier (another step's decision) refuses the slot as it would the
    // decision: the caller sees that answer, as an officer would, and decides again on a fresh read.
    if (slot.refused) return slot.refused;
    withResult = { resultDocumentId: await uploadInto(slot.slot) };
  }
  return staff(
    stack,
    'POST',
    `/staff/dossiers/${d.dossierId}/steps/${stepId}/decision`,
    { version: body.version ?? (await version(d.dossierId)), ...body, ...withResult },
    as,
  );
}

/** The department uploads a real result PDF for its step; answers the document's id. */
export async function uploadResult(stack: LocalStack, d: { dossierId: string }, stepId: string, as?: string) {
  const slot = await resultSlot(stack, d, stepId, as);
  if (slot.refused)
    throw new Error(`result slot ${slot.refused.status} ${JSON.stringify(slot.refused.body)}`);
  return uploadInto(slot.slot);
}

type StaffAnswer = Awaited<ReturnType<typeof staff<Record<string, unknown>>>>;

async function resultSlot(stack: LocalStack, d: { dossierId: string }, stepId: string, as?: string) {
  const res = await staff<{ slot: UploadSlot }>(
    stack,
    'POST',
    `/staff/dossiers/${d.dossierId}/steps/${stepId}/result-uploads`,
    { fileName: 'Kết quả.pdf', size: pdfBytes().length },
    as,
  );
  if (res.status === 409) return { refused: res as unknown as StaffAnswer, slot: undefined };
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`result slot ${res.status} ${JSON.stringify(res.body)}`);
  return { refused: undefined, slot: res.body.slot };
}

async function uploadInto(slot: UploadSlot): Promise<string> {
  const status = await uploadToSlot(slot, pdfBytes(), 'application/pdf');
  if (status >= 300) throw new Error(`result upload ${status}`);
  return slot.documentId;
}

/** Moves virtual time to an instant (given in Vietnam time) and lets the workflow react. */
export async function advanceTo(stack: LocalStack, local: string): Promise<void> {
  await stack.sfn.settle();
  const target = vn(local).getTime();
  const delta = target - stack.clock.now();
  if (delta < 0) throw new Error(`cannot go back in time to ${local}`);
  await stack.clock.advance(delta);
  await stack.sfn.settle();
}

export interface SentEmail {
  to: string[];
  subject: string;
  text: string;
}

/** Every email the local SES received, in order. */
export async function emails(stack: LocalStack): Promise<SentEmail[]> {
  const res = await fetch(`${stack.urls.ses}/store`);
  const body = (await res.json()) as {
    emails: { destination: { to: string[] }; subject: string; body: { text?: string } }[];
  };
  return body.emails.map((e) => ({ to: e.destination.to, subject: e.subject, text: e.body.text ?? '' }));
}

export async function emailsAbout(stack: LocalStack, code: string): Promise<SentEmail[]> {
  return (await emails(stack)).filter((e) => e.text.includes(code));
}

export async function executionStatus(stack: LocalStack, executionArn: string): Promise<string> {
  const client = new SFNClient({ region: 'ap-southeast-1', endpoint: stack.urls.sfn });
  const res = await client.send(new DescribeExecutionCommand({ executionArn }));
  client.destroy();
  return res.status ?? 'UNKNOWN';
}

export async function eventTypes(dossierId: string): Promise<string[]> {
  return (await getDossier(dossierId))!.events.map((e) => e.type);
}
