import type { Procedure, ProcedureSummary } from '../contracts/catalogue.ts';
import { matchesQuery } from './text.ts';

export interface ProcedureFilter {
  q?: string | undefined;
  department?: string | undefined;
  field?: string | undefined;
}

/** Search text of a procedure: name, code and field, so `2.001610` and `doanh nghiep` both find it. */
const searchText = (p: Procedure) => `${p.code} ${p.name} ${p.field.name}`;

export function filterProcedures(all: Procedure[], f: ProcedureFilter): Procedure[] {
  return all.filter(
    (p) =>
      (!f.q || matchesQuery(searchText(p), f.q)) &&
      (!f.department || p.departmentIds.includes(f.department)) &&
      (!f.field || matchesQuery(p.field.name, f.field)),
  );
}

export function summarise(p: Procedure): ProcedureSummary {
  return {
    code: p.code,
    version: p.version,
    name: p.name,
    field: p.field,
    departmentIds: p.departmentIds,
    deadline: p.deadline,
    onlineLevel: p.onlineLevel,
  };
}
