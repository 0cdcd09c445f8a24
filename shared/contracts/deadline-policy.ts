import * as z from 'zod/mini';
import './zod-locale.ts';

/**
 * How a procedure's statutory clock runs, versioned with the procedure (a dossier keeps the
 * version it was received under). Every value a newer decree may have changed is configuration,
 * with the rule it comes from next to it (DOMAIN.md, "Counting deadlines").
 */
export const Duration = z.object({
  amount: z.int().check(z.gte(0)),
  unit: z.enum(['WORKING_DAYS', 'CALENDAR_DAYS', 'SAME_DAY']),
});
export type Duration = z.infer<typeof Duration>;

export const InterAgencyStep = z.object({
  departmentId: z.string().check(z.regex(/^[A-Z][A-Z0-9]{1,7}$/)),
  /** What this agency does in the chain (e.g. "thẩm định an toàn PCCC"). */
  task: z.string().check(z.minLength(1)),
  /** Its share of the procedure's total time (0–1]; shares of a sequential chain should add up to 1. */
  share: z.number().check(z.gt(0), z.lte(1)),
  /** Sequential chains run stage after stage; agencies of the same stage run in parallel. */
  stage: z._default(z.int().check(z.gte(0)), 0),
});
export type InterAgencyStep = z.infer<typeof InterAgencyStep>;

export const DeadlinePolicy = z.object({
  /** Received after this Vietnam time counts as received the next working day (Decree 61/2018 art. 18). */
  cutoff: z._default(z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/)), '15:00'),
  /**
   * What a supplement request does to the clock. RESTART: counted again from the start once the
   * complete dossier arrives (Decree 61/2018 art. 19(4)); PAUSE: the time already used is kept
   * (whether Decree 118/2025 changed this is unconfirmed, hence a policy).
   */
  supplementClock: z._default(z.enum(['RESTART', 'PAUSE']), 'RESTART'),
  /** How long the citizen has to answer a supplement request before the dossier lapses. */
  citizenSupplementWindow: z._default(Duration, { amount: 30, unit: 'CALENDAR_DAYS' }),
  /** What happens when that window passes unanswered. */
  unansweredSupplement: z._default(z.enum(['RETURN_DOSSIER', 'REFUSE']), 'RETURN_DOSSIER'),
  /** Reminder to the department this many working days before its deadline: the day the apology letter is due (art. 19(9)). */
  reminderLeadWorkingDays: z._default(z.int().check(z.gte(0), z.lte(10)), 1),
  /** A department may ask for a supplement only within this many working days of receiving the dossier (art. 19(4)). */
  departmentSupplementWithinWorkingDays: z._default(z.int().check(z.gte(1)), 3),
  /** Maximum extension a department may set with its apology letter (once only, art. 19(9)). */
  maxExtension: z._default(Duration, { amount: 10, unit: 'WORKING_DAYS' }),
  /** The centre's own time to decide on intake before it is reminded. */
  intakeWithin: z._default(Duration, { amount: 1, unit: 'WORKING_DAYS' }),
  /** How long a ready result waits for collection before the citizen is reminded. */
  collectionReminderAfter: z._default(Duration, { amount: 10, unit: 'WORKING_DAYS' }),
  /** The department head approves the result before it is ready (where the procedure needs it). */
  requiresApproval: z._default(z.boolean(), false),
  /** Liên thông: the agencies and each one's share of the time. Absent: the lead department alone. */
  interAgency: z.optional(
    z.object({ steps: z.array(InterAgencyStep).check(z.minLength(1), z.maxLength(20)) }),
  ),
});
export type DeadlinePolicy = z.infer<typeof DeadlinePolicy>;
export type DeadlinePolicyInput = z.input<typeof DeadlinePolicy>;
