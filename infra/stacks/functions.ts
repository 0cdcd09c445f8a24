import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { RouteDef } from '../../shared/contracts/routes.ts';

/** Repository root: handler paths in the route table are relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface HandlerFunctionOptions {
  /** Production: the log group is retained when the stack is deleted. */
  readonly prod?: boolean | undefined;
  /** Variables beyond the common ones (POWERTOOLS_SERVICE_NAME, NODE_OPTIONS). */
  readonly environment: Record<string, string>;
}

/**
 * One Lambda function for one entry of the shared route/function table (shared/contracts/routes.ts),
 * with the bundling every handler uses. The construct ids (`<id>` and `<id>Logs`) are the entry's id.
 */
export function handlerFunction(
  scope: Construct,
  def: RouteDef,
  opts: HandlerFunctionOptions,
): NodejsFunction {
  const logGroup = new logs.LogGroup(scope, `${def.id}Logs`, {
    retention: logs.RetentionDays.ONE_MONTH,
    removalPolicy: opts.prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
  return new NodejsFunction(scope, def.id, {
    entry: path.join(REPO_ROOT, def.handler),
    handler: def.exportName ?? 'handler',
    projectRoot: REPO_ROOT,
    depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: def.memoryMb,
    timeout: Duration.seconds(def.timeoutSeconds),
    logGroup,
    environment: {
      ...opts.environment,
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
}

/**
 * `ses:SendEmail`/`ses:SendRawEmail` from any SES identity of this account in this region.
 * TODO(notifications stack): narrow to the configured MAIL_FROM identity once that stack creates
 * and verifies it.
 */
export function grantSendEmail(grantee: iam.IGrantable & Construct): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: [
        Stack.of(grantee).formatArn({
          service: 'ses',
          resource: 'identity',
          resourceName: '*',
        }),
      ],
    }),
  );
}

/** The ARN of a state machine named `name` in `scope`'s account and region, without a token. */
export function stateMachineArnFor(scope: Construct, name: string): string {
  return Stack.of(scope).formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: name,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** Answer the waits (`.waitForTaskToken`) of the state machine `stateMachineArn`. */
export function grantAnswerWaits(
  grantee: iam.IGrantable,
  stateMachineArn: string,
  actions: readonly string[] = ['states:SendTaskSuccess', 'states:SendTaskFailure'],
): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: [...actions], resources: [stateMachineArn] }),
  );
}
