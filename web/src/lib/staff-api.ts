import { WEB_ROUTES } from '../../../shared/contracts/web-routes.ts';
import { currentLang, m } from '../i18n/index.ts';
import { ApiError, NETWORK_ERROR, problemText, request, requestBlob } from './api.ts';
import { saveBlob } from './print-pdf.ts';
import { navigate } from './router.ts';
import { currentSession, signOut } from './staff-session.ts';

/**
 * The staff API: the shared client with the signed-in staff member's token. A 401 (no token, or
 * an expired one) signs out and goes to the login page, which brings the user back afterwards.
 */
export const LOGIN_PATH = WEB_ROUTES.staffLogin;

export function loginUrl(next: string, expired = false) {
  const q = new URLSearchParams({ next });
  if (expired) q.set('expired', '1');
  return `${LOGIN_PATH}?${q}`;
}

function toLogin(expired: boolean) {
  const here = window.location.pathname + window.location.search;
  if (window.location.pathname !== LOGIN_PATH) navigate(loginUrl(here, expired), { replace: true });
}

function authHeaders(): Record<string, string> {
  const s = currentSession();
  if (!s) {
    toLogin(false);
    throw new ApiError(401, { code: 'UNAUTHORIZED' });
  }
  return { authorization: `Bearer ${s.token}` };
}

function onError(e: unknown): never {
  if (e instanceof ApiError && e.status === 401) {
    signOut();
    toLogin(true);
  }
  throw e;
}

export async function staffRequest<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers = authHeaders();
  try {
    return await request<T>(method, path, { headers, ...(body === undefined ? {} : { body }) });
  } catch (e) {
    return onError(e);
  }
}

/** Downloads an official form (PDF) with the token and saves it under a readable name. */
export async function downloadStaffPdf(path: string, fileName: string) {
  const headers = authHeaders();
  let blob: Blob;
  try {
    blob = await requestBlob(path, headers);
  } catch (e) {
    return onError(e);
  }
  saveBlob(blob, fileName);
}

/**
 * A refusal in words for the staff member: a conflict, a forbidden or missing dossier in the staff
 * catalogue's words, anything else as for the citizen (`problemText`).
 */
export function staffProblemText(e: unknown): string {
  const msg = m();
  if (e instanceof ApiError && e.code !== NETWORK_ERROR) {
    if (e.code === 'DOSSIER_CONFLICT') return msg.staff.errors.conflict;
    if (e.status === 403) return msg.staff.errors.forbidden;
    if (e.status === 404) return msg.staff.errors.notFound;
  }
  return problemText(e, msg.errors, currentLang());
}

/** A staff member a department head may assign (GET /staff/officers). */
export interface DepartmentStaffMember {
  userId: string;
  name: string;
  role: string;
}

/** The staff of the caller's department (a head), or of `department` (centre leader, administrator). */
export async function listDepartmentStaff(department?: string): Promise<DepartmentStaffMember[]> {
  const q = department ? `?${new URLSearchParams({ department })}` : '';
  const res = await staffRequest<{ items: DepartmentStaffMember[] }>('GET', `/staff/officers${q}`);
  return res.items;
}
