import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { now } from '#adapters/clock.ts';
import { logger } from '#adapters/logger.ts';
import { httpHandler, json } from '#http/handler.ts';
import { IPN_ANSWERS, type VnpParams } from '../../shared/payments/vnpay.ts';
import { handleIpn, paymentReturn } from '../../shared/services/payments.ts';

/**
 * The payment gateway's calls (docs/payments.md). Both routes are public — the gateway and the
 * citizen's browser call them without a session — and both trust nothing until the parameters'
 * HMAC signature verifies under the merchant's secret.
 */
const paramsOf = (event: APIGatewayProxyEventV2): VnpParams => {
  const out: VnpParams = {};
  for (const [k, v] of Object.entries(event.queryStringParameters ?? {})) {
    // Only the protocol's parameters, each once (API Gateway joins repeated ones with commas).
    if (k.startsWith('vnp_') && typeof v === 'string' && k.length <= 40 && v.length <= 1024) out[k] = v;
  }
  return out;
};

/**
 * GET /payments/vnpay/ipn — the server-to-server notification (IPN). Always HTTP 200 with the
 * protocol's `{RspCode, Message}`: 00 recorded, 01 unknown order, 02 already confirmed, 04 wrong
 * amount, 97 wrong signature, 99 anything else (the gateway retries later).
 */
export const ipn = httpHandler({}, async ({ event }) => {
  try {
    return json(200, await handleIpn(paramsOf(event), now()));
  } catch (error) {
    logger.error('payment notification failed', { error: error as Error });
    return json(200, IPN_ANSWERS.unknownError);
  }
});

/**
 * GET /payments/vnpay/return — the web app's payment-return page passes on what the browser brought
 * back: whether it verifies, the gateway's outcome and what the system has recorded (the IPN, not
 * this call, records a payment), and where the citizen goes next.
 */
export const returned = httpHandler({}, async ({ event }) => json(200, await paymentReturn(paramsOf(event))));
