import path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ACCESS_LOG_FORMAT } from '../../infra/stacks/api-stack.ts';
import { synthesisProblems } from '../../infra/stacks/strict.ts';
import { MAIN_TABLE, RATE_LIMIT_ITEM } from '../../shared/adapters/table-design.ts';
import { ROUTES } from '../../shared/contracts/routes.ts';
import { signingOwners } from '../../shared/signing/owners.ts';
import { allStatements, buildApp, list, REPO_ROOT, type Resource } from './support.ts';

/**
 * The security properties of the deployment, one named test each: a change that breaks one fails
 * the test that names it.
 */
// With aws-cdk-lib's CloudFormation validation: its warnings fail a test below.
const dev = buildApp('dev', { validate: true });
const prod = buildApp('prod', { validate: true });
const templates = (b = dev) => Object.entries(b.t);
const dataKeyId = () =>
  Object.keys(dev.t.data.findResources('AWS::KMS::Key')).find((id) => id.startsWith('DataKey')) as string;
const keyArn = () => ({ 'Fn::GetAtt': [dataKeyId(), 'Arn'] });

/**
 * Functions and roles aws-cdk-lib makes for itself, run only at deployment: the web app's bucket
 * deployment and the cross-region reference of the WAF web ACL (Edge → Web).
 */
const CDK_PROVIDED = /CDKBucketDeployment|CrossRegionExport(Writer|Reader)CustomResourceProvider/;

describe('encryption at rest', () => {
  it('encrypts the main and idempotency tables with the customer-managed key', () => {
    const tables = Object.values(dev.t.data.findResources('AWS::DynamoDB::Table')) as Resource[];
    expect(tables).toHaveLength(2);
    for (const table of tables) {
      expect(table.Properties.SSESpecification).toEqual({
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: keyArn(),
      });
    }
  });

  it('encrypts the documents bucket with the customer-managed key (SSE-KMS, bucket key)', () => {
    dev.t.data.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: Match.anyValue(),
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn() },
          },
        ],
      },
    });
  });

  it('rotates the customer-managed key', () => {
    const keys = Object.values(dev.t.data.findResources('AWS::KMS::Key')) as Resource[];
    const symmetric = keys.filter((k) => k.Properties.KeySpec === undefined);
    expect(symmetric).toHaveLength(1);
    expect(symmetric[0]!.Properties.EnableKeyRotation).toBe(true);
  });

  it('has one signing key per department and one for the centre: ECC P-256, sign only, kept on delete', () => {
    const { centre, departments } = signingOwners(path.join(REPO_ROOT, 'data'));
    const keys = Object.values(dev.t.data.findResources('AWS::KMS::Key')) as Resource[];
    const signing = keys.filter((k) => k.Properties.KeySpec !== undefined);
    expect(signing).toHaveLength(departments.length + 1);
    for (const k of signing) {
      expect(k.Properties).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      expect((k as { DeletionPolicy?: string }).DeletionPolicy).toBe('Retain');
    }
    const aliases = Object.values(dev.t.data.findResources('AWS::KMS::Alias')).map(
      (a) => (a as Resource).Properties.AliasName,
    );
    for (const owner of [centre, ...departments])
      expect(aliases).toContain(`alias/motcua-dev-sign-${owner.id}`);
  });

  it('encrypts every bucket', () => {
    for (const [name, t] of templates()) {
      for (const b of Object.values(t.findResources('AWS::S3::Bucket')) as Resource[]) {
        expect(b.Properties.BucketEncryption, name).toBeDefined();
      }
    }
  });

  it("encrypts the operators' topic with the customer-managed key and lets CloudWatch use the key", () => {
    dev.t.notifications.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    dev.t.data.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Effect: 'Allow' }),
        ]),
      },
    });
  });
});

describe('data protection', () => {
  it('enables point-in-time recovery on every table', () => {
    dev.t.data.allResourcesProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('protects and retains data in prod (deletion protection, Retain policies)', () => {
    prod.t.data.allResources('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
    prod.t.data.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
    prod.t.data.allResources('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
    prod.t.auth.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
    prod.t.auth.allResources('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
    for (const [name, t] of templates(prod)) {
      for (const [id, g] of Object.entries(t.findResources('AWS::Logs::LogGroup')) as [string, Resource][]) {
        if (id.startsWith('DeploymentLogs')) continue; // web deployment logs: nothing to keep
        expect(g.DeletionPolicy, `${name}/${id}`).toBe('Retain');
      }
    }
  });

  it('expires short-lived items of the main table with DynamoDB TTL on `expiration` (rate counters)', () => {
    const tables = Object.entries(dev.t.data.findResources('AWS::DynamoDB::Table')) as [string, Resource][];
    const main = tables.find(([id]) => id.startsWith('MainTable'));
    expect(main, 'the main table').toBeDefined();
    expect(main![1].Properties.TimeToLiveSpecification).toEqual({
      AttributeName: MAIN_TABLE.ttlAttribute,
      Enabled: true,
    });
    expect(MAIN_TABLE.ttlAttribute).toBe('expiration');
    expect(RATE_LIMIT_ITEM.ttlAttribute).toBe(MAIN_TABLE.ttlAttribute);
  });

  it('keeps dev destroyable', () => {
    dev.t.data.allResources('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
  });

  it('versions the documents bucket and tiers it per the retention setting', () => {
    const r = dev.config.retention;
    dev.t.data.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            Status: 'Enabled',
            Transitions: [
              { StorageClass: 'STANDARD_IA', TransitionInDays: r.documentsInfrequentAccessAfterDays },
              { StorageClass: 'GLACIER_IR', TransitionInDays: r.documentsArchiveAfterDays },
            ],
            NoncurrentVersionExpiration: { NoncurrentDays: r.noncurrentVersionsExpireAfterDays },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          }),
        ],
      },
    });
    // prod keeps documents (no expiry): their retention is set by archive law.
    const prodDocs = (Object.values(prod.t.data.findResources('AWS::S3::Bucket')) as Resource[]).find(
      (b) => b.Properties.VersioningConfiguration,
    );
    expect(prodDocs).toBeDefined();
    const rules = (prodDocs!.Properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
    expect(rules[0]?.ExpirationInDays).toBeUndefined();
  });

  it('logs access to the documents bucket in the access-logs bucket', () => {
    dev.t.data.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'documents/' },
    });
  });
});

describe('network exposure', () => {
  it('blocks public access on every bucket', () => {
    for (const [name, t] of templates()) {
      for (const b of Object.values(t.findResources('AWS::S3::Bucket')) as Resource[]) {
        expect(b.Properties.PublicAccessBlockConfiguration, name).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
      }
    }
  });

  it('denies non-TLS and pre-TLS-1.2 requests on every bucket (SSL-only policy)', () => {
    for (const [name, t] of templates()) {
      const buckets = Object.keys(t.findResources('AWS::S3::Bucket'));
      const policies = Object.values(t.findResources('AWS::S3::BucketPolicy')) as Resource[];
      for (const bucket of buckets) {
        const policy = policies.find((p) => JSON.stringify(p.Properties.Bucket).includes(bucket));
        expect(policy, `${name}/${bucket} has a bucket policy`).toBeDefined();
        const statements = (policy!.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
          .Statement;
        expect(statements, `${name}/${bucket}`).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              Effect: 'Deny',
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
            expect.objectContaining({
              Effect: 'Deny',
              Action: 's3:*',
              Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
            }),
          ]),
        );
      }
    }
  });

  it('allows CORS on the documents bucket only for POST from the web origin, and none on the API (same origin)', () => {
    dev.t.data.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [Match.objectLike({ AllowedMethods: ['POST'], AllowedOrigins: ['https://form.example'] })],
      },
    });
    dev.t.api.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.absent() });
  });

  it('serves the web app only through CloudFront with origin access control and HTTPS', () => {
    dev.t.web.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    dev.t.web.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        // The site bucket through origin access control; the API (`/api/*`) over TLS 1.2 only.
        Origins: Match.arrayWith([
          Match.objectLike({ OriginAccessControlId: Match.anyValue() }),
          Match.objectLike({
            CustomOriginConfig: Match.objectLike({
              OriginProtocolPolicy: 'https-only',
              OriginSSLProtocols: ['TLSv1.2'],
            }),
          }),
        ]),
        Logging: Match.objectLike({ Bucket: Match.anyValue() }),
      }),
    });
    prod.t.web.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['motcua.thainguyen.gov.vn'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021' }),
      }),
    });
  });

  it('sends security headers (CSP, HSTS, X-Frame-Options, nosniff, referrer policy) on every response', () => {
    dev.t.web.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: Match.objectLike({ Override: true }),
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 63_072_000, Override: true }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
        }),
      }),
    });
    const policy = Object.values(
      dev.t.web.findResources('AWS::CloudFront::ResponseHeadersPolicy'),
    )[0] as Resource;
    const csp = JSON.stringify(policy.Properties.ResponseHeadersPolicyConfig);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    dev.t.web.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ ResponseHeadersPolicyId: Match.anyValue() }),
      }),
    });
  });
});

describe('identity and access', () => {
  it('grants no IAM statement with a wildcard action (none at all in our functions)', () => {
    for (const [name, t] of templates()) {
      for (const s of allStatements(t)) {
        for (const a of list(s.Action)) {
          expect(a === '*' || a.endsWith(':*'), `${name}: ${a}`).toBe(false);
        }
      }
      // Our functions' roles: explicit actions only (library custom resources excepted above).
      const ours = (Object.entries(t.findResources('AWS::IAM::Policy')) as [string, Resource][]).filter(
        ([id]) => !id.includes('CDKBucketDeployment'),
      );
      for (const [id, p] of ours) {
        for (const s of (p.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] })
          .Statement) {
          for (const a of list(s.Action)) expect(a.includes('*'), `${name}/${id}: ${a}`).toBe(false);
        }
      }
    }
  });

  it('grants dynamodb:Scan to no one (no request path scans)', () => {
    for (const [name, t] of templates()) {
      for (const s of allStatements(t)) {
        for (const a of list(s.Action)) expect(a, name).not.toMatch(/^dynamodb:(Scan|\*)/);
      }
    }
  });

  it('attaches no AWS managed policy to our function roles', () => {
    for (const [name, t] of templates()) {
      for (const [id, r] of Object.entries(t.findResources('AWS::IAM::Role')) as [string, Resource][]) {
        if (CDK_PROVIDED.test(id)) continue;
        // Service roles (AWS Backup, CodeDeploy) use the AWS-maintained policies of their service.
        if (!JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('lambda.amazonaws.com')) continue;
        expect(r.Properties.ManagedPolicyArns, `${name}/${id}`).toBeUndefined();
      }
    }
  });

  it('puts the Cognito JWT authorizer on every staff route and none on public routes', () => {
    dev.t.api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [Match.anyValue()], Issuer: Match.anyValue() },
    });
    const routes = Object.values(dev.t.api.findResources('AWS::ApiGatewayV2::Route')) as Resource[];
    const byKey = new Map(routes.map((r) => [r.Properties.RouteKey as string, r.Properties]));
    expect(ROUTES.some((r) => r.auth === 'STAFF')).toBe(true);
    for (const route of ROUTES) {
      const props = byKey.get(`${route.method} ${route.path}`);
      expect(props?.AuthorizationType, route.id).toBe(route.auth === 'STAFF' ? 'JWT' : 'NONE');
      expect(props?.AuthorizerId !== undefined, route.id).toBe(route.auth === 'STAFF');
    }
  });

  it('requires strong passwords, TOTP MFA, and withholds the administrator group until TOTP is set up', () => {
    dev.t.auth.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          PasswordHistorySize: 5,
        }),
      },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
      LambdaConfig: { PreTokenGeneration: Match.anyValue() },
    });
    dev.t.auth.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [Match.objectLike({ Action: 'cognito-idp:AdminGetUser', Effect: 'Allow' })],
      },
    });
  });
});

describe('operations', () => {
  it('throttles every route (default and per-route settings)', () => {
    const stage = Object.values(dev.t.api.findResources('AWS::ApiGatewayV2::Stage'))[0] as Resource;
    expect(stage.Properties.DefaultRouteSettings).toEqual(
      expect.objectContaining({
        ThrottlingRateLimit: expect.any(Number),
        ThrottlingBurstLimit: expect.any(Number),
      }),
    );
    const settings = stage.Properties.RouteSettings as Record<string, Record<string, number>>;
    expect(Object.keys(settings).sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    for (const [key, s] of Object.entries(settings)) {
      expect(s.ThrottlingRateLimit, key).toBeGreaterThan(0);
      expect(s.ThrottlingBurstLimit, key).toBeGreaterThan(0);
    }
    // Look-ups with a secret are throttled hardest.
    expect(settings['GET /lookup/{code}']?.ThrottlingRateLimit).toBe(
      dev.config.throttling.citizenSecret.rate,
    );
    expect(stage.DependsOn?.length).toBeGreaterThanOrEqual(ROUTES.length);
  });

  it('writes API access logs as JSON, without paths, headers or bodies', () => {
    const stage = Object.values(dev.t.api.findResources('AWS::ApiGatewayV2::Stage'))[0] as Resource;
    const settings = stage.Properties.AccessLogSettings as { DestinationArn: unknown; Format: string };
    expect(settings.DestinationArn).toBeDefined();
    expect(JSON.parse(settings.Format)).toEqual(ACCESS_LOG_FORMAT);
    expect(settings.Format).not.toMatch(/\$context\.path|requestBody|header/i);
  });

  it('sets a retention on every log group', () => {
    for (const [name, t] of templates()) {
      for (const [id, g] of Object.entries(t.findResources('AWS::Logs::LogGroup')) as [string, Resource][]) {
        expect(g.Properties.RetentionInDays, `${name}/${id}`).toBeGreaterThan(0);
      }
    }
    for (const g of ['api', 'apiCitizen', 'apiStaff', 'apiAdmin'] as const) {
      prod.t[g].allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    }
  });

  it('gives every function its own log group, X-Ray tracing, Node 24 on arm64', () => {
    for (const [name, t] of templates()) {
      for (const [id, fn] of Object.entries(t.findResources('AWS::Lambda::Function')) as [
        string,
        Resource,
      ][]) {
        if (CDK_PROVIDED.test(id)) continue;
        expect(fn.Properties.Runtime, `${name}/${id}`).toBe('nodejs24.x');
        expect(fn.Properties.Architectures, `${name}/${id}`).toEqual(['arm64']);
        expect(fn.Properties.TracingConfig, `${name}/${id}`).toEqual({ Mode: 'Active' });
        expect(fn.Properties.LoggingConfig, `${name}/${id}`).toEqual(
          expect.objectContaining({ LogGroup: expect.anything(), LogFormat: 'JSON' }),
        );
      }
    }
  });

  it('logs every state machine event with execution data and traces it with X-Ray', () => {
    dev.t.workflow.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
      TracingConfiguration: { Enabled: true },
    });
  });

  it("sends every alarm to the operators' topic", () => {
    const topic = Object.keys(dev.t.notifications.findResources('AWS::SNS::Topic'))[0];
    for (const [name, t] of templates()) {
      for (const [id, a] of Object.entries(t.findResources('AWS::CloudWatch::Alarm')) as [
        string,
        Resource,
      ][]) {
        const actions = JSON.stringify(a.Properties.AlarmActions);
        expect(actions, `${name}/${id}`).toContain(topic);
      }
    }
    dev.t.notifications.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.gov.vn',
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue() },
    });
  });

  it('synthesizes without warnings or errors (annotations and CloudFormation validation)', () => {
    expect(synthesisProblems(dev.assembly)).toEqual([]);
    expect(synthesisProblems(prod.assembly)).toEqual([]);
  });
});
