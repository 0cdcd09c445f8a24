/**
 * CDK app entry (cdk.json: `npx tsx infra/app.ts`).
 *
 *   npm run synth                       # dev
 *   npx cdk synth -c env=prod -c webOrigin=https://motcua.example.gov.vn
 */
import { App, Tags } from 'aws-cdk-lib';
import { ApiStack } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';

const app = new App();

const env = app.node.tryGetContext('env') ?? 'dev';
if (env !== 'dev' && env !== 'prod') {
  throw new Error(`Unknown context env=${String(env)}: expected "dev" or "prod"`);
}
const prod = env === 'prod';
const webOrigin: string = app.node.tryGetContext('webOrigin') ?? '*';
if (prod && webOrigin === '*') {
  console.warn('warning: env=prod with webOrigin=* — pass -c webOrigin=https://… to restrict CORS');
}

const awsEnv =
  process.env.CDK_DEFAULT_ACCOUNT && process.env.CDK_DEFAULT_REGION
    ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION }
    : undefined;

const data = new DataStack(app, `Motcua-${env}-Data`, {
  env: awsEnv,
  prod,
  webOrigin,
  description: `motcua ${env}: DynamoDB tables and the documents bucket`,
});

const api = new ApiStack(app, `Motcua-${env}-Api`, {
  env: awsEnv,
  prod,
  webOrigin,
  table: data.table,
  idempotencyTable: data.idempotencyTable,
  bucket: data.bucket,
  description: `motcua ${env}: HTTP API and its Lambda handlers`,
});

for (const stack of [data, api]) {
  Tags.of(stack).add('app', 'motcua');
  Tags.of(stack).add('env', env);
}

app.synth();
