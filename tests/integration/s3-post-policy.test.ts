import { createHmac } from 'node:crypto';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import type { UploadSlot } from '../../shared/contracts/dossier.ts';
import { call, draftWithDocuments, useLocalStack } from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';
import { accept, MON_2026_03_02_0900, staff, submit } from '../support/workflow.ts';

/**
 * Issue 19 item 7/8: the local S3 refuses a browser upload exactly as Amazon S3 does, by the
 * presigned POST policy the upload-slot service signs: the size, the type, the key, no field the
 * policy does not name, the expiration and the signature. Every form here is the one the API
 * issued, changed in one way; each refusal has S3's status, code and message, and stores nothing.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900 });
const api = () => stack().urls.api;
const PDF = pdfBytes();

async function slotFor(dossierId: string, size = PDF.length, contentType = 'application/pdf') {
  const res = await call<{ slots: UploadSlot[] }>(api(), 'POST', `/dossiers/${dossierId}/uploads`, {
    body: { documents: [{ requirementId: 'd1', fileName: 'giay-to.pdf', contentType, size }] },
  });
  expect(res.status).toBe(201);
  return res.body.slots[0]!;
}

const freshSlot = async () => slotFor((await draftWithDocuments(api(), [])).dossierId);

interface Posted {
  status: number;
  code: string | undefined;
  message: string | undefined;
  xml: string;
}

/** Posts the form as a browser does: the fields in order, the file last. */
async function post(
  url: string,
  fields: Record<string, string | undefined>,
  bytes: Buffer = PDF,
  fileType = 'application/pdf',
): Promise<Posted> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: fileType }), 'giay-to.pdf');
  const res = await fetch(url, { method: 'POST', body: form });
  const xml = await res.text();
  return {
    status: res.status,
    code: /<Code>([^<]*)<\/Code>/.exec(xml)?.[1],
    message: /<Message>([^<]*)<\/Message>/.exec(xml)?.[1]?.replaceAll('&quot;', '"'),
    xml,
  };
}

async function stored(key: string): Promise<boolean> {
  const s3 = new S3Client({
    region: stack().env.AWS_REGION,
    endpoint: stack().urls.s3,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  try {
    await s3.send(new HeadObjectCommand({ Bucket: stack().env.DOCUMENTS_BUCKET, Key: key }));
    return true;
  } catch {
    return false;
  } finally {
    s3.destroy();
  }
}

const policyOf = (slot: UploadSlot) =>
  JSON.parse(Buffer.from(slot.fields.Policy!, 'base64').toString('utf8')) as {
    expiration: string;
    conditions: unknown[];
  };

describe('the local S3 enforces the presigned POST policy as S3 does', () => {
  it('stores the genuine form: the declared bytes, type and key, within the expiration', async () => {
    const slot = await freshSlot();
    const ok = await post(slot.url, slot.fields);
    expect(ok.status).toBe(204);
    expect(await stored(slot.fields.key!)).toBe(true);
  });

  it('refuses a file one byte longer (EntityTooLarge) or shorter (EntityTooSmall) than declared, with the sizes', async () => {
    const slot = await freshSlot();
    const large = await post(slot.url, slot.fields, pdfBytes(1));
    expect(large).toMatchObject({
      status: 400,
      code: 'EntityTooLarge',
      message: 'Your proposed upload exceeds the maximum allowed size',
    });
    expect(large.xml).toContain(`<ProposedSize>${PDF.length + 1}</ProposedSize>`);
    expect(large.xml).toContain(`<MaxSizeAllowed>${PDF.length}</MaxSizeAllowed>`);

    const small = await post(slot.url, slot.fields, PDF.subarray(0, PDF.length - 1));
    expect(small).toMatchObject({
      status: 400,
      code: 'EntityTooSmall',
      message: 'Your proposed upload is smaller than the minimum allowed size',
    });
    expect(small.xml).toContain(`<MinSizeAllowed>${PDF.length}</MinSizeAllowed>`);
    expect(await stored(slot.fields.key!)).toBe(false);

    // The staff's result slot is held to its declared size the same way.
    const d = await submit(stack());
    await accept(stack(), d);
    const result = await staff<{ slot: UploadSlot }>(
      stack(),
      'POST',
      `/staff/dossiers/${d.dossierId}/steps/S01/result-uploads`,
      { fileName: 'Kết quả.pdf', size: PDF.length },
      'stc.chuyenvien',
    );
    expect(result.status).toBeLessThan(300);
    const bigger = await post(result.body.slot.url, result.body.slot.fields, pdfBytes(2048));
    expect(bigger).toMatchObject({ status: 400, code: 'EntityTooLarge' });
    expect(await stored(result.body.slot.fields.key!)).toBe(false);
  });

  it('refuses another Content-Type, or none, by the policy’s eq condition', async () => {
    const slot = await freshSlot();
    const failed =
      'Invalid according to Policy: Policy Condition failed: ["eq", "$Content-Type", "application/pdf"]';
    for (const type of ['text/html', 'application/pdf; charset=utf-8', 'image/svg+xml', undefined]) {
      const res = await post(
        slot.url,
        { ...slot.fields, 'Content-Type': type },
        PDF,
        type ?? 'application/pdf',
      );
      expect(res, String(type)).toMatchObject({ status: 403, code: 'AccessDenied', message: failed });
    }
    expect(await stored(slot.fields.key!)).toBe(false);
  });

  it('refuses any key but the slot’s own, even in the same dossier', async () => {
    const slot = await freshSlot();
    const own = slot.fields.key!;
    for (const key of [`${own}x`, own.replace(/[^/]+$/, 'other'), `${own}/../x`, own.toUpperCase()]) {
      const res = await post(slot.url, { ...slot.fields, key });
      expect(res, key).toMatchObject({
        status: 403,
        code: 'AccessDenied',
        message: `Invalid according to Policy: Policy Condition failed: ["eq", "$key", "${own}"]`,
      });
      expect(await stored(key)).toBe(false);
    }
  });

  it('refuses a field the policy does not name; x-ignore- fields are free', async () => {
    const slot = await freshSlot();
    for (const [name, value] of [
      ['acl', 'public-read'],
      ['x-amz-meta-owner', 'attacker'],
      ['success_action_redirect', 'https://attacker.example/'],
      ['Content-Disposition', 'inline'],
    ] as const) {
      const res = await post(slot.url, { ...slot.fields, [name]: value });
      expect(res, name).toMatchObject({
        status: 403,
        code: 'AccessDenied',
        message: `Invalid according to Policy: Extra input fields: ${name.toLowerCase()}`,
      });
    }
    expect(await stored(slot.fields.key!)).toBe(false);
    expect((await post(slot.url, { ...slot.fields, 'x-ignore-note': 'any' })).status).toBe(204);
  });

  it('refuses a changed signing field, bucket or algorithm by its condition', async () => {
    const slot = await freshSlot();
    const date = await post(slot.url, { ...slot.fields, 'X-Amz-Date': '20990101T000000Z' });
    expect(date).toMatchObject({
      status: 403,
      code: 'AccessDenied',
      message: `Invalid according to Policy: Policy Condition failed: ["eq", "$X-Amz-Date", "${slot.fields['X-Amz-Date']}"]`,
    });
    const otherBucket = await post(slot.url.replace(/\/[^/]+\/?$/, '/another-bucket'), slot.fields);
    expect(otherBucket).toMatchObject({
      status: 403,
      code: 'AccessDenied',
      message: `Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", "${stack().env.DOCUMENTS_BUCKET}"]`,
    });
    expect((await post(slot.url, { ...slot.fields, 'X-Amz-Algorithm': 'AWS4-HMAC-SHA1' })).status).toBe(400);
    expect(await stored(slot.fields.key!)).toBe(false);
  });

  it('refuses a policy changed after signing, one signed with another key, and an unknown access key', async () => {
    const slot = await freshSlot();
    const policy = policyOf(slot);
    const widened = {
      ...policy,
      conditions: policy.conditions.map((c) =>
        Array.isArray(c) && c[0] === 'content-length-range' ? ['content-length-range', 0, 10_000_000] : c,
      ),
    };
    const forged = Buffer.from(JSON.stringify(widened)).toString('base64');
    const mismatch = {
      status: 403,
      code: 'SignatureDoesNotMatch',
      message:
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    };
    expect(await post(slot.url, { ...slot.fields, Policy: forged }, pdfBytes(5000))).toMatchObject(mismatch);

    // Signed by the book (signature version 4) but with a key that is not the stack's.
    const [, date, region] = slot.fields['X-Amz-Credential']!.split('/') as [string, string, string];
    const h = (k: Buffer | string, s: string) => createHmac('sha256', k).update(s).digest();
    const key = h(h(h(h('AWS4not-the-secret', date), region), 's3'), 'aws4_request');
    const signature = h(key, forged).toString('hex');
    expect(
      await post(slot.url, { ...slot.fields, Policy: forged, 'X-Amz-Signature': signature }, pdfBytes(5000)),
    ).toMatchObject(mismatch);
    expect(await post(slot.url, { ...slot.fields, 'X-Amz-Signature': undefined })).toMatchObject({
      status: 400,
    });

    const otherKey = await post(slot.url, {
      ...slot.fields,
      'X-Amz-Credential': slot.fields['X-Amz-Credential']!.replace(/^[^/]+/, 'AKIAEXAMPLE'),
    });
    expect(otherKey).toMatchObject({ status: 403, code: 'InvalidAccessKeyId' });
    // No policy at all: the bucket is private.
    expect(await post(slot.url, { key: slot.fields.key, 'Content-Type': 'application/pdf' })).toMatchObject({
      status: 403,
      code: 'AccessDenied',
      message: 'Access Denied',
    });
    expect(await stored(slot.fields.key!)).toBe(false);
  });

  it('refuses the form once its policy has expired by the stack’s clock, and accepts it until then', async () => {
    const slot = await freshSlot();
    const expiration = Date.parse(policyOf(slot).expiration);
    // The policy is dated by the clock the handlers read, and says so in the slot.
    // (S3 policies are dated to the second, and the SDK trims its clock to the server's Date header.)
    expect(Math.abs(expiration - Date.parse(slot.expiresAt))).toBeLessThanOrEqual(1000);
    expect(Math.abs(expiration - stack().clock.now() - 900_000)).toBeLessThanOrEqual(1000);
    await stack().clock.advance(expiration - stack().clock.now() + 1000);
    const late = await post(slot.url, slot.fields);
    expect(late).toMatchObject({
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Policy expired.',
    });
    expect(await stored(slot.fields.key!)).toBe(false);
    // A slot asked for now is good again.
    const again = await freshSlot();
    expect((await post(again.url, again.fields)).status).toBe(204);
  });
});
