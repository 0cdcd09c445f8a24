import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetConfig } from '../../shared/adapters/config.ts';
import { clientAddress, ORIGIN_VERIFY_HEADER, originVerified } from '../../shared/http/edge.ts';
import { httpHandler, json } from '../../shared/http/handler.ts';

/**
 * The API answers only requests that came through CloudFront (the origin secret header), checked by
 * the one HTTP handler every route uses, before anything else runs.
 */
const CURRENT = `${'c'.repeat(24)}CURRENTcurrent0123456789`;
const PREVIOUS = `${'p'.repeat(24)}PREVIOUSprevious01234567`;

let ran = 0;
const route = httpHandler({}, async ({ event }) => {
  ran += 1;
  return json(200, { client: clientAddress(event) });
});

const event = (headers: Record<string, string>): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: 'GET /procedures',
    rawPath: '/procedures',
    rawQueryString: '',
    headers,
    isBase64Encoded: false,
    requestContext: {
      http: {
        method: 'GET',
        path: '/procedures',
        sourceIp: '130.176.1.2',
        protocol: 'HTTP/1.1',
        userAgent: '',
      },
      requestId: 'r1',
    },
  }) as unknown as APIGatewayProxyEventV2;
const context = { awsRequestId: 'r1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const call = async (headers: Record<string, string>) =>
  (await route(event(headers), context)) as APIGatewayProxyStructuredResultV2;

const base = {
  AWS_REGION: 'ap-southeast-1',
  TABLE_NAME: 'motcua',
  IDEMPOTENCY_TABLE_NAME: 'idem',
  DOCUMENTS_BUCKET: 'docs',
};
const saved = { ...process.env };
beforeEach(() => {
  Object.assign(process.env, base);
  ran = 0;
});
afterEach(() => {
  process.env = { ...saved };
  resetConfig();
});

describe('origin check (CloudFront → API)', () => {
  it('refuses a request without the header, or with a wrong one, with 403 problem+json before the handler runs', async () => {
    process.env.ORIGIN_VERIFY_SECRET = CURRENT;
    resetConfig();
    const attempts: Record<string, string>[] = [
      {},
      { [ORIGIN_VERIFY_HEADER]: 'wrong' },
      { [ORIGIN_VERIFY_HEADER]: `${CURRENT}x` },
    ];
    for (const headers of attempts) {
      const r = await call(headers);
      expect(r.statusCode).toBe(403);
      expect(r.headers?.['content-type']).toContain('application/problem+json');
      expect(JSON.parse(r.body ?? '{}').code).toBe('ORIGIN_NOT_VERIFIED');
    }
    expect(ran).toBe(0);
  });

  it('accepts the current value, and the previous one during a rotation', async () => {
    process.env.ORIGIN_VERIFY_SECRET = CURRENT;
    process.env.ORIGIN_VERIFY_SECRET_PREVIOUS = PREVIOUS;
    resetConfig();
    expect((await call({ [ORIGIN_VERIFY_HEADER]: CURRENT })).statusCode).toBe(200);
    expect((await call({ [ORIGIN_VERIFY_HEADER]: PREVIOUS })).statusCode).toBe(200);
    expect(ran).toBe(2);
  });

  it("never accepts the secret's initial placeholder for the previous value", async () => {
    process.env.ORIGIN_VERIFY_SECRET = CURRENT;
    process.env.ORIGIN_VERIFY_SECRET_PREVIOUS = 'none';
    resetConfig();
    expect((await call({ [ORIGIN_VERIFY_HEADER]: 'none' })).statusCode).toBe(403);
  });

  it('checks nothing where no secret is configured (the local stack has no CloudFront)', async () => {
    resetConfig();
    expect((await call({})).statusCode).toBe(200);
  });

  it('compares digests of equal length, so a prefix or an empty value never matches', () => {
    expect(originVerified(CURRENT, [CURRENT])).toBe(true);
    expect(originVerified(CURRENT.slice(0, 10), [CURRENT])).toBe(false);
    expect(originVerified('', [CURRENT])).toBe(false);
    expect(originVerified(undefined, [CURRENT])).toBe(false);
  });
});

describe('client address behind CloudFront', () => {
  it("takes the viewer's address from CloudFront-Viewer-Address once the origin is verified", async () => {
    process.env.ORIGIN_VERIFY_SECRET = CURRENT;
    resetConfig();
    const v4 = await call({
      [ORIGIN_VERIFY_HEADER]: CURRENT,
      'cloudfront-viewer-address': '198.51.100.7:51234',
    });
    expect(JSON.parse(v4.body ?? '{}').client).toBe('198.51.100.7');
    const v6 = await call({
      [ORIGIN_VERIFY_HEADER]: CURRENT,
      'cloudfront-viewer-address': '2001:db8:85a3::8a2e:370:7334:443',
    });
    expect(JSON.parse(v6.body ?? '{}').client).toBe('2001:db8:85a3::8a2e:370:7334');
  });

  it('ignores a CloudFront-Viewer-Address header where no origin secret proves CloudFront sent it', async () => {
    resetConfig();
    const r = await call({ 'cloudfront-viewer-address': '198.51.100.7:51234' });
    expect(JSON.parse(r.body ?? '{}').client).toBe('130.176.1.2');
  });
});
