import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { OVERDUE_METRIC_NAME } from '../../shared/services/overdue-scan.ts';
import type { EnvironmentConfig } from '../config/environments.ts';
import { SES_CONFIGURATION_SET_DIMENSION } from './notifications-stack.ts';
import { WORKFLOW_FAILURE_METRIC } from './workflow-stack.ts';

/**
 * The metric the overdue scan job emits every hour with the number of dossiers past a statutory
 * deadline (EMF, namespace Motcua; without dimensions for the total — like DossierWorkflowFailures,
 * shared by every environment of one account and region — and per `Department`).
 */
export const OVERDUE_METRIC = { namespace: 'Motcua', metricName: OVERDUE_METRIC_NAME } as const;

/** Emitted by the outbox (shared/adapters/outbox.ts) each time a notification could not be delivered. */
export const NOTIFICATION_FAILURE_METRIC = {
  namespace: 'Motcua',
  metricName: 'NotificationFailures',
} as const;

export interface MonitoringStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  readonly api: apigwv2.IHttpApi;
  /** Every Lambda function, by a readable name. */
  readonly functions: ReadonlyMap<string, lambda.IFunction>;
  readonly stateMachine: sfn.IStateMachine;
  /** The workflow stack's alarms (already routed to the topic), shown on the dashboard. */
  readonly workflowAlarms: readonly cloudwatch.IAlarm[];
  readonly table: dynamodb.ITable;
  readonly idempotencyTable: dynamodb.ITable;
  /** The schedule group of the scheduled jobs (JobsStack). */
  readonly jobGroup: scheduler.IScheduleGroup;
  /** The SES configuration set every email is sent with (its event metrics). */
  readonly configurationSetName: string;
  readonly alarmTopic: sns.ITopic;
  readonly undeliveredAlarms: sqs.IQueue;
}

/**
 * What operators watch: one dashboard and the alarms, every one sent to the operators' topic.
 * OPERATIONS.md lists each alarm, what it means and what to do.
 */
export class MonitoringStack extends Stack {
  public readonly dashboard: cloudwatch.Dashboard;
  public readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const five = Duration.minutes(5);
    const action = new cwActions.SnsAction(props.alarmTopic);
    const alarms: cloudwatch.Alarm[] = [];
    const alarm = (
      name: string,
      metric: cloudwatch.IMetric,
      description: string,
      opts: { threshold?: number; operator?: cloudwatch.ComparisonOperator } = {},
    ) => {
      const a = new cloudwatch.Alarm(this, name, {
        alarmName: `${this.stackName}-${name}`,
        metric,
        threshold: opts.threshold ?? 1,
        evaluationPeriods: 1,
        comparisonOperator: opts.operator ?? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(action);
      alarms.push(a);
      return a;
    };

    const api = props.api;
    const api5xx = api.metricServerError({ period: five, statistic: 'Sum' });
    const api4xx = api.metricClientError({ period: five, statistic: 'Sum' });
    alarm(
      'Api5xxAlarm',
      api5xx,
      'The API answered 5xx (a handler bug or an AWS fault): see the Api alarm runbook',
    );
    alarm(
      'Api4xxSurgeAlarm',
      api4xx,
      'Over 300 4xx answers in 5 minutes: throttling (429) or someone guessing dossier codes',
      { threshold: 300 },
    );
    const lambdaThrottles = new cloudwatch.Metric({
      namespace: 'AWS/Lambda',
      metricName: 'Throttles',
      statistic: 'Sum',
      period: five,
      label: 'Lambda throttles (account, region)',
    });
    alarm('LambdaThrottlesAlarm', lambdaThrottles, 'Lambda refused invocations: concurrency limit reached');
    for (const [name, fn] of props.functions) {
      alarm(
        `${name}ErrorsAlarm`,
        fn.metricErrors({ period: five, statistic: 'Sum' }),
        `${name}: unhandled errors`,
      );
    }
    alarm(
      'UndeliveredAlarmsAlarm',
      props.undeliveredAlarms.metricApproximateNumberOfMessagesVisible({
        period: five,
        statistic: 'Maximum',
      }),
      'Alarm notifications could not be emailed (dead-letter queue not empty): check the subscription',
    );
    const overdue = new cloudwatch.Metric({
      ...OVERDUE_METRIC,
      statistic: 'Maximum',
      period: Duration.days(1),
    });
    alarm('OverdueDossiersAlarm', overdue, 'Dossiers past their statutory deadline in the last day', {
      threshold: 0,
      operator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    const ses = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        statistic: 'Maximum',
        period: Duration.hours(1),
      });
    alarm('SesBounceRateAlarm', ses('Reputation.BounceRate'), 'SES bounce rate ≥ 5% (SES reviews at 5%)', {
      threshold: 0.05,
    });
    alarm(
      'SesComplaintRateAlarm',
      ses('Reputation.ComplaintRate'),
      'SES complaint rate ≥ 0.1% (SES reviews at 0.1%)',
      { threshold: 0.001 },
    );
    // SES rates of this environment's configuration set (event destination → AWS/SES with the
    // ses:configuration-set dimension), over an hour, once at least 20 emails went out.
    const sesSet = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        dimensionsMap: { [SES_CONFIGURATION_SET_DIMENSION]: props.configurationSetName },
        statistic: 'Sum',
        period: Duration.hours(1),
      });
    const rate = (label: string, what: string) =>
      new cloudwatch.MathExpression({
        label,
        expression: `IF(sends >= 20, FILL(${what}, 0) / sends, 0)`,
        usingMetrics: { sends: sesSet('Send'), [what]: sesSet(what === 'bounces' ? 'Bounce' : 'Complaint') },
        period: Duration.hours(1),
      });
    alarm(
      'SesSetBounceRateAlarm',
      rate('Bounce rate (configuration set)', 'bounces'),
      "Over 5% of this environment's emails bounced in the last hour: check the addresses citizens give",
      { threshold: 0.05 },
    );
    alarm(
      'SesSetComplaintRateAlarm',
      rate('Complaint rate (configuration set)', 'complaints'),
      "Over 0.1% of this environment's emails were marked as spam in the last hour",
      { threshold: 0.001 },
    );
    alarm(
      'SesRejectsAlarm',
      sesSet('Reject'),
      'SES rejected an email (virus scan or sending paused): see the SES runbook',
    );
    alarm(
      'NotificationFailuresAlarm',
      new cloudwatch.Metric({
        ...NOTIFICATION_FAILURE_METRIC,
        statistic: 'Sum',
        period: Duration.minutes(15),
      }),
      'Five or more notifications failed in 15 minutes (SES or DynamoDB): the outbox sweeper retries them',
      { threshold: 5 },
    );

    // DynamoDB: throttling and AWS-side errors of both tables, transaction conflicts of the main one.
    const op = dynamodb.Operation;
    const tableOps = [
      // Every call the functions make (infra/stacks/grants.ts: TransactWriteItems for the members).
      [
        'MainTable',
        props.table,
        [
          op.GET_ITEM,
          op.QUERY,
          op.PUT_ITEM,
          op.UPDATE_ITEM,
          op.DELETE_ITEM,
          op.BATCH_GET_ITEM,
          op.TRANSACT_WRITE_ITEMS,
        ],
      ],
      // Powertools idempotency records.
      [
        'IdempotencyTable',
        props.idempotencyTable,
        [op.GET_ITEM, op.PUT_ITEM, op.UPDATE_ITEM, op.DELETE_ITEM],
      ],
    ] as const;
    for (const [name, table, operations] of tableOps) {
      alarm(
        `${name}ThrottlesAlarm`,
        new cloudwatch.MathExpression({
          label: `${name} throttled requests`,
          expression: 'FILL(reads, 0) + FILL(writes, 0)',
          usingMetrics: {
            reads: table.metric('ReadThrottleEvents', { statistic: 'Sum', period: five }),
            writes: table.metric('WriteThrottleEvents', { statistic: 'Sum', period: five }),
          },
          period: five,
        }),
        `${name}: DynamoDB throttled requests (on-demand limits or a hot key)`,
      );
      alarm(
        `${name}SystemErrorsAlarm`,
        table.metricSystemErrorsForOperations({
          operations: [...operations],
          period: five,
          statistic: 'Sum',
        }),
        `${name}: DynamoDB answered 500 (AWS side); the SDK retries, repeated errors reach citizens`,
      );
    }
    alarm(
      'TransactionConflictsAlarm',
      props.table.metric('TransactionConflict', { statistic: 'Sum', period: five }),
      'Over 50 DynamoDB transaction conflicts in 5 minutes: contention on dossiers or counters',
      { threshold: 50 },
    );

    // Scheduled jobs: the scheduler could not invoke a job (each job function's own errors have
    // their ErrorsAlarm above).
    alarm(
      'ScheduledJobFailuresAlarm',
      new cloudwatch.MathExpression({
        label: 'Scheduled job invocations failed or dropped',
        expression: 'FILL(errors, 0) + FILL(dropped, 0)',
        usingMetrics: {
          errors: props.jobGroup.metricTargetErrors({ period: five, statistic: 'Sum' }),
          dropped: props.jobGroup.metricDropped({ period: five, statistic: 'Sum' }),
        },
        period: five,
      }),
      'EventBridge Scheduler could not invoke a scheduled job (outbox sweeper, overdue scan)',
    );
    this.alarms = alarms;

    // The dashboard.
    const fns = [...props.functions.entries()];
    const perFunction = (m: (fn: lambda.IFunction) => cloudwatch.IMetric) => fns.map(([, fn]) => m(fn));
    const sm = props.stateMachine;
    const wide = 12;
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `motcua-${props.config.name}`,
      defaultInterval: Duration.days(1),
    });
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: [...props.workflowAlarms, ...alarms],
        width: 24,
        height: 6,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'API requests and errors',
        left: [api.metricCount({ period: five, statistic: 'Sum' }), api4xx, api5xx],
        width: wide,
      }),
      new cloudwatch.GraphWidget({
        title: 'API latency (ms)',
        left: [
          api.metricLatency({ period: five, statistic: 'p50' }),
          api.metricLatency({ period: five, statistic: 'p99' }),
          api.metricIntegrationLatency({ period: five, statistic: 'p99' }),
        ],
        width: wide,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Lambda errors by function',
        left: perFunction((fn) => fn.metricErrors({ period: five, statistic: 'Sum' })),
        width: wide,
      }),
      new cloudwatch.GraphWidget({
        title: 'Lambda duration p99 by function (ms)',
        left: perFunction((fn) => fn.metricDuration({ period: five, statistic: 'p99' })),
        right: [lambdaThrottles],
        width: wide,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Dossier workflow executions',
        left: [
          sm.metricStarted({ period: five, statistic: 'Sum' }),
          sm.metricSucceeded({ period: five, statistic: 'Sum' }),
          sm.metricFailed({ period: five, statistic: 'Sum' }),
          sm.metricTimedOut({ period: five, statistic: 'Sum' }),
          sm.metricAborted({ period: five, statistic: 'Sum' }),
        ],
        width: wide,
      }),
      new cloudwatch.GraphWidget({
        title: 'Dossiers: overdue and failed workflows (Motcua/*, every environment of the account)',
        left: [
          new cloudwatch.Metric({ ...OVERDUE_METRIC, statistic: 'Maximum', period: Duration.hours(1) }),
          new cloudwatch.Metric({ ...WORKFLOW_FAILURE_METRIC, statistic: 'Sum', period: Duration.hours(1) }),
        ],
        width: wide,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'DynamoDB consumed capacity (main table)',
        left: [
          props.table.metricConsumedReadCapacityUnits({ period: five, statistic: 'Sum' }),
          props.table.metricConsumedWriteCapacityUnits({ period: five, statistic: 'Sum' }),
        ],
        width: wide,
      }),
      new cloudwatch.GraphWidget({
        title: 'Email (SES, account)',
        left: ['Send', 'Delivery', 'Bounce', 'Complaint'].map(
          (m) =>
            new cloudwatch.Metric({ namespace: 'AWS/SES', metricName: m, statistic: 'Sum', period: five }),
        ),
        right: [ses('Reputation.BounceRate'), ses('Reputation.ComplaintRate')],
        width: wide,
      }),
    );
  }
}
