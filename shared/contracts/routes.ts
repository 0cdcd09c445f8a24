/**
 * The HTTP API route table. The CDK API stack makes one Lambda function and one route per entry,
 * and the local gateway (infra/local/gateway.ts) serves exactly these routes with the same
 * handlers. `access` drives least-privilege grants in CDK.
 */
import type { Role } from './auth.ts';

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

const publicRoute = (
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
const staffRoute = (
  r: Omit<RouteDef, 'auth' | 'timeoutSeconds' | 'memoryMb'> & Partial<RouteDef>,
): RouteDef => ({
  auth: 'STAFF',
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
    id: 'RemoveUpload',
    method: 'DELETE',
    path: '/dossiers/{dossierId}/uploads/{documentId}',
    handler: 'functions/public/remove-upload.ts',
    access: { table: 'write' },
  }),
  publicRoute({
    id: 'SubmitDossier',
    method: 'POST',
    path: '/dossiers/{dossierId}/submit',
    handler: 'functions/public/submit-dossier.ts',
    access: { table: 'write', documents: 'read', idempotency: true, workflow: 'start' },
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
  publicRoute({
    id: 'ProvideSupplement',
    method: 'POST',
    path: '/lookup/{code}/supplement',
    handler: 'functions/public/provide-supplement.ts',
    access: { table: 'write', documents: 'read', workflow: 'answer', email: true },
  }),
  publicRoute({
    id: 'SupplementUploads',
    method: 'POST',
    path: '/lookup/{code}/uploads',
    handler: 'functions/public/supplement-uploads.ts',
    access: { table: 'write', documents: 'write' },
  }),
  publicRoute({
    id: 'RateDossier',
    method: 'POST',
    path: '/lookup/{code}/rating',
    handler: 'functions/public/rate-dossier.ts',
    access: { table: 'write' },
  }),
  publicRoute({
    id: 'ReceiptPdf',
    method: 'GET',
    path: '/lookup/{code}/receipt.pdf',
    handler: 'functions/public/receipt-pdf.ts',
    access: { table: 'read', documents: 'read-write' },
  }),
  publicRoute({
    id: 'ResultDownload',
    method: 'GET',
    path: '/lookup/{code}/result',
    handler: 'functions/public/result-download.ts',
    access: { table: 'read', documents: 'read' },
  }),
  // Fees paid online (docs/payments.md): what is due and paid, and starting a payment, on a draft
  // and on a submitted dossier; the gateway's notification (IPN) and the return page's check.
  publicRoute({
    id: 'DraftFees',
    method: 'GET',
    path: '/dossiers/{dossierId}/fees',
    handler: 'functions/public/draft-payments.ts',
    exportName: 'draftFees',
    access: { table: 'read' },
  }),
  publicRoute({
    id: 'StartDraftPayment',
    method: 'POST',
    path: '/dossiers/{dossierId}/payments',
    handler: 'functions/public/draft-payments.ts',
    exportName: 'startDraftPayment',
    access: { table: 'write', payments: true },
  }),
  publicRoute({
    id: 'LookupFees',
    method: 'GET',
    path: '/lookup/{code}/fees',
    handler: 'functions/public/lookup-payments.ts',
    exportName: 'lookupFees',
    access: { table: 'read' },
  }),
  publicRoute({
    id: 'StartLookupPayment',
    method: 'POST',
    path: '/lookup/{code}/payments',
    handler: 'functions/public/lookup-payments.ts',
    exportName: 'startLookupPayment',
    access: { table: 'write', payments: true },
  }),
  publicRoute({
    id: 'PaymentNotification',
    method: 'GET',
    path: '/payments/vnpay/ipn',
    handler: 'functions/public/payment-gateway.ts',
    exportName: 'ipn',
    access: { table: 'write', payments: true },
  }),
  publicRoute({
    id: 'PaymentReturn',
    method: 'GET',
    path: '/payments/vnpay/return',
    handler: 'functions/public/payment-gateway.ts',
    exportName: 'returned',
    access: { table: 'read', payments: true },
  }),
  publicRoute({
    id: 'PublicStatistics',
    method: 'GET',
    path: '/statistics',
    handler: 'functions/public/statistics.ts',
    access: { table: 'read' },
  }),
  staffRoute({
    id: 'StaffStatistics',
    roles: ['DEPARTMENT_HEAD', 'CENTRE_LEADER', 'ADMINISTRATOR'],
    method: 'GET',
    path: '/staff/statistics',
    handler: 'functions/staff/statistics.ts',
    access: { table: 'read' },
  }),
  staffRoute({
    id: 'DossierRegister',
    roles: ['RECEPTION_OFFICER', 'DEPARTMENT_HEAD', 'CENTRE_LEADER', 'ADMINISTRATOR'],
    method: 'GET',
    path: '/staff/reports/register',
    handler: 'functions/staff/register.ts',
    access: { table: 'read' },
  }),
  publicRoute({
    id: 'WithdrawDossier',
    method: 'POST',
    path: '/lookup/{code}/withdraw',
    handler: 'functions/public/withdraw-dossier.ts',
    access: { table: 'write', workflow: 'answer', email: true },
  }),
  staffRoute({
    id: 'Inbox',
    roles: ['RECEPTION_OFFICER', 'DEPARTMENT_OFFICER', 'DEPARTMENT_HEAD', 'CENTRE_LEADER', 'ADMINISTRATOR'],
    method: 'GET',
    path: '/staff/inbox',
    handler: 'functions/staff/inbox.ts',
    access: { table: 'read' },
  }),
  staffRoute({
    id: 'ListNotifications',
    roles: ['RECEPTION_OFFICER', 'DEPARTMENT_OFFICER', 'DEPARTMENT_HEAD', 'CENTRE_LEADER', 'ADMINISTRATOR'],
    method: 'GET',
    path: '/staff/notifications',
    handler: 'functions/staff/notifications.ts',
    exportName: 'listHandler',
    access: { table: 'read' },
  }),
  staffRoute({
    id: 'ReadNotification',
    roles: ['RECEPTION_OFFICER', 'DEPARTMENT_OFFICER', 'DEPARTMENT_HEAD', 'CENTRE_LEADER', 'ADMINISTRATOR'],
    method: 'POST',
    path: '/staff/notifications/{notificationId}/read',
    handler: 'functions/staff/notifications.ts',
    exportName: 'readHandler',
    access: { table: 'write' },
  }),
  staffRoute({
    id: 'GetStaffDossier',
    roles: ['RECEPTION_OFFICER', 'DEPARTMENT_OFFICER', 'DEPARTMENT_HEAD', 'CENTRE_LEADER', 'ADMINISTRATOR'],
    method: 'GET',
    path: '/staff/dossiers/{dossierId}',
    handler: 'functions/staff/get-dossier.ts',
    access: { table: 'read', documents: 'read' },
  }),
  staffRoute({
    id: 'IntakeDecision',
    roles: ['RECEPTION_OFFICER'],
    method: 'POST',
    path: '/staff/dossiers/{dossierId}/intake',
    handler: 'functions/staff/intake-decision.ts',
    access: { table: 'write', workflow: 'answer', email: true },
  }),
  staffRoute({
    id: 'StepDecision',
    roles: ['DEPARTMENT_OFFICER', 'DEPARTMENT_HEAD'],
    method: 'POST',
    path: '/staff/dossiers/{dossierId}/steps/{stepId}/decision',
    handler: 'functions/staff/step-decision.ts',
    access: { table: 'write', documents: 'read', workflow: 'answer', email: true },
  }),
  staffRoute({
    id: 'AssignHandler',
    roles: ['DEPARTMENT_HEAD'],
    method: 'POST',
    path: '/staff/dossiers/{dossierId}/steps/{stepId}/assign',
    handler: 'functions/staff/step-work.ts',
    exportName: 'assignHandlerHandler',
    access: { table: 'write', email: true },
  }),
  staffRoute({
    id: 'AddNote',
    roles: ['RECEPTION_OFFICER', 'DEPARTMENT_OFFICER', 'DEPARTMENT_HEAD'],
    method: 'POST',
    path: '/staff/dossiers/{dossierId}/notes',
    handler: 'functions/staff/step-work.ts',
    exportName: 'noteHandler',
    access: { table: 'write' },
  }),
  staffRoute({
    id: 'ResultUpload',
    roles: ['DEPARTMENT_OFFICER', 'DEPARTMENT_HEAD'],
    method: 'POST',
    path: '/staff/dossiers/{dossierId}/steps/{stepId}/result-uploads',
    handler: 'functions/staff/step-work.ts',
    exportName: 'resultUploadHandler',
    access: { table: 'write', documents: 'write' },
  }),
  staffRoute({
    id: 'HandBack',
    roles: ['RECEPTION_OFFICER'],
    method: 'POST',
    path: '/staff/dossiers/{dossierId}/hand-back',
    handler: 'functions/staff/hand-back.ts',
    access: { table: 'write', workflow: 'answer', email: true },
  }),
  staffRoute({
    id: 'ResumeWorkflow',
    roles: ['CENTRE_LEADER', 'ADMINISTRATOR'],
    method: 'POST',
    path: '/staff/dossiers/{dossierId}/workflow/resume',
    handler: 'functions/staff/resume-workflow.ts',
    access: { table: 'write', workflow: 'start' },
  }),
  staffRoute({
    id: 'DossierFormPdf',
    roles: ['RECEPTION_OFFICER', 'DEPARTMENT_OFFICER', 'DEPARTMENT_HEAD', 'CENTRE_LEADER', 'ADMINISTRATOR'],
    method: 'GET',
    path: '/staff/dossiers/{dossierId}/forms/{form}',
    handler: 'functions/staff/dossier-form.ts',
    access: { table: 'read', documents: 'read-write' },
  }),
  staffRoute({
    id: 'GetCalendarYear',
    roles: ['RECEPTION_OFFICER', 'DEPARTMENT_OFFICER', 'DEPARTMENT_HEAD', 'CENTRE_LEADER', 'ADMINISTRATOR'],
    method: 'GET',
    path: '/admin/calendar/{year}',
    handler: 'functions/admin/calendar.ts',
    exportName: 'getHandler',
    access: { table: 'read' },
  }),
  staffRoute({
    id: 'PutCalendarYear',
    roles: ['ADMINISTRATOR'],
    method: 'PUT',
    path: '/admin/calendar/{year}',
    handler: 'functions/admin/calendar.ts',
    exportName: 'putHandler',
    access: { table: 'write' },
  }),
  // The counter queue (issue 9, items 3–4): kiosk, hall display and rating tablet need no login.
  publicRoute({
    id: 'QueueLines',
    method: 'GET',
    path: '/queue/lines',
    handler: 'functions/queue/lines.ts',
    access: { table: 'read' },
  }),
  publicRoute({
    id: 'TakeTicket',
    method: 'POST',
    path: '/queue/tickets',
    handler: 'functions/queue/take-ticket.ts',
    access: { table: 'write' },
    // A rush at the kiosk retries for the next number, like a submission's daily sequence.
    timeoutSeconds: 29,
  }),
  publicRoute({
    id: 'GetTicket',
    method: 'GET',
    path: '/queue/tickets/{ticketId}',
    handler: 'functions/queue/get-ticket.ts',
    access: { table: 'read' },
  }),
  publicRoute({
    id: 'QueueDisplay',
    method: 'GET',
    path: '/queue/display',
    handler: 'functions/queue/display.ts',
    access: { table: 'read' },
    memoryMb: 256,
  }),
  publicRoute({
    id: 'CounterRatingTarget',
    method: 'GET',
    path: '/queue/counters/{counterId}/rating',
    handler: 'functions/queue/rating-target.ts',
    access: { table: 'read' },
    memoryMb: 256,
  }),
  publicRoute({
    id: 'RateCounterService',
    method: 'POST',
    path: '/queue/counters/{counterId}/rating',
    handler: 'functions/queue/rate-service.ts',
    access: { table: 'write' },
  }),
  staffRoute({
    id: 'GetCounter',
    roles: ['RECEPTION_OFFICER', 'CENTRE_LEADER', 'ADMINISTRATOR'],
    method: 'GET',
    path: '/staff/queue/counters/{counterId}',
    handler: 'functions/queue/counter.ts',
    access: { table: 'read' },
  }),
  staffRoute({
    id: 'CounterAction',
    roles: ['RECEPTION_OFFICER'],
    method: 'POST',
    path: '/staff/queue/counters/{counterId}/actions',
    handler: 'functions/queue/counter-action.ts',
    access: { table: 'write' },
  }),
  staffRoute({
    id: 'LinkTicketDossier',
    roles: ['RECEPTION_OFFICER'],
    method: 'POST',
    path: '/staff/queue/tickets/{ticketId}/dossier',
    handler: 'functions/queue/link-dossier.ts',
    access: { table: 'write' },
  }),
  staffRoute({
    id: 'CounterStats',
    roles: ['RECEPTION_OFFICER', 'CENTRE_LEADER', 'ADMINISTRATOR'],
    method: 'GET',
    path: '/staff/queue/stats',
    handler: 'functions/queue/stats.ts',
    access: { table: 'read' },
  }),
  // The staff of a department, for the head's assignment form (issue 4).
  staffRoute({
    id: 'ListStaff',
    roles: ['DEPARTMENT_HEAD', 'CENTRE_LEADER', 'ADMINISTRATOR'],
    method: 'GET',
    path: '/staff/officers',
    handler: 'functions/staff/list-staff.ts',
    access: { table: 'read' },
  }),
  // Administration (issue 7, items 5–6): procedure versions, departments, staff users, audit.
  staffRoute({
    id: 'ListProcedureVersions',
    roles: ['ADMINISTRATOR'],
    method: 'GET',
    path: '/admin/procedures/{code}/versions',
    handler: 'functions/admin/procedures.ts',
    exportName: 'listHandler',
    access: { table: 'read' },
  }),
  staffRoute({
    id: 'CreateProcedureVersion',
    roles: ['ADMINISTRATOR'],
    method: 'POST',
    path: '/admin/procedures/{code}/versions',
    handler: 'functions/admin/procedures.ts',
    exportName: 'createHandler',
    access: { table: 'write' },
  }),
  staffRoute({
    id: 'ListAdminDepartments',
    roles: ['ADMINISTRATOR'],
    method: 'GET',
    path: '/admin/departments',
    handler: 'functions/admin/departments.ts',
    exportName: 'listHandler',
    access: { table: 'read' },
  }),
  staffRoute({
    id: 'GetAdminDepartment',
    roles: ['ADMINISTRATOR'],
    method: 'GET',
    path: '/admin/departments/{id}',
    handler: 'functions/admin/departments.ts',
    exportName: 'getHandler',
    access: { table: 'read' },
  }),
  staffRoute({
    id: 'SaveDepartment',
    roles: ['ADMINISTRATOR'],
    method: 'PUT',
    path: '/admin/departments/{id}',
    handler: 'functions/admin/departments.ts',
    access: { table: 'write' },
  }),
  staffRoute({
    id: 'ListStaffUsers',
    roles: ['ADMINISTRATOR'],
    method: 'GET',
    path: '/admin/staff-users',
    handler: 'functions/admin/staff-users.ts',
    exportName: 'listHandler',
    access: { table: 'read' },
  }),
  staffRoute({
    id: 'CreateStaffUser',
    roles: ['ADMINISTRATOR'],
    method: 'POST',
    path: '/admin/staff-users',
    handler: 'functions/admin/staff-users.ts',
    exportName: 'createHandler',
    access: { table: 'write', userPool: true },
  }),
  staffRoute({
    id: 'UpdateStaffUser',
    roles: ['ADMINISTRATOR'],
    method: 'PATCH',
    path: '/admin/staff-users/{id}',
    handler: 'functions/admin/staff-users.ts',
    exportName: 'updateHandler',
    access: { table: 'write', userPool: true },
  }),
  staffRoute({
    id: 'AdminAuditMonth',
    roles: ['ADMINISTRATOR', 'CENTRE_LEADER'],
    method: 'GET',
    path: '/admin/audit',
    handler: 'functions/admin/audit.ts',
    exportName: 'monthHandler',
    access: { table: 'read' },
  }),
  staffRoute({
    id: 'UserAuditTrail',
    roles: ['ADMINISTRATOR', 'CENTRE_LEADER'],
    method: 'GET',
    path: '/staff/audit/users/{userId}',
    handler: 'functions/admin/audit.ts',
    exportName: 'userTrailHandler',
    access: { table: 'read' },
  }),
  // Walk-in and postal registration by a reception officer (issue 9, item 1): the online path's
  // draft, presigned uploads, verification, code and workflow start, on the officer's behalf.
  staffRoute({
    id: 'WalkInCreate',
    roles: ['RECEPTION_OFFICER'],
    method: 'POST',
    path: '/staff/walk-in/dossiers',
    handler: 'functions/staff/walk-in-create.ts',
    access: { table: 'write', idempotency: true },
  }),
  staffRoute({
    id: 'WalkInUploads',
    roles: ['RECEPTION_OFFICER'],
    method: 'POST',
    path: '/staff/walk-in/dossiers/{dossierId}/uploads',
    handler: 'functions/staff/walk-in-uploads.ts',
    access: { table: 'write', documents: 'write' },
  }),
  staffRoute({
    id: 'WalkInPaperDocuments',
    roles: ['RECEPTION_OFFICER'],
    method: 'PUT',
    path: '/staff/walk-in/dossiers/{dossierId}/paper',
    handler: 'functions/staff/walk-in-paper.ts',
    access: { table: 'write' },
  }),
  staffRoute({
    id: 'WalkInSubmit',
    roles: ['RECEPTION_OFFICER'],
    method: 'POST',
    path: '/staff/walk-in/dossiers/{dossierId}/submit',
    handler: 'functions/staff/walk-in-submit.ts',
    access: { table: 'write', documents: 'read', idempotency: true, workflow: 'start' },
  }),
];

/**
 * The Lambda functions the state machine invokes (not HTTP routes). One function serves every
 * Task state of the dossier workflow; `payload.task` names the step.
 */
export const WORKFLOW_FUNCTIONS: RouteDef[] = [
  {
    id: 'WorkflowTasks',
    method: 'POST',
    path: '',
    handler: 'functions/workflow/tasks.ts',
    auth: 'STAFF',
    access: { table: 'write', workflow: 'answer', email: true },
    timeoutSeconds: 60,
    memoryMb: 512,
  },
];

/** The roles a staff route admits, from the table above (one place for the policy). */
export function routeRoles(id: string): readonly Role[] {
  const route = ROUTES.find((r) => r.id === id);
  if (!route?.roles) throw new Error(`route ${id} has no roles`);
  return route.roles;
}
