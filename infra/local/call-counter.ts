import type { IncomingMessage, Server } from 'node:http';

/**
 * Counts the AWS API calls that reach the local engines, by operation (`dynamodb:Query`,
 * `s3:GET`…). Counting at the engine sees every client, including the ones inside libraries
 * (Powertools' idempotency layer), which an SDK middleware on our own clients would miss. Tests
 * use it to prove there is no Scan in any request path; the bench reports calls per operation.
 */
export class CallCounter {
  private counts = new Map<string, number>();

  record(op: string): void {
    this.counts.set(op, (this.counts.get(op) ?? 0) + 1);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  /** Calls made since `before` (a snapshot), without zero entries. */
  since(before: Record<string, number>): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of this.counts) {
      const d = v - (before[k] ?? 0);
      if (d > 0) out[k] = d;
    }
    return out;
  }

  reset(): void {
    this.counts.clear();
  }

  attachDynamoDb(server: Server): void {
    server.on('request', (req: IncomingMessage) => {
      const target = req.headers['x-amz-target'];
      if (typeof target !== 'string') return;
      const op = target.split('.').pop();
      this.record(`dynamodb:${op}`);
      if (op === 'TransactWriteItems') {
        // Also count the items: DynamoDB bills two write units per item of a transaction.
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { TransactItems?: unknown[] };
            for (let i = 0; i < (body.TransactItems?.length ?? 0); i++)
              this.record('dynamodb:TransactWriteItems.items');
          } catch {
            // not JSON: the engine answers the error
          }
        });
      }
    });
  }

  attachS3(server: Server): void {
    server.on('request', (req: IncomingMessage) => {
      if (req.method !== 'OPTIONS') this.record(`s3:${req.method}`);
    });
  }
}

export const WRITE_OPERATIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:TransactWriteItems',
  's3:PUT',
  's3:POST',
  's3:DELETE',
];

export function countWrites(calls: Record<string, number>): number {
  return WRITE_OPERATIONS.reduce((n, op) => n + (calls[op] ?? 0), 0);
}

export function sumCalls(calls: Record<string, number>, prefix: string): number {
  return Object.entries(calls)
    .filter(([k]) => k.startsWith(prefix))
    .reduce((n, [, v]) => n + v, 0);
}
