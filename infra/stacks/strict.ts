import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';

/**
 * Warnings are errors. aws-cdk-lib validates every template against the CloudFormation schemas
 * (its "CloudFormation Validate" plugin); with this feature flag, schema violations (F-rules)
 * fail synthesis. What it still reports as warnings (W-rules), and any warning annotation, fail
 * synthesis through `synthesisProblems` below.
 */
export const STRICT_CONTEXT = { '@aws-cdk/core:validateAgainstDefaultRules': true } as const;

interface Report {
  pluginReports?: {
    pluginName: string;
    violations?: { ruleName: string; description: string; severity?: string }[];
  }[];
}

/**
 * Every warning or error annotation of every stack, and every violation (any severity) in the
 * assembly's validation report, as readable lines. Empty means a clean synthesis.
 */
export function synthesisProblems(assembly: CloudAssembly): string[] {
  const annotations = assembly.stacks.flatMap((stack) =>
    stack.messages
      .filter((m) => m.level === 'warning' || m.level === 'error')
      .map((m) => `${m.level} ${m.id}: ${String(m.entry.data)}`),
  );
  const file = path.join(assembly.directory, 'validation-report.json');
  const report: Report = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Report) : {};
  const violations = (report.pluginReports ?? []).flatMap((p) =>
    (p.violations ?? []).map(
      (v) => `${v.severity ?? 'violation'} ${p.pluginName} ${v.ruleName}: ${v.description}`,
    ),
  );
  return [...annotations, ...violations];
}
