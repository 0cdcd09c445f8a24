import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { config } from '../adapters/config.ts';
import { DomainError } from '../domain/errors.ts';

/**
 * The API is reached only through CloudFront (infra/stacks/web-stack.ts): CloudFront adds this
 * header, with a secret from Secrets Manager, to every request it sends to the API, and every
 * handler refuses a request without it — so the WAF in front of CloudFront (infra/stacks/edge-stack.ts)
 * cannot be gone around by calling the API Gateway URL directly. The header is CloudFront's own:
 * a viewer's copy of it is overwritten by the origin's custom header.
 *
 * ORIGIN_VERIFY_SECRET is the value CloudFront sends; ORIGIN_VERIFY_SECRET_PREVIOUS, during a
 * rotation, the value it sent before (OPERATIONS.md, "Rotating keys"): the functions are deployed
 * before the distribution, so for a few minutes both arrive. Without ORIGIN_VERIFY_SECRET (the
 * local stack, which has no CloudFront) there is nothing to check.
 */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Whether `presented` is one of the accepted secrets, compared in constant time (fixed-length digests). */
export function originVerified(presented: string | undefined, accepted: readonly string[]): boolean {
  const got = digest(presented ?? '');
  let ok = false;
  for (const secret of accepted) ok = timingSafeEqual(got, digest(secret)) || ok;
  return ok && presented !== undefined;
}

const acceptedSecrets = (): string[] => {
  const c = config();
  // A previous value shorter than a generated one (the secret's initial `none`) is never accepted.
  return [c.ORIGIN_VERIFY_SECRET, c.ORIGIN_VERIFY_SECRET_PREVIOUS].filter(
    (s): s is string => s !== undefined && s.length >= 32,
  );
};

/** The middy middleware of every HTTP handler: 403 ORIGIN_NOT_VERIFIED before anything else runs. */
export const originCheck = (): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => ({
  before: async (request) => {
    const accepted = acceptedSecrets();
    if (accepted.length === 0) return;
    if (!originVerified(request.event.headers?.[ORIGIN_VERIFY_HEADER], accepted)) {
      throw new DomainError('ORIGIN_NOT_VERIFIED', 'request.originNotVerified');
    }
  },
});

/**
 * The client's address for per-client limits. Behind CloudFront, API Gateway's `sourceIp` is the
 * edge server's, so the viewer's comes from `CloudFront-Viewer-Address` (`<ip>:<port>`, added by
 * CloudFront; the origin request policy forwards it). That header is believed only when the request
 * proved it came through CloudFront (an origin secret is configured, and `originCheck` ran first);
 * otherwise — the local stack — the socket's address is the client's.
 */
export function clientAddress(event: Pick<APIGatewayProxyEventV2, 'requestContext' | 'headers'>): string {
  const viewer = acceptedSecrets().length > 0 ? event.headers?.['cloudfront-viewer-address'] : undefined;
  if (viewer) {
    const cut = viewer.lastIndexOf(':');
    if (cut > 0) return viewer.slice(0, cut);
  }
  return event.requestContext.http.sourceIp;
}
