import {
  type AttributeDefinition,
  CreateTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { IDEMPOTENCY_TABLE, MAIN_TABLE } from '../../shared/adapters/table-design.ts';

/** Creates the tables of shared/adapters/table-design.ts if they are missing (idempotent). */
export async function ensureTables(client: DynamoDBClient, names: { main: string; idempotency: string }) {
  const attrs = new Set<string>([MAIN_TABLE.partitionKey, MAIN_TABLE.sortKey]);
  const gsis: GlobalSecondaryIndex[] = Object.entries(MAIN_TABLE.indexes).map(([name, ix]) => {
    attrs.add(ix.partitionKey);
    attrs.add(ix.sortKey);
    return {
      IndexName: name,
      KeySchema: [
        { AttributeName: ix.partitionKey, KeyType: 'HASH' },
        { AttributeName: ix.sortKey, KeyType: 'RANGE' },
      ],
      Projection:
        ix.projection === 'ALL'
          ? { ProjectionType: 'ALL' }
          : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...ix.projection] },
    };
  });
  const definitions: AttributeDefinition[] = [...attrs].map((a) => ({
    AttributeName: a,
    AttributeType: 'S',
  }));
  await createIfMissing(client, {
    TableName: names.main,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: definitions,
    KeySchema: [
      { AttributeName: MAIN_TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: MAIN_TABLE.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: gsis,
  });
  await createIfMissing(client, {
    TableName: names.idempotency,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: IDEMPOTENCY_TABLE.partitionKey, AttributeType: 'S' }],
    KeySchema: [{ AttributeName: IDEMPOTENCY_TABLE.partitionKey, KeyType: 'HASH' }],
  });
}

async function createIfMissing(
  client: DynamoDBClient,
  input: ConstructorParameters<typeof CreateTableCommand>[0],
) {
  try {
    await client.send(new CreateTableCommand(input));
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
}
