import type { Collector } from '../../contracts/actions.ts';
import { DomainError } from '../errors.ts';
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
    throw new DomainError('DOSSIER_NOT_WAITING', 'Hồ sơ chưa có kết quả để trả');
  }
  if (!collector && d.channel !== 'ONLINE' && d.delivery.method === 'AT_CENTRE') {
    throw new DomainError('VALIDATION_FAILED', 'Ghi rõ ai nhận kết quả', [
      { path: 'collector', code: 'required', message: 'Chọn người nhận: người nộp hoặc người được ủy quyền' },
    ]);
  }
  if (d.delivery.method === 'POST' && !trackingNumber) {
    throw new DomainError('VALIDATION_FAILED', 'Ghi mã vận đơn của bưu chính', [
      { path: 'trackingNumber', code: 'required', message: 'Nhập mã vận đơn bưu chính đã gửi kết quả' },
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
