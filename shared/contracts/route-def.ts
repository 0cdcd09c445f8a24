import type { Role } from './auth.ts';

/** What an entry of the route table (routes.ts) says: its method, path, handler, audience and access. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteAccess {
  table: 'read' | 'write';
  documents?: 'read' | 'write' | 'read-write';
  idempotency?: boolean;
  /** `start`: StartExecution of the dossier workflow; `answer`: SendTaskSuccess to its waits. */
  workflow?: 'start' | 'answer';
  /** Sends email through SES. */
  email?: boolean;
  /** Administers staff users in the Cognito user pool (USER_POOL_ID; the four Admin* calls). */
  userPool?: boolean;
  /** Reads the payment gateway's merchant keys (the VNPAY secret in Secrets Manager). */
  payments?: boolean;
}

export interface RouteDef {
  /** Stable id; also the Lambda function's logical name. */
  id: string;
  method: HttpMethod;
  /** API Gateway path with `{param}` placeholders. */
  path: string;
  /** Module under the repository root that exports the handler. */
  handler: string;
  /** The exported name of the handler in that module (default `handler`). */
  exportName?: string;
  auth: 'PUBLIC' | 'STAFF';
  /** STAFF routes: the roles allowed (checked in the handler by shared/http/auth.ts). */
  roles?: readonly Role[];
  access: RouteAccess;
  timeoutSeconds: number;
  memoryMb: number;
}

export const publicRoute = (
  r: Omit<RouteDef, 'auth' | 'timeoutSeconds' | 'memoryMb'> & Partial<RouteDef>,
): RouteDef => ({
  auth: 'PUBLIC',
  timeoutSeconds: 10,
  memoryMb: 512,
  ...r,
});

/**
 * Staff routes. Until the departments issue brings Cognito and per-department roles, API Gateway
 * admits only IAM-signed callers (operators) and the local gateway any bearer token: a placeholder
 * that keeps these routes closed to the public.
 */
export const staffRoute = (
  r: Omit<RouteDef, 'auth' | 'timeoutSeconds' | 'memoryMb'> & Partial<RouteDef>,
): RouteDef => ({
  auth: 'STAFF',
  timeoutSeconds: 10,
  memoryMb: 512,
  ...r,
});

/** What a read route may add: its handler's exported name (when not `handler`), a read of the documents. */
interface ReadOptions {
  exportName?: string;
  documents?: RouteAccess['documents'];
}

/**
 * A staff route that reads (GET) the table, for `roles` (`ROLES`: every staff member; what each
 * sees is still scoped by the handler). One line in the route table:
 * `staffRead('Inbox', '/staff/inbox', 'functions/staff/inbox.ts', ROLES)`.
 */
export const staffRead = (
  id: string,
  path: `/${string}`,
  handler: `functions/${string}.ts`,
  roles: readonly Role[],
  { exportName, documents }: ReadOptions = {},
): RouteDef =>
  staffRoute({
    id,
    roles,
    method: 'GET',
    path,
    handler,
    ...(exportName ? { exportName } : {}),
    access: { table: 'read', ...(documents ? { documents } : {}) },
  });
