import { lookupPath } from '../../../shared/contracts/web-routes.ts';
import { requestBlob } from './api.ts';

/** The look-up link of a dossier; code and secret travel in the fragment, which browsers never send. */
export function lookupUrl(code: string, secret?: string) {
  return `${window.location.origin}${lookupPath(code, secret)}`;
}

/** GET /lookup/{code}/receipt.pdf needs the secret header, so the PDF is fetched and saved as a blob. */
export async function downloadReceiptPdf(code: string, secret: string) {
  const blob = await requestBlob(`/lookup/${encodeURIComponent(code)}/receipt.pdf`, {
    'x-lookup-secret': secret,
  });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `bien-nhan-${code}.pdf`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
