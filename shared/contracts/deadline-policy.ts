import * as z from 'zod';

/**
 * How a procedure's statutory clock runs, versioned with the procedure (a dossier keeps the
 * version it was received under). Every value a newer decree may have changed is configuration,
 * with the rule it comes from next to it (DOMAIN.md, "Counting deadlines").
 */
export const Duration = z.object({
  amount: z.number().int().min(0),
  unit: z.enum(['WORKING_DAYS', 'CALENDAR_DAYS', 'SAME_DAY']),
});
export type Duration = z.infer<typeof Duration>;

export const InterAgencyStep = z.object({
  departmentId: z.string().regex(/^[A-Z][A-Z0-9]{1,7}$/),
  /** What this agency does in the chain (e.g. "thẩm định an toàn PCCC"). */
  task: z.string().min(1),
  /** Its share of the procedure's total time (0–1]; shares of a sequential chain should add up to 1. */
  share: z.number().gt(0).max(1),
  /** Sequential chains run stage after stage; agencies of the same stage run in parallel. */
  stage: z.number().int().min(0).default(0),
});
export type InterAgencyStep = z.infer<typeof InterAgencyStep>;

export const DeadlinePolicy = z.object({
  /** Received after this Vietnam time counts as received the next working day (Decree 61/2018 art. 18). */
  cutoff: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
    .default('15:00'),
  /**
   * What a supplement request does to the clock. RESTART: counted again from the start once the
   * complete dossier arrives (Decree 61/2018 art. 19(4)); PAUSE: the time already used is kept
   * (whether Decree 118/2025 changed this is unconfirmed, hence a policy).
   */
  supplementClock: z.enum(['RESTART', 'PAUSE']).default('RESTART'),
  /** How long the citizen has to answer a supplement request before the dossier lapses. */
  citizenSupplementWindow: Duration.default({ amount: 30, unit: 'CALENDAR_DAYS' }),
  /** What happens when that window passes unanswered. */
  unansweredSupplement: z.enum(['RETURN_DOSSIER', 'REFUSE']).default('RETURN_DOSSIER'),
  /** Reminder to the department this many working days before its deadline: the day the apology letter is due (art. 19(9)). */
  reminderLeadWorkingDays: z.number().int().min(0).max(10).default(1),
  /** A department may ask for a supplement only within this many working days of receiving the dossier (art. 19(4)). */
  departmentSupplementWithinWorkingDays: z.number().int().min(1).default(3),
  /** Maximum extension a department may set with its apology letter (once only, art. 19(9)). */
  maxExtension: Duration.default({ amount: 10, unit: 'WORKING_DAYS' }),
  /** The centre's own time to decide on intake before it is reminded. */
  intakeWithin: Duration.default({ amount: 1, unit: 'WORKING_DAYS' }),
  /** How long a ready result waits for collection before the citizen is reminded. */
  collectionReminderAfter: Duration.default({ amount: 10, unit: 'WORKING_DAYS' }),
  /** The department head approves the result before it is ready (where the procedure needs it). */
  requiresApproval: z.boolean().default(false),
  /** Liên thông: the agencies and each one's share of the time. Absent: the lead department alone. */
  interAgency: z.object({ steps: z.array(InterAgencyStep).min(1).max(20) }).optional(),
});
export type DeadlinePolicy = z.infer<typeof DeadlinePolicy>;
export type DeadlinePolicyInput = z.input<typeof DeadlinePolicy>;
