import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll } from 'vitest';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../infra/local/stack.ts';
import { config } from '../../shared/adapters/config.ts';
import { s3Client } from '../../shared/adapters/s3-client.ts';
import type { UploadSlot } from '../../shared/contracts/dossier.ts';
import { JOBS } from '../../shared/contracts/jobs.ts';

/**
 * For tests that move the clock by weeks or months and do not test the background jobs (those are
 * in jobs.test.ts and beside each job): every job runs daily instead of every few minutes, so a
 * month of clock time is not thousands of sweeps.
 */
export const DAILY_JOBS: Pick<LocalStackOptions, 'outboxSweepMinutes' | 'jobMinutes'> = {
  outboxSweepMinutes: 1440,
  jobMinutes: Object.fromEntries(JOBS.map((j) => [j.id, 1440])),
};

/**
 * Starts an in-memory local stack for the current test file. Its clock is frozen unless the test
 * asks otherwise (`clockFrozen: false`): time moves only when the test advances it, so times and
 * deadlines come out exact however slow the machine is.
 */
export function useLocalStack(opts: LocalStackOptions = {}): () => LocalStack {
  let stack: LocalStack | undefined;
  beforeAll(async () => {
    stack = await startLocalStack({ clockFrozen: true, ...opts });
  });
  afterAll(async () => {
    await stack?.stop();
  });
  return () => {
    if (!stack) throw new Error('local stack not started');
    return stack;
  };
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** A thin HTTP client for the local API: real HTTP, through the local gateway. */
export async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  opts: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}

/** An individual applicant with valid Vietnamese formats. */
export function individual(overrides: Record<string, unknown> = {}) {
  return {
    type: 'INDIVIDUAL',
    fullName: 'Nguyễn Thị Hồng Nhung',
    idNumber: '019190001234',
    phone: '0912345678',
    email: 'nhung@example.vn',
    address: 'Số 12, đường Hoàng Văn Thụ, phường Phan Đình Phùng, tỉnh Thái Nguyên',
    ...overrides,
  };
}

/** A valid creation request for 2.001610 (Đăng ký thành lập doanh nghiệp tư nhân). */
export function privateEnterpriseRequest(overrides: Record<string, unknown> = {}) {
  return {
    procedureCode: '2.001610',
    applicant: individual(),
    fields: {
      enterpriseName: 'Doanh nghiệp tư nhân Hồng Nhung',
      headOfficeAddress: 'Số 12, đường Hoàng Văn Thụ, phường Phan Đình Phùng, tỉnh Thái Nguyên',
      mainBusinessLine: 'Bán lẻ hàng may mặc',
      investedCapitalVnd: 500_000_000,
    },
    delivery: { method: 'AT_CENTRE' },
    ...overrides,
  };
}

export const newKey = () => `test-${randomUUID()}`;

/** Posts a file to a presigned POST slot the way a browser form does (fields first, file last). */
export async function uploadToSlot(slot: UploadSlot, bytes: Buffer, contentType: string): Promise<number> {
  const form = new FormData();
  for (const [k, v] of Object.entries(slot.fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }), 'upload.bin');
  const res = await fetch(slot.url, { method: 'POST', body: form });
  await res.arrayBuffer();
  return res.status;
}

/**
 * Stores an object with the functions' own signed call, past every presigned-POST condition: what a
 * bucket writer that does not hold to the form (an S3-compatible store that ignores policies, a
 * misconfiguration) would leave, so a test can show the submission's own checks still refuse it.
 */
export async function storeBypassingPolicy(key: string, bytes: Buffer, contentType: string): Promise<void> {
  await s3Client().send(
    new PutObjectCommand({
      Bucket: config().DOCUMENTS_BUCKET,
      Key: key,
      Body: bytes,
      ContentType: contentType,
    }),
  );
}

/** Create → upload slots → upload → returns ids, ready to submit. */
export async function draftWithDocuments(
  api: string,
  docs: { requirementId: string; bytes: Buffer; contentType: string; declaredType?: string }[],
  request: Record<string, unknown> = privateEnterpriseRequest(),
) {
  const created = await call<{ dossierId: string }>(api, 'POST', '/dossiers', {
    body: request,
    headers: { 'idempotency-key': newKey() },
  });
  if (created.status !== 201)
    throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const dossierId = created.body.dossierId;
  if (docs.length) {
    const slots = await call<{ slots: UploadSlot[] }>(api, 'POST', `/dossiers/${dossierId}/uploads`, {
      body: {
        documents: docs.map((d) => ({
          requirementId: d.requirementId,
          fileName: `${d.requirementId}.bin`,
          contentType: d.declaredType ?? d.contentType,
          size: Math.min(d.bytes.length, 1024 * 1024),
        })),
      },
    });
    if (slots.status !== 201) throw new Error(`slots failed: ${slots.status} ${JSON.stringify(slots.body)}`);
    for (const [i, slot] of slots.body.slots.entries()) {
      const d = docs[i]!;
      const status = await uploadToSlot(slot, d.bytes, d.declaredType ?? d.contentType);
      if (status >= 300) throw new Error(`upload failed: ${status}`);
    }
  }
  return { dossierId };
}
