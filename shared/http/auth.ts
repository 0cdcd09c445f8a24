import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../domain/errors.ts';
import type { Actor } from '../domain/lifecycle.ts';

/**
 * The staff member behind a request, from the claims API Gateway's authorizer put on the event.
 * Roles and departments are checked here once the departments issue brings Cognito groups; until
 * then any authenticated caller is an actor (placeholder).
 */
export function staffActor(event: APIGatewayProxyEventV2): Actor {
  const ctx = event.requestContext as APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims?: Record<string, unknown> }; iam?: { userArn?: string } };
  };
  const sub = ctx.authorizer?.jwt?.claims?.sub ?? ctx.authorizer?.iam?.userArn;
  if (typeof sub !== 'string' || !sub) throw new DomainError('UNAUTHORIZED', 'Cần đăng nhập');
  return { kind: 'STAFF', id: sub };
}
