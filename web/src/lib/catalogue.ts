import type { Procedure, ProcedureSummary } from '../../../shared/contracts/catalogue.ts';
import { request } from './api.ts';

/** The public catalogue, read from the API and kept for the life of the page. */
export interface DepartmentSummary {
  id: string;
  name: string;
  nameEn: string;
  email: string;
}

export interface ProcedureList {
  items: ProcedureSummary[];
  total: number;
  match: 'all' | 'partial';
}

let departments: Promise<DepartmentSummary[]> | undefined;
const procedures = new Map<string, Promise<Procedure>>();
let fields: Promise<string[]> | undefined;

export function getDepartments(): Promise<DepartmentSummary[]> {
  departments ??= request<{ items: DepartmentSummary[] }>('GET', '/departments').then((r) => r.items);
  departments.catch(() => {
    departments = undefined;
  });
  return departments;
}

export function getProcedure(code: string): Promise<Procedure> {
  let p = procedures.get(code);
  if (!p) {
    p = request<Procedure>('GET', `/procedures/${encodeURIComponent(code)}`);
    procedures.set(code, p);
    p.catch(() => procedures.delete(code));
  }
  return p;
}

/** Keeps a procedure received in another answer (a newer version sent with a 409). */
export function cacheProcedure(p: Procedure): void {
  procedures.set(p.code, Promise.resolve(p));
}

export function searchProcedures(q: {
  q?: string;
  department?: string;
  field?: string;
}): Promise<ProcedureList> {
  const params = new URLSearchParams({ limit: '200' });
  for (const [k, v] of Object.entries(q)) if (v) params.set(k, v);
  if (Object.values(q).some(Boolean)) return request<ProcedureList>('GET', `/procedures?${params}`);
  // The whole list: the home page's results and its fields both ask for it on a first load, so
  // a request still on its way is shared (not kept once answered: a later search asks afresh).
  if (!unfiltered) {
    const pending = request<ProcedureList>('GET', `/procedures?${params}`);
    unfiltered = pending;
    void pending
      .catch(() => undefined)
      .finally(() => {
        if (unfiltered === pending) unfiltered = undefined;
      });
  }
  return unfiltered;
}
let unfiltered: Promise<ProcedureList> | undefined;

/** The fields (lĩnh vực) of the catalogue, for browsing. */
export function getFields(): Promise<string[]> {
  fields ??= searchProcedures({}).then((r) =>
    [...new Set(r.items.map((p) => p.field.name))].sort((a, b) => a.localeCompare(b, 'vi')),
  );
  fields.catch(() => {
    fields = undefined;
  });
  return fields;
}

export const departmentName = (list: DepartmentSummary[], id: string, lang: 'vi' | 'en') => {
  const d = list.find((x) => x.id === id);
  return d ? (lang === 'vi' ? d.name : d.nameEn) : id;
};
