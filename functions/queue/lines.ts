import { listDepartments } from '#adapters/catalogue-repository.ts';
import { now } from '#adapters/clock.ts';
import { listLines } from '#adapters/queue-tickets.ts';
import type { QueueLineView } from '#contracts/queue.ts';
import { queueDate, ticketPrefix, waitingCount } from '#domain/queue.ts';
import { httpHandler, json } from '#http/handler.ts';

/**
 * GET /queue/lines — the kiosk's choices: every department with its ticket letter and how many
 * people are waiting for it today. Two Queries (the departments, the day's lines).
 */
export const handler = httpHandler({}, async () => {
  const date = queueDate(now());
  const [departments, lines] = await Promise.all([listDepartments(), listLines(date)]);
  const ids = departments.map((d) => d.id);
  const byDept = new Map(lines.map((l) => [l.departmentId, l]));
  const items: QueueLineView[] = departments
    .map((d) => {
      const line = byDept.get(d.id);
      return {
        departmentId: d.id,
        name: d.name,
        nameEn: d.nameEn,
        prefix: line?.prefix ?? ticketPrefix(ids, d.id) ?? '?',
        waiting: line ? waitingCount(line) : 0,
      };
    })
    .sort((a, b) => a.prefix.length - b.prefix.length || a.prefix.localeCompare(b.prefix));
  return json(200, { date, items });
});
