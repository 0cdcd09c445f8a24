import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import type { Construct } from 'constructs';
import { ROUTES, type RouteDef } from '../../shared/contracts/routes.ts';

/** Repository root: handler paths in the route table are relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ApiStackProps extends StackProps {
  readonly table: dynamodb.ITable;
  readonly idempotencyTable: dynamodb.ITable;
  readonly bucket: s3.IBucket;
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
    const staff = routes.filter((r) => r.auth === 'STAFF').map((r) => r.id);
    if (staff.length > 0) {
      throw new Error(
        `STAFF routes (${staff.join(', ')}) are not supported yet: the JWT authorizer arrives with the departments issue`,
      );
    }

    const webOrigin = props.webOrigin ?? '*';
    this.api = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `${id}-http`,
      corsPreflight: {
        allowOrigins: [webOrigin],
        allowMethods: [...new Set(routes.map((r) => apigwv2.CorsHttpMethod[r.method]))],
        allowHeaders: ['content-type', 'idempotency-key', 'authorization'],
        maxAge: Duration.hours(1),
      },
    });

    const functions = new Map<string, NodejsFunction>();
    for (const route of routes) {
      const fn = this.routeFunction(route, props);
      functions.set(route.id, fn);
      this.api.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, fn),
      });
    }
    this.functions = functions;

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Base URL of the HTTP API' });
  }

  private routeFunction(route: RouteDef, props: ApiStackProps): NodejsFunction {
    const logGroup = new logs.LogGroup(this, `${route.id}Logs`, {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const fn = new NodejsFunction(this, route.id, {
      entry: path.join(REPO_ROOT, route.handler),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: route.memoryMb,
      timeout: Duration.seconds(route.timeoutSeconds),
      logGroup,
      environment: {
        TABLE_NAME: props.table.tableName,
        IDEMPOTENCY_TABLE_NAME: props.idempotencyTable.tableName,
        DOCUMENTS_BUCKET: props.bucket.bucketName,
        POWERTOOLS_SERVICE_NAME: 'motcua',
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        minify: true,
        sourceMap: true,
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        // Bundle the AWS SDK too: the runtime's copy lags package-lock and lacks some packages
        // (e.g. @aws-sdk/s3-presigned-post), so the deployed code runs the versions we test.
        externalModules: [],
        // Bundled CommonJS dependencies may call require(); give them one in the ESM output.
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
      },
    });

    // Least privilege, from the route's declared access.
    const { access } = route;
    if (access.table === 'write') props.table.grantReadWriteData(fn);
    else props.table.grantReadData(fn);
    if (access.idempotency) props.idempotencyTable.grantReadWriteData(fn);
    if (access.documents === 'read' || access.documents === 'read-write') props.bucket.grantRead(fn);
    if (access.documents === 'write' || access.documents === 'read-write') props.bucket.grantPut(fn);
    return fn;
  }
}
