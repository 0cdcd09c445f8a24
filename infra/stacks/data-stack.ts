import path from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { IDEMPOTENCY_TABLE, MAIN_TABLE } from '../../shared/adapters/table-design.ts';
import { signingOwners } from '../../shared/signing/owners.ts';
import type { EnvironmentConfig } from '../config/environments.ts';
import { REPO_ROOT } from './functions.ts';
import { DOCUMENTS_PREFIX } from './grants.ts';
import { acknowledge } from './nag.ts';
import { SigningKeys } from './signing-keys.ts';

export interface DataStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  /** The second region's vault (BackupCopyStack) every recovery point is copied to, when configured. */
  readonly backupCopyVaultArn?: string;
  /** Seed data folder (departments.json: who gets a signing key); default `<repo>/data`. */
  readonly dataDir?: string;
}

/**
 * The documents bucket's name: fixed, so that other stacks build the ARN of its objects themselves
 * (`documentsObjectsArn`) instead of importing it — grants then name `…/dossiers/*` literally.
 */
export const documentsBucketName = (stack: Stack, config: EnvironmentConfig) =>
  `motcua-${config.name}-documents-${stack.account}-${stack.region}`;

/** ARN of every uploaded document (keys `dossiers/<dossier>/<document>`), built in `scope`'s stack. */
export function documentsObjectsArn(scope: Construct, config: EnvironmentConfig): string {
  const stack = Stack.of(scope);
  return stack.formatArn({
    service: 's3',
    region: '',
    account: '',
    resource: documentsBucketName(stack, config),
    resourceName: `${DOCUMENTS_PREFIX}*`,
  });
}

const str = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

/**
 * The stateful resources: one customer-managed KMS key (rotated yearly) encrypting the main table,
 * the idempotency table (it stores replayable responses, lookup secrets included) and the
 * documents bucket; plus the bucket receiving the documents bucket's server access logs.
 */
export class DataStack extends Stack {
  public readonly key: kms.Key;
  public readonly table: dynamodb.Table;
  public readonly idempotencyTable: dynamodb.Table;
  public readonly bucket: s3.Bucket;
  public readonly accessLogsBucket: s3.Bucket;
  /** The centre's and each department's signing key (infra/stacks/signing-keys.ts). */
  public readonly signingKeys: SigningKeys;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    // Server access logs are delivered under a bucket policy (the log bucket has ACLs disabled).
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const { config } = props;
    const retain = config.retainData;
    const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.key = new kms.Key(this, 'DataKey', {
      alias: `alias/motcua-${config.name}-data`,
      description: `motcua ${config.name}: tables, documents, operators' topic`,
      enableKeyRotation: true,
      removalPolicy,
      pendingWindow: Duration.days(retain ? 30 : 7),
    });
    this.signingKeys = new SigningKeys(this, 'Signing', {
      config,
      ...signingOwners(props.dataDir ?? path.join(REPO_ROOT, 'data')),
    });
    // CloudWatch alarms publish to the operators' topic, which this key encrypts.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );

    const common = {
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      deletionProtection: retain,
      removalPolicy,
    };

    this.table = new dynamodb.Table(this, 'MainTable', {
      ...common,
      partitionKey: str(MAIN_TABLE.partitionKey),
      sortKey: str(MAIN_TABLE.sortKey),
      // Short-lived bookkeeping (the look-up rate counters) removes itself; records never set it.
      timeToLiveAttribute: MAIN_TABLE.ttlAttribute,
    });
    // Every index of the table design, as declared (a list of attributes: INCLUDE projection).
    for (const [indexName, index] of Object.entries(MAIN_TABLE.indexes) as [
      string,
      { partitionKey: string; sortKey: string; projection: 'ALL' | readonly string[] },
    ][]) {
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: str(index.partitionKey),
        sortKey: str(index.sortKey),
        ...(index.projection === 'ALL'
          ? { projectionType: dynamodb.ProjectionType.ALL }
          : { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection] }),
      });
    }

    this.idempotencyTable = new dynamodb.Table(this, 'IdempotencyTable', {
      ...common,
      partitionKey: str(IDEMPOTENCY_TABLE.partitionKey),
      timeToLiveAttribute: IDEMPOTENCY_TABLE.ttlAttribute,
    });

    const r = config.retention;
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // S3 server access logging delivers only to SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(r.accessLogsExpireAfterDays) }],
      removalPolicy,
    });
    acknowledge(this.accessLogsBucket, {
      'AwsSolutions-S1': 'This bucket is the destination of the access logs; logging it would log itself.',
    });

    const webOrigin = config.webOrigin;
    this.bucket = new s3.Bucket(this, 'DocumentsBucket', {
      bucketName: documentsBucketName(this, config),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      // One data key per bucket instead of a KMS call per object: far fewer KMS requests.
      bucketKeyEnabled: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'documents/',
      cors: [
        {
          // Browsers upload with a presigned POST form straight from the web app; nothing else.
          allowedMethods: [s3.HttpMethods.POST],
          allowedOrigins: [webOrigin],
          allowedHeaders: ['*'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [
        {
          id: 'documents-tiering',
          transitions: [
            {
              storageClass: s3.StorageClass.INFREQUENT_ACCESS,
              transitionAfter: Duration.days(r.documentsInfrequentAccessAfterDays),
            },
            {
              storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
              transitionAfter: Duration.days(r.documentsArchiveAfterDays),
            },
          ],
          ...(r.documentsExpireAfterDays ? { expiration: Duration.days(r.documentsExpireAfterDays) } : {}),
          noncurrentVersionExpiration: Duration.days(r.noncurrentVersionsExpireAfterDays),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      // DESTROY outside prod only succeeds once the bucket is empty (no auto-delete custom resource).
      removalPolicy,
    });

    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'Main DynamoDB table' });
    new CfnOutput(this, 'IdempotencyTableName', {
      value: this.idempotencyTable.tableName,
      description: 'Powertools idempotency table',
    });
    new CfnOutput(this, 'DocumentsBucketName', {
      value: this.bucket.bucketName,
      description: 'Documents bucket (private, SSE-KMS)',
    });
    new CfnOutput(this, 'DataKeyArn', { value: this.key.keyArn, description: 'Customer-managed KMS key' });

    if (config.backup) {
      // AWS Backup: a vault encrypted with the data key and locked (compliance mode once the
      // grace period passes: nobody deletes a recovery point younger than lockMinDays), daily and
      // monthly rules, both tables and the documents bucket.
      const vault = new backup.BackupVault(this, 'BackupVault', {
        encryptionKey: this.key,
        removalPolicy: RemovalPolicy.RETAIN,
        lockConfiguration: {
          minRetention: Duration.days(config.backup.lockMinDays),
          changeableFor: Duration.days(3),
        },
      });
      // The optional copy to a second region: each recovery point, kept there as long as here.
      const copyVault = props.backupCopyVaultArn
        ? backup.BackupVault.fromBackupVaultArn(this, 'CopyVault', props.backupCopyVaultArn)
        : undefined;
      const copy = (deleteAfter: Duration, moveToColdStorageAfter?: Duration) =>
        copyVault
          ? {
              copyActions: [
                {
                  destinationBackupVault: copyVault,
                  deleteAfter,
                  ...(moveToColdStorageAfter ? { moveToColdStorageAfter } : {}),
                },
              ],
            }
          : {};
      const daily = Duration.days(config.backup.dailyDays);
      const monthly = Duration.days(config.backup.monthlyDays);
      const plan = new backup.BackupPlan(this, 'BackupPlan', {
        backupVault: vault,
        backupPlanRules: [
          new backup.BackupPlanRule({
            ruleName: 'Daily',
            scheduleExpression: events.Schedule.cron({ hour: '18', minute: '0' }), // 01:00 in Vietnam
            deleteAfter: daily,
            ...copy(daily),
          }),
          new backup.BackupPlanRule({
            ruleName: 'Monthly',
            scheduleExpression: events.Schedule.cron({ day: '1', hour: '19', minute: '0' }),
            moveToColdStorageAfter: Duration.days(90),
            deleteAfter: monthly,
            ...copy(monthly, Duration.days(90)),
          }),
        ],
      });
      const selection = plan.addSelection('DataStores', {
        resources: [
          backup.BackupResource.fromDynamoDbTable(this.table),
          backup.BackupResource.fromDynamoDbTable(this.idempotencyTable),
          backup.BackupResource.fromArn(this.bucket.bucketArn),
        ],
        allowRestores: true,
      });
      // CDK attaches the DynamoDB-capable service policies only; S3 needs its own two.
      const backupRole = selection.grantPrincipal as iam.Role;
      for (const name of [
        'AWSBackupServiceRolePolicyForS3Backup',
        'AWSBackupServiceRolePolicyForS3Restore',
      ]) {
        backupRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(name));
      }
      acknowledge(selection, {
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]':
          'The role AWS Backup assumes to back up the selected tables and bucket: the AWS-maintained policy tracks the services it supports.',
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]':
          'The role AWS Backup assumes to restore a recovery point (restores are started by an operator).',
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup]':
          'S3 backups need the AWS-maintained S3 backup policy (bucket listing, object reads, EventBridge rules).',
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore]':
          'S3 restores need the AWS-maintained S3 restore policy.',
      });
      new CfnOutput(this, 'BackupVaultName', {
        value: vault.backupVaultName,
        description: 'AWS Backup vault',
      });
    }
  }
}
