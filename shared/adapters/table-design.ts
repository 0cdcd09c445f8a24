/**
 * The DynamoDB design, declared once: the CDK data stack and the local stack both create tables
 * from this, and the repositories use the same names. Access patterns are listed in the README.
 */
export const MAIN_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /**
   * DynamoDB TTL: items carrying this attribute (epoch seconds) are removed by DynamoDB after that
   * time. Only short-lived bookkeeping sets it — the look-up rate counters (RATE_LIMIT_ITEM) — never
   * a dossier, its events or its documents, which are records kept by law.
   */
  ttlAttribute: 'expiration',
  indexes: {
    /**
     * Overloaded index: the catalogue (`CATALOGUE` → `PROC#code`), departments (`DEPARTMENTS`),
     * active workflows (`WORKFLOW#ACTIVE`), the steps overdue now (`OVERDUE` → `<dueAt>#…`) and
     * the online drafts by their last change (`DRAFT#ONLINE` → `<ISO time>#<id>`, for their expiry).
     */
    gsi1: { partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'ALL' as const },
    /**
     * Citizen look-up by dossier code: the dossier's META item and its events carry `code` once
     * submitted. Only non-personal attributes are projected, so this index holds no PII at all.
     */
    byCode: {
      partitionKey: 'code',
      sortKey: 'sk',
      projection: [
        'status',
        'secretHash',
        'procedureCode',
        'procedureName',
        'departmentId',
        'submittedAt',
        'type',
        'at',
        'toStatus',
        // what the citizen must know and do: appointment, the latest notice, each agency's step
        'appointment',
        'notice',
        'rated',
        // how the result comes back: ready / returned times, the online document, the postal tracking
        'resultReturn',
        'stepId',
        'stage',
        'dueDate',
        'citizenDueAt',
      ],
    },
    /**
     * Work queues sorted by due time: a department's active steps (`INBOX#<dept>#ACTIVE`), its
     * steps waiting for the citizen (`…#CITIZEN`), and the centre's intake and return queues
     * (`INBOX#CENTRE#INTAKE`, `…#RETURN`), and the dossiers whose workflow failed for good
     * (`INBOX#CENTRE#FLAGGED`, from their `FLAG#WORKFLOW` item). Sort key
     * `<due or received ISO time>#<dossier>#<step>`.
     */
    inbox: {
      partitionKey: 'inboxPk',
      sortKey: 'inboxSk',
      projection: [
        'dossierId',
        // the dossier's own id on META items (the centre's queues)
        'id',
        'code',
        'procedureCode',
        'procedureName',
        'status',
        'stepId',
        'stage',
        'departmentId',
        'dueDate',
        'dueAt',
        'handler',
        'reminded',
        'escalatedAt',
        'citizenDueAt',
        'receivedAt',
        'submittedAt',
        'appointment',
      ],
    },
  },
} as const;

/**
 * Failed citizen look-ups of one source in one window (shared/adapters/rate-limit.ts):
 * `pk = RATE#<HMAC of the source IP>#<window index>`, `sk = RATE`, attributes `failures` (a counter)
 * and `expiration` (epoch seconds, the window's end: removed by TTL). No raw IP is ever stored.
 * The look-up function's IAM policy admits table keys starting with `RATE#` only.
 */
export const RATE_LIMIT_ITEM = {
  pkPrefix: 'RATE#',
  pk: (sourceHash: string, window: number) => `RATE#${sourceHash}#${window}`,
  sk: 'RATE',
  ttlAttribute: MAIN_TABLE.ttlAttribute,
} as const;

export const IDEMPOTENCY_TABLE = {
  partitionKey: 'id',
  /** Powertools writes an epoch-seconds expiry here; DynamoDB TTL removes old records. */
  ttlAttribute: 'expiration',
} as const;

export type IndexName = keyof typeof MAIN_TABLE.indexes;
