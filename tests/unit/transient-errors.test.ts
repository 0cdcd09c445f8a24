import { describe, expect, it } from 'vitest';
import { isTransient, problemJsonErrors } from '../../shared/http/handler.ts';

function awsError(name: string, extra: Record<string, unknown> = {}): Error {
  const e = new Error(name);
  e.name = name;
  return Object.assign(e, extra);
}

describe('transient AWS failures', () => {
  it('recognises throttling, service 5xx, retryable and dropped-connection errors', () => {
    expect(isTransient(awsError('ProvisionedThroughputExceededException'))).toBe(true);
    expect(isTransient(awsError('ThrottlingException'))).toBe(true);
    expect(isTransient(awsError('Anything', { $metadata: { httpStatusCode: 503 } }))).toBe(true);
    expect(isTransient(awsError('Anything', { $retryable: { throttling: false } }))).toBe(true);
    expect(isTransient(awsError('Error', { code: 'ECONNREFUSED' }))).toBe(true);
  });

  it('leaves programming and permanent errors alone', () => {
    expect(isTransient(new TypeError('x is undefined'))).toBe(false);
    expect(isTransient(awsError('ValidationException', { $metadata: { httpStatusCode: 400 } }))).toBe(false);
    expect(
      isTransient(awsError('ConditionalCheckFailedException', { $metadata: { httpStatusCode: 400 } })),
    ).toBe(false);
    expect(isTransient('not an error')).toBe(false);
  });

  it('answers a transient failure 503 problem+json with Retry-After, anything else 500', async () => {
    const mw = problemJsonErrors();
    const run = async (error: unknown) => {
      const request = {
        error,
        context: { awsRequestId: 'r-1' },
        response: undefined,
      } as unknown as Parameters<NonNullable<typeof mw.onError>>[0];
      await mw.onError?.(request);
      return request.response as { statusCode: number; headers: Record<string, string>; body: string };
    };
    const busy = await run(awsError('ThrottlingException', { $metadata: { httpStatusCode: 400 } }));
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBe('2');
    expect(busy.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(busy.body)).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      status: 503,
      retryAfterSeconds: 2,
    });
    const bug = await run(new TypeError('x is undefined'));
    expect(bug.statusCode).toBe(500);
    expect(JSON.parse(bug.body)).toMatchObject({ code: 'INTERNAL_ERROR' });
  });
});
