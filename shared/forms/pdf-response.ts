import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { FormCode } from './model.ts';

/**
 * A form as the HTTP answer: binary PDF, base64-encoded for API Gateway, shown inline, never cached
 * (it carries personal data). `code` is a validated dossier code, safe in the file name.
 */
export function pdfResponse(
  bytes: Uint8Array,
  form: FormCode,
  code: string,
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: 200,
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${form}-${code}.pdf"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body: Buffer.from(bytes).toString('base64'),
    isBase64Encoded: true,
  };
}
