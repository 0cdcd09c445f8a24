import { listDepartments } from '../adapters/catalogue-repository.ts';
import { emitMetric } from '../adapters/metrics.ts';
import { workflowIndexes } from '../adapters/workflow-indexes.ts';
import type { WorkflowIndexes } from './ports.ts';

/** The metric the overdue scan emits (namespace Motcua): once without dimensions, once per department. */
export const OVERDUE_METRIC_NAME = 'OverdueDossiers';

/**
 * Counts the dossiers with a step overdue now (escalated and still held), per department, and
 * emits `Motcua/OverdueDossiers` for the total and for each department (0 for a department with
 * none, so that its alarm and graph see a value every run).
 */
export async function scanOverdue(
  indexes: Pick<WorkflowIndexes, 'overdueSteps'> = workflowIndexes,
): Promise<{ total: number; byDepartment: Record<string, number> }> {
  const dossiers = new Map<string, Set<string>>();
  for (const { departmentId, dossierId } of await indexes.overdueSteps()) {
    const set = dossiers.get(departmentId) ?? new Set<string>();
    set.add(dossierId);
    dossiers.set(departmentId, set);
  }
  const byDepartment: Record<string, number> = {};
  for (const d of await listDepartments()) byDepartment[d.id] = 0;
  for (const [dept, set] of dossiers) byDepartment[dept] = set.size;
  const total = new Set([...dossiers.values()].flatMap((s) => [...s])).size;
  emitMetric(OVERDUE_METRIC_NAME, total);
  for (const [dept, n] of Object.entries(byDepartment)) {
    emitMetric(OVERDUE_METRIC_NAME, n, { dimensions: { Department: dept } });
  }
  return { total, byDepartment };
}
