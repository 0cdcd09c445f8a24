/**
 * CDK app entry (cdk.json: `npx tsx infra/app.ts`). Stacks: Data → Workflow → Api.
 *
 *   npm run synth                       # dev
 *   npx cdk synth -c env=prod -c webOrigin=https://motcua.example.gov.vn \
 *     -c webUrl=https://motcua.example.gov.vn -c mailFrom=mot-cua@thainguyen.gov.vn
 */
import { App, Tags } from 'aws-cdk-lib';
import { ApiStack } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { WorkflowStack } from './stacks/workflow-stack.ts';

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

/** Sender of every email: in AWS a verified SES identity. */
const mailFrom: string = app.node.tryGetContext('mailFrom') ?? 'mot-cua@thainguyen.gov.vn';
if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(mailFrom)) {
  throw new Error(`Context mailFrom=${mailFrom} is not an email address`);
}
/** Base URL of the web app, for the links in emails. */
const webUrlContext: string | undefined = app.node.tryGetContext('webUrl');
if (prod && !webUrlContext) {
  throw new Error('env=prod needs -c webUrl=https://… (the web app links in emails point there)');
}
const webUrl = webUrlContext ?? 'http://localhost:3004';
if (!URL.canParse(webUrl)) throw new Error(`Context webUrl=${webUrl} is not a URL`);

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

const workflow = new WorkflowStack(app, `Motcua-${env}-Workflow`, {
  env: awsEnv,
  prod,
  table: data.table,
  idempotencyTable: data.idempotencyTable,
  bucket: data.bucket,
  mailFrom,
  webUrl,
  description: `motcua ${env}: the per-dossier Step Functions workflow and its tasks function`,
});

const api = new ApiStack(app, `Motcua-${env}-Api`, {
  env: awsEnv,
  prod,
  webOrigin,
  table: data.table,
  idempotencyTable: data.idempotencyTable,
  bucket: data.bucket,
  stateMachine: workflow.stateMachine,
  mailFrom,
  webUrl,
  description: `motcua ${env}: HTTP API and its Lambda handlers`,
});

for (const stack of [data, workflow, api]) {
  Tags.of(stack).add('app', 'motcua');
  Tags.of(stack).add('env', env);
}

app.synth();
