/**
 * Recomputes the centre's statistics from the dossiers' events and compares them with the
 * counters maintained on write (shared/domain/statistics.ts). Prints every difference; exits 1 if
 * there is one. Reads only: the register (one Query per month), each dossier (one Query), the
 * counters (one Query per month and year). No Scan.
 *
 *   npx tsx scripts/recompute-stats.ts --table Motcua-prod-Main --region ap-southeast-1 \
 *     --from 2026-01 --to 2026-12
 *
 * `--from` should be the month of the first dossier: counters moved by dossiers handed in before
 * it cannot be checked. `--endpoint http://127.0.0.1:8000` checks the local stack's engine.
 */
import { parseArgs } from 'node:util';
import { monthsBetween } from '../shared/domain/statistics.ts';
import { checkCounters } from '../shared/services/statistics-recompute.ts';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

async function main() {
  const { values } = parseArgs({
    options: {
      table: { type: 'string' },
      region: { type: 'string', default: process.env.AWS_REGION ?? 'ap-southeast-1' },
      from: { type: 'string' },
      to: { type: 'string' },
      endpoint: { type: 'string' },
    },
    strict: true,
  });
  const { table, from, to } = values;
  if (!table || !from || !to || !MONTH.test(from) || !MONTH.test(to) || from > to) {
    process.stderr.write(
      'usage: npx tsx scripts/recompute-stats.ts --table T --from yyyy-MM --to yyyy-MM [--region R] [--endpoint URL]\n',
    );
    process.exit(2);
  }
  process.env.AWS_REGION = values.region;
  process.env.TABLE_NAME = table;
  // Required by the shared configuration; unused by this read-only check.
  process.env.IDEMPOTENCY_TABLE_NAME ??= 'unused-by-recompute';
  process.env.DOCUMENTS_BUCKET ??= 'unused-by-recompute';
  if (values.endpoint) process.env.DYNAMODB_ENDPOINT = values.endpoint;
  const result = await checkCounters(from, to, monthsBetween(from, to));
  process.stdout.write(`${result.dossiers} dossiers registered ${from}..${to}\n`);
  for (const d of result.differences) {
    process.stdout.write(`${d.kind} ${d.key} ${d.field}: stored ${d.stored}, from events ${d.recomputed}\n`);
  }
  process.stdout.write(
    result.differences.length === 0
      ? 'every counter equals its recomputation from the events\n'
      : `${result.differences.length} differences\n`,
  );
  process.exit(result.differences.length === 0 ? 0 : 1);
}

await main();
