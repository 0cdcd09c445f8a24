import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { JOBS, type JobDef } from '../../shared/contracts/jobs.ts';
import type { EnvironmentConfig } from '../config/environments.ts';
import { documentsObjectsArn } from './data-stack.ts';
import { handlerFunction, liveAlias } from './functions.ts';
import { applyGrants, grantsFor } from './grants.ts';
import { acknowledge } from './nag.ts';
import { functionEnvironment } from './workflow-stack.ts';

export interface JobsStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  readonly table: dynamodb.ITable;
  readonly idempotencyTable: dynamodb.ITable;
  readonly bucket: s3.IBucket;
  readonly key: kms.IKey;
  readonly emailResources: (scope: Construct) => readonly string[];
  /** The payment gateway's merchant keys (Data stack): read by the payment functions only. */
  readonly paymentKeys?: secretsmanager.ISecret;
  /** The job table; defaults to the shared one the local stack also runs. */
  readonly jobs?: readonly JobDef[];
}

/** `rate(...)` of a job's period, in the largest whole unit. */
export function rateOf(minutes: number): Duration {
  if (minutes % 1440 === 0) return Duration.days(minutes / 1440);
  if (minutes % 60 === 0) return Duration.hours(minutes / 60);
  return Duration.minutes(minutes);
}

/**
 * The scheduled jobs of shared/contracts/jobs.ts: one Lambda function each (least-privilege grants
 * from grants.ts, like the routes) and one EventBridge Scheduler schedule each, at the rate the
 * local stack runs it, in a schedule group of this environment (its metrics feed the
 * ScheduledJobFailures alarm).
 */
export class JobsStack extends Stack {
  public readonly functions: ReadonlyMap<string, NodejsFunction>;
  public readonly group: scheduler.ScheduleGroup;
  public readonly schedules: ReadonlyMap<string, scheduler.Schedule>;

  constructor(scope: Construct, id: string, props: JobsStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.group = new scheduler.ScheduleGroup(this, 'Jobs', { scheduleGroupName: `${this.stackName}` });
    const functions = new Map<string, NodejsFunction>();
    const schedules = new Map<string, scheduler.Schedule>();
    for (const job of props.jobs ?? JOBS) {
      const grants = grantsFor(job);
      const fn = handlerFunction(this, job, {
        retainLogs: config.retainData,
        logRetention: config.retention.logDays,
        environment: {
          ...functionEnvironment(props),
          ...(grants.paymentKeys && props.paymentKeys
            ? { VNPAY_SECRET_ARN: props.paymentKeys.secretArn }
            : {}),
        },
      });
      // On the alias the schedule invokes (an unqualified config would apply to $LATEST only).
      liveAlias(fn).configureAsyncInvoke({
        retryAttempts: 0,
        maxEventAge: rateOf(Math.max(job.everyMinutes, 1)),
      });
      applyGrants(fn, grants, {
        table: props.table,
        idempotencyTable: props.idempotencyTable,
        documentsObjectsArn: documentsObjectsArn(this, config),
        key: props.key,
        emailResources: props.emailResources(this),
        paymentKeysArn: props.paymentKeys?.secretArn,
      });
      acknowledge(fn, {
        'Serverless-LambdaDLQ':
          'A scheduled sweep: the next run redoes whatever a failed run left, so a failed event is not ' +
          'worth keeping; failures raise the ErrorsAlarm of this function.',
        'Serverless-LambdaAsyncFailureDestination':
          'A scheduled sweep invoked by EventBridge Scheduler: the next run is the retry; failures alarm.',
      });
      acknowledge(liveAlias(fn), {
        'Serverless-LambdaAsyncFailureDestination':
          'A scheduled sweep invoked by EventBridge Scheduler: the next run is the retry; failures alarm.',
      });
      functions.set(job.id, fn);
      // The scheduler's role for this job: invoke this function's `live` alias only.
      const role = new iam.Role(this, `${job.id}SchedulerRole`, {
        assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
        }),
        description: `EventBridge Scheduler invokes ${job.id}`,
      });
      const schedule = new scheduler.Schedule(this, `${job.id}Schedule`, {
        scheduleGroup: this.group,
        description: job.description,
        schedule: scheduler.ScheduleExpression.rate(rateOf(job.everyMinutes)),
        target: new targets.LambdaInvoke(liveAlias(fn), {
          input: scheduler.ScheduleTargetInput.fromObject({ source: 'aws.scheduler', job: job.id }),
          role,
          retryAttempts: 2,
          maxEventAge: Duration.minutes(Math.min(job.everyMinutes, 60)),
        }),
      });
      schedules.set(job.id, schedule);
    }
    this.functions = functions;
    this.schedules = schedules;
  }
}
