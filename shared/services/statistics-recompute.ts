import { getDossier } from '../adapters/dossier-repository.ts';
import { registerStore } from '../adapters/register-store.ts';
import { dailyRows, gaugeRows, monthlyRows } from '../adapters/stats-repository.ts';
import { type CounterRow, recompute, statsAttrs } from '../domain/statistics.ts';
import type { RegisterStore } from './ports.ts';

/**
 * Recomputes the statistics from the events and compares them with the counters maintained on
 * write (scripts/recompute-stats.ts; the scenario test). Dossiers are listed from the register
 * (`REG#<yyyy-MM>`, one Query per month), their events read one Query per dossier: no Scan.
 */
export interface Difference {
  kind: 'daily' | 'monthly' | 'gauge';
  key: string;
  field: string;
  stored: number;
  recomputed: number;
}

async function registeredDossiers(months: string[], store: RegisterStore): Promise<string[]> {
  const ids: string[] = [];
  for (const month of months) ids.push(...(await store.dossierIds(month)));
  return ids;
}

const keyOf = (r: CounterRow) => `${r.period ?? ''}#${r.departmentId}#${r.procedureCode}`;

function compare(kind: Difference['kind'], stored: CounterRow[], recomputed: Map<string, CounterRow>) {
  const out: Difference[] = [];
  const storedBy = new Map(stored.map((r) => [keyOf(r), r]));
  const again = new Map([...recomputed.values()].map((r) => [keyOf(r), r]));
  for (const key of new Set([...storedBy.keys(), ...again.keys()])) {
    const a = (storedBy.get(key)?.values ?? {}) as Record<string, number>;
    const b = (again.get(key)?.values ?? {}) as Record<string, number>;
    for (const field of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const stored = a[field] ?? 0;
      const recomputedValue = b[field] ?? 0;
      if (stored !== recomputedValue) out.push({ kind, key, field, stored, recomputed: recomputedValue });
    }
  }
  return out;
}

/**
 * Every counter of the months `from`..`to` (yyyy-MM) against its recomputation from the events of
 * the dossiers submitted from `from` on. Counters moved by dossiers submitted before `from` are
 * outside what this can check: give `from` as the month of the first dossier.
 */
export async function checkCounters(
  from: string,
  to: string,
  months: string[],
  store: RegisterStore = registerStore,
) {
  const ids = await registeredDossiers(months, store);
  const dossiers = [];
  for (const id of ids) {
    const agg = await getDossier(id);
    if (agg) dossiers.push({ attrs: statsAttrs(agg.dossier), events: agg.events });
  }
  const again = recompute(dossiers);
  const lastDay = `${to}-31`;
  const inRange = <T extends CounterRow>(m: Map<string, T>, lo: string, hi: string) =>
    new Map([...m].filter(([, r]) => r.period! >= lo && r.period! <= hi));
  const differences = [
    ...compare('daily', await dailyRows(`${from}-01`, lastDay), inRange(again.daily, `${from}-01`, lastDay)),
    ...compare('monthly', await monthlyRows(from, to), inRange(again.monthly, from, to)),
    ...compare('gauge', await gaugeRows(), again.gauges),
  ];
  return { dossiers: ids.length, differences, recomputed: again };
}
