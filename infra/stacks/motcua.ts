import * as path from 'node:path';
import { type App, type Stack, Tags } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { ROUTES } from '../../shared/contracts/routes.ts';
import { type EnvironmentConfig, stackName } from '../config/environments.ts';
import { departmentPlaceholders } from '../config/placeholders.ts';
import { API_GROUPS, ApiFunctionsStack, type ApiGroup, apiGroupOf } from './api-functions-stack.ts';
import { ApiStack } from './api-stack.ts';
import { AuthStack } from './auth-stack.ts';
import { BackupCopyStack, copyVaultArn } from './backup-copy-stack.ts';
import { DataStack } from './data-stack.ts';
import { EdgeStack } from './edge-stack.ts';
import { REPO_ROOT } from './functions.ts';
import { JobsStack } from './jobs-stack.ts';
import { MonitoringStack } from './monitoring-stack.ts';
import { NotificationsStack } from './notifications-stack.ts';
import { WebStack } from './web-stack.ts';
import { WorkflowStack } from './workflow-stack.ts';

export interface MotcuaStacks {
  /** The second region's backup vault, when `backup.copyRegion` is set. */
  backupCopy?: BackupCopyStack;
  data: DataStack;
  auth: AuthStack;
  notifications: NotificationsStack;
  workflow: WorkflowStack;
  jobs: JobsStack;
  apiCitizen: ApiFunctionsStack;
  apiStaff: ApiFunctionsStack;
  apiAdmin: ApiFunctionsStack;
  api: ApiStack;
  edge: EdgeStack;
  web: WebStack;
  monitoring: MonitoringStack;
}

export interface BuildOptions {
  /** Seed data folder (departments.json → Cognito groups); default `<repo>/data`. */
  readonly dataDir?: string;
  /** Built web app; default `<repo>/web/dist` (a placeholder page when missing). */
  readonly webDistDir?: string;
  /** AWS account/region; default: config, then the CLI's CDK_DEFAULT_ACCOUNT/REGION. */
  readonly account?: string;
}

/**
 * Every stack of one environment, in deployment order:
 * Data → Auth → Notifications → Workflow → Jobs → ApiCitizen, ApiStaff, ApiAdmin → Api → Edge
 * (us-east-1) → Web → Monitoring.
 */
export function buildMotcua(app: App, config: EnvironmentConfig, opts: BuildOptions = {}): MotcuaStacks {
  // Stacks import each other's names and ARNs through CloudFormation exports ("strong" references:
  // a producer cannot drop a value still in use).
  if (app.node.tryGetContext(cxapi.DEFAULT_CROSS_STACK_REFERENCES) === undefined) {
    app.node.setContext(cxapi.DEFAULT_CROSS_STACK_REFERENCES, 'strong');
  }
  if (config.production) {
    const problems = departmentPlaceholders(opts.dataDir ?? path.join(REPO_ROOT, 'data'));
    if (problems.length > 0) {
      throw new Error(
        `Refusing to synthesize ${config.name} with placeholders (${problems.length}):\n  ${problems.join('\n  ')}`,
      );
    }
  }
  const env = {
    account: config.account ?? opts.account ?? process.env.CDK_DEFAULT_ACCOUNT,
    region: config.region,
  };
  const name = (part: string) => stackName(config.name, part);
  const common = { env, config };
  const describe = (what: string) => `motcua ${config.name}: ${what}`;

  // The copy vault has a fixed name, so the Data stack names its ARN (no cross-region reference).
  const copyRegion = config.backup?.copyRegion;
  const backupCopy = copyRegion
    ? new BackupCopyStack(app, name('BackupCopy'), {
        env: { account: env.account, region: copyRegion },
        config,
        description: describe(`backup copy vault in ${copyRegion}`),
      })
    : undefined;
  const data = new DataStack(app, name('Data'), {
    ...common,
    ...(backupCopy ? { backupCopyVaultArn: copyVaultArn(config, requireAccount(env.account)) } : {}),
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    description: describe('KMS key, DynamoDB tables, documents bucket'),
  });
  if (backupCopy) data.addDependency(backupCopy);
  const auth = new AuthStack(app, name('Auth'), {
    ...common,
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    description: describe('Cognito staff user pool, groups, admin-MFA trigger'),
  });
  const notifications = new NotificationsStack(app, name('Notifications'), {
    ...common,
    key: data.key,
    description: describe("SES identity and configuration set, operators' alarm topic"),
  });
  const workflow = new WorkflowStack(app, name('Workflow'), {
    ...common,
    table: data.table,
    idempotencyTable: data.idempotencyTable,
    bucket: data.bucket,
    key: data.key,
    emailResources: (scope) => notifications.sendEmailResources(scope),
    alarmTopic: notifications.alarmTopic,
    description: describe('the per-dossier Step Functions workflow and its tasks function'),
  });
  const jobs = new JobsStack(app, name('Jobs'), {
    ...common,
    table: data.table,
    idempotencyTable: data.idempotencyTable,
    bucket: data.bucket,
    key: data.key,
    emailResources: (scope) => notifications.sendEmailResources(scope),
    description: describe('scheduled jobs (outbox sweeper, overdue scan) on EventBridge Scheduler'),
  });
  // The API's functions in one stack per group of routes (room to grow), then the API itself.
  const apiFunctions = {} as Record<ApiGroup, ApiFunctionsStack>;
  let rateLimitKey: ApiFunctionsStack['rateLimitKey'] | undefined;
  let originSecret: ApiFunctionsStack['originSecret'] | undefined;
  for (const group of API_GROUPS) {
    const stack = new ApiFunctionsStack(app, name(`Api${group}`), {
      ...common,
      group,
      routes: ROUTES.filter((r) => apiGroupOf(r) === group),
      table: data.table,
      idempotencyTable: data.idempotencyTable,
      bucket: data.bucket,
      key: data.key,
      signingKeys: data.signingKeys,
      stateMachineArn: workflow.stateMachine.stateMachineArn,
      stateMachineLiveArn: workflow.liveAliasArn,
      userPool: auth.userPool,
      emailResources: (scope) => notifications.sendEmailResources(scope),
      ...(rateLimitKey ? { rateLimitKey } : {}),
      ...(originSecret ? { originSecret } : {}),
      alarmTopic: notifications.alarmTopic,
      description: describe(`Lambda handlers of the ${group.toLowerCase()} routes of the API`),
    });
    rateLimitKey ??= stack.rateLimitKey;
    originSecret ??= stack.originSecret;
    apiFunctions[group] = stack;
  }
  const api = new ApiStack(app, name('Api'), {
    ...common,
    userPool: auth.userPool,
    userPoolClient: auth.webClient,
    functions: new Map(API_GROUPS.flatMap((g) => [...apiFunctions[g].functions])),
    description: describe('HTTP API, JWT authorizer, routes'),
  });
  // The WAF web ACL of CloudFront must live in us-east-1. Its ARN reaches the Web stack (in the
  // application's region) through CDK's cross-region references: the Edge stack writes it to an SSM
  // parameter in the Web stack's region and the Web stack reads it at deployment, both by custom
  // resources CDK provides, with the same protection as an export (the Edge stack cannot drop an ARN
  // the Web stack still uses). Chosen over copying the ARN into the config by hand after a first
  // deployment (two deployments, a value to keep in step) and over moving the distribution to
  // us-east-1 (it would then need the API, user pool and bucket across regions instead).
  const edge = new EdgeStack(app, name('Edge'), {
    env: { account: env.account, region: 'us-east-1' },
    config,
    crossRegionReferences: true,
    description: describe('AWS WAF web ACL of CloudFront (us-east-1): managed rules, per-client rate limits'),
  });
  const web = new WebStack(app, name('Web'), {
    ...common,
    crossRegionReferences: true,
    apiUrl: api.api.apiEndpoint,
    webAclArn: edge.webAcl.attrArn,
    originSecret: apiFunctions.Citizen.originSecret,
    originSecretGeneration: config.originSecretGeneration ?? 1,
    userPool: auth.userPool,
    userPoolClient: auth.webClient,
    documentsBucket: data.bucket,
    ...(opts.webDistDir ? { distDir: opts.webDistDir } : {}),
    description: describe('web app on S3 + CloudFront'),
  });
  const functions = new Map<string, lambda.IFunction>([
    ...api.functions,
    ['WorkflowTasks', workflow.tasksFunction],
    ...jobs.functions,
    ['AdminMfaTrigger', auth.adminMfaTrigger],
  ]);
  const monitoring = new MonitoringStack(app, name('Monitoring'), {
    ...common,
    api: api.api,
    functions,
    stateMachine: workflow.stateMachine,
    workflowAlarms: workflow.alarms,
    table: data.table,
    idempotencyTable: data.idempotencyTable,
    jobGroup: jobs.group,
    configurationSetName: notifications.configurationSetName,
    alarmTopic: notifications.alarmTopic,
    undeliveredAlarms: notifications.undeliveredAlarms,
    description: describe('dashboard and alarms'),
  });

  const stacks = {
    ...(backupCopy ? { backupCopy } : {}),
    data,
    auth,
    notifications,
    workflow,
    jobs,
    apiCitizen: apiFunctions.Citizen,
    apiStaff: apiFunctions.Staff,
    apiAdmin: apiFunctions.Admin,
    api,
    edge,
    web,
    monitoring,
  };
  for (const stack of Object.values(stacks) as Stack[]) {
    Tags.of(stack).add('app', 'motcua');
    Tags.of(stack).add('env', config.name);
  }
  return stacks;
}

function requireAccount(account: string | undefined): string {
  if (!account) throw new Error('backup.copyRegion needs the AWS account (config, -c account=… or the CLI)');
  return account;
}
