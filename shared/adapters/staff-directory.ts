import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { clients, queryAll } from './clients.ts';
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
  const items = await queryAll({
    TableName: config().TABLE_NAME,
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :u)',
    ExpressionAttributeValues: { ':p': `USERS#${unit}`, ':u': 'USER#' },
    ProjectionExpression: 'userId, #n, #r',
    ExpressionAttributeNames: { '#n': 'name', '#r': 'role' },
  });
  const out: StaffMember[] = [];
  for (const i of items) {
    if (typeof i.userId !== 'string') continue;
    out.push({ userId: i.userId, name: String(i.name ?? i.userId), role: String(i.role ?? '') });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, 'vi') || a.userId.localeCompare(b.userId));
}

/** One member of a unit, by id (undefined: not a member of that unit). */
export async function unitMember(unit: string, userId: string) {
  const res = await clients().doc.send(
    new QueryCommand({
      TableName: config().TABLE_NAME,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p AND gsi1sk = :u',
      ExpressionAttributeValues: { ':p': `USERS#${unit}`, ':u': `USER#${userId}` },
    }),
  );
  return res.Items?.[0] as { userId: string; name: string; email: string; role: string } | undefined;
}

/**
 * The names of staff members by id, read from their directory profiles (one BatchGet per 100).
 * An id with no profile (a deleted account) is absent from the answer.
 */
export async function staffNames(ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)].filter(Boolean);
  const out = new Map<string, string>();
  for (let i = 0; i < unique.length; i += 100) {
    let keys: Record<string, unknown>[] = unique
      .slice(i, i + 100)
      .map((id) => ({ pk: `USER#${id}`, sk: 'PROFILE' }));
    for (let attempt = 0; keys.length && attempt < 5; attempt++) {
      const res = await clients().doc.send(
        new BatchGetCommand({
          RequestItems: {
            [config().TABLE_NAME]: {
              Keys: keys,
              ProjectionExpression: 'userId, #n',
              ExpressionAttributeNames: { '#n': 'name' },
            },
          },
        }),
      );
      for (const item of res.Responses?.[config().TABLE_NAME] ?? []) {
        if (typeof item.userId === 'string' && typeof item.name === 'string') out.set(item.userId, item.name);
      }
      keys =
        (res.UnprocessedKeys?.[config().TABLE_NAME]?.Keys as Record<string, unknown>[] | undefined) ?? [];
    }
  }
  return out;
}

/**
 * Events as they are kept: a staff actor carries the name they had at the time (the id stays the
 * reference; pages show the directory's current name and fall back to this one).
 */
export async function withActorNames<E extends { actor: { kind: string; id: string; name?: string } }>(
  events: E[],
): Promise<E[]> {
  const missing = events.filter((e) => e.actor.kind === 'STAFF' && !e.actor.name).map((e) => e.actor.id);
  if (!missing.length) return events;
  const names = await staffNames(missing);
  return events.map((e) => {
    const name = e.actor.kind === 'STAFF' && !e.actor.name ? names.get(e.actor.id) : undefined;
    return name ? { ...e, actor: { ...e.actor, name } } : e;
  });
}
