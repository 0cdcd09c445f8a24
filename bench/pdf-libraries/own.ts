import { fontBytes } from '../../shared/forms/fonts.ts';
import type { ReceiptForm } from '../../shared/forms/model.ts';
import { renderReceipt } from '../../shared/forms/receipt.ts';
import { RECEIPT } from './receipt-content.ts';

/** Form 01 by our own writer (shared/forms/), as the form functions render it. */
export const render = (): Promise<Uint8Array> =>
  renderReceipt(RECEIPT as unknown as ReceiptForm, fontBytes());
