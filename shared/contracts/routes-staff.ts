import { ROLES, type Role } from './auth.ts';
import { type RouteDef, staffRead, staffRoute } from './route-def.ts';

/** The figures and a department's staff: for the heads, the centre's leaders and administrators. */
const REPORT_READERS: readonly Role[] = ['DEPARTMENT_HEAD', 'CENTRE_LEADER', 'ADMINISTRATOR'];
/** The register of dossiers: the report readers and the reception officers who keep it. */
const REGISTER_READERS: readonly Role[] = ['RECEPTION_OFFICER', ...REPORT_READERS];

/**
 * The staff's routes: reports, the inbox and notifications, a dossier's work, the directory, and the
 * reception officer's walk-in and postal registration.
 */
export const STAFF_ROUTES: RouteDef[] = [
  staffRead('StaffStatistics', '/staff/statistics', 'functions/staff/statistics.ts', REPORT_READERS),
  staffRead('DossierRegister', '/staff/reports/register', 'functions/staff/register.ts', REGISTER_READERS),
  staffRead('Inbox', '/staff/inbox', 'functions/staff/inbox.ts', ROLES),
  staffRead('ListNotifications', '/staff/notifications', 'functions/staff/notifications.ts', ROLES, {
    exportName: 'listHandler',
  }),
  staffRoute({
    id: 'ReadNotification',
    roles: ROLES,
    method: 'POST',
    path: '/staff/notifications/{notificationId}/read',
    handler: 'functions/staff/notifications.ts',
    exportName: 'readHandler',
    access: { table: 'write' },
  }),
  staffRead('GetStaffDossier', '/staff/dossiers/{dossierId}', 'functions/staff/get-dossier.ts', ROLES, {
    documents: 'read',
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
  staffRead(
    'DossierFormPdf',
    '/staff/dossiers/{dossierId}/forms/{form}',
    'functions/staff/dossier-form.ts',
    ROLES,
    {
      documents: 'read-write',
    },
  ),
  // The staff of a department, for the head's assignment form (issue 4).
  staffRead('ListStaff', '/staff/officers', 'functions/staff/list-staff.ts', REPORT_READERS),
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
