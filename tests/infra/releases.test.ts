import { describe, expect, it } from 'vitest';
import { LIVE_ALIAS } from '../../infra/stacks/functions.ts';
import { ROUTES } from '../../shared/contracts/routes.ts';
import { buildApp, type Resource } from './support.ts';

/**
 * Releases you can roll back (OPERATIONS.md, Releases): every Lambda function of the app has a
 * retained published version and a `live` alias on it, and every caller — API Gateway
 * integrations and their invoke permissions, the dossier state machine's task states, the
 * EventBridge Scheduler targets, the Cognito trigger — invokes the alias, never $LATEST.
 */
const built = buildApp('dev');
const templates = Object.values(built.t).map((t) => t.toJSON() as { Resources?: Record<string, Resource> });
const all = templates.flatMap((t) => Object.entries(t.Resources ?? {}));
const ofType = (type: string) => all.filter(([, r]) => r.Type === type);

/** Logical id of a `{ Ref }` or the first argument of `{ Fn::GetAtt }`/`{ Fn::ImportValue }` export. */
const refId = (v: unknown): string | undefined => {
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.Ref === 'string') return o.Ref;
    if (Array.isArray(o['Fn::GetAtt'])) return String(o['Fn::GetAtt'][0]);
  }
  return undefined;
};

/**
 * The app's functions: every AWS::Lambda::Function but the providers CDK adds for its own
 * deployment-time custom resources (logical ids `Custom…`, e.g. the web app's BucketDeployment),
 * which CloudFormation invokes during a deployment only.
 */
const functionIds = new Set(
  ofType('AWS::Lambda::Function')
    .map(([id]) => id)
    .filter((id) => !id.startsWith('Custom')),
);
const versions = new Map(ofType('AWS::Lambda::Version').map(([id, r]) => [id, r]));
const liveAliases = new Map(
  ofType('AWS::Lambda::Alias')
    .filter(([, r]) => r.Properties.Name === LIVE_ALIAS)
    .map(([id, r]) => [id, r]),
);

/** Exports of the app by name: cross-stack references resolve to the producing stack's value. */
const exportsByName = new Map<string, unknown>();
for (const t of templates) {
  const outputs = (t as { Outputs?: Record<string, { Value: unknown; Export?: { Name: string } }> }).Outputs;
  for (const o of Object.values(outputs ?? {})) if (o.Export) exportsByName.set(o.Export.Name, o.Value);
}
/** The logical id a value names, following `Fn::ImportValue` to the exporting stack. */
const target = (v: unknown): string | undefined => {
  if (v && typeof v === 'object' && 'Fn::ImportValue' in (v as object)) {
    return refId(exportsByName.get(String((v as { 'Fn::ImportValue': unknown })['Fn::ImportValue'])));
  }
  return refId(v);
};

describe('releases', () => {
  it('gives every function a retained published version and a live alias on it', () => {
    expect(functionIds.size).toBeGreaterThan(40);
    const withAlias = new Set<string>();
    for (const [, alias] of liveAliases) {
      const fnId = refId(alias.Properties.FunctionName);
      const version = versions.get(String(refId(alias.Properties.FunctionVersion) ?? ''));
      // FunctionVersion is `{ Fn::GetAtt: [<version>, 'Version'] }`.
      expect(version, `${fnId}: alias on a version resource`).toBeDefined();
      expect(version?.DeletionPolicy, `${fnId}: old versions stay for rollback`).toBe('Retain');
      expect(refId(version?.Properties.FunctionName)).toBe(fnId);
      if (fnId) withAlias.add(fnId);
    }
    const missing = [...functionIds].filter((id) => !withAlias.has(id));
    expect(missing, 'functions without a live alias').toEqual([]);
  });

  it('integrates every API route with a live alias, and permits the alias only', () => {
    const integrations = ofType('AWS::ApiGatewayV2::Integration');
    expect(integrations.length).toBeGreaterThan(30);
    for (const [id, r] of integrations) {
      expect(liveAliases.has(String(target(r.Properties.IntegrationUri))), id).toBe(true);
    }
    const permissions = ofType('AWS::Lambda::Permission');
    for (const [id, r] of permissions) {
      expect(liveAliases.has(String(target(r.Properties.FunctionName))), id).toBe(true);
    }
  });

  it('makes every task state of the dossier workflow invoke the live alias', () => {
    const [[, machine]] = ofType('AWS::StepFunctions::StateMachine') as [[string, Resource]];
    const subs = machine.Properties.DefinitionSubstitutions as Record<string, unknown>;
    expect(Object.keys(subs).length).toBeGreaterThan(0);
    for (const [name, v] of Object.entries(subs)) {
      if (name.endsWith('FunctionArn')) expect(liveAliases.has(String(target(v))), name).toBe(true);
    }
  });

  it('publishes the dossier workflow as a retained version and starts dossiers on its live alias', () => {
    const [[machineId]] = ofType('AWS::StepFunctions::StateMachine') as [[string, Resource]];
    const [[versionId, version]] = ofType('AWS::StepFunctions::StateMachineVersion') as [[string, Resource]];
    expect(refId(version.Properties.StateMachineArn)).toBe(machineId);
    expect(version.Properties.StateMachineRevisionId).toEqual({
      'Fn::GetAtt': [machineId, 'StateMachineRevisionId'],
    });
    expect(version.DeletionPolicy).toBe('Retain');
    const [[aliasId, alias]] = ofType('AWS::StepFunctions::StateMachineAlias') as [[string, Resource]];
    expect(alias.Properties.Name).toBe(LIVE_ALIAS);
    expect(alias.Properties.RoutingConfiguration).toEqual([
      { StateMachineVersionArn: { 'Fn::GetAtt': [versionId, 'Arn'] }, Weight: 100 },
    ]);
    // Every function that starts dossiers is given the alias, and may start executions on it only.
    const starters = ofType('AWS::Lambda::Function').filter(
      ([, r]) =>
        (r.Properties.Environment as { Variables?: Record<string, unknown> })?.Variables?.STATE_MACHINE_ARN,
    );
    expect(starters.length).toBeGreaterThan(0);
    for (const [id, r] of starters) {
      const v = (r.Properties.Environment as { Variables: Record<string, unknown> }).Variables
        .STATE_MACHINE_ARN;
      expect(target(v), id).toBe(aliasId);
    }
    const startResources = ofType('AWS::IAM::Policy').flatMap(([, p]) =>
      (
        p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }
      ).Statement.filter((st) =>
        ([] as string[]).concat(st.Action).includes('states:StartExecution'),
      ).flatMap((st) => ([] as unknown[]).concat(st.Resource)),
    );
    expect(startResources.length).toBeGreaterThan(0);
    for (const r of startResources) expect(target(r)).toBe(aliasId);
  });

  it('makes every schedule invoke the live alias of its job', () => {
    const schedules = ofType('AWS::Scheduler::Schedule');
    expect(schedules.length).toBeGreaterThan(0);
    for (const [id, r] of schedules) {
      const arn = (r.Properties.Target as { Arn: unknown }).Arn;
      expect(liveAliases.has(String(target(arn))), id).toBe(true);
    }
  });

  it('points the Cognito trigger at the live alias', () => {
    for (const [id, r] of ofType('AWS::Cognito::UserPool')) {
      const config = (r.Properties.LambdaConfig ?? {}) as Record<string, unknown>;
      for (const [k, v] of Object.entries(config)) {
        if (k === 'PreTokenGenerationConfig') {
          const arn = (v as { LambdaArn: unknown }).LambdaArn;
          expect(liveAliases.has(String(target(arn))), `${id} ${k}`).toBe(true);
        } else if (k !== 'KMSKeyID') expect(liveAliases.has(String(target(v))), `${id} ${k}`).toBe(true);
      }
    }
  });

  it('releases every public route function by a CodeDeploy canary on its live alias, rolled back by its alarm', () => {
    const groups = new Map(ofType('AWS::CodeDeploy::DeploymentGroup'));
    const alarms = new Map(ofType('AWS::CloudWatch::Alarm'));
    const citizen = built.t.apiCitizen.toJSON() as {
      Resources: Record<string, Resource & { UpdatePolicy?: unknown }>;
    };
    const released = new Set<string>();
    for (const [id, alias] of Object.entries(citizen.Resources)) {
      if (alias.Type !== 'AWS::Lambda::Alias' || alias.Properties.Name !== LIVE_ALIAS) continue;
      const fnId = String(refId(alias.Properties.FunctionName));
      const update = (
        alias.UpdatePolicy as { CodeDeployLambdaAliasUpdate?: { DeploymentGroupName: unknown } }
      )?.CodeDeployLambdaAliasUpdate;
      expect(update, `${fnId}: the alias is moved by CodeDeploy`).toBeDefined();
      const group = groups.get(String(refId(update!.DeploymentGroupName)))!;
      expect(group.Properties.DeploymentConfigName).toBe('CodeDeployDefault.LambdaCanary10Percent5Minutes');
      expect((group.Properties.AutoRollbackConfiguration as { Events: string[] }).Events).toContain(
        'DEPLOYMENT_STOP_ON_ALARM',
      );
      const [{ Name }] = (
        group.Properties.AlarmConfiguration as { Alarms: { Name: unknown }[]; Enabled: boolean }
      ).Alarms as [{ Name: unknown }];
      const alarm = alarms.get(String(refId(Name)))!;
      // The alarm watches this function's live alias (its errors), and reaches the operators.
      expect(alarm.Properties.MetricName).toBe('Errors');
      const dims = JSON.stringify(alarm.Properties.Dimensions);
      expect(dims).toContain(fnId);
      expect(dims).toContain(`:${LIVE_ALIAS}`);
      expect(alarm.Properties.Threshold).toBe(1);
      released.add(fnId);
      expect(id).toBeDefined();
    }
    const publicRoutes = ROUTES.filter((r) => r.auth === 'PUBLIC');
    expect(released.size).toBe(publicRoutes.length);
    for (const r of publicRoutes)
      expect(
        [...released].some((f) => f.startsWith(r.id)),
        r.id,
      ).toBe(true);
    // Staff and administration releases are not gradual (deployed at once, rolled back by hand).
    for (const staff of [built.t.apiStaff, built.t.apiAdmin]) {
      expect(Object.keys(staff.findResources('AWS::CodeDeploy::DeploymentGroup'))).toEqual([]);
    }
  });
});
