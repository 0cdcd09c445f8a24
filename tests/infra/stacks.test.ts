import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ApiStack } from '../../infra/stacks/api-stack.ts';
import { DataStack } from '../../infra/stacks/data-stack.ts';
import { WorkflowStack } from '../../infra/stacks/workflow-stack.ts';
import { IDEMPOTENCY_TABLE, MAIN_TABLE } from '../../shared/adapters/table-design.ts';
import { ROUTES } from '../../shared/contracts/routes.ts';

// Skip esbuild bundling: the templates are what we assert on, and synth stays fast.
const newApp = () => new App({ context: { 'aws:cdk:bundling-stacks': [] } });

const build = () => {
  const app = newApp();
  const data = new DataStack(app, 'Data', { webOrigin: 'https://form.example' });
  const mail = { mailFrom: 'mot-cua@example.gov.vn', webUrl: 'https://form.example' };
  const workflow = new WorkflowStack(app, 'Workflow', {
    table: data.table,
    idempotencyTable: data.idempotencyTable,
    bucket: data.bucket,
    ...mail,
  });
  const api = new ApiStack(app, 'Api', {
    table: data.table,
    idempotencyTable: data.idempotencyTable,
    bucket: data.bucket,
    stateMachine: workflow.stateMachine,
    webOrigin: 'https://form.example',
    ...mail,
  });
  return { data, workflow, api, dataT: Template.fromStack(data), apiT: Template.fromStack(api) };
};

const { data, workflow, api, dataT, apiT } = build();

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Action: string | string[]; Effect: string };

/** All IAM actions granted by the default policies attached to the role of the function `routeId`. */
const actionsOf = (routeId: string): string[] => {
  const fns = apiT.findResources('AWS::Lambda::Function');
  const fnEntry = Object.entries(fns).find(([logicalId]) => logicalId.startsWith(routeId));
  expect(fnEntry, `function ${routeId}`).toBeDefined();
  const role = (fnEntry![1] as Resource).Properties.Role as { 'Fn::GetAtt': [string, string] };
  const roleId = role['Fn::GetAtt'][0];
  const policies = Object.values(apiT.findResources('AWS::IAM::Policy')) as Resource[];
  const attached = policies.filter((p) =>
    (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId),
  );
  expect(attached.length, `policies of ${routeId}`).toBeGreaterThan(0);
  return attached.flatMap((p) =>
    ((p.Properties.PolicyDocument as { Statement: Statement[] }).Statement ?? [])
      .filter((s) => s.Effect === 'Allow')
      .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])),
  );
};

const DDB_WRITES = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

describe('DataStack', () => {
  it('builds the main table from MAIN_TABLE', () => {
    const { gsi1, byCode } = MAIN_TABLE.indexes;
    const tables = dataT.findResources('AWS::DynamoDB::Table', {
      Properties: { KeySchema: Match.arrayWith([{ AttributeName: 'pk', KeyType: 'HASH' }]) },
    });
    expect(Object.keys(tables)).toHaveLength(1);
    dataT.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: MAIN_TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: MAIN_TABLE.sortKey, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      GlobalSecondaryIndexes: Match.arrayWith([
        {
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: gsi1.partitionKey, KeyType: 'HASH' },
            { AttributeName: gsi1.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
        {
          IndexName: 'byCode',
          KeySchema: [
            { AttributeName: byCode.partitionKey, KeyType: 'HASH' },
            { AttributeName: byCode.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...byCode.projection] },
        },
      ]),
    });
    const main = Object.values(tables)[0] as Resource;
    expect((main.Properties.GlobalSecondaryIndexes as unknown[]).length).toBe(2);
  });

  it('creates the idempotency table with a TTL on expiration', () => {
    dataT.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: IDEMPOTENCY_TABLE.partitionKey, KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: IDEMPOTENCY_TABLE.ttlAttribute, Enabled: true },
    });
  });

  it('keeps dev tables destroyable and prod tables protected and retained', () => {
    dataT.allResources('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
    const prodT = Template.fromStack(new DataStack(newApp(), 'ProdData', { prod: true }));
    prodT.allResources('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
    prodT.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
  });

  it('makes the documents bucket private, versioned, encrypted and SSL-only', () => {
    dataT.resourceCountIs('AWS::S3::Bucket', 1);
    dataT.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      CorsConfiguration: {
        CorsRules: [Match.objectLike({ AllowedMethods: ['POST'], AllowedOrigins: ['https://form.example'] })],
      },
    });
    dataT.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('exposes its resources', () => {
    expect(data.table).toBeDefined();
    expect(data.idempotencyTable).toBeDefined();
    expect(data.bucket).toBeDefined();
  });
});

describe('ApiStack', () => {
  it('is an HTTP API with one route per ROUTES entry', () => {
    apiT.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    apiT.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://form.example'] }),
    });
    const routeKeys = Object.values(apiT.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => (r as Resource).Properties.RouteKey,
    );
    expect(routeKeys).toHaveLength(ROUTES.length);
    expect(new Set(routeKeys)).toEqual(new Set(ROUTES.map((r) => `${r.method} ${r.path}`)));
    apiT.hasOutput('ApiUrl', {});
  });

  it('allows the look-up secret header in CORS', () => {
    apiT.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({
        AllowHeaders: Match.arrayWith([
          'content-type',
          'idempotency-key',
          'authorization',
          'x-lookup-secret',
        ]),
      }),
    });
  });

  it('closes staff routes to the public (IAM until the JWT authorizer) and leaves public routes open', () => {
    const routes = Object.values(apiT.findResources('AWS::ApiGatewayV2::Route')) as Resource[];
    const byKey = new Map(routes.map((r) => [r.Properties.RouteKey as string, r.Properties]));
    expect(ROUTES.some((r) => r.auth === 'STAFF')).toBe(true);
    for (const route of ROUTES) {
      const props = byKey.get(`${route.method} ${route.path}`);
      expect(props?.AuthorizationType, route.id).toBe(route.auth === 'STAFF' ? 'AWS_IAM' : 'NONE');
    }
  });

  it('runs every function on Node 24, arm64, with memory and timeout from the route', () => {
    const fns = Object.values(apiT.findResources('AWS::Lambda::Function')) as Resource[];
    expect(fns).toHaveLength(ROUTES.length);
    for (const fn of fns) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
    }
    const fnEntries = Object.entries(apiT.findResources('AWS::Lambda::Function')) as [string, Resource][];
    for (const route of ROUTES) {
      const entry = fnEntries.find(([logicalId]) => logicalId.startsWith(route.id));
      expect(entry, route.id).toBeDefined();
      const props = entry![1].Properties;
      expect(props.Handler, route.id).toBe(`index.${route.exportName ?? 'handler'}`);
      const vars = (props.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(Object.keys(vars).sort(), route.id).toEqual(
        [
          'DOCUMENTS_BUCKET',
          'IDEMPOTENCY_TABLE_NAME',
          'MAIL_FROM',
          'NODE_OPTIONS',
          'POWERTOOLS_SERVICE_NAME',
          'PUBLIC_WEB_URL',
          'TABLE_NAME',
          ...(route.access.workflow ? ['STATE_MACHINE_ARN'] : []),
        ].sort(),
      );
      expect(vars.MAIL_FROM).toBe('mot-cua@example.gov.vn');
      expect(vars.PUBLIC_WEB_URL).toBe('https://form.example');
    }
    const submit = ROUTES.find((r) => r.id === 'SubmitDossier')!;
    apiT.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: submit.memoryMb,
      Timeout: submit.timeoutSeconds,
    });
    apiT.resourceCountIs('AWS::Logs::LogGroup', ROUTES.length);
    apiT.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    expect([...api.functions.keys()].sort()).toEqual(ROUTES.map((r) => r.id).sort());
  });

  it('grants the look-up function read access only', () => {
    const actions = actionsOf('LookupDossier');
    expect(actions).toContain('dynamodb:Query');
    for (const write of DDB_WRITES) expect(actions).not.toContain(write);
    expect(actions.some((a) => a.startsWith('s3:'))).toBe(false);
  });

  it('grants the create function write access to the table and the idempotency table', () => {
    const actions = actionsOf('CreateDossier');
    for (const write of DDB_WRITES) expect(actions).toContain(write);
  });

  it('grants documents access per route', () => {
    expect(actionsOf('SubmitDossier')).toContain('s3:GetObject*');
    expect(actionsOf('SubmitDossier')).not.toContain('s3:PutObject');
    expect(actionsOf('CreateUploadSlots')).toContain('s3:PutObject');
  });

  it('grants workflow and email access per route', () => {
    for (const route of ROUTES) {
      const actions = actionsOf(route.id);
      expect(actions.includes('states:StartExecution'), route.id).toBe(route.access.workflow === 'start');
      expect(actions.includes('states:SendTaskSuccess'), route.id).toBe(route.access.workflow === 'answer');
      expect(actions.includes('ses:SendEmail'), route.id).toBe(route.access.email === true);
    }
  });

  it('synthesizes without warnings', () => {
    for (const stack of [data, workflow, api]) {
      expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
      expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    }
  });
});
