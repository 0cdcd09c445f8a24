import { renderApology } from './apology.ts';
import { type FontBytes, fontBytes } from './fonts.ts';
import type { FormData } from './model.ts';
import { renderProcessControl } from './process-control.ts';
import { renderReceipt } from './receipt.ts';
import { renderRefusal } from './refusal.ts';
import { renderSupplementRequest } from './supplement-request.ts';

/** The PDF of a form from its data (forms 01–04 on A5, the process-control sheet on A4). */
export function renderForm(data: FormData, fonts: FontBytes = fontBytes()): Promise<Uint8Array> {
  switch (data.form) {
    case '01':
      return renderReceipt(data, fonts);
    case '02':
      return renderSupplementRequest(data, fonts);
    case '03':
      return renderRefusal(data, fonts);
    case '04':
      return renderApology(data, fonts);
    case '05':
      return renderProcessControl(data, fonts);
  }
}
