import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { clients } from './clients.ts';
import { config } from './config.ts';

/**
 * A retried request with the same Idempotency-Key returns the first result (ARCHITECTURE.md
 * invariant 7), through Powertools' idempotency utility and its DynamoDB persistence layer.
 *
 * We wrap the operation with `makeIdempotent`, not the middy middleware: when a concurrent
 * duplicate is refused as "in progress", the middleware's onError deletes the *running* request's
 * record, which lets a third duplicate run the operation again (measured: 20 concurrent retries
 * created 2 dossiers). The function wrapper does not delete on that path.
 */
export interface IdempotentInput<P, D = undefined> {
  /** The client's Idempotency-Key header. */
  idempotencyKey: string;
  /** What the key is scoped to (e.g. the dossier id), so one key cannot collide across resources. */
  scope: string;
  /** The request payload: a replay with a different payload is refused. */
  payload: P;
  /** Values derived from the payload (e.g. the procedure version); not part of the replay check. */
  derived: D;
}

export function idempotentOperation<P, D, R>(
  operationName: string,
  operation: (input: IdempotentInput<P, D>) => Promise<R>,
): (input: IdempotentInput<P, D>, context: Context) => Promise<R> {
  let wrapped: ((input: IdempotentInput<P, D>) => Promise<R>) | undefined;
  let idempotencyConfig: IdempotencyConfig | undefined;
  return async (input, context) => {
    if (!wrapped) {
      const cfg = config();
      idempotencyConfig = new IdempotencyConfig({
        eventKeyJmesPath: '[scope, idempotencyKey]',
        payloadValidationJmesPath: 'payload',
        expiresAfterSeconds: cfg.IDEMPOTENCY_TTL_SECONDS,
        throwOnNoIdempotencyKey: true,
      });
      wrapped = makeIdempotent(operation, {
        persistenceStore: new DynamoDBPersistenceLayer({
          tableName: cfg.IDEMPOTENCY_TABLE_NAME,
          awsSdkV3Client: clients().dynamodb,
        }),
        config: idempotencyConfig,
        keyPrefix: `motcua.${operationName}`,
      });
    }
    idempotencyConfig!.registerLambdaContext(context);
    return wrapped(input);
  };
}
