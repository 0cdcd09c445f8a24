import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { listDepartments } from '../adapters/catalogue-repository.ts';
import { clients } from '../adapters/clients.ts';
import { config } from '../adapters/config.ts';
import { emitMetric } from '../adapters/metrics.ts';

/** The metric the overdue scan emits (namespace Motcua): once without dimensions, once per department. */
export const OVERDUE_METRIC_NAME = 'OverdueDossiers';

/**
 * Counts the dossiers with a step overdue now (escalated and still held: gsi1 `OVERDUE`), per
 * department, and emits `Motcua/OverdueDossiers` for the total and for each department (0 for a
 * department with none, so that its alarm and graph see a value every run). Reads only the keys
 * of the index items (no personal data: step items hold none). One Query per page.
 */
export async function scanOverdue(): Promise<{ total: number; byDepartment: Record<string, number> }> {
  const dossiers = new Map<string, Set<string>>();
  let start: Record<string, unknown> | undefined;
  do {
    const res = await clients().doc.send(
      new QueryCommand({
        TableName: config().TABLE_NAME,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': 'OVERDUE' },
        ProjectionExpression: 'departmentId, dossierId',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const i of res.Items ?? []) {
      const dept = String(i.departmentId);
      const set = dossiers.get(dept) ?? new Set<string>();
      set.add(String(i.dossierId));
      dossiers.set(dept, set);
    }
    start = res.LastEvaluatedKey;
  } while (start);
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
