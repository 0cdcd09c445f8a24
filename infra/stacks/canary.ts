import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { liveAlias } from './functions.ts';
import { acknowledge } from './nag.ts';

/**
 * How a new release of a public route's function reaches citizens: CodeDeploy moves the function's
 * `live` alias to the new version for 10 % of the requests, waits 5 minutes, then 100 %. If the
 * release's alarm goes off meanwhile (any unhandled error or timeout of the alias in a minute),
 * CodeDeploy points `live` back at the previous version by itself (OPERATIONS.md, Releases).
 */
export const CANARY = codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES;

/** What the canary releases of one stack share: the CodeDeploy application and its service role. */
export interface CanaryReleases {
  readonly application: codedeploy.LambdaApplication;
  readonly role: iam.Role;
  readonly topic: sns.ITopic;
}

export function canaryReleases(scope: Construct, topic: sns.ITopic): CanaryReleases {
  const application = new codedeploy.LambdaApplication(scope, 'Releases');
  const role = new iam.Role(scope, 'ReleasesRole', {
    assumedBy: new iam.ServicePrincipal('codedeploy.amazonaws.com'),
    description: 'CodeDeploy: shifts the live aliases of the public functions, reads their alarms',
    managedPolicies: [
      iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSCodeDeployRoleForLambdaLimited'),
    ],
  });
  acknowledge(role, {
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]':
      "CodeDeploy's AWS-maintained role policy for Lambda deployments (update aliases, read alarms); the " +
      'Limited variant grants no invocation of hooks beyond functions named CodeDeployHook_*.',
  });
  return { application, role, topic };
}

/**
 * The canary release of one function: its rollback alarm (errors of the `live` alias, sent to the
 * operators too) and the deployment group that shifts `live` gradually and rolls back on that alarm.
 */
export function canaryRelease(scope: Construct, fn: lambda.IFunction, releases: CanaryReleases) {
  const id = fn.node.id;
  const alias = liveAlias(fn);
  const alarm = new cloudwatch.Alarm(scope, `${id}ReleaseAlarm`, {
    alarmDescription: `${id}: an unhandled error or timeout of the live alias; rolls a canary release back`,
    metric: alias.metricErrors({ period: Duration.minutes(1), statistic: 'Sum' }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new actions.SnsAction(releases.topic));
  const group = new codedeploy.LambdaDeploymentGroup(scope, `${id}Release`, {
    application: releases.application,
    alias,
    deploymentConfig: CANARY,
    alarms: [alarm],
    role: releases.role,
    autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
  });
  return { alarm, group };
}
