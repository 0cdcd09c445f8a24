import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTION_GRANTS, type ItemAction, USER_POOL_ACTIONS } from '../../infra/stacks/grants.ts';
import { JOBS } from '../../shared/contracts/jobs.ts';
import type { RouteDef } from '../../shared/contracts/route-def.ts';
import { ROUTES, WORKFLOW_FUNCTIONS } from '../../shared/contracts/routes.ts';
import { type CodeUsage, codeUsage } from './code-usage.ts';
import {
  buildApp,
  functionOf,
  list,
  REPO_ROOT,
  type Statement,
  statementsOf,
  templateWith,
} from './support.ts';

/**
 * Each function's grants are limited to what its code uses: the grants in the synthesized template
 * are compared, call by call, with the calls found in the function's bundled code.
 */
const { t } = buildApp('dev');
const ALL: RouteDef[] = [...ROUTES, ...WORKFLOW_FUNCTIONS, ...JOBS];
const templateOf = (def: RouteDef) => templateWith(t, def.id);

interface Granted {
  table: Set<string>;
  indexes: Set<string>;
  idempotency: Set<string>;
  documents: Set<string>;
  states: Set<string>;
  ses: Set<string>;
  /** kms:Sign, on the signing keys only. */
  sign: Set<string>;
  /** Cognito calls, checked on their own below (the bundle analysis sees only AWS data calls). */
  cognito: Set<string>;
  other: string[];
}

/** The template's grants of one function, sorted by what they reach. */
function granted(statements: Statement[]): Granted {
  const g: Granted = {
    table: new Set(),
    indexes: new Set(),
    idempotency: new Set(),
    documents: new Set(),
    states: new Set(),
    ses: new Set(),
    sign: new Set(),
    cognito: new Set(),
    other: [],
  };
  for (const s of statements) {
    // The staff session check's own statement (USER# items only): asserted on its own below.
    if (JSON.stringify(s.Condition ?? {}).includes('"USER#*"')) continue;
    for (const resource of list(s.Resource)) {
      const r = JSON.stringify(resource);
      for (const a of list(s.Action)) {
        if (a.startsWith('dynamodb:')) {
          const index = /\/index\/(\w+)/.exec(r)?.[1];
          if (index) g.indexes.add(`${index}:${a}`);
          else if (r.includes('IdempotencyTable')) g.idempotency.add(a);
          else if (r.includes('MainTable')) g.table.add(a);
          else g.other.push(`${a} on ${r}`);
        } else if (a.startsWith('s3:')) {
          expect(r, `${a} is limited to the documents' prefix`).toMatch(/documents.*\/dossiers\/\*/);
          g.documents.add(a);
        } else if (a.startsWith('states:')) g.states.add(a);
        else if (a.startsWith('ses:')) g.ses.add(a);
        else if (a.startsWith('cognito-idp:')) {
          expect(r, `${a} is limited to the staff user pool`).toMatch(/StaffUserPool/);
          g.cognito.add(a);
        } else if (a === 'kms:Sign') {
          expect(r, `${a} is limited to the signing keys`).toMatch(/SigningKey/);
          g.sign.add(a);
        } else if (a.startsWith('kms:')) {
          expect(s.Condition, `${a} only through DynamoDB/S3`).toHaveProperty([
            'StringEquals',
            'kms:ViaService',
          ]);
        } else if (
          !/^(logs:(CreateLogStream|PutLogEvents)|xray:(PutTraceSegments|PutTelemetryRecords))$/.test(a)
        ) {
          g.other.push(`${a} on ${r}`);
        }
      }
    }
  }
  return g;
}

const expectedFrom = (u: CodeUsage) => ({
  table: [...u.table].sort(),
  indexes: [...u.indexes].map((i) => `${i}:dynamodb:Query`).sort(),
  idempotency: u.idempotency
    ? ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']
    : [],
  documents: [
    ...(u.documents.has('read') ? ['s3:GetObject'] : []),
    ...(u.documents.has('write') ? ['s3:PutObject'] : []),
    ...(u.documents.has('delete') ? ['s3:DeleteObject'] : []),
  ].sort(),
  states: [
    ...(u.workflow.has('start') ? ['states:StartExecution'] : []),
    ...(u.workflow.has('answer') ? ['states:SendTaskSuccess'] : []),
  ].sort(),
  ses: u.email ? ['ses:SendEmail'] : [],
  sign: u.sign ? ['kms:Sign'] : [],
});
const sortedOf = (g: Granted) => ({
  table: [...g.table].sort(),
  indexes: [...g.indexes].sort(),
  idempotency: [...g.idempotency].sort(),
  documents: [...g.documents].sort(),
  states: [...g.states].sort(),
  ses: [...g.ses].sort(),
  sign: [...g.sign].sort(),
});
const union = (gs: ReturnType<typeof sortedOf>[]) => {
  const keys = ['table', 'indexes', 'idempotency', 'documents', 'states', 'ses', 'sign'] as const;
  return Object.fromEntries(keys.map((k) => [k, [...new Set(gs.flatMap((g) => g[k]))].sort()]));
};
const isSubset = (a: ReturnType<typeof sortedOf>, b: ReturnType<typeof sortedOf>) =>
  (Object.keys(a) as (keyof typeof a)[]).every((k) => a[k].every((x) => b[k].includes(x)));

describe('least-privilege grants', () => {
  it('declares the grants of every function explicitly (infra/stacks/grants.ts)', () => {
    const missing = ALL.map((d) => d.id).filter((id) => !FUNCTION_GRANTS[id]);
    expect(missing, 'add these to FUNCTION_GRANTS').toEqual([]);
  });

  // One test per module: routes served by one module share its code, so each route's grants must
  // be part of what the module uses, and together they must cover it.
  const byModule = new Map<string, RouteDef[]>();
  for (const def of ALL) byModule.set(def.handler, [...(byModule.get(def.handler) ?? []), def]);
  for (const [handler, defs] of byModule) {
    it(`limits ${defs.map((d) => d.id).join(' + ')} to what ${handler} calls`, async () => {
      const used = expectedFrom(await codeUsage(handler, REPO_ROOT));
      const grants = defs.map((d) => {
        const g = granted(statementsOf(templateOf(d), d.id));
        expect(g.other, `${d.id}: unexpected grants`).toEqual([]);
        return sortedOf(g);
      });
      if (defs.length === 1) expect(grants[0], defs[0]!.id).toEqual(used);
      else {
        for (const [i, g] of grants.entries()) expect(isSubset(g, used), defs[i]!.id).toBe(true);
        expect(union(grants)).toEqual(used);
      }
    });
  }

  // The routes that check a citizen's look-up secret and count its failures (shared/http/citizen.ts).
  const SECRET_CHECKING = [
    'LookupDossier',
    'SupplementUploads',
    'ProvideSupplement',
    'WithdrawDossier',
    'RateDossier',
    'ReceiptPdf',
    'ResultDownload',
    'ResultVerification',
  ];
  const RATE_ONLY = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RATE#*'] } };
  const environmentOf = (def: RouteDef) =>
    (
      functionOf(templateOf(def), def.id)[1].Properties as {
        Environment: { Variables: Record<string, unknown> };
      }
    ).Environment.Variables;
  const ddbStatements = (def: RouteDef) =>
    statementsOf(templateOf(def), def.id).filter((s) =>
      list(s.Action).some((a) => a.startsWith('dynamodb:')),
    );

  it('names every handler that checks a look-up secret, and only those get the RATE# counter grant', () => {
    const checking = ALL.filter((d) =>
      /\b(citizenDossier|citizenDossierId|secretCheckFailed)\(/.test(
        readFileSync(path.join(REPO_ROOT, d.handler), 'utf8'),
      ),
    ).map((d) => d.id);
    expect(checking.sort()).toEqual([...SECRET_CHECKING].sort());
    for (const def of ALL) {
      const conditioned = ddbStatements(def).filter((s) =>
        JSON.stringify(s.Condition ?? {}).includes('RATE#'),
      );
      if (SECRET_CHECKING.includes(def.id)) {
        expect(FUNCTION_GRANTS[def.id]?.rateCounter, def.id).toBe(true);
        expect(conditioned, def.id).toHaveLength(1);
      } else expect(conditioned, def.id).toEqual([]);
    }
  });

  for (const id of SECRET_CHECKING) {
    it(`lets ${id} update the table's RATE# items (its failure counter) with a leading-keys condition`, () => {
      const def = ALL.find((d) => d.id === id)!;
      const counter = ddbStatements(def).filter((s) => JSON.stringify(s.Condition ?? {}).includes('RATE#'));
      expect(counter).toHaveLength(1);
      expect(list(counter[0]!.Action)).toEqual(['dynamodb:UpdateItem']);
      const resources = list(counter[0]!.Resource).map((r) => JSON.stringify(r));
      expect(resources).toHaveLength(1);
      expect(resources[0]).toMatch(/MainTable/);
      expect(resources[0]).not.toMatch(/\/index\//);
      expect(counter[0]!.Condition).toEqual(RATE_ONLY);
      // The key to hash source addresses, from the generated secret by a dynamic reference.
      const key = JSON.stringify(environmentOf(def).LOOKUP_RATE_LIMIT_KEY);
      expect(key).toMatch(/\{\{resolve:secretsmanager:.*LookupRateLimitKey.*:SecretString:::\}\}/);
      // The limit itself comes from the environment's configuration (infra/config/environments.ts).
      expect(environmentOf(def).LOOKUP_RATE_LIMIT_MAX_FAILURES).toBe('10');
      expect(environmentOf(def).LOOKUP_RATE_LIMIT_WINDOW_SECONDS).toBe('900');
    });
  }

  it("lets every staff route read its caller's profile (USER# items only) for the session check, and no other function", async () => {
    const SESSION_ONLY = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['USER#*'] } };
    for (const def of ALL) {
      const session = ddbStatements(def).filter((s) => JSON.stringify(s.Condition ?? {}).includes('USER#'));
      const staffRoute = ROUTES.includes(def) && def.auth === 'STAFF';
      if (!staffRoute) {
        expect(session, def.id).toEqual([]);
        continue;
      }
      expect(session, def.id).toHaveLength(1);
      expect(list(session[0]!.Action)).toEqual(['dynamodb:GetItem']);
      expect(JSON.stringify(session[0]!.Resource)).not.toMatch(/\/index\//);
      expect(session[0]!.Condition).toEqual(SESSION_ONLY);
    }
    // …and the check is in the code they run.
    const staff = ROUTES.find((r) => r.auth === 'STAFF')!;
    expect((await codeUsage(staff.handler, REPO_ROOT)).session).toBe(true);
  });

  it('lets LookupDossier touch no dossier item: the byCode index to read, RATE# items to count, nothing else', () => {
    const def = ALL.find((d) => d.id === 'LookupDossier')!;
    const ddb = ddbStatements(def);
    const onIndex = ddb.filter((s) =>
      list(s.Resource).every((r) => /\/index\/byCode"/.test(JSON.stringify(r))),
    );
    expect(onIndex.flatMap((s) => list(s.Action))).toEqual(['dynamodb:Query']);
    const onTable = ddb.filter((s) => !onIndex.includes(s));
    expect(onTable).toHaveLength(1);
    expect(onTable[0]!.Condition).toEqual(RATE_ONLY);
    const statements = statementsOf(templateWith(t, 'LookupDossier'), 'LookupDossier');
    const services = new Set(statements.flatMap((s) => list(s.Action)).map((a) => a.split(':')[0]));
    expect([...services].sort()).toEqual(['dynamodb', 'kms', 'logs', 'xray']);
  });

  it('gives ReceiptPdf no table update but its RATE# counter; its one other write puts the signed form on record', () => {
    const def = ALL.find((d) => d.id === 'ReceiptPdf')!;
    const writes = ddbStatements(def).filter((s) =>
      list(s.Action).some((a) => !['dynamodb:GetItem', 'dynamodb:Query'].includes(a)),
    );
    const counter = writes.filter((s) => JSON.stringify(s.Condition ?? {}).includes('RATE#'));
    expect(counter).toHaveLength(1);
    expect(list(counter[0]!.Action)).toEqual(['dynamodb:UpdateItem']);
    expect(counter[0]!.Condition).toEqual(RATE_ONLY);
    const others = writes.filter((s) => s !== counter[0]).flatMap((s) => list(s.Action));
    expect(others.filter((a) => !['dynamodb:GetItem', 'dynamodb:Query'].includes(a))).toEqual([
      'dynamodb:PutItem',
    ]);
  });

  it("gives the rate counters' key to the secret-checking functions and the ticket kiosk only", () => {
    // TakeTicket keys its per-client ticket limit with the same HMAC key (shared/contracts/queue-limits.ts).
    for (const def of ALL) {
      expect('LOOKUP_RATE_LIMIT_KEY' in environmentOf(def), def.id).toBe(
        SECRET_CHECKING.includes(def.id) || def.id === 'TakeTicket',
      );
    }
  });

  it('lets the workflow and staff actions answer waits but never start executions', () => {
    for (const id of ['IntakeDecision', 'StepDecision', 'HandBack', 'WorkflowTasks']) {
      const def = ALL.find((d) => d.id === id)!;
      const actions = statementsOf(templateOf(def), id).flatMap((s) => list(s.Action));
      expect(actions, id).toContain('states:SendTaskSuccess');
      expect(actions, id).not.toContain('states:StartExecution');
    }
  });

  it('names the state machine without a token in the tasks function policy (no cycle)', () => {
    const s = statementsOf(t.workflow, 'WorkflowTasks').find((x) =>
      list(x.Action).includes('states:SendTaskSuccess'),
    );
    expect(JSON.stringify(s?.Resource)).toContain(':stateMachine:Motcua-dev-Workflow-dossier');
  });

  it('lets only the staff-user administration call Cognito, with exactly its five Admin* calls', async () => {
    const cognitoCalls = new Set<string>();
    for (const def of ALL) {
      const g = granted(statementsOf(templateOf(def), def.id));
      if (FUNCTION_GRANTS[def.id]?.userPool) {
        expect([...g.cognito].sort(), def.id).toEqual([...USER_POOL_ACTIONS]);
        for (const c of g.cognito) cognitoCalls.add(c);
      } else expect([...g.cognito], def.id).toEqual([]);
    }
    // The calls the Cognito adapter constructs are exactly those granted.
    const src = readFileSync(path.join(REPO_ROOT, 'shared/adapters/staff-users-cognito.ts'), 'utf8');
    const constructed = [...src.matchAll(/new (Admin\w+)Command\(/g)].map((m) => `cognito-idp:${m[1]}`);
    expect([...new Set(constructed)].sort()).toEqual([...cognitoCalls].sort());
  });

  it('uses no table action outside the declared item actions', () => {
    const allowed: ItemAction[] = [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchGetItem',
    ];
    for (const def of ALL) {
      const actions = statementsOf(templateOf(def), def.id)
        .flatMap((s) => list(s.Action))
        .filter((a) => a.startsWith('dynamodb:'));
      for (const a of actions) expect(allowed, `${def.id}: ${a}`).toContain(a);
    }
  });
});
