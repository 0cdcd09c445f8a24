import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Amazon S3's checks of a browser-based upload (a POST of `multipart/form-data` carrying a signed
 * policy), done the way S3 does them, for the local S3's front door (infra/local/s3-front.ts).
 * s3rver ignores the policy entirely; this restores every refusal the documents bucket gives in
 * AWS, with S3's status codes, error codes and messages:
 *
 * - the policy's signature (signature version 4 over the base64 policy, with the key scoped to
 *   the credential's date, region and `s3`) → 403 `SignatureDoesNotMatch`; an unknown access key
 *   → 403 `InvalidAccessKeyId`;
 * - the policy's `expiration` → 403 `AccessDenied` "Invalid according to Policy: Policy expired.";
 * - every form field (except `policy`, `x-amz-signature`, `file` and `x-ignore-*`) must be named
 *   by a condition → 403 `AccessDenied` "Invalid according to Policy: Extra input fields: …";
 * - each condition (`{field: value}`, `["eq", "$field", value]`, `["starts-with", "$field", prefix]`,
 *   the bucket included) → 403 `AccessDenied` "Invalid according to Policy: Policy Condition
 *   failed: […]";
 * - `["content-length-range", min, max]` on the file's bytes → 400 `EntityTooLarge` or
 *   `EntityTooSmall`, with the proposed and allowed sizes.
 *
 * See "Creating a POST policy" and "Authenticating requests in browser-based uploads using POST"
 * in the Amazon S3 API reference. Field names compare without regard to case, values exactly.
 */
export interface PostRefusal {
  status: 400 | 403;
  code: string;
  message: string;
  /** Extra elements S3 adds to the error (e.g. ProposedSize, MaxSizeAllowed). */
  details?: Record<string, string>;
}

export interface PostPolicyContext {
  /** The bucket named in the request's path. */
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The clock the stack runs on (ms since the epoch). */
  nowMs: number;
}

/** The fields S3 leaves out of the "every field must be in the policy" rule. */
const EXEMPT = new Set(['policy', 'x-amz-signature', 'file']);

const accessDenied = (message: string): PostRefusal => ({ status: 403, code: 'AccessDenied', message });
const invalidPolicy = (message: string): PostRefusal => ({
  status: 400,
  code: 'InvalidPolicyDocument',
  message: `Invalid Policy: ${message}`,
});
const conditionFailed = (condition: unknown[]) =>
  accessDenied(
    `Invalid according to Policy: Policy Condition failed: [${condition.map((c) => JSON.stringify(c)).join(', ')}]`,
  );

/** The fields of the form, names lower-cased, and the file's size (and name). */
export interface PostForm {
  fields: Map<string, string>;
  file: { size: number; name: string } | undefined;
}

export async function readPostForm(contentType: string, body: Uint8Array): Promise<PostForm | undefined> {
  let form: FormData;
  try {
    form = await new Request('http://s3.local/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: body as BodyInit,
    }).formData();
  } catch {
    return undefined;
  }
  const fields = new Map<string, string>();
  let file: PostForm['file'];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') fields.set(name.toLowerCase(), value);
    else if (name.toLowerCase() === 'file') file = { size: value.size, name: value.name };
  }
  return { fields, file };
}

/** Why S3 would refuse this form upload, or undefined when it would store the object. */
export function postPolicyRefusal(form: PostForm, ctx: PostPolicyContext): PostRefusal | undefined {
  const { fields, file } = form;
  const policyB64 = fields.get('policy');
  // A private bucket answers an unauthenticated POST with Access Denied.
  if (policyB64 === undefined) return accessDenied('Access Denied');
  if (!fields.has('key'))
    return {
      status: 400,
      code: 'InvalidArgument',
      message:
        "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
    };
  if (!file)
    return {
      status: 400,
      code: 'InvalidArgument',
      message: 'POST requires exactly one file upload per request.',
    };
  const algorithm = fields.get('x-amz-algorithm');
  const credential = fields.get('x-amz-credential');
  const signature = fields.get('x-amz-signature');
  if (algorithm !== 'AWS4-HMAC-SHA256' || !credential || !signature || !fields.has('x-amz-date'))
    return {
      status: 400,
      code: 'InvalidArgument',
      message:
        'Bucket POST must contain the fields x-amz-algorithm, x-amz-credential, x-amz-date and x-amz-signature.',
    };
  const [accessKeyId, date, region, service, terminator] = credential.split('/');
  if (accessKeyId !== ctx.accessKeyId)
    return {
      status: 403,
      code: 'InvalidAccessKeyId',
      message: 'The AWS Access Key Id you provided does not exist in our records.',
    };
  if (
    !date ||
    !/^\d{8}$/.test(date) ||
    region !== ctx.region ||
    service !== 's3' ||
    terminator !== 'aws4_request'
  )
    return {
      status: 400,
      code: 'AuthorizationQueryParametersError',
      message: `Error parsing the X-Amz-Credential parameter; the region '${region ?? ''}' is wrong; expecting '${ctx.region}'`,
    };
  const hmac = (k: Buffer | string, s: string) => createHmac('sha256', k).update(s, 'utf8').digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${ctx.secretAccessKey}`, date), region), 's3'), 'aws4_request');
  const expected = hmac(signingKey, policyB64);
  const given = /^[0-9a-f]{64}$/.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return {
      status: 403,
      code: 'SignatureDoesNotMatch',
      message:
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    };

  let policy: { expiration?: unknown; conditions?: unknown };
  try {
    policy = JSON.parse(Buffer.from(policyB64, 'base64').toString('utf8'));
  } catch {
    return invalidPolicy('Invalid JSON.');
  }
  if (typeof policy !== 'object' || policy === null) return invalidPolicy('Invalid JSON.');
  if (typeof policy.expiration !== 'string') return invalidPolicy('Policy missing expiration.');
  const expiresMs = Date.parse(policy.expiration);
  if (Number.isNaN(expiresMs)) return invalidPolicy('Invalid Policy Expiration.');
  if (!Array.isArray(policy.conditions)) return invalidPolicy('Policy missing conditions.');
  if (expiresMs < ctx.nowMs) return accessDenied('Invalid according to Policy: Policy expired.');

  // The value a condition names: the bucket is the request's, the rest come from the form.
  const fieldValue = (name: string) => (name === 'bucket' ? ctx.bucket : fields.get(name));
  const named = new Set<string>();
  const failures: PostRefusal[] = [];
  for (const condition of policy.conditions as unknown[]) {
    if (Array.isArray(condition)) {
      const [op, a, b] = condition as [unknown, unknown, unknown];
      const operator = typeof op === 'string' ? op.toLowerCase() : '';
      if (operator === 'content-length-range') {
        const min = Number(a);
        const max = Number(b);
        if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < min)
          return invalidPolicy('Invalid content-length-range condition.');
        if (file.size > max)
          failures.push({
            status: 400,
            code: 'EntityTooLarge',
            message: 'Your proposed upload exceeds the maximum allowed size',
            details: { ProposedSize: String(file.size), MaxSizeAllowed: String(max) },
          });
        else if (file.size < min)
          failures.push({
            status: 400,
            code: 'EntityTooSmall',
            message: 'Your proposed upload is smaller than the minimum allowed size',
            details: { ProposedSize: String(file.size), MinSizeAllowed: String(min) },
          });
        continue;
      }
      if ((operator !== 'eq' && operator !== 'starts-with') || typeof a !== 'string' || !a.startsWith('$'))
        return invalidPolicy(`Invalid Condition: ${JSON.stringify(condition)}`);
      if (typeof b !== 'string') return invalidPolicy(`Invalid Condition: ${JSON.stringify(condition)}`);
      const name = a.slice(1).toLowerCase();
      named.add(name);
      const value = fieldValue(name);
      const holds = value !== undefined && (operator === 'eq' ? value === b : value.startsWith(b));
      if (!holds) failures.push(conditionFailed(condition));
      continue;
    }
    if (typeof condition === 'object' && condition !== null) {
      const entries = Object.entries(condition);
      if (entries.length !== 1 || typeof entries[0]![1] !== 'string')
        return invalidPolicy(`Invalid Condition: ${JSON.stringify(condition)}`);
      const [field, expected] = entries[0] as [string, string];
      const name = field.toLowerCase();
      named.add(name);
      if (fieldValue(name) !== expected) failures.push(conditionFailed(['eq', `$${field}`, expected]));
      continue;
    }
    return invalidPolicy(`Invalid Condition: ${JSON.stringify(condition)}`);
  }

  const extra = [...fields.keys()].filter(
    (n) => !EXEMPT.has(n) && !n.startsWith('x-ignore-') && !named.has(n),
  );
  if (extra.length)
    return accessDenied(`Invalid according to Policy: Extra input fields: ${extra.join(', ')}`);
  // A condition that fails answers before the size; sizes last, as S3 reads the file last.
  return failures.find((f) => f.status === 403) ?? failures[0];
}

const escapeXml = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

/** S3's error document. */
export function s3ErrorXml(code: string, message: string, details: Record<string, string> = {}): string {
  const extra = Object.entries(details)
    .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message>${extra}</Error>`;
}
