import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { ROUTES, type RouteDef } from '../../shared/contracts/routes.ts';
import type { EnvironmentConfig, Throttle } from '../config/environments.ts';
import { documentsObjectsArn } from './data-stack.ts';
import { handlerFunction } from './functions.ts';
import { applyGrants, grantsFor } from './grants.ts';
import { acknowledge } from './nag.ts';
import { functionEnvironment } from './workflow-stack.ts';

export interface ApiStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  readonly table: dynamodb.ITable;
  readonly idempotencyTable: dynamodb.ITable;
  readonly bucket: s3.IBucket;
  readonly key: kms.IKey;
  /** ARN of the per-dossier state machine (the workflow stack's). */
  readonly stateMachineArn: string;
  /** Staff sign in here; the JWT authorizer accepts this pool's tokens for `userPoolClient`. */
  readonly userPool: cognito.IUserPool;
  readonly userPoolClient: cognito.IUserPoolClient;
  /** ARNs ses:SendEmail is allowed on, formatted for a stack (NotificationsStack.sendEmailResources). */
  readonly emailResources: (scope: Construct) => readonly string[];
  /** The route table; defaults to the shared one the local gateway also serves. */
  readonly routes?: readonly RouteDef[];
}

/** Which throttle of the environment config applies to a route. */
export function throttleClassOf(route: RouteDef): keyof EnvironmentConfig['throttling'] {
  if (route.auth === 'STAFF') return 'staff';
  if (route.path.startsWith('/lookup/')) return 'citizenSecret';
  return route.method === 'GET' ? 'publicRead' : 'publicWrite';
}

/**
 * The JSON access log line. Route keys, not paths: paths carry dossier codes. No headers, no body,
 * no query string (personal data); the staff member's `sub` when the JWT authorizer passed.
 */
export const ACCESS_LOG_FORMAT = {
  requestId: '$context.requestId',
  time: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
  authorizerError: '$context.authorizer.error',
  staffSub: '$context.authorizer.claims.sub',
} as const;

/** The HTTP API: one Lambda function and one route per entry of the shared route table. */
export class ApiStack extends Stack {
  public readonly api: apigwv2.HttpApi;
  public readonly stage: apigwv2.HttpStage;
  public readonly functions: ReadonlyMap<string, NodejsFunction>;
  public readonly accessLogs: logs.LogGroup;
  /** The HMAC key of the source addresses in the look-up rate counters (LOOKUP_RATE_LIMIT_KEY). */
  public readonly rateLimitKey: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config } = props;
    const routes = props.routes ?? ROUTES;

    // LOOKUP_RATE_LIMIT_KEY, generated once by Secrets Manager and given to the functions that count
    // failed secret checks through a CloudFormation dynamic reference ({{resolve:secretsmanager:…}}),
    // resolved at deployment into their environment. Chosen over reading the secret at cold start:
    // no Secrets Manager client, grant or start-up call in the functions, no emulator locally (the
    // code reads the same variable everywhere), and never a call per request. What it gives up: the
    // value sits in those functions' configuration (encrypted at rest, readable with
    // lambda:GetFunctionConfiguration), and a new value takes effect at the next deployment — which
    // is all a rotation needs here, since the key only keeps the stored hashes from being reversed
    // and every counter lives one window (OPERATIONS.md).
    this.rateLimitKey = new secretsmanager.Secret(this, 'LookupRateLimitKey', {
      description: 'HMAC key of source addresses in the citizen look-up rate counters',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
    acknowledge(this.rateLimitKey, {
      'AwsSolutions-SMG4':
        'Not a credential: it keys the hashes of source addresses in rate counters that expire after one ' +
        'window. Functions receive it at deployment, so a rotation Lambda would change nothing until the ' +
        'next deploy; OPERATIONS.md says how to replace it.',
    });

    this.api = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `${id}-http`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [config.webOrigin],
        allowMethods: [...new Set(routes.map((r) => apigwv2.CorsHttpMethod[r.method]))],
        allowHeaders: ['content-type', 'idempotency-key', 'authorization', 'x-lookup-secret'],
        // The web app reads how long to wait (429 rate limit, 503 busy) and where a draft was made.
        exposeHeaders: ['location', 'retry-after'],
        maxAge: Duration.hours(1),
      },
    });

    // Staff routes: API Gateway verifies the Cognito JWT (signature, expiry, issuer, client) before
    // the handler runs; the handler then checks role and department from `cognito:groups`.
    const staffAuthorizer = new HttpUserPoolAuthorizer('StaffAuthorizer', props.userPool, {
      authorizerName: 'cognito-staff',
      userPoolClients: [props.userPoolClient],
      identitySource: ['$request.header.Authorization'],
    });

    const functions = new Map<string, NodejsFunction>();
    const created: apigwv2.HttpRoute[] = [];
    for (const route of routes) {
      const fn = this.routeFunction(route, props);
      functions.set(route.id, fn);
      const [httpRoute] = this.api.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, fn),
        ...(route.auth === 'STAFF' ? { authorizer: staffAuthorizer } : {}),
      });
      if (!httpRoute) throw new Error(`no route created for ${route.id}`);
      created.push(httpRoute);
      if (route.auth === 'PUBLIC') {
        acknowledge(httpRoute, {
          'AwsSolutions-APIG4':
            'Citizen route: citizens do not log in (ARCHITECTURE.md). Dossier actions need the code and ' +
            'the lookup secret; the route is throttled.',
        });
      }
    }
    this.functions = functions;

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: config.retention.logDays,
      removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const toStage = (t: Throttle) => ({ rateLimit: t.rate, burstLimit: t.burst });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: toStage(config.throttling.default),
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FORMAT)),
      },
    });
    // Per-route throttling (no L2 option; a JSON property, so CloudFormation's own key names): keys
    // are the route keys, so the routes must exist first.
    const cfnStage = this.stage.node.defaultChild as apigwv2.CfnStage;
    cfnStage.routeSettings = Object.fromEntries(
      routes.map((r) => {
        const t = config.throttling[throttleClassOf(r)];
        return [`${r.method} ${r.path}`, { ThrottlingRateLimit: t.rate, ThrottlingBurstLimit: t.burst }];
      }),
    );
    for (const r of created) this.stage.node.addDependency(r);

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'LookupRateLimitKeyArn', {
      value: this.rateLimitKey.secretArn,
      description: 'Secret holding LOOKUP_RATE_LIMIT_KEY (OPERATIONS.md, look-up rate limit)',
    });
  }

  private routeFunction(route: RouteDef, props: ApiStackProps): NodejsFunction {
    const grants = grantsFor(route);
    const fn = handlerFunction(this, route, {
      retainLogs: props.config.retainData,
      logRetention: props.config.retention.logDays,
      environment: {
        ...functionEnvironment(props),
        ...(grants.workflow === 'start' ? { STATE_MACHINE_ARN: props.stateMachineArn } : {}),
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
      },
    });
    applyGrants(fn, grants, {
      table: props.table,
      idempotencyTable: props.idempotencyTable,
      documentsObjectsArn: documentsObjectsArn(this, props.config),
      key: props.key,
      stateMachineArn: props.stateMachineArn,
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
