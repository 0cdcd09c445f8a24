import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type EnvironmentConfig, mailDomain } from '../config/environments.ts';
import { acknowledge } from './nag.ts';

export interface NotificationsStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  /** Encrypts the operators' topic (the data key; its policy lets CloudWatch alarms use it). */
  readonly key: kms.IKey;
}

/**
 * Notifications, both kinds. For operators: the SNS topic every alarm publishes to, with the alarm
 * mailbox subscribed and a dead-letter queue for what SNS could not deliver. For citizens and
 * departments: the SES domain identity of MAIL_FROM's domain (Easy DKIM; the three CNAME records to
 * publish are stack outputs) and a configuration set that is the identity's default, so every email
 * the functions send gets TLS required, reputation metrics and the account's suppression list
 * without the code naming it.
 */
/** The dimension SES adds to the configuration set's event metrics (its own auto-tag). */
export const SES_CONFIGURATION_SET_DIMENSION = 'ses:configuration-set';

export class NotificationsStack extends Stack {
  public readonly identity: ses.EmailIdentity;
  public readonly configurationSet: ses.ConfigurationSet;
  public readonly domain: string;
  public readonly configurationSetName: string;
  /** Every alarm of every stack publishes here. */
  public readonly alarmTopic: sns.Topic;
  /** Alarm notifications SNS could not deliver to the mailbox. */
  public readonly undeliveredAlarms: sqs.Queue;
  private readonly sandbox: boolean;

  constructor(scope: Construct, id: string, props: NotificationsStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.domain = mailDomain(config.mailFrom);
    this.sandbox = config.sesSandbox;
    this.configurationSetName = `motcua-${config.name}`;

    this.alarmTopic = new sns.Topic(this, 'OperatorsTopic', {
      displayName: `motcua ${config.name} alarms`,
      masterKey: props.key,
      enforceSSL: true,
    });
    this.undeliveredAlarms = new sqs.Queue(this, 'UndeliveredAlarms', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.undeliveredAlarms, {
      'AwsSolutions-SQS3':
        'This queue is itself a dead-letter queue (of the alarm email subscription); its depth is alarmed.',
      'Serverless-SQSRedrivePolicy':
        'This queue is itself a dead-letter queue (of the alarm email subscription); its depth is alarmed.',
    });
    this.alarmTopic.addSubscription(
      new subs.EmailSubscription(config.alarmEmail, { deadLetterQueue: this.undeliveredAlarms }),
    );
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarmTopic.topicArn,
      description: "Operators' alarms",
    });

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: this.configurationSetName,
      reputationMetrics: true,
      sendingEnabled: true,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });

    // Sends, deliveries, bounces, complaints and rejects of this configuration set as CloudWatch
    // metrics (AWS/SES, dimension ses:configuration-set): the bounce and complaint rate alarms of
    // the monitoring stack divide them, per environment rather than for the whole account.
    this.configurationSet.addEventDestination('CloudWatchMetrics', {
      destination: ses.EventDestination.cloudWatchDimensions([
        {
          name: SES_CONFIGURATION_SET_DIMENSION,
          source: ses.CloudWatchDimensionSource.MESSAGE_TAG,
          defaultValue: this.configurationSetName,
        },
      ]),
      events: [
        ses.EmailSendingEvent.SEND,
        ses.EmailSendingEvent.DELIVERY,
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.REJECT,
        ses.EmailSendingEvent.RENDERING_FAILURE,
      ],
    });

    this.identity = new ses.EmailIdentity(this, 'MailIdentity', {
      identity: ses.Identity.domain(this.domain),
      configurationSet: this.configurationSet,
    });

    this.identity.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `DkimRecord${i + 1}`, {
        value: `${record.name} CNAME ${record.value}`,
        description: `DNS record ${i + 1} of 3 to publish in ${this.domain} (SES Easy DKIM)`,
      });
    });
    new CfnOutput(this, 'MailFrom', { value: config.mailFrom, description: 'Sender of every email' });
  }

  /**
   * The resources ses:SendEmail must be allowed on, formatted for the stack of `scope`: the domain
   * identity and the configuration set; in the sandbox, every identity of the account (recipients
   * must be verified identities then, and IAM checks them too).
   */
  sendEmailResources(scope: Construct): string[] {
    const stack = Stack.of(scope);
    return [
      stack.formatArn({
        service: 'ses',
        resource: 'identity',
        resourceName: this.sandbox ? '*' : this.domain,
      }),
      stack.formatArn({
        service: 'ses',
        resource: 'configuration-set',
        resourceName: this.configurationSetName,
      }),
    ];
  }
}
