import { publicRoute, type RouteDef } from './route-def.ts';

/**
 * The citizen's routes, no login: the catalogue, an online dossier from draft to submission, and
 * what a citizen does with the dossier's code (look-up, supplement, withdrawal, rating, receipt, result).
 */
export const CITIZEN_ROUTES: RouteDef[] = [
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
  publicRoute({
    id: 'ResultVerification',
    method: 'GET',
    path: '/lookup/{code}/result/verification',
    handler: 'functions/public/result-verification.ts',
    access: { table: 'read', documents: 'read' },
  }),
  publicRoute({
    // Anyone checks a PDF they hold (a result, a form): the file is the body, at most 4 MB.
    id: 'VerifyPdf',
    method: 'POST',
    path: '/verify',
    handler: 'functions/public/verify-pdf.ts',
    access: { table: 'read' },
  }),
  publicRoute({
    id: 'PublicStatistics',
    method: 'GET',
    path: '/statistics',
    handler: 'functions/public/statistics.ts',
    access: { table: 'read' },
  }),
  publicRoute({
    id: 'WithdrawDossier',
    method: 'POST',
    path: '/lookup/{code}/withdraw',
    handler: 'functions/public/withdraw-dossier.ts',
    access: { table: 'write', workflow: 'answer', email: true },
  }),
];
