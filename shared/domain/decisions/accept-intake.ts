import type { Duration } from '../../contracts/deadline-policy.ts';
import { DomainError } from '../errors.ts';
import type { Actor } from '../lifecycle.ts';
import type { Receipt } from '../notices.ts';
import { planSteps, stagesOf } from '../workflow.ts';
import { appointmentOnAccept, type Decision, type DossierContext, event, noticeMessage } from './context.ts';
import { assertIntakeOpen } from './guards.ts';

/**
 * Reception accepts the dossier as complete (Decree 61/2018 art. 18): the receipt (form 01) gives
 * the appointment, the departments' steps are planned from the procedure's chain, and the
 * workflow moves on to processing.
 */
export function acceptIntake(ctx: DossierContext, actor: Actor): Decision {
  const { dossier: d, now } = ctx;
  const token = assertIntakeOpen(ctx);
  // The fees the receipt records: every exemption claimed is confirmed or refused first.
  if ((d.feeExemptions ?? []).some((r) => r.status === 'CLAIMED'))
    throw new DomainError('FEE_EXEMPTION_UNDECIDED', 'fees.exemptionUndecided');
  const due = appointmentOnAccept(ctx);
  const steps = planSteps(d.departmentId, ctx.procedure.deadline as Duration, ctx.policy);
  const receipt: Receipt = {
    kind: 'RECEIPT',
    appointment: due.dueDate,
    provisional: due.provisional,
    at: now.toISOString(),
  };
  return {
    change: {
      checkVersion: true,
      expectStatus: ['SUBMITTED'],
      expectToken: token,
      set: {
        status: 'IN_PROGRESS',
        wf: { phase: 'PROCESSING' },
        appointment: { dueDate: due.dueDate, dueAt: due.dueAt.toISOString() },
      },
      steps: steps.map((s) => ({ step: s })),
      events: [
        event('INTAKE_ACCEPTED', now, actor, d.status, 'IN_PROGRESS', {
          appointment: due.dueDate,
          provisional: due.provisional,
          steps: steps.map((s) => ({ stepId: s.stepId, departmentId: s.departmentId, stage: s.stage })),
        }),
      ],
      messages: [noticeMessage(ctx, receipt)],
    },
    notices: [receipt],
    answers: token
      ? [{ token, output: { dossierId: d.id, phase: 'PROCESSING', stages: stagesOf(steps) } }]
      : [],
  };
}
