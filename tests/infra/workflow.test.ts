import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AssetManifestArtifact } from 'aws-cdk-lib/cx-api';
import { describe, expect, it } from 'vitest';
import {
  DEFINITION_PATH,
  loadDefinition,
  placeholders,
  renderDefinition,
} from '../../infra/workflow/definition.ts';
import { WORKFLOW_FUNCTIONS } from '../../shared/contracts/routes.ts';
import { buildApp, templateWith } from './support.ts';

// asl-validator ships no type declarations: load it through require with the signature of its README.
type AslValidator = (
  definition: object,
  opts?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errorsText: (separator?: string) => string };
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

// The whole dev app, synthesized without bundling (tests/infra/support.ts).
const { assembly, stacks, t } = buildApp('dev');
const workflow = stacks.workflow;
const wfT = t.workflow;
const SM_NAME = 'Motcua-dev-Workflow-dossier';

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };
type Statement = { Action: string | string[]; Effect: string; Resource: unknown };
type State = Record<string, unknown> & { Type: string };
type Definition = { States: Record<string, State> };

const stateMachine = (): Resource => {
  const machines = Object.values(wfT.findResources('AWS::StepFunctions::StateMachine')) as Resource[];
  expect(machines).toHaveLength(1);
  return machines[0]!;
};

/** The definition file as the cloud assembly stages it for CloudFormation (the asset the template points at). */
const synthesizedDefinitionText = (): string => {
  const location = stateMachine().Properties.DefinitionS3Location as { Key: string };
  expect(location, 'DefinitionS3Location').toBeDefined();
  const manifests = assembly.artifacts.filter(
    (a): a is AssetManifestArtifact => a instanceof AssetManifestArtifact,
  );
  for (const manifest of manifests) {
    for (const file of Object.values(manifest.contents.files ?? {})) {
      if (file.source.path && Object.values(file.destinations).some((d) => d.objectKey === location.Key)) {
        return readFileSync(path.join(assembly.directory, file.source.path), 'utf8');
      }
    }
  }
  throw new Error(`no staged asset for ${location.Key}`);
};

/** Every state, nested Map iterators / item processors and Parallel branches included. */
const allStates = (def: Definition): [string, State][] =>
  Object.entries(def.States).flatMap(([name, state]) => {
    const nested = [
      state.Iterator,
      state.ItemProcessor,
      ...((state.Branches as Definition[] | undefined) ?? []),
    ].filter((d): d is Definition => d !== undefined);
    return [[name, state] as [string, State], ...nested.flatMap(allStates)];
  });

const definition = loadDefinition() as Definition;
const tasks = allStates(definition).filter(([, s]) => s.Type === 'Task');

/** Allowed actions on the role of the function whose logical id starts with `fnId`. */
const statementsOf = (t: Template, fnId: string): Statement[] => {
  const fnEntry = Object.entries(t.findResources('AWS::Lambda::Function')).find(([id]) =>
    id.startsWith(fnId),
  );
  expect(fnEntry, `function ${fnId}`).toBeDefined();
  const role = (fnEntry![1] as Resource).Properties.Role as { 'Fn::GetAtt': [string, string] };
  const policies = Object.values(t.findResources('AWS::IAM::Policy')) as Resource[];
  return policies
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role['Fn::GetAtt'][0]))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
    .filter((s) => s.Effect === 'Allow');
};
const actionsOf = (t: Template, fnId: string): string[] =>
  statementsOf(t, fnId).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

describe('the workflow definition module', () => {
  it('points at the one definition file and lists its placeholders', () => {
    expect(path.isAbsolute(DEFINITION_PATH)).toBe(true);
    expect(DEFINITION_PATH.endsWith(path.join('infra', 'workflow', 'dossier.asl.json'))).toBe(true);
    expect(placeholders()).toEqual(['WorkflowTasksFunctionArn']);
  });

  it('renders like DefinitionSubstitutions and refuses a missing substitution', () => {
    const arn = 'arn:aws:lambda:ap-southeast-1:123456789012:function:x';
    const rendered = renderDefinition({ WorkflowTasksFunctionArn: arn });
    expect(rendered).not.toContain('${');
    const expected = JSON.stringify(loadDefinition()).replaceAll(/\$\{WorkflowTasksFunctionArn\}/g, arn);
    expect(JSON.parse(rendered)).toEqual(JSON.parse(expected));
    expect(() => renderDefinition({})).toThrow(/\$\{WorkflowTasksFunctionArn\}/);
  });

  it('is valid ASL once rendered (asl-validator)', () => {
    const rendered = JSON.parse(
      renderDefinition({ WorkflowTasksFunctionArn: 'arn:aws:lambda:ap-southeast-1:123456789012:function:x' }),
    ) as object;
    const result = aslValidator(rendered, { checkPaths: true, checkArn: true });
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('gives every callback wait a timeout (invariant 4)', () => {
    const waits = tasks.filter(([, s]) => String(s.Resource).endsWith('.waitForTaskToken'));
    expect(waits.map(([name]) => name).sort()).toEqual(
      ['AwaitCitizen', 'AwaitDepartment', 'AwaitIntake', 'AwaitIntakeSupplement', 'AwaitReturn'].sort(),
    );
    for (const [name, state] of waits) {
      expect(
        state.TimeoutSeconds !== undefined || state.TimeoutSecondsPath !== undefined,
        `${name} has a timeout`,
      ).toBe(true);
      const catches = state.Catch as { ErrorEquals: string[] }[];
      expect(
        catches.some((c) => c.ErrorEquals.includes('States.Timeout')),
        `${name} handles its timeout`,
      ).toBe(true);
    }
  });

  it('catches errors in every Task state', () => {
    expect(tasks.length).toBeGreaterThan(5);
    for (const [name, state] of tasks) {
      const catches = (state.Catch as { ErrorEquals: string[] }[] | undefined) ?? [];
      expect(
        catches.some((c) => c.ErrorEquals.includes('States.ALL')),
        `${name} catches States.ALL`,
      ).toBe(true);
    }
  });
});

describe('WorkflowStack', () => {
  it('is a Standard state machine with full logging and X-Ray tracing', () => {
    wfT.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: SM_NAME,
      StateMachineType: 'STANDARD',
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
      TracingConfiguration: { Enabled: true },
    });
    wfT.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: `/aws/vendedlogs/states/${SM_NAME}`,
    });
  });

  it('deploys exactly the local definition (invariant 2)', () => {
    const props = stateMachine().Properties;
    // DefinitionBody.fromFile stages the file as an asset and points DefinitionS3Location at it;
    // CloudFormation then applies DefinitionSubstitutions, as renderDefinition does locally.
    expect(props.DefinitionString).toBeUndefined();
    const synthesized = synthesizedDefinitionText();
    expect(synthesized).toBe(readFileSync(DEFINITION_PATH, 'utf8'));
    expect(JSON.parse(synthesized)).toEqual(loadDefinition());
  });

  it('substitutes exactly the placeholders of the file, with the tasks function ARN', () => {
    const subs = stateMachine().Properties.DefinitionSubstitutions as Record<string, unknown>;
    expect(Object.keys(subs).sort()).toEqual(placeholders().sort());
    // The ARN of the tasks function's `live` alias (OPERATIONS.md, Releases).
    const aliasId = Object.keys(
      wfT.findResources('AWS::Lambda::Alias', { Properties: { Name: 'live' } }),
    ).find((id) => id.startsWith('WorkflowTasksLive'));
    expect(aliasId).toBeDefined();
    expect(subs.WorkflowTasksFunctionArn).toEqual({ Ref: aliasId });
  });

  it('builds the tasks function from WORKFLOW_FUNCTIONS like the API functions', () => {
    const def = WORKFLOW_FUNCTIONS[0]!;
    wfT.resourceCountIs('AWS::Lambda::Function', 1);
    wfT.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: def.memoryMb,
      Timeout: def.timeoutSeconds,
      Environment: {
        Variables: Match.objectLike({
          MAIL_FROM: 'mot-cua@example.gov.vn',
          PUBLIC_WEB_URL: 'https://form.example',
          POWERTOOLS_SERVICE_NAME: 'motcua',
          NODE_OPTIONS: '--enable-source-maps',
          TABLE_NAME: Match.anyValue(),
        }),
      },
    });
  });

  it('lets the state machine invoke the tasks function', () => {
    const sm = stateMachine() as Resource & { Properties: { RoleArn: { 'Fn::GetAtt': [string] } } };
    const roleId = sm.Properties.RoleArn['Fn::GetAtt'][0];
    const policies = Object.values(wfT.findResources('AWS::IAM::Policy')) as Resource[];
    const actions = policies
      .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
      .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
      .flatMap((s) => s.Action);
    expect(actions).toContain('lambda:InvokeFunction');
    expect(actions).toContain('xray:PutTraceSegments');
  });

  it('lets the tasks function answer waits, send email and write the table', () => {
    const statements = statementsOf(wfT, 'WorkflowTasks');
    const actions = actionsOf(wfT, 'WorkflowTasks');
    expect(actions).toContain('states:SendTaskSuccess');
    expect(actions).toContain('ses:SendEmail');
    expect(actions).toContain('dynamodb:PutItem');
    // The state machine ARN is built from the fixed name, not the state machine's token (no cycle).
    const states = statements.find((s) =>
      ([] as string[]).concat(s.Action).includes('states:SendTaskSuccess'),
    );
    expect(JSON.stringify(states?.Resource)).toContain(`:stateMachine:${SM_NAME}`);
    expect(JSON.stringify(states?.Resource)).not.toContain('Ref":"DossierWorkflow');
    const ses = statements.find((s) => ([] as string[]).concat(s.Action).includes('ses:SendEmail'));
    // dev is in the SES sandbox (every verified identity); prod names the MAIL_FROM domain only.
    expect(JSON.stringify(ses?.Resource)).toContain(':identity/*');
    expect(JSON.stringify(ses?.Resource)).toContain(':configuration-set/motcua-dev');
  });

  it('alarms on failed, timed-out and aborted executions and on flagged dossiers', () => {
    wfT.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    for (const metricName of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']) {
      wfT.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/States',
        MetricName: metricName,
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Dimensions: [{ Name: 'StateMachineArn', Value: Match.anyValue() }],
      });
    }
    wfT.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Motcua',
      MetricName: 'DossierWorkflowFailures',
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(workflow.alarms).toHaveLength(4);
  });

  it("routes every alarm to the operators' topic", () => {
    for (const alarm of Object.values(wfT.findResources('AWS::CloudWatch::Alarm')) as Resource[]) {
      expect(JSON.stringify(alarm.Properties.AlarmActions)).toContain('OperatorsTopic');
    }
  });
});

describe('workflow access from the API', () => {
  it('lets SubmitDossier start executions', () => {
    expect(actionsOf(templateWith(t, 'SubmitDossier'), 'SubmitDossier')).toContain('states:StartExecution');
    expect(actionsOf(templateWith(t, 'SubmitDossier'), 'SubmitDossier')).not.toContain(
      'states:SendTaskSuccess',
    );
  });

  it('lets the answering routes, and only them, send task success', () => {
    expect(actionsOf(templateWith(t, 'StepDecision'), 'StepDecision')).toContain('states:SendTaskSuccess');
    expect(actionsOf(templateWith(t, 'ProvideSupplement'), 'ProvideSupplement')).toContain(
      'states:SendTaskSuccess',
    );
    const lookup = actionsOf(templateWith(t, 'LookupDossier'), 'LookupDossier');
    expect(lookup.some((a) => a.startsWith('states:'))).toBe(false);
    expect(lookup.some((a) => a.startsWith('ses:'))).toBe(false);
  });
});
