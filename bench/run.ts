import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PARTS } from './parts.ts';
import {
  type BenchReport,
  formatJson,
  formatMarkdown,
  formatTable,
  type PartReport,
  selectParts,
} from './report.ts';

/**
 * `npm run bench`: every part, one table on the terminal, and the same report as JSON and Markdown
 * in bench-results/ (git-ignored). Each figure on the local stack stands next to the raw engine
 * baseline measured in the same run, so machine speed cancels out of the comparison.
 *
 *   npm run bench                       every part (slow: several minutes)
 *   npm run bench -- load dashboard     only these parts
 *   BENCH_N=1000 BENCH_LOAD_SECONDS=60 BENCH_LOAD_CLIENTS=50   (see each part's file)
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const print = (text: string) => process.stdout.write(`${text}\n`);

let names: string[];
try {
  names = selectParts(process.argv.slice(2), Object.keys(PARTS));
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(2);
}

const parts: PartReport[] = [];
for (const name of names) {
  const started = performance.now();
  print(`… ${name}`);
  parts.push(await PARTS[name]!());
  print(`  ${name} done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

const report: BenchReport = {
  at: new Date().toISOString(),
  node: process.version,
  machine: {
    cpus: os.availableParallelism(),
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.arch()}`,
    loadAverage: os.loadavg(),
  },
  parts,
};
print('');
print(formatTable(report));

const outDir = path.resolve(import.meta.dirname, '..', 'bench-results');
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'bench.json'), formatJson(report));
writeFileSync(path.join(outDir, 'bench.md'), formatMarkdown(report));
print(`\nwritten: bench-results/bench.json, bench-results/bench.md`);
process.exit(0);
