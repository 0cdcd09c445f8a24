import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { figuresBlock, figuresOf, withFigures } from '../../infra/stacks/figures.ts';
import { JOBS } from '../../shared/contracts/jobs.ts';
import { ROUTES } from '../../shared/contracts/routes.ts';
import { buildApp, REPO_ROOT } from './support.ts';

/** OPERATIONS.md's figures are counted from the synthesized app, never typed. */
const doc = readFileSync(path.join(REPO_ROOT, 'OPERATIONS.md'), 'utf8');
const { stacks, assembly } = buildApp('prod');
const figures = figuresOf(
  Object.values(stacks) as Stack[],
  (s) => assembly.getStackByName(s.stackName).template,
);

describe('OPERATIONS.md figures', () => {
  it('counts what the app deploys (routes and jobs from their tables)', () => {
    expect(figures.routes).toBe(ROUTES.length);
    expect(figures.schedules).toBe(JOBS.length);
    expect(figures.functions).toBeGreaterThanOrEqual(ROUTES.length + JOBS.length + 2);
  });

  it('quotes exactly the figures of the synthesized app (npx tsx scripts/operations-figures.ts)', () => {
    expect(withFigures(doc, figuresBlock(figures))).toBe(doc);
  });

  it('lists every alarm of the monitoring and workflow stacks in the alarm table', () => {
    const names = [stacks.monitoring, stacks.workflow].flatMap((s) =>
      Object.keys(assembly.getStackByName(s.stackName).template.Resources ?? {}).filter(
        (id) => assembly.getStackByName(s.stackName).template.Resources[id].Type === 'AWS::CloudWatch::Alarm',
      ),
    );
    const perFunction = /ErrorsAlarm[0-9A-F]{8}$/;
    const missing = names
      .filter((id) => !perFunction.test(id))
      .map((id) => id.replace(/[0-9A-F]{8}$/, ''))
      .filter((name) => !doc.includes(name));
    expect(missing).toEqual([]);
  });

  it("states a fresh account's limits and the SES and Cognito first-deploy steps", () => {
    expect(doc).toMatch(/### A fresh account's limits/);
    expect(doc).toMatch(/Lambda concurrency/);
    expect(doc).toMatch(/SES\*\* starts in the sandbox/);
    expect(doc).toMatch(/Cognito's own email\*\* sends at most 50 emails a day/);
  });
});
