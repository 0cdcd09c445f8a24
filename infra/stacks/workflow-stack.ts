import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import type { Construct } from 'constructs';
import { WORKFLOW_FUNCTIONS } from '../../shared/contracts/routes.ts';
import { DEFINITION_PATH } from '../workflow/definition.ts';
import { grantAnswerWaits, grantSendEmail, handlerFunction, stateMachineArnFor } from './functions.ts';

export interface WorkflowStackProps extends StackProps {
  readonly table: dynamodb.ITable;
  /**
   * Named in the function's environment only (no access granted): the handlers' config
   * (shared/adapters/config.ts) requires every table and bucket name in every function.
   */
  readonly idempotencyTable: dynamodb.ITable;
  readonly bucket: s3.IBucket;
  /** Sender of every email (MAIL_FROM). */
  readonly mailFrom: string;
  /** Base URL of the web app, for links in emails (PUBLIC_WEB_URL). */
  readonly webUrl: string;
  /** Production: log groups are retained when the stack is deleted. */
  readonly prod?: boolean;
}

/** Namespace and name of the metric the workflow tasks emit (Embedded Metric Format) on a failure. */
export const WORKFLOW_FAILURE_METRIC = {
  namespace: 'Motcua',
  metricName: 'DossierWorkflowFailures',
} as const;

/**
 * The per-dossier workflow: the Standard state machine defined by infra/workflow/dossier.asl.json
 * and the one Lambda function behind all its Task states.
 */
export class WorkflowStack extends Stack {
  public readonly stateMachine: sfn.StateMachine;
  public readonly tasksFunction: NodejsFunction;
  /** Alarms on failed, timed-out and aborted executions and on failed dossiers. */
  public readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: WorkflowStackProps) {
    super(scope, id, props);
    // Like the API stack: lock the data stack's exports in ("strong" references).
    if (this.node.tryGetContext(cxapi.DEFAULT_CROSS_STACK_REFERENCES) === undefined) {
      this.node.setContext(cxapi.DEFAULT_CROSS_STACK_REFERENCES, 'strong');
    }
    const removalPolicy = props.prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const def = WORKFLOW_FUNCTIONS[0];
    if (def?.id !== 'WorkflowTasks') {
      throw new Error('WORKFLOW_FUNCTIONS[0] must be the WorkflowTasks function');
    }
    const fn = handlerFunction(this, def, {
      prod: props.prod,
      environment: {
        TABLE_NAME: props.table.tableName,
        IDEMPOTENCY_TABLE_NAME: props.idempotencyTable.tableName,
        DOCUMENTS_BUCKET: props.bucket.bucketName,
        MAIL_FROM: props.mailFrom,
        PUBLIC_WEB_URL: props.webUrl,
      },
    });
    this.tasksFunction = fn;

    // A fixed name, so that the function's policy can name the state machine without a token:
    // the state machine refers to the function (substitution), and the function must not wait
    // for the state machine (function → policy → state machine → function would be a cycle).
    const stateMachineName = `${this.stackName}-dossier`;
    const stateMachineArn = stateMachineArnFor(this, stateMachineName);

    if (def.access.table === 'write') props.table.grantReadWriteData(fn);
    else props.table.grantReadData(fn);
    if (def.access.email) grantSendEmail(fn);
    if (def.access.workflow === 'answer') {
      grantAnswerWaits(fn, stateMachineArn, [
        'states:SendTaskSuccess',
        'states:SendTaskFailure',
        'states:SendTaskHeartbeat',
      ]);
    }

    // Vended-logs prefix: keeps the CloudWatch Logs resource policy small.
    const logGroup = new logs.LogGroup(this, 'DossierWorkflowLogs', {
      logGroupName: `/aws/vendedlogs/states/${stateMachineName}`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy,
    });

    this.stateMachine = new sfn.StateMachine(this, 'DossierWorkflow', {
      stateMachineName,
      // Standard: executions run up to a year and callbacks (.waitForTaskToken) need it.
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromFile(DEFINITION_PATH),
      definitionSubstitutions: { WorkflowTasksFunctionArn: fn.functionArn },
      // Executions carry ids, phases and deadlines only (the facts live in DynamoDB), so
      // execution data holds no personal data (invariant 8).
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });
    fn.grantInvoke(this.stateMachine);

    // Every failure raises an alarm (invariant 4). No alarm actions yet: the monitoring stack
    // (SNS topic, dashboards) comes later and subscribes to these.
    const period = Duration.minutes(5);
    const alarm = (name: string, metric: cloudwatch.IMetric, description: string) =>
      new cloudwatch.Alarm(this, name, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
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
        'A workflow task failed for good and flagged a dossier (Motcua/DossierWorkflowFailures)',
      ),
    ];
  }
}
