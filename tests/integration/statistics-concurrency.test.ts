import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { clients } from '../../shared/adapters/clients.ts';
import { config } from '../../shared/adapters/config.ts';
import { gaugeRows, monthlyRows } from '../../shared/adapters/stats-repository.ts';
import { STATS_SHARDS } from '../../shared/domain/statistics.ts';
import { checkCounters } from '../../shared/services/statistics-recompute.ts';
import { useLocalStack } from '../support/api.ts';
import { accept, MON_2026_03_02_0900, seedFixtureProcedures, submit } from '../support/workflow.ts';

/**
 * The write-sharded counters under concurrency: many dossiers of one procedure submitted and
 * accepted at once move several counter items of the same cell; the rows read back are their sum,
 * and every counter still equals its recomputation from the events.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });

describe('statistics counters under concurrency', () => {
  it('equal their recomputation after 40 concurrent submissions and acceptances of one procedure', async () => {
    await seedFixtureProcedures();
    const made = await Promise.all(Array.from({ length: 40 }, () => submit(stack(), '9.900001')));
    await Promise.all(made.map((d) => accept(stack(), d)));
    await stack().sfn.settle();

    const checked = await checkCounters('2026-03', '2026-03', ['2026-03']);
    expect(checked.dossiers).toBe(40);
    expect(checked.differences).toEqual([]);

    // The cell was written as several items (shards), read back as one row holding all 40.
    const raw = await clients().doc.send(
      new QueryCommand({
        TableName: config().TABLE_NAME,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'STATS#M#2026' },
      }),
    );
    const cellItems = (raw.Items ?? []).filter((i) => i.procedureCode === '9.900001');
    expect(cellItems.length).toBeGreaterThan(1);
    expect(cellItems.length).toBeLessThanOrEqual(STATS_SHARDS);
    const rows = (await monthlyRows('2026-03', '2026-03')).filter((r) => r.procedureCode === '9.900001');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.values.received).toBe(40);
    const gauges = (await gaugeRows()).filter((r) => r.procedureCode === '9.900001');
    expect(gauges).toHaveLength(1);
    expect(gauges[0]!.values.inProgress).toBe(40);
  });
});
