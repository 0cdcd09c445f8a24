/**
 * The HTTP API route table. The CDK API stack makes one Lambda function and one route per entry,
 * and the local gateway (infra/local/gateway.ts) serves exactly these routes with the same
 * handlers. `access` drives least-privilege grants in CDK.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteAccess {
  table: 'read' | 'write';
  documents?: 'read' | 'write' | 'read-write';
  idempotency?: boolean;
}

export interface RouteDef {
  /** Stable id; also the Lambda function's logical name. */
  id: string;
  method: HttpMethod;
  /** API Gateway path with `{param}` placeholders. */
  path: string;
  /** Module under the repository root that exports `handler`. */
  handler: string;
  auth: 'PUBLIC' | 'STAFF';
  access: RouteAccess;
  timeoutSeconds: number;
  memoryMb: number;
}

const publicRoute = (
  r: Omit<RouteDef, 'auth' | 'timeoutSeconds' | 'memoryMb'> & Partial<RouteDef>,
): RouteDef => ({
  auth: 'PUBLIC',
  timeoutSeconds: 10,
  memoryMb: 512,
  ...r,
});

export const ROUTES: RouteDef[] = [
  publicRoute({
    id: 'ListProcedures',
    method: 'GET',
    path: '/procedures',
    handler: 'functions/public/list-procedures.ts',
    access: { table: 'read' },
  }),
  publicRoute({
    id: 'GetProcedure',
    method: 'GET',
    path: '/procedures/{code}',
    handler: 'functions/public/get-procedure.ts',
    access: { table: 'read' },
  }),
  publicRoute({
    id: 'ListDepartments',
    method: 'GET',
    path: '/departments',
    handler: 'functions/public/list-departments.ts',
    access: { table: 'read' },
  }),
  publicRoute({
    id: 'CreateDossier',
    method: 'POST',
    path: '/dossiers',
    handler: 'functions/public/create-dossier.ts',
    access: { table: 'write', idempotency: true },
  }),
  publicRoute({
    id: 'CreateUploadSlots',
    method: 'POST',
    path: '/dossiers/{dossierId}/uploads',
    handler: 'functions/public/create-upload-slots.ts',
    access: { table: 'write', documents: 'write' },
  }),
  publicRoute({
    id: 'SubmitDossier',
    method: 'POST',
    path: '/dossiers/{dossierId}/submit',
    handler: 'functions/public/submit-dossier.ts',
    access: { table: 'write', documents: 'read', idempotency: true },
    timeoutSeconds: 29,
    memoryMb: 1024,
  }),
  publicRoute({
    id: 'LookupDossier',
    method: 'GET',
    path: '/lookup/{code}',
    handler: 'functions/public/lookup-dossier.ts',
    access: { table: 'read' },
  }),
];
