/**
 * Writes the figures of OPERATIONS.md (stacks, functions, routes, scheduled jobs, alarms, the
 * largest stack) counted from the synthesized prod app, between its figures markers.
 *
 *   npx tsx scripts/operations-figures.ts          # rewrite the block
 *   npx tsx scripts/operations-figures.ts --check  # exit 1 when the document disagrees
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { figuresBlock, figuresOf, withFigures } from '../infra/stacks/figures.ts';
import { REPO_ROOT } from '../infra/stacks/functions.ts';
import { buildApp } from '../tests/infra/support.ts';

const { stacks, assembly } = buildApp('prod');
const list = Object.values(stacks) as Stack[];
const figures = figuresOf(list, (s) => assembly.getStackByName(s.stackName).template);
const file = path.join(REPO_ROOT, 'OPERATIONS.md');
const doc = readFileSync(file, 'utf8');
const next = withFigures(doc, figuresBlock(figures));
if (process.argv.includes('--check')) {
  if (next !== doc) {
    console.error('OPERATIONS.md figures are stale: run npx tsx scripts/operations-figures.ts');
    process.exit(1);
  }
} else if (next !== doc) writeFileSync(file, next);
console.log(JSON.stringify(figures));
