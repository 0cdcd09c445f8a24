import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyItemNotFoundError,
  IdempotencyRecordStatus,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { DomainError } from '../domain/errors.ts';
import { clients } from './clients.ts';
import { config } from './config.ts';

/**
 * A retried request with the same Idempotency-Key returns the first result (ARCHITECTURE.md
 * invariant 7), through Powertools' idempotency utility and its DynamoDB persistence layer.
 *
 * We wrap the operation with `makeIdempotent`, not the middy middleware: when a concurrent
 * duplicate is refused as "in progress", the middleware's onError deletes the *running* request's
 * record, which lets a third duplicate run the operation again (20 concurrent retries created 2
 * dossiers that way). The function wrapper does not delete on that path.
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

export interface IdempotentOperation<P, D, R> {
  /** Runs the operation once per key; replays return the stored result. */
  run(input: IdempotentInput<P, D>, context: Context): Promise<R>;
  /** The stored result of a completed earlier run with this key, if any — reads only, never writes. */
  replay(input: IdempotentInput<P, D>): Promise<R | undefined>;
}

/**
 * Powertools' refusals as DomainErrors with codes, so shared/http/handler.ts (imported by every
 * handler) need not import Powertools idempotency: only the handlers that use it bundle it.
 */
function asRefusal(err: unknown): unknown {
  if (err instanceof IdempotencyAlreadyInProgressError) return new DomainError('IDEMPOTENCY_IN_PROGRESS');
  if (err instanceof IdempotencyValidationError) return new DomainError('IDEMPOTENCY_KEY_REUSED');
  return err;
}

export function idempotentOperation<P, D, R>(
  operationName: string,
  operation: (input: IdempotentInput<P, D>) => Promise<R>,
): IdempotentOperation<P, D, R> {
  let state:
    | {
        cfg: ReturnType<typeof config>;
        wrapped: (input: IdempotentInput<P, D>) => Promise<R>;
        idempotencyConfig: IdempotencyConfig;
        store: DynamoDBPersistenceLayer;
      }
    | undefined;
  const keyPrefix = `motcua.${operationName}`;
  const init = () => {
    const cfg = config();
    // Built once per configuration (a warm function keeps it; a new local stack gets a new one).
    if (state?.cfg === cfg) return state;
    const idempotencyConfig = new IdempotencyConfig({
      eventKeyJmesPath: '[scope, idempotencyKey]',
      payloadValidationJmesPath: 'payload',
      expiresAfterSeconds: cfg.IDEMPOTENCY_TTL_SECONDS,
      throwOnNoIdempotencyKey: true,
    });
    const store = new DynamoDBPersistenceLayer({
      tableName: cfg.IDEMPOTENCY_TABLE_NAME,
      awsSdkV3Client: clients().dynamodb,
    });
    const wrapped = makeIdempotent(operation, {
      persistenceStore: store,
      config: idempotencyConfig,
      keyPrefix,
    });
    state = { cfg, wrapped, idempotencyConfig, store };
    return state;
  };
  return {
    async run(input, context) {
      const s = init();
      s.idempotencyConfig.registerLambdaContext(context);
      try {
        return await s.wrapped(input);
      } catch (err) {
        throw asRefusal(err);
      }
    },
    async replay(input) {
      const s = init();
      s.store.configure({ config: s.idempotencyConfig, keyPrefix });
      try {
        const record = await s.store.getRecord(input as unknown as Parameters<typeof s.store.getRecord>[0]);
        return record.getStatus() === IdempotencyRecordStatus.COMPLETED
          ? (record.getResponse() as R)
          : undefined;
      } catch (err) {
        if (err instanceof IdempotencyItemNotFoundError) return undefined;
        throw asRefusal(err);
      }
    },
  };
}
