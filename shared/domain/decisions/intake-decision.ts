import type { StaffPrincipal } from '../../contracts/auth.ts';
import { actorOf } from '../access.ts';
import { acceptIntake } from './accept-intake.ts';
import type { Decision, DossierContext } from './context.ts';
import { refuseAtIntake } from './refuse.ts';
import { centreRequestsSupplement } from './request-supplement.ts';

/** What reception decides at intake. */
export type IntakeDecision =
  | { decision: 'ACCEPT' }
  | { decision: 'SUPPLEMENT'; missing: string[]; reasons: string[] }
  | { decision: 'REFUSE'; reasons: string[] };

export function decideIntake(
  ctx: DossierContext,
  principal: StaffPrincipal,
  input: IntakeDecision,
): Decision {
  const actor = actorOf(principal);
  switch (input.decision) {
    case 'ACCEPT':
      return acceptIntake(ctx, actor);
    case 'SUPPLEMENT':
      return centreRequestsSupplement(ctx, actor, input);
    case 'REFUSE':
      return refuseAtIntake(ctx, actor, input.reasons);
  }
}
