import { randomUUID } from 'node:crypto';
import type { UploadSlot } from '../shared/contracts/dossier.ts';
import { privateEnterpriseRequest, uploadToSlot } from '../tests/support/api.ts';
import { pdfBytes } from '../tests/support/files.ts';

/**
 * One citizen's online submission as the web form makes it: create the draft, ask for upload
 * slots, post the document straight to S3 with the presigned POST, submit. Every mutating request
 * carries an Idempotency-Key; a submit whose reply is lost (network error, 5xx, "in progress") is
 * retried with the same key, as the form does, so a dossier is never submitted twice.
 */
export interface Acknowledged {
  dossierId: string;
  code: string;
  secret: string;
}

export type Outcome =
  | { kind: 'ACKNOWLEDGED'; ack: Acknowledged; ms: number; submitMs: number }
  /**
   * An answer to the submit was lost (network error or 5xx: the dossier may or may not have been
   * submitted) and no retry with the same key got the result; `lastStatus` is the last answer.
   */
  | { kind: 'REPLY_LOST'; dossierId: string; ms: number; lastStatus: number }
  /** Refused or failed before the submit (no code can exist), or refused with a clear 4xx. */
  | { kind: 'FAILED'; step: string; status: number; ms: number; dossierId?: string };

const SUBMIT_ATTEMPTS = 4;

async function post<T>(
  url: string,
  body: unknown,
  key?: string,
): Promise<{ status: number; body: T | undefined }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(key ? { 'idempotency-key': key } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: T | undefined;
  try {
    parsed = text ? (JSON.parse(text) as T) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed };
}

export function documentBytes(kb: number): Buffer {
  return pdfBytes(Math.max(0, kb * 1024 - pdfBytes().length));
}

export async function submitOnline(api: string, document: Buffer): Promise<Outcome> {
  const t0 = performance.now();
  const ms = () => performance.now() - t0;
  const failed = (step: string, status: number): Outcome => ({ kind: 'FAILED', step, status, ms: ms() });
  let dossierId: string;
  try {
    const created = await post<{ dossierId: string }>(
      `${api}/dossiers`,
      privateEnterpriseRequest(),
      `bench-${randomUUID()}`,
    );
    if (created.status !== 201 || !created.body) return failed('create', created.status);
    dossierId = created.body.dossierId;
    const slots = await post<{ slots: UploadSlot[] }>(`${api}/dossiers/${dossierId}/uploads`, {
      documents: [
        { requirementId: 'd1', fileName: 'd1.pdf', contentType: 'application/pdf', size: document.length },
      ],
    });
    if (slots.status !== 201 || !slots.body) return failed('upload slots', slots.status);
    for (const slot of slots.body.slots) {
      const status = await uploadToSlot(slot, document, 'application/pdf');
      if (status >= 300) return failed('S3 upload', status);
    }
  } catch {
    return failed('before submit (network)', 0);
  }
  const key = `bench-${randomUUID()}`;
  const t1 = performance.now();
  let lastStatus = 0;
  let replyLost = false;
  for (let attempt = 1; attempt <= SUBMIT_ATTEMPTS; attempt++) {
    try {
      const res = await post<{ code: string; lookupSecret: string }>(
        `${api}/dossiers/${dossierId}/submit`,
        undefined,
        key,
      );
      if (res.status === 201 && res.body) {
        return {
          kind: 'ACKNOWLEDGED',
          ack: { dossierId, code: res.body.code, secret: res.body.lookupSecret },
          ms: ms(),
          submitMs: performance.now() - t1,
        };
      }
      lastStatus = res.status;
      if (res.status >= 500) replyLost = true;
      // A 4xx other than a conflict ("in progress", "busy") is a refusal: nothing was submitted,
      // unless an earlier answer was lost (then the retry's refusal is the system's answer to it).
      else if (res.status !== 409 || attempt === SUBMIT_ATTEMPTS) break;
    } catch {
      // The reply is lost; retry with the same key.
      replyLost = true;
      lastStatus = 0;
    }
    await new Promise((r) => setTimeout(r, 100 * attempt));
  }
  if (replyLost) return { kind: 'REPLY_LOST', dossierId, ms: ms(), lastStatus };
  return { kind: 'FAILED', step: 'submit', status: lastStatus, ms: ms(), dossierId };
}
