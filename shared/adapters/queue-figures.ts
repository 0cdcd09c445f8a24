import {
  COUNTER_STAT_FIELDS,
  type CounterEvent,
  type CounterStats,
  counterStatsDelta,
  emptyCounterStats,
} from '../domain/queue.ts';
import { queryAll } from './clients.ts';
import { keys } from './keys.ts';
import { type TransactItem, table } from './queue-items.ts';

/**
 * Each counter's figures of each day (`QSTATS#<month>`, shared/domain/queue.ts): moved with `ADD` in the
 * transaction that records the event, read back for the counter page and the month's statistics.
 */

/** The `ADD` of one counter event to its counter's figures of the day (same transaction). */
export function statsUpdate(
  date: string,
  counter: string,
  departmentId: string,
  event: CounterEvent,
): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {
    ':entity': 'CounterStats',
    ':date': date,
    ':counter': counter,
    ':dept': departmentId,
  };
  const adds = Object.entries(counterStatsDelta(event)).map(([f, by], i) => {
    names[`#a${i}`] = f;
    values[`:a${i}`] = by;
    return `#a${i} :a${i}`;
  });
  return {
    Update: {
      TableName: table(),
      Key: keys.queueCounterStats(date, counter),
      UpdateExpression: `SET entity = :entity, #d = :date, counterId = :counter, departmentId = :dept ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: { ...names, '#d': 'date' },
      ExpressionAttributeValues: values,
    },
  };
}

export function statsOf(item: Record<string, unknown> | undefined): CounterStats {
  const s = emptyCounterStats();
  for (const f of COUNTER_STAT_FIELDS) if (typeof item?.[f] === 'number') s[f] = item[f] as number;
  return s;
}

export interface CounterDayRow extends CounterStats {
  date: string;
  counterId: string;
  departmentId: string;
}

/** Every counter's figures of every day of a month: one Query (paged past 1 MB). */
export async function counterStatsOfMonth(month: string): Promise<CounterDayRow[]> {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `QSTATS#${month}` },
  });
  return items.map((i) => ({
    ...statsOf(i),
    date: String(i.date),
    counterId: String(i.counterId),
    departmentId: String(i.departmentId),
  }));
}
