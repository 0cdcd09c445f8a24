import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { RouteDef } from '../../shared/contracts/route-def.ts';
import { ROUTES } from '../../shared/contracts/routes.ts';
import type { EnvironmentConfig, Throttle } from '../config/environments.ts';
import { liveAlias } from './functions.ts';
import { acknowledge } from './nag.ts';

export interface ApiStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  /** Staff sign in here; the JWT authorizer accepts this pool's tokens for `userPoolClient`. */
  readonly userPool: cognito.IUserPool;
  readonly userPoolClient: cognito.IUserPoolClient;
  /** The function of every route, by route id (made by the ApiFunctions stacks). */
  readonly functions: ReadonlyMap<string, NodejsFunction>;
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

/**
 * The HTTP API: one route per entry of the shared route table, each integrated with its own Lambda
 * function (made in the ApiFunctions stack of its group: api-functions-stack.ts).
 */
export class ApiStack extends Stack {
  public readonly api: apigwv2.HttpApi;
  public readonly stage: apigwv2.HttpStage;
  public readonly functions: ReadonlyMap<string, NodejsFunction>;
  public readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config } = props;
    const routes = props.routes ?? ROUTES;

    // No CORS: browsers reach the API through the web app's own CloudFront distribution, under
    // `/api/*` (web-stack.ts), same origin; a request straight to this API's URL lacks the origin
    // secret CloudFront adds and is refused by every handler (shared/http/edge.ts).
    this.api = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `${id}-http`,
      createDefaultStage: false,
    });

    // Staff routes: API Gateway verifies the Cognito JWT (signature, expiry, issuer, client) before
    // the handler runs; the handler then checks role and department from `cognito:groups`.
    const staffAuthorizer = new HttpUserPoolAuthorizer('StaffAuthorizer', props.userPool, {
      authorizerName: 'cognito-staff',
      userPoolClients: [props.userPoolClient],
      identitySource: ['$request.header.Authorization'],
    });

    const created: apigwv2.HttpRoute[] = [];
    for (const route of routes) {
      const fn = props.functions.get(route.id);
      if (!fn) throw new Error(`no function for route ${route.id}`);
      // The function lives in its group's stack (api-functions-stack.ts); its `live` alias is
      // imported here, so that the route invokes the release (never $LATEST) and the invoke
      // permission API Gateway needs is created in this stack, beside the route, on the alias.
      const imported = lambda.Function.fromFunctionAttributes(this, `${route.id}Function`, {
        functionArn: liveAlias(fn).functionArn,
        sameEnvironment: true,
      });
      const [httpRoute] = this.api.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, imported),
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
    this.functions = props.functions;

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
  }
}
