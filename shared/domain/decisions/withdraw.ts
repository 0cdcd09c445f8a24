import { DomainError } from '../errors.ts';
import { canWithdraw } from '../lifecycle.ts';
import {
  after,
  CITIZEN,
  type Decision,
  type DossierContext,
  event,
  isOpen,
  staffNotice,
  stepState,
  withoutToken,
} from './context.ts';

/**
 * The applicant withdraws the dossier (Decree 61/2018 art. 19; the lifecycle's `canWithdraw`):
 * every open step stops, every wait ends, and whoever holds the dossier hears it need not be
 * decided.
 */
export function withdrawDossier(ctx: DossierContext): Decision {
  const { dossier: d, now } = ctx;
  if (!canWithdraw(d.status)) {
    throw new DomainError('DOSSIER_NOT_WAITING', 'dossier.notWithdrawable');
  }
  const processing = d.wf?.phase === 'PROCESSING';
  const dossierToken = processing ? undefined : (d.wf?.token ?? null);
  const active = ctx.steps.filter(isOpen);
  const wf = processing ? { phase: 'PROCESSING' as const } : { phase: 'DONE' as const };
  const ended = after(ctx, { status: 'WITHDRAWN', wf });
  return {
    change: {
      checkVersion: true,
      ...(dossierToken !== undefined ? { expectToken: dossierToken } : {}),
      set: { status: 'WITHDRAWN', wf },
      steps: active.map((s) => ({
        step: { ...withoutToken(s), status: 'CANCELLED' as const },
        expectToken: s.token ?? null,
      })),
      events: [event('WITHDRAWN', now, CITIZEN, d.status, 'WITHDRAWN')],
      messages: active.length
        ? active.filter((s) => s.status !== 'PENDING').map((s) => staffNotice(ctx, 'WITHDRAWN_NOTICE', s))
        : [staffNotice(ctx, 'WITHDRAWN_NOTICE', undefined)],
    },
    answers: [
      ...(dossierToken ? [{ token: dossierToken, output: { dossierId: d.id, phase: 'DONE' } }] : []),
      ...active
        .filter((s) => s.token)
        .map((s) => ({ token: s.token!, output: stepState(ended, { ...s, status: 'CANCELLED' }) })),
    ],
  };
}
