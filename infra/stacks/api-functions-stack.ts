import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { RouteDef } from '../../shared/contracts/route-def.ts';
import type { EnvironmentConfig } from '../config/environments.ts';
import { type CanaryReleases, canaryRelease, canaryReleases } from './canary.ts';
import { documentsObjectsArn } from './data-stack.ts';
import { handlerFunction } from './functions.ts';
import { applyGrants, grantsFor } from './grants.ts';
import { acknowledge } from './nag.ts';
import { type SigningKeys, signingKeyAliasPrefix } from './signing-keys.ts';
import { functionEnvironment } from './workflow-stack.ts';

/**
 * The groups the API's functions are deployed in, one stack each, so that no stack nears
 * CloudFormation's 500-resource limit as routes are added (each function is 6 resources here: the
 * function, its role, its policy, its log group, its version and its `live` alias; its route, integration and permission are 3 in
 * the Api stack). tests/infra/stacks.test.ts holds every stack under 250 resources.
 */
export const API_GROUPS = ['Citizen', 'Staff', 'Admin'] as const;
export type ApiGroup = (typeof API_GROUPS)[number];

/** The group of a route: citizens' routes, administration (`/admin/...`), other staff routes. */
export function apiGroupOf(route: Pick<RouteDef, 'auth' | 'path'>): ApiGroup {
  if (route.auth === 'PUBLIC') return 'Citizen';
  return route.path.startsWith('/admin/') || route.path === '/admin' ? 'Admin' : 'Staff';
}

export interface ApiFunctionsStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  readonly group: ApiGroup;
  /** The routes of this group. */
  readonly routes: readonly RouteDef[];
  readonly table: dynamodb.ITable;
  readonly idempotencyTable: dynamodb.ITable;
  readonly bucket: s3.IBucket;
  readonly key: kms.IKey;
  /** The signing keys: kms:Sign for the functions that sign results or forms. */
  readonly signingKeys: SigningKeys;
  /** The dossier state machine: tasks are answered on it (states:SendTaskSuccess). */
  readonly stateMachineArn: string;
  /** Its `live` alias: dossiers are started through it (OPERATIONS.md, Releases). */
  readonly stateMachineLiveArn: string;
  readonly userPool: cognito.IUserPool;
  readonly emailResources: (scope: Construct) => readonly string[];
  /** The look-up rate counters' key; created here when not given (the Citizen group owns it). */
  readonly rateLimitKey?: secretsmanager.ISecret;
  /** The origin secret CloudFront sends (shared/http/edge.ts); created here when not given. */
  readonly originSecret?: secretsmanager.ISecret;
  /** The operators' topic: the canary releases' rollback alarms are sent there too. */
  readonly alarmTopic: sns.ITopic;
}

/** The Lambda functions of one group of routes of the shared route table. */
export class ApiFunctionsStack extends Stack {
  public readonly functions: ReadonlyMap<string, NodejsFunction>;
  /** The HMAC key of the source addresses in the look-up rate counters (LOOKUP_RATE_LIMIT_KEY). */
  public readonly rateLimitKey: secretsmanager.ISecret;
  /**
   * The secret CloudFront adds to every request it sends to the API (`x-origin-verify`), JSON
   * `{current, previous}`: CloudFront sends `current`, the functions accept both (a rotation).
   */
  public readonly originSecret: secretsmanager.ISecret;

  constructor(scope: Construct, id: string, props: ApiFunctionsStackProps) {
    super(scope, id, props);
    // Read like the rate counters' key below: a dynamic reference resolved at deployment into the
    // functions' environment and into the CloudFront origin's custom header (web-stack.ts).
    if (props.originSecret) this.originSecret = props.originSecret;
    else {
      const secret = new secretsmanager.Secret(this, 'OriginVerifySecret', {
        description:
          'Header value CloudFront adds to requests to the API; the API refuses requests without it',
        generateSecretString: {
          // `previous` is filled by a rotation (OPERATIONS.md); a value under 32 characters is never accepted.
          secretStringTemplate: JSON.stringify({ previous: 'none' }),
          generateStringKey: 'current',
          passwordLength: 48,
          excludePunctuation: true,
          includeSpace: false,
        },
      });
      acknowledge(secret, {
        'AwsSolutions-SMG4':
          'Read at deployment into the CloudFront origin header and the functions, so a rotation Lambda ' +
          'would change nothing until the next deploy; OPERATIONS.md gives the two-step rotation that keeps ' +
          'the old value accepted until CloudFront sends the new one.',
      });
      new CfnOutput(this, 'OriginVerifySecretArn', {
        value: secret.secretArn,
        description: 'Secret of the x-origin-verify header (OPERATIONS.md, rotating keys)',
      });
      this.originSecret = secret;
    }
    // LOOKUP_RATE_LIMIT_KEY, generated once by Secrets Manager and given to the functions that count
    // failed secret checks through a CloudFormation dynamic reference ({{resolve:secretsmanager:…}}),
    // resolved at deployment into their environment. Chosen over reading the secret at cold start:
    // no Secrets Manager client, grant or start-up call in the functions, no emulator locally (the
    // code reads the same variable everywhere), and never a call per request. What it gives up: the
    // value sits in those functions' configuration (encrypted at rest, readable with
    // lambda:GetFunctionConfiguration), and a new value takes effect at the next deployment — which
    // is all a rotation needs here, since the key only keeps the stored hashes from being reversed
    // and every counter lives one window (OPERATIONS.md).
    if (props.rateLimitKey) this.rateLimitKey = props.rateLimitKey;
    else {
      const secret = new secretsmanager.Secret(this, 'LookupRateLimitKey', {
        description: 'HMAC key of source addresses in the citizen look-up rate counters',
        generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      });
      acknowledge(secret, {
        'AwsSolutions-SMG4':
          'Not a credential: it keys the hashes of source addresses in rate counters that expire after one ' +
          'window. Functions receive it at deployment, so a rotation Lambda would change nothing until the ' +
          'next deploy; OPERATIONS.md says how to replace it.',
      });
      new CfnOutput(this, 'LookupRateLimitKeyArn', {
        value: secret.secretArn,
        description: 'Secret holding LOOKUP_RATE_LIMIT_KEY (OPERATIONS.md, look-up rate limit)',
      });
      this.rateLimitKey = secret;
    }
    const functions = new Map<string, NodejsFunction>();
    // The public routes' functions are released gradually (canary.ts): citizens, unlike staff,
    // cannot be told to wait while a bad release is rolled back by hand.
    let releases: CanaryReleases | undefined;
    for (const route of props.routes) {
      if (apiGroupOf(route) !== props.group) throw new Error(`${route.id} is not a ${props.group} route`);
      const fn = this.routeFunction(route, props);
      functions.set(route.id, fn);
      if (route.auth === 'PUBLIC') {
        releases ??= canaryReleases(this, props.alarmTopic);
        canaryRelease(this, fn, releases);
      }
    }
    this.functions = functions;
  }

  private routeFunction(route: RouteDef, props: ApiFunctionsStackProps): NodejsFunction {
    const grants = grantsFor(route);
    const fn = handlerFunction(this, route, {
      retainLogs: props.config.retainData,
      logRetention: props.config.retention.logDays,
      environment: {
        ...functionEnvironment(props),
        // Every route refuses a request that did not come through CloudFront (shared/http/edge.ts).
        ...(props.config.originCheck === false
          ? {}
          : {
              ORIGIN_VERIFY_SECRET: this.originSecret.secretValueFromJson('current').unsafeUnwrap(),
              ORIGIN_VERIFY_SECRET_PREVIOUS: this.originSecret.secretValueFromJson('previous').unsafeUnwrap(),
              ORIGIN_VERIFY_GENERATION: String(props.config.originSecretGeneration ?? 1),
            }),
        ...(grants.workflow === 'start' ? { STATE_MACHINE_ARN: props.stateMachineLiveArn } : {}),
        // The functions that sign find their key by alias (shared/signing/kms-signer.ts).
        ...(grants.sign ? { SIGNING_KEY_ALIAS_PREFIX: signingKeyAliasPrefix(props.config) } : {}),
        // Staff-user administration goes to Cognito (shared/adapters/staff-users.ts) when this is set.
        ...(grants.userPool ? { USER_POOL_ID: props.userPool.userPoolId } : {}),
        // Only the functions that count failed secret checks hold the rate counters' key.
        ...(grants.rateCounter
          ? {
              LOOKUP_RATE_LIMIT_KEY: this.rateLimitKey.secretValue.unsafeUnwrap(),
              LOOKUP_RATE_LIMIT_MAX_FAILURES: String(props.config.lookupRateLimit.maxFailures),
              LOOKUP_RATE_LIMIT_WINDOW_SECONDS: String(props.config.lookupRateLimit.windowSeconds),
            }
          : {}),
        // Taking a ticket counts it per client (the same keyed hash of the source) and knows the
        // hall's kiosks (shared/contracts/queue-limits.ts); the limits themselves are that table's.
        ...(route.id === 'TakeTicket'
          ? {
              LOOKUP_RATE_LIMIT_KEY: this.rateLimitKey.secretValue.unsafeUnwrap(),
              QUEUE_KIOSK_SOURCES: (props.config.queueKioskSources ?? []).join(','),
            }
          : {}),
      },
    });
    applyGrants(fn, grants, {
      table: props.table,
      idempotencyTable: props.idempotencyTable,
      documentsObjectsArn: documentsObjectsArn(this, props.config),
      key: props.key,
      signingKeys: {
        centre: props.signingKeys.centre,
        departments: [...props.signingKeys.departments.values()],
      },
      stateMachineArn: grants.workflow === 'start' ? props.stateMachineLiveArn : props.stateMachineArn,
      emailResources: props.emailResources(this),
      userPoolArn: props.userPool.userPoolArn,
    });
    acknowledge(fn, {
      'Serverless-LambdaDLQ': 'Invoked synchronously by API Gateway; the caller gets the error.',
      'Serverless-LambdaAsyncFailureDestination': 'Invoked synchronously by API Gateway only.',
    });
    return fn;
  }
}
