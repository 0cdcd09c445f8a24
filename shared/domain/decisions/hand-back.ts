import type { Collector } from '../../contracts/actions.ts';
import { DomainError, fieldError } from '../errors.ts';
import type { Actor } from '../lifecycle.ts';
import { type Decision, type DossierContext, event } from './context.ts';

export interface HandBackInput {
  collector?: Collector | undefined;
  trackingNumber?: string | undefined;
}

/**
 * The centre hands the result back (trả kết quả), recording who collected it: required for a
 * counter or postal dossier collected at the centre. A result sent by post is handed to the postal
 * service: its tracking number is the receipt. The name and CCCD stay on the dossier; the event
 * carries only the kind.
 */
export function handBackResult(ctx: DossierContext, actor: Actor, input: HandBackInput): Decision {
  const { dossier: d, now } = ctx;
  const { collector, trackingNumber } = input;
  if (d.status !== 'RESULT_READY' || d.wf?.phase !== 'RETURN') {
    throw new DomainError('DOSSIER_NOT_WAITING', 'dossier.noResultToHandBack');
  }
  if (!collector && d.channel !== 'ONLINE' && d.delivery.method === 'AT_CENTRE') {
    throw new DomainError('VALIDATION_FAILED', 'dossier.collectorRequired', [
      fieldError('collector', 'required', 'dossier.collectorChoose'),
    ]);
  }
  if (d.delivery.method === 'POST' && !trackingNumber) {
    throw new DomainError('VALIDATION_FAILED', 'dossier.trackingRequired', [
      fieldError('trackingNumber', 'required', 'dossier.trackingRequiredField'),
    ]);
  }
  const token = d.wf.token ?? null;
  const resultReturn = {
    method: d.delivery.method,
    readyAt: d.resultReturn?.readyAt ?? d.wf.readyAt ?? now.toISOString(),
    ...d.resultReturn,
    returnedAt: now.toISOString(),
    ...(trackingNumber && d.delivery.method === 'POST' ? { trackingNumber } : {}),
  };
  return {
    change: {
      checkVersion: true,
      expectStatus: ['RESULT_READY'],
      expectToken: token,
      set: {
        status: 'RETURNED',
        wf: { phase: 'DONE' },
        resultReturn,
        ...(collector ? { collector: { ...collector, at: now.toISOString() } } : {}),
      },
      events: [
        event(
          'RESULT_RETURNED',
          now,
          actor,
          d.status,
          'RETURNED',
          collector ? { collector: collector.kind } : undefined,
        ),
      ],
    },
    answers: token ? [{ token, output: { dossierId: d.id, phase: 'DONE' } }] : [],
  };
}
