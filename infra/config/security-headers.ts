/**
 * The security headers of the web app, in one table that both its servers read: CloudFront's
 * response headers policy (infra/stacks/web-stack.ts) and the local web server
 * (infra/local/static.ts), so what a developer sees locally is what a citizen's browser gets.
 * Only the sources the app may talk to differ between the two (the API, the documents bucket and,
 * in AWS, the sign-in domain), and `upgrade-insecure-requests`, which would turn the local
 * plain-HTTP API calls into failing HTTPS ones.
 */
export interface WebOrigins {
  /** Origins the app calls with fetch: the API, the documents bucket, the sign-in endpoints. */
  connect: readonly string[];
  /** Origins a form may post to: the documents bucket (presigned POST). */
  formAction: readonly string[];
  /** HTTPS deployments only. */
  upgradeInsecureRequests: boolean;
}

/** Two years, subdomains included (the HSTS preload list's minimum is one). */
export const HSTS_MAX_AGE_SECONDS = 730 * 86_400;

export function contentSecurityPolicy(o: WebOrigins): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Inline style attributes are common in component libraries; scripts stay 'self' only.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // Forms are printed from a hidden frame holding the PDF as a blob (web/src/lib/print-pdf.ts).
    "frame-src 'self' blob:",
    // blob: lets the page read back a PDF it made for printing.
    `connect-src ${["'self'", 'blob:', ...o.connect].join(' ')}`,
    `form-action ${["'self'", ...o.formAction].join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
    ...(o.upgradeInsecureRequests ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** Header name → value, as sent on every response of the web app. */
export function webSecurityHeaders(o: WebOrigins): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(o),
    'Strict-Transport-Security': `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    // The legacy XSS auditor is off (it caused leaks); the CSP does the job.
    'X-XSS-Protection': '0',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/** The headers CloudFront sets through its typed security-headers slots; the rest are custom headers. */
export const CLOUDFRONT_TYPED_HEADERS = [
  'Content-Security-Policy',
  'Strict-Transport-Security',
  'X-Frame-Options',
  'X-Content-Type-Options',
  'Referrer-Policy',
  'X-XSS-Protection',
] as const;
