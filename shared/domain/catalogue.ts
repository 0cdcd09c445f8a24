import type { Procedure, ProcedureSummary } from '../contracts/catalogue.ts';
import { foldForSearch, matchesQuery } from './text.ts';

export interface ProcedureFilter {
  q?: string | undefined;
  department?: string | undefined;
  field?: string | undefined;
}

export interface ProcedureSearchResult {
  items: Procedure[];
  /** `all`: every query word matched; `partial`: nothing matched every word, closest ones shown. */
  match: 'all' | 'partial';
}

/** Search text of a procedure: code, name and field, so `2.001610` and `doanh nghiep` both find it. */
const searchText = (p: Procedure) => ` ${foldForSearch(`${p.code} ${p.name} ${p.field.name}`)}`;

/**
 * Diacritic-insensitive search (`dang ky kinh doanh` ↔ `Đăng ký kinh doanh`). Procedures matching
 * every word come first; when none does, those matching at least half the words are offered,
 * best first, because a citizen rarely knows the procedure's official name.
 */
export function searchProcedures(all: Procedure[], f: ProcedureFilter): ProcedureSearchResult {
  const scoped = all.filter(
    (p) =>
      (!f.department || p.departmentIds.includes(f.department)) &&
      (!f.field || matchesQuery(p.field.name, f.field)),
  );
  const words = foldForSearch(f.q ?? '')
    .split(' ')
    .filter(Boolean);
  const byName = (a: Procedure, b: Procedure) => a.name.localeCompare(b.name, 'vi');
  if (words.length === 0) return { items: scoped.sort(byName), match: 'all' };
  const scored = scoped.map((p) => {
    const hay = searchText(p);
    return { p, score: words.filter((w) => hay.includes(` ${w}`)).length };
  });
  const full = scored.filter((s) => s.score === words.length).map((s) => s.p);
  if (full.length) return { items: full.sort(byName), match: 'all' };
  const partial = scored
    .filter((s) => s.score > 0 && s.score * 2 >= words.length)
    .sort((a, b) => b.score - a.score || byName(a.p, b.p))
    .map((s) => s.p);
  return { items: partial, match: 'partial' };
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
