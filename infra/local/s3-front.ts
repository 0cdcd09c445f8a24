import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type PostRefusal, postPolicyRefusal, readPostForm, s3ErrorXml } from './post-policy.ts';

/**
 * The local S3's front door. s3rver accepts unsigned requests, and signature version 4 is not
 * checked at all, so with nothing in front a page open in the developer's browser while
 * `npm start` runs could overwrite a verified document with a plain form post. Real S3 refuses
 * all of that (the bucket is private; only presigned requests and the functions' signed calls get
 * in). This front restores what matters, before anything reaches s3rver:
 *
 * - a browser's form upload (POST to the bucket, no `Authorization`) is checked exactly as S3
 *   checks it (infra/local/post-policy.ts): the policy's signature with the stack's key, its
 *   expiration by the stack's clock, every condition (key, bucket, `Content-Type`,
 *   `content-length-range`, the signing fields) and no field the policy does not name; and it may
 *   only create an object: a key that already holds one is refused (uploads always go to a fresh
 *   random key). The submission still checks the stored object's size and type itself;
 * - any other write (PUT, DELETE, POST with a sub-resource) must be signed, and a signed request
 *   must not come from a web page (`Origin` present: a page cannot hold the functions' key);
 * - reads must be signed (presigned links or the functions' own calls), and every object is sent
 *   with `X-Content-Type-Options: nosniff` and `Content-Security-Policy: sandbox`, so nothing
 *   stored ever runs as a page on the storage origin.
 *
 * A refusal is S3's own: its status (403 or 400), error code and message, in XML.
 */
export async function startS3Front(opts: {
  host: string;
  port: number;
  /** The s3rver behind this door. */
  target: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The stack's clock: a policy expires by it, as the functions sign by it. */
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
    const deny = (refusal: PostRefusal | string) => {
      const r: PostRefusal =
        typeof refusal === 'string' ? { status: 403, code: 'AccessDenied', message: refusal } : refusal;
      res
        .writeHead(r.status, {
          'content-type': 'application/xml',
          'access-control-allow-origin': '*',
          'x-content-type-options': 'nosniff',
        })
        .end(s3ErrorXml(r.code, r.message, r.details));
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
      const refusal = await formRefusal(req, body, decodeURIComponent(url.pathname.split('/')[1] ?? ''));
      return refusal ? deny(refusal) : forward(req, body, res);
    }
    if (!signed) return deny('Only signed requests');
    if ('authorization' in req.headers && req.headers.origin !== undefined)
      return deny('Signed requests do not come from web pages');
    return forward(req, body, res);
  });

  async function formRefusal(
    req: IncomingMessage,
    body: Buffer,
    bucket: string,
  ): Promise<PostRefusal | undefined> {
    const form = await readPostForm(req.headers['content-type'] ?? '', new Uint8Array(body));
    if (!form)
      return {
        status: 400,
        code: 'MalformedPOSTRequest',
        message: 'The body of your POST request is not well-formed multipart/form-data.',
      };
    const refusal = postPolicyRefusal(form, {
      bucket,
      region: opts.region,
      accessKeyId: opts.accessKeyId,
      secretAccessKey: opts.secretAccessKey,
      nowMs: opts.now(),
    });
    if (refusal) return refusal;
    const key = form.fields.get('key')!;
    // Not S3's rule but ours: uploads always go to a fresh random key, so a form never overwrites.
    if (await exists(key))
      return {
        status: 403,
        code: 'AccessDenied',
        message: 'An object is never overwritten by a form upload',
      };
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
