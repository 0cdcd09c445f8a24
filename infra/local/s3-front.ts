import { createHmac } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The local S3's front door. s3rver accepts unsigned requests, and signature version 4 is not
 * checked at all, so with nothing in front a page open in the developer's browser while
 * `npm start` runs could overwrite a verified document with a plain form post. Real S3 refuses
 * all of that (the bucket is private; only presigned requests and the functions' signed calls get
 * in). This front restores what matters, before anything reaches s3rver:
 *
 * - a browser's form upload (POST to the bucket, no `Authorization`) must carry a presigned POST
 *   policy whose signature is right for the stack's key and which has not expired, and it may
 *   only create an object: a key that already holds one is refused (uploads always go to a fresh
 *   random key). The policy's other conditions (size, type, key) are still the submission's to
 *   check, as LOCAL-ENGINES.md says;
 * - any other write (PUT, DELETE, POST with a sub-resource) must be signed, and a signed request
 *   must not come from a web page (`Origin` present: a page cannot hold the functions' key);
 * - reads must be signed (presigned links or the functions' own calls), and every object is sent
 *   with `X-Content-Type-Options: nosniff` and `Content-Security-Policy: sandbox`, so nothing
 *   stored ever runs as a page on the storage origin.
 *
 * A refusal is S3's own shape: 403 `AccessDenied` in XML.
 */
export async function startS3Front(opts: {
  host: string;
  port: number;
  /** The s3rver behind this door. */
  target: string;
  bucket: string;
  region: string;
  secretAccessKey: string;
  now: () => number;
}): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const target = new URL(opts.target);
  const forward = (req: IncomingMessage, body: Buffer, res: import('node:http').ServerResponse) => {
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, 'content-length': String(body.length) },
      },
      (up) => {
        const headers = { ...up.headers };
        if (req.method === 'GET' || req.method === 'HEAD') {
          headers['x-content-type-options'] = 'nosniff';
          headers['content-security-policy'] = 'sandbox';
        }
        res.writeHead(up.statusCode ?? 502, headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
    });
    upstream.end(body);
  };
  const exists = (key: string) =>
    new Promise<boolean>((resolve) => {
      const r = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: 'HEAD',
          path: `/${opts.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`,
        },
        (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        },
      );
      r.on('error', () => resolve(false));
      r.end();
    });

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const deny = (why: string) => {
      res
        .writeHead(403, {
          'content-type': 'application/xml',
          'access-control-allow-origin': '*',
          'x-content-type-options': 'nosniff',
        })
        .end(
          `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>${why}</Message></Error>`,
        );
    };
    const url = new URL(req.url ?? '/', 'http://s3.local');
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') return forward(req, body, res);
    const signed =
      'authorization' in req.headers ||
      url.searchParams.has('X-Amz-Signature') ||
      url.searchParams.has('Signature');
    const formUpload =
      method === 'POST' &&
      !('authorization' in req.headers) &&
      [...url.searchParams.keys()].length === 0 &&
      /^\/[^/]+\/?$/.test(url.pathname) &&
      (req.headers['content-type'] ?? '').startsWith('multipart/form-data');
    if (formUpload) {
      const why = await formRefusal(req, body);
      return why ? deny(why) : forward(req, body, res);
    }
    if (!signed) return deny('Only signed requests');
    if ('authorization' in req.headers && req.headers.origin !== undefined)
      return deny('Signed requests do not come from web pages');
    return forward(req, body, res);
  });

  async function formRefusal(req: IncomingMessage, body: Buffer): Promise<string | undefined> {
    let form: FormData;
    try {
      form = await new Request('http://s3.local/', {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? '' },
        body: new Uint8Array(body),
      }).formData();
    } catch {
      return 'Malformed form';
    }
    const field = (name: string) => {
      for (const [k, v] of form.entries()) if (k.toLowerCase() === name && typeof v === 'string') return v;
      return undefined;
    };
    const policyB64 = field('policy');
    const signature = field('x-amz-signature');
    const credential = field('x-amz-credential');
    const key = field('key');
    const file = form.get('file');
    if (!policyB64 || !signature || !credential || !key || !(file instanceof Blob))
      return 'A presigned POST policy is required';
    const [, date, region, service] = credential.split('/');
    if (!date || region !== opts.region || service !== 's3') return 'Wrong credential scope';
    const hmac = (k: Buffer | string, s: string) => createHmac('sha256', k).update(s).digest();
    const signingKey = hmac(
      hmac(hmac(hmac(`AWS4${opts.secretAccessKey}`, date), region), 's3'),
      'aws4_request',
    );
    if (hmac(signingKey, policyB64).toString('hex') !== signature) return 'Policy signature does not match';
    let policy: { expiration?: string; conditions?: unknown[] };
    try {
      policy = JSON.parse(Buffer.from(policyB64, 'base64').toString('utf8'));
    } catch {
      return 'Malformed policy';
    }
    if (!policy.expiration || Date.parse(policy.expiration) < opts.now()) return 'Policy expired';
    // The policy's other conditions (key, size, type) are S3's to enforce and the local S3 leaves
    // them to the submission's own checks (LOCAL-ENGINES.md), which tests exercise through it.
    if (await exists(key)) return 'An object is never overwritten by a form upload';
    return undefined;
  }

  await new Promise<void>((resolve) => server.listen(opts.port, opts.host, () => resolve()));
  return {
    url: `http://${opts.host}:${(server.address() as AddressInfo).port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
