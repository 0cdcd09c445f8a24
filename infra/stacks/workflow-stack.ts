import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { WORKFLOW_FUNCTIONS } from '../../shared/contracts/routes.ts';
import type { EnvironmentConfig } from '../config/environments.ts';
import { DEFINITION_PATH } from '../workflow/definition.ts';
import { documentsObjectsArn } from './data-stack.ts';
import { handlerFunction, LIVE_ALIAS, liveAlias } from './functions.ts';
import { applyGrants, grantsFor, stateMachineArnFor } from './grants.ts';
import { acknowledge } from './nag.ts';

export interface WorkflowStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  readonly table: dynamodb.ITable;
  /** Named in the function's environment only (the handlers' config requires every name). */
  readonly idempotencyTable: dynamodb.ITable;
  readonly bucket: s3.IBucket;
  readonly key: kms.IKey;
  /** ARNs ses:SendEmail is allowed on, formatted for a stack (NotificationsStack.sendEmailResources). */
  readonly emailResources: (scope: Construct) => readonly string[];
  /** Where the alarms go (the operators' topic); none in tests that build this stack alone. */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * Namespace and name of the metric the workflow tasks emit (Embedded Metric Format) when a dossier
 * fails for good. Emitted without dimensions (shared/services/workflow-executor.ts), so two
 * environments in one account and region share it: an alarm in either fires for both. Deploy each
 * environment in its own account (OPERATIONS.md), or add an `env` dimension in the emitting code.
 */
export const WORKFLOW_FAILURE_METRIC = {
  namespace: 'Motcua',
  metricName: 'DossierWorkflowFailures',
} as const;

/** The environment variables every function gets: the names its config schema requires. */
export function functionEnvironment(p: {
  table: dynamodb.ITable;
  idempotencyTable: dynamodb.ITable;
  bucket: s3.IBucket;
  config: EnvironmentConfig;
}): Record<string, string> {
  return {
    TABLE_NAME: p.table.tableName,
    IDEMPOTENCY_TABLE_NAME: p.idempotencyTable.tableName,
    DOCUMENTS_BUCKET: p.bucket.bucketName,
    MAIL_FROM: p.config.mailFrom,
    PUBLIC_WEB_URL: p.config.webUrl,
  };
}

/**
 * The per-dossier workflow: the Standard state machine defined by infra/workflow/dossier.asl.json
 * and the one Lambda function behind all its Task states (invoked synchronously: RequestResponse).
 */
export class WorkflowStack extends Stack {
  public readonly stateMachine: sfn.StateMachine;
  public readonly tasksFunction: NodejsFunction;
  /**
   * ARN of the state machine's `live` alias: dossiers are started through it, so each execution
   * runs the published version the alias named when it started (OPERATIONS.md, Releases).
   */
  public readonly liveAliasArn: string;
  /** Alarms on failed, timed-out and aborted executions and on failed dossiers. */
  public readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: WorkflowStackProps) {
    super(scope, id, props);
    const { config } = props;
    const retain = config.retainData;

    const def = WORKFLOW_FUNCTIONS[0];
    if (def?.id !== 'WorkflowTasks') {
      throw new Error('WORKFLOW_FUNCTIONS[0] must be the WorkflowTasks function');
    }
    const fn = handlerFunction(this, def, {
      retainLogs: retain,
      logRetention: config.retention.logDays,
      environment: functionEnvironment({ ...props }),
    });
    this.tasksFunction = fn;

    // A fixed name, so that the function's policy can name the state machine without a token:
    // the state machine refers to the function (substitution), and the function must not wait
    // for the state machine (function → policy → state machine → function would be a cycle).
    const stateMachineName = `${this.stackName}-dossier`;
    applyGrants(fn, grantsFor(def), {
      table: props.table,
      idempotencyTable: props.idempotencyTable,
      documentsObjectsArn: documentsObjectsArn(this, config),
      key: props.key,
      stateMachineArn: stateMachineArnFor(this, stateMachineName),
      emailResources: props.emailResources(this),
    });
    acknowledge(fn, {
      'Serverless-LambdaDLQ':
        'Invoked synchronously by the state machine (lambda:invoke, RequestResponse), whose Retry/Catch ' +
        'handle failures; never invoked asynchronously.',
      'Serverless-LambdaAsyncFailureDestination':
        'Invoked synchronously by the state machine; never invoked asynchronously.',
    });

    // Vended-logs prefix: keeps the CloudWatch Logs resource policy small.
    const logGroup = new logs.LogGroup(this, 'DossierWorkflowLogs', {
      logGroupName: `/aws/vendedlogs/states/${stateMachineName}`,
      retention: config.retention.logDays,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.stateMachine = new sfn.StateMachine(this, 'DossierWorkflow', {
      stateMachineName,
      // Standard: executions run up to a year and callbacks (.waitForTaskToken) need it.
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromFile(DEFINITION_PATH),
      // The task states invoke the tasks function's `live` alias, never $LATEST (OPERATIONS.md, Releases).
      definitionSubstitutions: { WorkflowTasksFunctionArn: liveAlias(fn).functionArn },
      // Executions carry ids, phases and deadlines only (the facts live in DynamoDB), so
      // execution data holds no personal data (invariant 8).
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });
    liveAlias(fn).grantInvoke(this.stateMachine);
    // A published version of this deployment's definition (a new one whenever the revision
    // changes; the previous versions are kept to roll back to) and the `live` alias on it.
    const version = new sfn.CfnStateMachineVersion(this, 'DossierWorkflowVersion', {
      stateMachineArn: this.stateMachine.stateMachineArn,
      stateMachineRevisionId: this.stateMachine.stateMachineRevisionId,
      description: 'The dossier workflow as deployed',
    });
    version.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const live = new sfn.CfnStateMachineAlias(this, 'DossierWorkflowLive', {
      name: LIVE_ALIAS,
      description: 'The release of the dossier workflow new dossiers start on',
      routingConfiguration: [{ stateMachineVersionArn: version.attrArn, weight: 100 }],
    });
    this.liveAliasArn = live.attrArn;
    acknowledge(this.stateMachine, {
      'AwsSolutions-IAM5[Resource::*]':
        'Step Functions log delivery (logs:*LogDelivery*, DescribeResourcePolicies…) and X-Ray actions ' +
        'have no resource-level permissions; AWS requires Resource "*".',
    });

    // Every failure raises an alarm (invariant 4), sent to the operators' topic.
    const period = Duration.minutes(5);
    const alarm = (name: string, metric: cloudwatch.IMetric, description: string) => {
      const a = new cloudwatch.Alarm(this, name, {
        alarmName: `${this.stackName}-${name}`,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      if (props.alarmTopic) a.addAlarmAction(new cwActions.SnsAction(props.alarmTopic));
      return a;
    };
    const sm = this.stateMachine;
    this.alarms = [
      alarm(
        'ExecutionsFailedAlarm',
        sm.metricFailed({ period, statistic: 'Sum' }),
        'A dossier workflow execution failed',
      ),
      alarm(
        'ExecutionsTimedOutAlarm',
        sm.metricTimedOut({ period, statistic: 'Sum' }),
        'A dossier workflow execution timed out',
      ),
      alarm(
        'ExecutionsAbortedAlarm',
        sm.metricAborted({ period, statistic: 'Sum' }),
        'A dossier workflow execution was aborted',
      ),
      alarm(
        'DossierWorkflowFailuresAlarm',
        new cloudwatch.Metric({ ...WORKFLOW_FAILURE_METRIC, period, statistic: 'Sum' }),
        'A workflow task failed for good and flagged a dossier (Motcua/DossierWorkflowFailures). ' +
          'The metric has no dimensions: every environment in this account and region feeds it.',
      ),
    ];
  }
}
