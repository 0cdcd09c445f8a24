import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { IDEMPOTENCY_TABLE, MAIN_TABLE } from '../../shared/adapters/table-design.ts';

export interface DataStackProps extends StackProps {
  /** Production: deletion protection on, data retained when the stack is deleted. */
  readonly prod?: boolean;
  /** Origin allowed to POST uploads straight to the bucket (presigned POST). Default `*` (dev). */
  readonly webOrigin?: string;
}

const str = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

/** The stateful resources: the main table, the idempotency table and the documents bucket. */
export class DataStack extends Stack {
  public readonly table: dynamodb.Table;
  public readonly idempotencyTable: dynamodb.Table;
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: DataStackProps = {}) {
    super(scope, id, props);
    const prod = props.prod ?? false;
    const removalPolicy = prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const common = {
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: prod,
      removalPolicy,
    };

    this.table = new dynamodb.Table(this, 'MainTable', {
      ...common,
      partitionKey: str(MAIN_TABLE.partitionKey),
      sortKey: str(MAIN_TABLE.sortKey),
    });

    const { gsi1, byCode } = MAIN_TABLE.indexes;
    this.table.addGlobalSecondaryIndex({
      indexName: 'gsi1',
      partitionKey: str(gsi1.partitionKey),
      sortKey: str(gsi1.sortKey),
      projectionType: dynamodb.ProjectionType.ALL,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: 'byCode',
      partitionKey: str(byCode.partitionKey),
      sortKey: str(byCode.sortKey),
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: [...byCode.projection],
    });

    this.idempotencyTable = new dynamodb.Table(this, 'IdempotencyTable', {
      ...common,
      partitionKey: str(IDEMPOTENCY_TABLE.partitionKey),
      timeToLiveAttribute: IDEMPOTENCY_TABLE.ttlAttribute,
    });

    const webOrigin = props.webOrigin ?? '*';
    this.bucket = new s3.Bucket(this, 'DocumentsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      cors: [
        {
          allowedMethods: [s3.HttpMethods.POST],
          allowedOrigins: [webOrigin],
          allowedHeaders: ['*'],
          maxAge: 3000,
        },
      ],
      // DESTROY outside prod only succeeds once the bucket is empty (no auto-delete custom resource).
      removalPolicy,
    });
  }
}
