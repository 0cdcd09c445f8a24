import type { NextAction } from '../contracts/dossier.ts';
import type { ResultReturn } from './dossier.ts';
import type { ExtraItem } from './supplement-items.ts';
import { vnIsoDate } from './time.ts';

/**
 * What the citizen sees of their dossier (the look-up page, the citizen's API): which events make
 * the timeline and what they are expected to do now. One definition, used by every caller.
 */

/** The event types a citizen sees on the timeline (internal bookkeeping stays out). */
export const CITIZEN_EVENTS: ReadonlySet<string> = new Set([
  'SUBMITTED',
  'INTAKE_ACCEPTED',
  'INTAKE_SUPPLEMENT_REQUESTED',
  'INTAKE_REFUSED',
  'SUPPLEMENT_PROVIDED',
  'STEP_ASSIGNED',
  'STEP_SUPPLEMENT_REQUESTED',
  'STEP_EXTENDED',
  'STEP_COMPLETED',
  'STEP_REFUSED',
  'RESULT_READY',
  'RESULT_RETURNED',
  'WITHDRAWN',
  'LAPSED',
  'RATED',
]);

/** The part of a dossier its next action depends on (as projected for the look-up). */
export interface CitizenFacing {
  status: string;
  notice?:
    | { reasons: string[]; missing: string[]; dueAt?: string; extras?: ExtraItem[] | undefined }
    | undefined;
  resultReturn?: Pick<ResultReturn, 'method'> | undefined;
  rated?: boolean | undefined;
}

/**
 * What the citizen should do now: answer the supplement request (everything missing, by when),
 * collect the result, rate the service once it was returned, or wait.
 */
export function nextAction(d: CitizenFacing): NextAction {
  switch (d.status) {
    case 'SUPPLEMENT_REQUESTED':
      return {
        kind: 'SUPPLEMENT',
        missing: d.notice?.missing ?? [],
        reasons: d.notice?.reasons ?? [],
        ...(d.notice?.dueAt ? { dueDate: vnIsoDate(new Date(d.notice.dueAt)) } : {}),
        ...(d.notice?.extras?.length ? { extras: d.notice.extras } : {}),
      };
    case 'RESULT_READY':
      return { kind: 'COLLECT_RESULT', method: d.resultReturn?.method ?? 'AT_CENTRE' };
    case 'RETURNED':
      return d.rated ? { kind: 'NONE' } : { kind: 'RATE' };
    case 'REFUSED':
    case 'WITHDRAWN':
    case 'LAPSED':
      return { kind: 'NONE' };
    default:
      return { kind: 'WAIT' };
  }
}
