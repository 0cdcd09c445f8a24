import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { type IndexName, MAIN_TABLE, RATE_LIMIT_ITEM } from '../../shared/adapters/table-design.ts';
import type { RouteDef } from '../../shared/contracts/route-def.ts';
import { acknowledgeWildcardResource } from './nag.ts';

/**
 * What each function may do, action by action: the least-privilege grants. The route table's
 * `access` says read or write; this table says which calls, found by reading the code each handler
 * bundles (tests/infra/grants.test.ts re-derives them from the bundled code and fails when they
 * drift). No function is granted dynamodb:Scan: no request path scans (ARCHITECTURE.md invariant 5).
 */
export type ItemAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:ConditionCheckItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:BatchGetItem';

export interface FunctionGrants {
  /** Actions on the main table's items (TransactWriteItems is authorized per member action). */
  readonly table?: readonly ItemAction[];
  /**
   * The look-up rate counters: dynamodb:UpdateItem on the main table's `RATE#…` items only
   * (`dynamodb:LeadingKeys`), for each function that checks a citizen's look-up secret and counts
   * the failures (shared/http/citizen.ts). A statement of its own, so that it confines a function
   * whose other grants never write the table (LookupDossier, ReceiptPdf) to its counters.
   */
  readonly rateCounter?: boolean;
  /**
   * The revocation check of every staff request (shared/http/session.ts): dynamodb:GetItem on the
   * main table's `USER#…` items only (`dynamodb:LeadingKeys`), a statement of its own.
   */
  readonly staffSession?: boolean;
  /** Indexes of the main table this function queries (dynamodb:Query on each). */
  readonly indexes?: readonly IndexName[];
  /** Powertools idempotency records: GetItem, PutItem, UpdateItem, DeleteItem on the idempotency table. */
  readonly idempotency?: boolean;
  /**
   * `read`: s3:GetObject (verify uploads); `write`: s3:PutObject (sign presigned POST forms);
   * `delete`: s3:DeleteObject (expired drafts' uploads).
   */
  readonly documents?: readonly ('read' | 'write' | 'delete')[];
  /** `start`: states:StartExecution; `answer`: states:SendTaskSuccess. */
  readonly workflow?: 'start' | 'answer';
  /** ses:SendEmail from the MAIL_FROM identity with the configuration set. */
  readonly email?: boolean;
  /** The staff user pool's AdminCreateUser, AdminAddUserToGroup/RemoveFromGroup, AdminDisableUser. */
  readonly userPool?: boolean;
  /** secretsmanager:GetSecretValue on the payment gateway's keys (shared/payments/vnpay-gateway.ts). */
  readonly paymentKeys?: boolean;
  /**
   * kms:Sign with the signing keys (shared/signing/kms-signer.ts): `departments` for the results a
   * department's decision signs, `centre` for the forms the centre issues.
   */
  readonly sign?: 'departments' | 'centre';
}

/** Exactly the Cognito calls shared/adapters/staff-users-cognito.ts makes, on the staff pool only. */
export const USER_POOL_ACTIONS = [
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminUserGlobalSignOut',
] as const;

const GET: ItemAction = 'dynamodb:GetItem';
const QUERY: ItemAction = 'dynamodb:Query';
const PUT: ItemAction = 'dynamodb:PutItem';
const UPDATE: ItemAction = 'dynamodb:UpdateItem';
const CHECK: ItemAction = 'dynamodb:ConditionCheckItem';

/**
 * A staff or citizen action answering a workflow wait: the executor (load, commit, tokens, email).
 * The transition names staff actors from their directory profiles (BatchGet by key).
 */
const WORKFLOW_ACTION: FunctionGrants = {
  table: [GET, QUERY, PUT, UPDATE, CHECK, 'dynamodb:BatchGetItem'],
  indexes: ['gsi1'], // the calendar and the departments
  workflow: 'answer',
  email: true,
};

export const FUNCTION_GRANTS: Readonly<Record<string, FunctionGrants>> = {
  ListProcedures: { indexes: ['gsi1'] },
  GetProcedure: { table: [GET] },
  ListDepartments: { indexes: ['gsi1'] },
  // The version list and the calendar only when the form was built from tomorrow's version.
  CreateDossier: { table: [GET, QUERY, PUT], indexes: ['gsi1'], idempotency: true },
  CreateUploadSlots: { table: [GET, QUERY, PUT, UPDATE], documents: ['write'] },
  RemoveUpload: { table: [QUERY, PUT, UPDATE] },
  // Submissions read the calendar (gsi1): the reception day picks the procedure version.
  SubmitDossier: {
    table: [GET, QUERY, PUT, UPDATE],
    indexes: ['gsi1'],
    idempotency: true,
    documents: ['read'],
    workflow: 'start',
  },
  // The routes that check a look-up secret: each counts a failure on the source's rate counter
  // (one UpdateItem, RATE# keys only). The look-up itself is the code index and nothing else.
  LookupDossier: { rateCounter: true, indexes: ['byCode'] },
  ProvideSupplement: { ...WORKFLOW_ACTION, documents: ['read'], rateCounter: true },
  SupplementUploads: { table: [GET, QUERY, PUT, UPDATE], documents: ['write'], rateCounter: true },
  RateDossier: { table: [GET, QUERY, PUT, UPDATE], rateCounter: true },
  // Form 01 is signed by the centre when first rendered, its hash put on record (ISSUED#).
  ReceiptPdf: {
    table: [GET, QUERY, PUT],
    indexes: ['gsi1'],
    documents: ['read', 'write'],
    rateCounter: true,
    sign: 'centre',
  },
  WithdrawDossier: { ...WORKFLOW_ACTION, rateCounter: true },
  // The secret check (code item, dossier Query) and a presigned GET of the result document.
  ResultDownload: { table: [GET, QUERY], documents: ['read'], rateCounter: true },
  // The same, reading the stored result to check its signature (two reads: ISSUED#, SIGNCERT#).
  ResultVerification: { table: [GET, QUERY], documents: ['read'], rateCounter: true },
  // Anyone's PDF, checked against the record by hash and certificate fingerprint: two GetItems.
  VerifyPdf: { table: [GET] },
  // The flagged queue reads its page's flag items by key (reason, time: not in the index).
  Inbox: { table: ['dynamodb:BatchGetItem'], indexes: ['gsi1', 'inbox'] },
  ListNotifications: { table: [QUERY, UPDATE] },
  ReadNotification: { table: [QUERY, UPDATE] },
  // The dossier, its procedure version, staff names (BatchGet of profiles), and — while it waits
  // for intake — the appointment acceptance would give (the calendar and departments on gsi1).
  GetStaffDossier: { table: [GET, QUERY, 'dynamodb:BatchGetItem'], indexes: ['gsi1'], documents: ['read'] },
  IntakeDecision: WORKFLOW_ACTION,
  // Verifies the uploaded result; signs a final one (its department's key) and stores the signed file.
  StepDecision: { ...WORKFLOW_ACTION, documents: ['read', 'write'], sign: 'departments' },
  // One module (functions/staff/step-work.ts) serves the next three.
  // Assigning checks the officer against the department's staff directory (gsi1 USERS#<dept>).
  // The department's name (GetItem) for the email; staff actors named from their profiles (BatchGet).
  AssignHandler: {
    table: [GET, QUERY, PUT, UPDATE, CHECK, 'dynamodb:BatchGetItem'],
    indexes: ['gsi1'],
    email: true,
  },
  AddNote: { table: [QUERY, PUT, UPDATE, CHECK, 'dynamodb:BatchGetItem'] },
  ResultUpload: { table: [QUERY, PUT, UPDATE], documents: ['write'] },
  HandBack: WORKFLOW_ACTION,
  // Lifting a workflow failure: the dossier read, one transaction (flag removed, flag item
  // deleted, event and counters), a fresh execution; the flag again should the start fail.
  ResumeWorkflow: { table: [QUERY, PUT, UPDATE, 'dynamodb:DeleteItem'], workflow: 'start' },
  // Walk-in and postal registration: the online create, upload and submit paths on the officer's behalf.
  // The names of the officers who apply an exemption at the counter (BatchGet of profiles).
  WalkInCreate: { table: [GET, PUT, 'dynamodb:BatchGetItem'], idempotency: true },
  WalkInUploads: { table: [GET, QUERY, PUT, UPDATE], documents: ['write'] },
  WalkInPaperDocuments: { table: [GET, QUERY, PUT, UPDATE, CHECK, 'dynamodb:BatchGetItem'] },
  WalkInSubmit: {
    table: [GET, QUERY, PUT, UPDATE],
    indexes: ['gsi1'],
    idempotency: true,
    documents: ['read'],
    workflow: 'start',
  },
  DossierFormPdf: {
    table: [GET, QUERY, PUT],
    indexes: ['gsi1'],
    documents: ['read', 'write'],
    sign: 'centre',
  },
  // One module serves both calendar routes: each gets only what its own export calls.
  GetCalendarYear: { indexes: ['gsi1'] },
  PutCalendarYear: { table: [PUT] },
  // The counter queue (functions/queue/): no Scan; the display and the kiosk are one Query each.
  QueueLines: { table: [QUERY], indexes: ['gsi1'] },
  TakeTicket: { table: [PUT, UPDATE], indexes: ['gsi1'] },
  GetTicket: { table: [GET] },
  QueueDisplay: { table: [QUERY] },
  CounterRatingTarget: { table: [GET] },
  RateCounterService: { table: [GET, PUT, UPDATE] },
  GetCounter: { table: [GET] },
  // PUT: a number whose ticket never came is voided by the counter that waited for it.
  CounterAction: { table: [GET, PUT, UPDATE] },
  LinkTicketDossier: { table: [GET, UPDATE] },
  CounterStats: { table: [QUERY] },
  // The staff directory of a department: one Query on gsi1 (USERS#<dept>), never Cognito.
  ListStaff: { indexes: ['gsi1'] },
  // Administration (functions/admin/): each export gets what it calls.
  ListProcedureVersions: { table: [QUERY] },
  CreateProcedureVersion: { table: [GET, PUT] },
  ListAdminDepartments: { indexes: ['gsi1'] },
  GetAdminDepartment: { table: [GET] },
  SaveDepartment: { table: [GET, PUT] },
  ListStaffUsers: { indexes: ['gsi1'] },
  CreateStaffUser: { table: [GET, PUT], userPool: true },
  UpdateStaffUser: { table: [GET, PUT, UPDATE], userPool: true },
  AdminAuditMonth: { table: [QUERY] },
  UserAuditTrail: { indexes: ['gsi1'] },
  // Statistics (issue 7): counters only, whatever the number of dossiers; leadership adds gsi1 OVERDUE.
  PublicStatistics: { table: [QUERY] },
  StaffStatistics: { table: [QUERY], indexes: ['gsi1'] },
  // The register (form 06): its lines by month, then the dossiers' META items in batches.
  // The departments' names: one Query of gsi1.
  DossierRegister: { table: [QUERY, 'dynamodb:BatchGetItem'], indexes: ['gsi1'] },
  WorkflowTasks: WORKFLOW_ACTION,
  // Scheduled jobs (shared/contracts/jobs.ts).
  // The outbox: pending messages on gsi1, the staff of a unit (gsi1 USERS#<unit>), each notice and
  // the unread count in one transaction, the message's state; email through SES.
  SweepOutbox: { table: [PUT, UPDATE], indexes: ['gsi1'], email: true },
  // The overdue steps (gsi1 OVERDUE) and the departments (gsi1 DEPARTMENTS): reads only.
  OverdueScan: { indexes: ['gsi1'] },
  // The open day counters (gsi1), the dossier items of a day's numbers (BatchGet), each voided
  // number's code and register line in one transaction, the counter's progress.
  SweepDossierNumbers: { table: [PUT, UPDATE, 'dynamodb:BatchGetItem'], indexes: ['gsi1'] },
  // The abandoned drafts (gsi1 DRAFT#ONLINE), each draft's partition, its items and its uploads.
  ExpireDrafts: { table: [QUERY, 'dynamodb:DeleteItem'], indexes: ['gsi1'], documents: ['delete'] },
  // Fees paid online (shared/services/payments.ts): the dossier, its procedure versions, its
  // payment items; starting a payment writes one and signs the gateway URL with the merchant key.
  DraftFees: { table: [QUERY] },
  // The citizen's exemption claims: the draft, its procedure version and payments, one update.
  ClaimFeeExemptions: { table: [GET, QUERY, UPDATE] },
  StartDraftPayment: { table: [GET, QUERY, PUT], paymentKeys: true },
  LookupFees: { table: [GET, QUERY], rateCounter: true },
  StartLookupPayment: { table: [GET, QUERY, PUT], rateCounter: true, paymentKeys: true },
  // The IPN: the payment and dossier by key, the procedure, and the settling transaction.
  PaymentNotification: { table: [GET, QUERY, PUT, UPDATE], paymentKeys: true },
  PaymentReturn: { table: [GET], paymentKeys: true },
  ReconcilePayments: { table: [GET, QUERY, PUT, UPDATE], indexes: ['gsi1'], paymentKeys: true },
};

/**
 * The grants of `def`: from FUNCTION_GRANTS, or — for a function added to the route table but not
 * yet here — derived from its declared `access` (every item action of that kind, still no Scan).
 * tests/infra/grants.test.ts fails until the new function gets its own entry.
 */
export function grantsFor(def: RouteDef): FunctionGrants {
  // Every staff route checks its caller's session (not the workflow's or the jobs' functions).
  const staffSession = def.auth === 'STAFF' && def.path !== '' ? { staffSession: true } : {};
  const known = FUNCTION_GRANTS[def.id];
  if (known) return { ...known, ...staffSession };
  const a = def.access;
  return {
    table: a.table === 'write' ? [GET, QUERY, PUT, UPDATE, CHECK] : [GET, QUERY],
    indexes: Object.keys(MAIN_TABLE.indexes) as IndexName[],
    idempotency: a.idempotency === true,
    documents: a.documents === 'read-write' ? ['read', 'write'] : a.documents ? [a.documents] : [],
    ...(a.workflow ? { workflow: a.workflow } : {}),
    email: a.email === true,
    userPool: a.userPool === true,
    paymentKeys: a.payments === true,
    ...staffSession,
  };
}

export interface GrantTargets {
  readonly table: dynamodb.ITable;
  readonly idempotencyTable: dynamodb.ITable;
  /** ARN of the documents' objects (`…/dossiers/*`), built in the grantee's stack. */
  readonly documentsObjectsArn: string;
  /** The customer-managed key of the tables and the bucket. */
  readonly key: kms.IKey;
  /** The dossier state machine's ARN (a fixed-name ARN inside the workflow stack: no cycle). */
  readonly stateMachineArn?: string | undefined;
  /** ARNs that ses:SendEmail is allowed on: the sending identity and the configuration set. */
  readonly emailResources?: readonly string[] | undefined;
  /** The staff user pool's ARN (staff-user administration). */
  readonly userPoolArn?: string | undefined;
  /** The payment gateway's keys (a Secrets Manager secret's ARN). */
  readonly paymentKeysArn?: string | undefined;
  /** The signing keys (kms:Sign). */
  readonly signingKeys?: { centre: kms.IKey; departments: readonly kms.IKey[] } | undefined;
}

/** Partition-key prefix of the staff profiles the session check reads (`USER#<sub>`). */
export const STAFF_PROFILE_PREFIX = 'USER#';

/** Key prefix of every uploaded document (functions/public/create-upload-slots.ts). */
export const DOCUMENTS_PREFIX = 'dossiers/';

/** Adds explicit statements, one per service, to `grantee`'s policy. No wildcard actions. */
export function applyGrants(grantee: lambda.IFunction, g: FunctionGrants, t: GrantTargets): void {
  const role = grantee.role;
  if (!role) throw new Error(`${grantee.node.path} has no role`);
  const add = (actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions, resources, ...(conditions ? { conditions } : {}) }),
    );
  const tableItems = g.table ?? [];
  let tableWrites = false;
  if (tableItems.length > 0) {
    add([...tableItems], [t.table.tableArn]);
    tableWrites = tableItems.some((a) => a !== 'dynamodb:GetItem' && a !== 'dynamodb:Query');
  }
  if (g.rateCounter) {
    add([UPDATE], [t.table.tableArn], {
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${RATE_LIMIT_ITEM.pkPrefix}*`] },
    });
    tableWrites = true;
  }
  if (g.staffSession) {
    add([GET], [t.table.tableArn], {
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${STAFF_PROFILE_PREFIX}*`] },
    });
  }
  if (g.indexes?.length) {
    add(
      ['dynamodb:Query'],
      g.indexes.map((i) => `${t.table.tableArn}/index/${i}`),
    );
  }
  if (g.idempotency) {
    add(
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      [t.idempotencyTable.tableArn],
    );
    tableWrites = true;
  }
  if (g.paymentKeys) {
    if (!t.paymentKeysArn) throw new Error(`${grantee.node.path} reads the payment keys: give their ARN`);
    add(['secretsmanager:GetSecretValue'], [t.paymentKeysArn]);
  }
  const docs = g.documents ?? [];
  if (docs.includes('read')) add(['s3:GetObject'], [t.documentsObjectsArn]);
  if (docs.includes('write')) add(['s3:PutObject'], [t.documentsObjectsArn]);
  if (docs.includes('delete')) add(['s3:DeleteObject'], [t.documentsObjectsArn]);
  if (docs.length > 0) {
    acknowledgeWildcardResource(
      role,
      t.documentsObjectsArn,
      'Documents have random keys under dossiers/ (one per upload): the grant covers that prefix only.',
    );
  }

  // The customer-managed key, only through DynamoDB and S3 (kms:ViaService), never directly.
  const region = Stack.of(grantee).region;
  const kmsActions = new Set<string>();
  const via = new Set<string>();
  if (tableItems.length > 0 || g.rateCounter || g.staffSession || g.indexes?.length || g.idempotency) {
    via.add(`dynamodb.${region}.amazonaws.com`);
    for (const a of ['kms:Decrypt', 'kms:DescribeKey']) kmsActions.add(a);
    if (tableWrites) for (const a of ['kms:Encrypt', 'kms:GenerateDataKey']) kmsActions.add(a);
  }
  if (docs.length > 0) via.add(`s3.${region}.amazonaws.com`);
  if (docs.includes('read')) kmsActions.add('kms:Decrypt');
  if (docs.includes('write')) kmsActions.add('kms:GenerateDataKey');
  if (kmsActions.size > 0) {
    add([...kmsActions].sort(), [t.key.keyArn], { StringEquals: { 'kms:ViaService': [...via].sort() } });
  }

  if (g.workflow) {
    if (!t.stateMachineArn) throw new Error('a workflow grant needs the state machine ARN');
    add([g.workflow === 'start' ? 'states:StartExecution' : 'states:SendTaskSuccess'], [t.stateMachineArn]);
  }
  if (g.userPool) {
    if (!t.userPoolArn) throw new Error('a user-pool grant needs the pool ARN');
    add([...USER_POOL_ACTIONS], [t.userPoolArn]);
  }
  if (g.sign) {
    if (!t.signingKeys) throw new Error('a signing grant needs the signing keys');
    const keys = g.sign === 'centre' ? [t.signingKeys.centre] : t.signingKeys.departments;
    add(
      ['kms:Sign'],
      keys.map((k) => k.keyArn),
    );
  }
  if (g.email) {
    if (!t.emailResources?.length) throw new Error('an email grant needs the SES identity ARNs');
    add(['ses:SendEmail'], [...t.emailResources]);
    for (const arn of t.emailResources.filter((r) => r.includes(':identity/*'))) {
      acknowledgeWildcardResource(
        role,
        arn,
        'SES sandbox (dev): recipients must be verified identities and IAM checks ses:SendEmail on each.',
      );
    }
  }
}

/** The ARN of a state machine named `name` in `scope`'s account and region, without a token. */
export function stateMachineArnFor(scope: Construct, name: string): string {
  return Stack.of(scope).formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: name,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}
