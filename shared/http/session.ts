import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { clients } from '../adapters/clients.ts';
import { nowMs } from '../adapters/clock.ts';
import { config } from '../adapters/config.ts';
import type { StaffPrincipal } from '../contracts/auth.ts';
import { DomainError } from '../domain/errors.ts';

/**
 * Revocation that takes effect at once. A staff token stays valid at API Gateway until it expires
 * (1 h); disabling or moving a staff member writes `revokedAt` on their profile (and signs them out
 * of Cognito everywhere). Every staff request then checks the caller's profile: a disabled account,
 * or a token issued before `revokedAt`, is refused with 401. The profile is read once per
 * `PROFILE_CACHE_MS` per function instance (one GetItem, USER#<sub> items only: its own IAM
 * statement), so a revocation reaches every instance within that time. The cache runs on the
 * application clock (the local clock on the local stack), so tests move it deterministically.
 */
export const PROFILE_CACHE_MS = 30_000;

interface SessionProfile {
  disabled: boolean;
  /** Epoch seconds: tokens issued before this are refused. */
  revokedAt?: number;
}

const cache = new Map<string, { readAt: number; profile: SessionProfile | undefined }>();

async function staffProfileForSession(userId: string): Promise<SessionProfile | undefined> {
  const hit = cache.get(userId);
  const now = nowMs();
  if (hit && now - hit.readAt < PROFILE_CACHE_MS && now >= hit.readAt) return hit.profile;
  const res = await clients().doc.send(
    new GetCommand({
      TableName: config().TABLE_NAME,
      Key: { pk: `USER#${userId}`, sk: 'PROFILE' },
      ProjectionExpression: 'disabled, revokedAt',
    }),
  );
  const profile = res.Item
    ? {
        disabled: res.Item.disabled === true,
        ...(typeof res.Item.revokedAt === 'number' ? { revokedAt: res.Item.revokedAt } : {}),
      }
    : undefined;
  if (cache.size > 1000) cache.clear();
  cache.set(userId, { readAt: now, profile });
  return profile;
}

/**
 * Refuses a staff request whose account was disabled, or whose token predates a revocation (a
 * move to another role or department: the token's groups are stale). A caller without a profile
 * (an operator's bootstrap account before first-run wrote one) is let through: the JWT and the
 * role check still hold.
 */
export async function assertSessionCurrent(
  event: APIGatewayProxyEventV2,
  principal: StaffPrincipal,
): Promise<void> {
  const ctx = event.requestContext as APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims?: Record<string, unknown> } };
  };
  const iat = Number(ctx.authorizer?.jwt?.claims?.iat);
  const profile = await staffProfileForSession(principal.id);
  if (!profile) return;
  const revoked =
    profile.disabled ||
    (profile.revokedAt !== undefined && !(Number.isFinite(iat) && iat >= profile.revokedAt));
  if (revoked) {
    throw new DomainError('SESSION_REVOKED', 'auth.sessionRevoked');
  }
}
