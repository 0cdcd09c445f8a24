import * as path from 'node:path';
import { AssetHashType, Duration, type ILocalBundling, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { RouteDef } from '../../shared/contracts/route-def.ts';
import { FONT_FILES } from '../../shared/forms/fonts.ts';
import { bundleFunctionSync, REPO_ROOT } from '../bundle/options.ts';
import { acknowledge, XRAY_WILDCARD } from './nag.ts';

export { REPO_ROOT } from '../bundle/options.ts';

/**
 * Data files a function reads beside its bundle (repository-relative paths), by handler module:
 * the forms' fonts for the functions that print forms (shared/forms/fonts.ts). Copied flat into
 * the bundle's folder after esbuild (`bundleFunctionSync`); tests/unit/bundle-assets.test.ts checks that every function
 * whose code reaches shared/forms/fonts.ts is listed here.
 */
export const BUNDLE_ASSETS: Readonly<Record<string, readonly string[]>> = {
  'functions/public/receipt-pdf.ts': Object.values(FONT_FILES),
  'functions/staff/dossier-form.ts': Object.values(FONT_FILES),
};

/** Powertools settings of every function. */
export const POWERTOOLS_ENV: Readonly<Record<string, string>> = {
  POWERTOOLS_SERVICE_NAME: 'motcua',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  // Never log whole events: they carry citizens' personal data (invariant 8).
  POWERTOOLS_LOGGER_LOG_EVENT: 'false',
  POWERTOOLS_METRICS_NAMESPACE: 'Motcua',
  NODE_OPTIONS: '--enable-source-maps',
};

export interface HandlerFunctionOptions {
  /** Log groups are retained when the stack is deleted. */
  readonly retainLogs: boolean;
  readonly logRetention: logs.RetentionDays;
  /** Variables beyond POWERTOOLS_ENV. */
  readonly environment: Record<string, string>;
}

/** The entry module of `def`, absolute. */
export const entryOf = (def: Pick<RouteDef, 'handler'>) => path.join(REPO_ROOT, def.handler);

/**
 * One Lambda function for one entry of the shared route/function table (shared/contracts/routes.ts):
 * Node 24 on arm64, minified ESM with source maps, X-Ray active tracing, JSON logs in its own log
 * group with a retention, a published version and its `live` alias (`liveAlias`). Construct ids
 * are `<id>`, `<id>Logs`, `<id>Role` and `<id>Live`.
 */
export function handlerFunction(
  scope: Construct,
  def: RouteDef,
  opts: HandlerFunctionOptions,
): NodejsFunction {
  return nodeFunction(scope, def.id, {
    entry: entryOf(def),
    handler: def.exportName ?? 'handler',
    assets: BUNDLE_ASSETS[def.handler] ?? [],
    memorySize: def.memoryMb,
    timeout: Duration.seconds(def.timeoutSeconds),
    ...opts,
  });
}

export interface NodeFunctionOptions extends HandlerFunctionOptions {
  readonly entry: string;
  readonly handler?: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly description?: string;
  /** Repository-relative files copied beside the bundle (`BUNDLE_ASSETS`). */
  readonly assets?: readonly string[];
}

/**
 * CDK's bundling of one function: esbuild in this process (`bundleFunctionSync`). Its fields are
 * part of CDK's asset cache key, so each entry gets its own bundle.
 */
class LocalBundling implements ILocalBundling {
  constructor(
    readonly entry: string,
    readonly assets: readonly string[],
  ) {}

  tryBundle(outputDir: string): boolean {
    bundleFunctionSync(this.entry, outputDir, this.assets);
    return true;
  }
}

/**
 * A NodejsFunction with the project's runtime, bundling, tracing and logging settings, and its own
 * role (`<id>Role`) allowed to write to its own log group only — instead of the AWS managed
 * AWSLambdaBasicExecutionRole, which allows every log group of the account.
 */
export function nodeFunction(scope: Construct, id: string, opts: NodeFunctionOptions): NodejsFunction {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: opts.logRetention,
    removalPolicy: opts.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Execution role of ${id}`,
  });
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }),
  );
  acknowledge(role, { 'AwsSolutions-IAM5[Resource::*]': XRAY_WILDCARD });
  const fn = new NodejsFunction(scope, id, {
    role,
    handler: `index.${opts.handler ?? 'handler'}`,
    ...(opts.description ? { description: opts.description } : {}),
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: opts.memorySize,
    timeout: opts.timeout,
    tracing: lambda.Tracing.ACTIVE,
    loggingFormat: lambda.LoggingFormat.JSON,
    logGroup,
    environment: { ...opts.environment, ...POWERTOOLS_ENV },
    // A release replaced by the next one stays published, so that `live` can be pointed back at it.
    currentVersionOptions: { removalPolicy: RemovalPolicy.RETAIN },
    // Built by esbuild's API with the project's one build definition (infra/bundle/options.ts), which
    // splits lazily imported code into chunks: NodejsFunction's own bundling writes a single file.
    code: lambda.Code.fromAsset(REPO_ROOT, {
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // Never used: local bundling always succeeds or throws (esbuild is a dependency).
        image: lambda.Runtime.NODEJS_24_X.bundlingImage,
        local: new LocalBundling(opts.entry, opts.assets ?? []),
      },
    }),
  });
  // The published version of this deployment and the `live` alias pointing at it: what every
  // caller invokes (OPERATIONS.md, Releases). `currentVersion` is named by a hash of the code and
  // configuration, so a deployment that changes either publishes a new version and moves `live`;
  // the previous version stays published, to point `live` back at.
  const live = new lambda.Alias(scope, `${id}Live`, {
    aliasName: LIVE_ALIAS,
    version: fn.currentVersion,
    description: `The release of ${id} its callers invoke`,
  });
  LIVE.set(fn, live);
  return fn;
}

/** The alias every caller of a function invokes; rolled back by pointing it at an earlier version. */
export const LIVE_ALIAS = 'live';

const LIVE = new WeakMap<lambda.IFunction, lambda.Alias>();

/** The `live` alias of a function made by `nodeFunction`/`handlerFunction`. */
export function liveAlias(fn: lambda.IFunction): lambda.Alias {
  const alias = LIVE.get(fn);
  if (!alias) throw new Error(`${fn.node.path} has no live alias (make it with nodeFunction)`);
  return alias;
}
