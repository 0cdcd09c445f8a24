import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildApp } from './support.ts';

/**
 * cdk-nag's AwsSolutions and Serverless packs, run on the synthesized app of each environment:
 * every finding must be acknowledged in code (infra/stacks/*: `acknowledge(...)` with a reason).
 */
const findings = (env: 'dev' | 'prod') => {
  const { app } = buildApp(env);
  return [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
    pack
      .validateScope(app)
      .violations.filter((v) => v.severity === 'error' || v.severity === 'warning')
      .map((v) => `${v.ruleName} @ ${v.violatingResources.map((r) => r.constructPath).join(', ')}`),
  );
};

describe('cdk-nag', () => {
  it('reports no unacknowledged AwsSolutions or Serverless finding in dev', () => {
    expect(findings('dev')).toEqual([]);
  });

  it('reports no unacknowledged AwsSolutions or Serverless finding in prod', () => {
    expect(findings('prod')).toEqual([]);
  });
});
