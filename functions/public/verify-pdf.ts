import { VERIFY_MAX_BYTES, type VerificationReport } from '#contracts/verification.ts';
import { DomainError, fieldError } from '#domain/errors.ts';
import { httpHandler, json } from '#http/handler.ts';
import { verifyPdf } from '#signing/verification.ts';

/**
 * POST /verify with a PDF as the body (`Content-Type: application/pdf`, at most 4 MB): anyone
 * checks a result or form they hold — whether it is the file the agency issued (its SHA-256 on
 * record), whose signature it carries and whether that verifies. Nothing is stored, nothing
 * personal is answered (the dossier's code, procedure and agency, never the applicant).
 */
export const handler = httpHandler({}, async ({ event }) => {
  const type = (event.headers?.['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('application/pdf')) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'verify.pdfOnly');
  }
  if (!event.body) {
    throw new DomainError('VALIDATION_FAILED', 'verify.fileMissing', [
      fieldError('body', 'required', 'verify.fileRequired'),
    ]);
  }
  const bytes = Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'latin1');
  if (bytes.length > VERIFY_MAX_BYTES) {
    throw new DomainError('PAYLOAD_TOO_LARGE', 'verify.tooLarge');
  }
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
    throw new DomainError('NOT_A_PDF', 'verify.notPdf');
  }
  const report: VerificationReport = await verifyPdf(bytes);
  return json(200, report);
});
