import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import type { Construct } from 'constructs';
import { ROUTES, type RouteDef } from '../../shared/contracts/routes.ts';
import { grantAnswerWaits, grantSendEmail, handlerFunction } from './functions.ts';

export { REPO_ROOT } from './functions.ts';

export interface ApiStackProps extends StackProps {
  readonly table: dynamodb.ITable;
  readonly idempotencyTable: dynamodb.ITable;
  readonly bucket: s3.IBucket;
  /** The per-dossier workflow (the workflow stack's state machine). */
  readonly stateMachine: sfn.IStateMachine;
  /** Sender of every email (MAIL_FROM). */
  readonly mailFrom: string;
  /** Base URL of the web app, for links in emails (PUBLIC_WEB_URL). */
  readonly webUrl: string;
  /** Origin allowed by the API's CORS preflight. Default `*` (dev). */
  readonly webOrigin?: string;
  /** Production: log groups are retained when the stack is deleted. */
  readonly prod?: boolean;
  /** The route table; defaults to the shared one the local gateway also serves. */
  readonly routes?: readonly RouteDef[];
}

/** The HTTP API: one Lambda function and one route per entry of the shared route table. */
export class ApiStack extends Stack {
  public readonly api: apigwv2.HttpApi;
  public readonly functions: ReadonlyMap<string, NodejsFunction>;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    // This stack imports the data stack's names/ARNs. Lock in CloudFormation exports ("strong"
    // references: the data stack cannot drop a value still in use) unless the app chose otherwise.
    if (this.node.tryGetContext(cxapi.DEFAULT_CROSS_STACK_REFERENCES) === undefined) {
      this.node.setContext(cxapi.DEFAULT_CROSS_STACK_REFERENCES, 'strong');
    }
    const routes = props.routes ?? ROUTES;

    const webOrigin = props.webOrigin ?? '*';
    this.api = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `${id}-http`,
      corsPreflight: {
        allowOrigins: [webOrigin],
        allowMethods: [...new Set(routes.map((r) => apigwv2.CorsHttpMethod[r.method]))],
        allowHeaders: ['content-type', 'idempotency-key', 'authorization', 'x-lookup-secret'],
        maxAge: Duration.hours(1),
      },
    });

    // Placeholder for staff routes: only IAM-signed callers (operators) get through, so these
    // routes stay closed to the public until the departments issue brings the Cognito user pool
    // and its JWT authorizer (HttpJwtAuthorizer) in place of this one.
    const staffAuthorizer = new HttpIamAuthorizer();

    const functions = new Map<string, NodejsFunction>();
    for (const route of routes) {
      const fn = this.routeFunction(route, props);
      functions.set(route.id, fn);
      this.api.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, fn),
        ...(route.auth === 'STAFF' ? { authorizer: staffAuthorizer } : {}),
      });
    }
    this.functions = functions;

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Base URL of the HTTP API' });
  }

  private routeFunction(route: RouteDef, props: ApiStackProps): NodejsFunction {
    const { access } = route;
    const fn = handlerFunction(this, route, {
      prod: props.prod,
      environment: {
        TABLE_NAME: props.table.tableName,
        IDEMPOTENCY_TABLE_NAME: props.idempotencyTable.tableName,
        DOCUMENTS_BUCKET: props.bucket.bucketName,
        MAIL_FROM: props.mailFrom,
        PUBLIC_WEB_URL: props.webUrl,
        ...(access.workflow ? { STATE_MACHINE_ARN: props.stateMachine.stateMachineArn } : {}),
      },
    });

    // Least privilege, from the route's declared access.
    if (access.table === 'write') props.table.grantReadWriteData(fn);
    else props.table.grantReadData(fn);
    if (access.idempotency) props.idempotencyTable.grantReadWriteData(fn);
    if (access.documents === 'read' || access.documents === 'read-write') props.bucket.grantRead(fn);
    if (access.documents === 'write' || access.documents === 'read-write') props.bucket.grantPut(fn);
    if (access.workflow === 'start') props.stateMachine.grantStartExecution(fn);
    if (access.workflow === 'answer') grantAnswerWaits(fn, props.stateMachine.stateMachineArn);
    if (access.email) grantSendEmail(fn);
    return fn;
  }
}
