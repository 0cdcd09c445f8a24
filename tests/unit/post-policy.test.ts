import { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { describe, expect, it } from 'vitest';
import { type PostForm, postPolicyRefusal } from '../../infra/local/post-policy.ts';

/**
 * The policy conditions the upload-slot service does not use today (`starts-with`, a
 * `${filename}` key, a `content-length-range` with room), checked on policies signed by the AWS
 * SDK itself with the local stack's key. The service's own forms are tested through the local
 * stack in tests/integration/s3-post-policy.test.ts.
 */
const client = new S3Client({
  region: 'ap-southeast-1',
  endpoint: 'http://127.0.0.1:1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
});
const ctx = (nowMs = Date.now()) => ({
  bucket: 'docs',
  region: 'ap-southeast-1',
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
  nowMs,
});
const formOf = (fields: Record<string, string>, size: number, name = 'a.pdf'): PostForm => ({
  fields: new Map(Object.entries(fields).map(([k, v]) => [k.toLowerCase(), v])),
  file: { size, name },
});

describe('postPolicyRefusal', () => {
  it('holds starts-with conditions on the key and the type, and a size range', async () => {
    const post = await createPresignedPost(client, {
      Bucket: 'docs',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: S3's own placeholder, not a template
      Key: 'uploads/abc/${filename}',
      Conditions: [
        ['starts-with', '$Content-Type', 'image/'],
        ['content-length-range', 10, 100],
      ],
      Expires: 60,
    });
    const fields = { ...post.fields, key: 'uploads/abc/photo.png', 'Content-Type': 'image/png' };
    expect(postPolicyRefusal(formOf(fields, 50), ctx())).toBeUndefined();
    expect(postPolicyRefusal(formOf({ ...fields, 'Content-Type': 'image/jpeg' }, 10), ctx())).toBeUndefined();
    expect(postPolicyRefusal(formOf({ ...fields, 'Content-Type': 'text/html' }, 50), ctx())).toMatchObject({
      status: 403,
      code: 'AccessDenied',
      message:
        'Invalid according to Policy: Policy Condition failed: ["starts-with", "$Content-Type", "image/"]',
    });
    expect(postPolicyRefusal(formOf({ ...fields, key: 'uploads/other/x' }, 50), ctx())).toMatchObject({
      status: 403,
      message:
        'Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "uploads/abc/"]',
    });
    expect(postPolicyRefusal(formOf(fields, 101), ctx())).toMatchObject({
      status: 400,
      code: 'EntityTooLarge',
    });
    expect(postPolicyRefusal(formOf(fields, 9), ctx())).toMatchObject({
      status: 400,
      code: 'EntityTooSmall',
    });
    // Field names compare without regard to case; values exactly.
    const lower = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.toLowerCase(), v]));
    expect(postPolicyRefusal(formOf(lower, 50), ctx())).toBeUndefined();
    expect(postPolicyRefusal(formOf(fields, 50), ctx(Date.now() + 120_000))).toMatchObject({
      status: 403,
      message: 'Invalid according to Policy: Policy expired.',
    });
  });

  it('refuses a malformed policy or signature without throwing', () => {
    const base = {
      key: 'k',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'S3RVER/20260302/ap-southeast-1/s3/aws4_request',
      'X-Amz-Date': '20260302T000000Z',
    };
    for (const [policy, signature] of [
      ['!!!', 'zz'],
      ['e30=', '0'.repeat(64)],
      ['', ''],
    ] as const) {
      const refusal = postPolicyRefusal(
        formOf({ ...base, Policy: policy, 'X-Amz-Signature': signature }, 1),
        ctx(),
      );
      expect(refusal?.status).toBeGreaterThanOrEqual(400);
    }
  });
});
