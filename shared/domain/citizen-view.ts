import type { LookupHolder, LookupResponse, NextAction } from '../contracts/dossier.ts';
import type { Dossier, DossierDocument, ResultReturn } from './dossier.ts';
import { DomainError } from './errors.ts';
import type { ExtraItem } from './supplement-items.ts';
import { vnIsoDate } from './time.ts';

/**
 * What the citizen sees of their dossier (the look-up page, the citizen's API): which events make
 * the timeline, what they are expected to do now, who holds the dossier, whether it is late and
 * which result they may download.
 * One definition, used by every caller.
 */

/** The event types a citizen sees on the timeline (internal bookkeeping stays out). */
export const CITIZEN_EVENTS: ReadonlySet<string> = new Set([
  'SUBMITTED',
  'INTAKE_ACCEPTED',
  'INTAKE_SUPPLEMENT_REQUESTED',
  'INTAKE_REFUSED',
  // The reception officer's answer to the citizen's fee exemption claim (the reason is in the fees).
  'FEE_EXEMPTION_CONFIRMED',
  'FEE_EXEMPTION_REFUSED',
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

/** The part of a dossier its holder and lateness depend on (as projected for the look-up). */
export interface CitizenProgress {
  meta: { status: string; appointment?: { dueDate: string } | undefined };
  steps: readonly { departmentId: string; status: string; dueDate?: string | undefined }[];
}

/** A department's step still with the department: being processed, or awaiting its head's approval. */
const WITH_DEPARTMENT: ReadonlySet<string> = new Set(['WAITING_DEPARTMENT', 'AWAITING_APPROVAL']);

const distinct = (ids: readonly string[]) => [...new Set(ids)];

/**
 * Who has the dossier now, in the citizen's terms: the centre (at intake, between steps, with the
 * result), the departments working on it, the citizen (to supplement; `departmentIds` say who
 * asked, none when the centre asked at intake), or nobody once it is closed.
 */
export function holderOf({ meta, steps }: CitizenProgress): LookupHolder {
  const { status } = meta;
  if (status === 'SUBMITTED' || status === 'RESULT_READY') return { kind: 'CENTRE' };
  if (status === 'SUPPLEMENT_REQUESTED') {
    const askedBy = steps.filter((s) => s.status === 'WAITING_CITIZEN').map((s) => s.departmentId);
    return { kind: 'CITIZEN', departmentIds: distinct(askedBy) };
  }
  if (status === 'IN_PROGRESS' || status === 'ACCEPTED') {
    const departmentIds = distinct(
      steps.filter((s) => WITH_DEPARTMENT.has(s.status)).map((s) => s.departmentId),
    );
    return departmentIds.length ? { kind: 'DEPARTMENTS', departmentIds } : { kind: 'CENTRE' };
  }
  return { kind: 'NONE' };
}

/**
 * Late (quá hạn), as the citizen is told: a department's step past its due date (the earliest of
 * them, and which departments), or — before the result, once the dossier was received — the
 * appointment past. While the citizen is to supplement the clock is stopped, so nothing is late.
 * "Today" is Vietnam's date at `now`: a step due today is not late until that day is over.
 */
export function overdueOf({ meta, steps }: CitizenProgress, now: Date): LookupResponse['overdue'] {
  if (!['IN_PROGRESS', 'ACCEPTED', 'SUBMITTED'].includes(meta.status)) return undefined;
  const today = vnIsoDate(now);
  const late = steps.filter((s) => WITH_DEPARTMENT.has(s.status) && s.dueDate && s.dueDate < today);
  if (late.length) {
    const dueDate = late.map((s) => s.dueDate!).sort()[0]!;
    return { dueDate, departmentIds: distinct(late.map((s) => s.departmentId)) };
  }
  if (meta.appointment && meta.appointment.dueDate < today && meta.status !== 'SUBMITTED')
    return { dueDate: meta.appointment.dueDate, departmentIds: [] };
  return undefined;
}

/**
 * The result the citizen downloads (and has verified): the verified result document of a dossier
 * whose result was returned online. Before that, or for a result collected at the centre or sent
 * by post, there is none: RESULT_NOT_AVAILABLE.
 */
export function onlineResult(found: {
  dossier: Pick<Dossier, 'status' | 'resultReturn'>;
  documents: readonly DossierDocument[];
}): DossierDocument {
  const r = found.dossier.resultReturn;
  const doc =
    found.dossier.status === 'RETURNED' && r?.method === 'ONLINE' && r.documentId
      ? found.documents.find((d) => d.documentId === r.documentId && d.status === 'VERIFIED')
      : undefined;
  if (!doc) throw new DomainError('RESULT_NOT_AVAILABLE', 'dossier.noOnlineResult');
  return doc;
}
