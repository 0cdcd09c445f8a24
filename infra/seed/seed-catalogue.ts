import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { seedCalendarYear } from '../../shared/adapters/calendar-repository.ts';
import { putDepartments } from '../../shared/adapters/catalogue-department-edits.ts';
import { putProcedure } from '../../shared/adapters/catalogue-procedure-edits.ts';

/**
 * Seeds departments and the procedure catalogue from data/ into the table: only what is missing
 * or still as shipped (conditional puts; an administrator's edit is never overwritten). Used by the
 * local stack and by a deployment's first-run task.
 */
export async function seedCatalogue(dataDir: string): Promise<{ departments: number; procedures: number }> {
  const departments = JSON.parse(await readFile(path.join(dataDir, 'departments.json'), 'utf8'));
  const file = await putDepartments(departments);
  const ids = new Set(file.departments.map((d) => d.id));
  const dir = path.join(dataDir, 'procedures');
  const names = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  for (const name of names) {
    const raw = JSON.parse(await readFile(path.join(dir, name), 'utf8'));
    const p = await putProcedure(raw);
    for (const d of p.departmentIds) if (!ids.has(d)) throw new Error(`${name}: unknown department ${d}`);
  }
  return { departments: file.departments.length, procedures: names.length };
}

/**
 * Seeds the working-day calendar years in data/calendar (decided and provisional): only years
 * missing or still as shipped; a year an administrator saved is never overwritten.
 */
export async function seedCalendar(dataDir: string): Promise<number> {
  const dir = path.join(dataDir, 'calendar');
  const names = (await readdir(dir)).filter((f) => /^\d{4}\.json$/.test(f)).sort();
  for (const name of names) {
    const raw = JSON.parse(await readFile(path.join(dir, name), 'utf8'));
    await seedCalendarYear(raw, new Date().toISOString());
  }
  return names.length;
}
