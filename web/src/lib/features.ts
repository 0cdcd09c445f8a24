import { ROUTES } from '../../../shared/contracts/routes.ts';

/**
 * What the API offers, read from the shared route table at build time: the look-up page shows
 * the supplement upload, the rating and the receipt PDF only where the API serves them.
 */
const has = (method: string, path: string) => ROUTES.some((r) => r.method === method && r.path === path);

export const FEATURES = {
  supplementUploads: has('POST', '/lookup/{code}/uploads'),
  rating: has('POST', '/lookup/{code}/rating'),
  receiptPdf: has('GET', '/lookup/{code}/receipt.pdf'),
  withdraw: has('POST', '/lookup/{code}/withdraw'),
};
