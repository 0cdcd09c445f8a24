import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { clients } from './clients.ts';
import { config } from './config.ts';

/**
 * The staff directory: one profile item per staff member (`USER#<sub>` / `PROFILE`), indexed by
 * unit on gsi1 (`USERS#<department id or CENTRE>`). The same items carry the in-app unread count
 * (shared/adapters/outbox.ts); seeded locally, created with the Cognito user in AWS. Lists read
 * the index with a Query — never Scan, and never Cognito on a request path.
 */
export interface StaffMember {
  userId: string;
  name: string;
  role: string;
}

/** The members of one unit, sorted by name (Vietnamese collation). */
export async function listUnitStaff(unit: string): Promise<StaffMember[]> {
  const out: StaffMember[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await clients().doc.send(
      new QueryCommand({
        TableName: config().TABLE_NAME,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :u)',
        ExpressionAttributeValues: { ':p': `USERS#${unit}`, ':u': 'USER#' },
        ProjectionExpression: 'userId, #n, #r',
        ExpressionAttributeNames: { '#n': 'name', '#r': 'role' },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const i of res.Items ?? []) {
      if (typeof i.userId !== 'string') continue;
      out.push({ userId: i.userId, name: String(i.name ?? i.userId), role: String(i.role ?? '') });
    }
    start = res.LastEvaluatedKey;
  } while (start);
  return out.sort((a, b) => a.name.localeCompare(b.name, 'vi') || a.userId.localeCompare(b.userId));
}
