import * as path from 'node:path';
import { build } from 'esbuild';
import type { ItemAction } from '../../infra/stacks/grants.ts';
import type { IndexName } from '../../shared/adapters/table-design.ts';

/**
 * What a function's code can call, read from its bundle (our code bundled, every package left
 * external so its imports stay visible): the AWS SDK commands it imports and the DynamoDB shapes
 * it builds. Used to check the least-privilege grants against the code.
 */
export interface CodeUsage {
  table: Set<ItemAction>;
  indexes: Set<IndexName>;
  idempotency: boolean;
  documents: Set<'read' | 'write' | 'delete'>;
  workflow: Set<'start' | 'answer'>;
  email: boolean;
  /** KMS Sign (shared/signing/kms-signer.ts): a signed result or form. */
  sign: boolean;
  /**
   * The bundle holds the staff session check (shared/http/session.ts, in every handler through
   * shared/http/handler.ts; it runs for staff routes only). Its one read, GetItem on USER#<sub>
   * PROFILE, has its own leading-keys statement, so it is taken out of `table` above.
   */
  session: boolean;
}

const COMMAND_ACTIONS: Record<string, ItemAction | undefined> = {
  GetCommand: 'dynamodb:GetItem',
  GetItemCommand: 'dynamodb:GetItem',
  PutCommand: 'dynamodb:PutItem',
  PutItemCommand: 'dynamodb:PutItem',
  UpdateCommand: 'dynamodb:UpdateItem',
  UpdateItemCommand: 'dynamodb:UpdateItem',
  DeleteCommand: 'dynamodb:DeleteItem',
  DeleteItemCommand: 'dynamodb:DeleteItem',
  BatchGetCommand: 'dynamodb:BatchGetItem',
  BatchGetItemCommand: 'dynamodb:BatchGetItem',
};

/** The text of the call starting at `start` (an opening parenthesis), parentheses balanced. */
function callText(code: string, start: number): string {
  let depth = 0;
  for (let i = start; i < code.length; i++) {
    if (code[i] === '(') depth++;
    else if (code[i] === ')' && --depth === 0) return code.slice(start, i + 1);
  }
  return code.slice(start);
}

export async function codeUsage(entry: string, repoRoot: string): Promise<CodeUsage> {
  const out = await build({
    entryPoints: [path.join(repoRoot, entry)],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node24',
    write: false,
    logLevel: 'silent',
    absWorkingDir: repoRoot,
  });
  // Tree-shaken code; external imports stay listed whole, so look at call sites, not imports.
  let code = (out.outputFiles[0]?.text ?? '').replace(/^import[^;]*;$/gm, '');
  const sessionAt = code.indexOf('async function staffProfileForSession(');
  if (sessionAt >= 0) {
    const bodyAt = code.indexOf('{', code.indexOf(')', sessionAt));
    let depth = 0;
    let end = bodyAt;
    for (; end < code.length; end++) {
      if (code[end] === '{') depth++;
      else if (code[end] === '}' && --depth === 0) break;
    }
    code = code.slice(0, sessionAt) + code.slice(end + 1);
  }
  const calls = (name: string) => new RegExp(`\\b${name}\\d*\\(`).test(code);
  const constructs = (name: string) => new RegExp(`\\bnew ${name}\\d*\\(`).test(code);

  const usage: CodeUsage = {
    table: new Set(),
    indexes: new Set(),
    idempotency: calls('makeIdempotent') || constructs('DynamoDBPersistenceLayer'),
    documents: new Set(),
    workflow: new Set(),
    email: constructs('SendEmailCommand'),
    sign: constructs('SignCommand'),
    session: sessionAt >= 0,
  };
  for (const [name, action] of Object.entries(COMMAND_ACTIONS)) {
    if (action && constructs(name)) usage.table.add(action);
  }
  // Queries: on an index when the call names one, else on the table. `queryAll` (shared/adapters/
  // clients.ts) pages through a query its caller writes: the caller's call says which; the
  // paginator inside it, which forwards that input as it is, says nothing of its own.
  for (const m of code.matchAll(/new QueryCommand\d*\(|paginateQuery\d*\(|queryAll\d*\(/g)) {
    const text = callText(code, (m.index ?? 0) + m[0].length - 1);
    if (/^\(\s*\{[^{}]*\}\s*,\s*[A-Za-z_$][\w$]*\s*\)$/.test(text)) continue;
    if (m[0].startsWith('queryAll') && !/^\(\s*\{/.test(text)) continue;
    const index = /IndexName:\s*"([^"]+)"/.exec(text)?.[1];
    if (index) usage.indexes.add(index as IndexName);
    else usage.table.add('dynamodb:Query');
  }
  // TransactWriteItems is authorized per member: the members the code builds.
  if (constructs('TransactWriteCommand')) {
    if (/\bPut:\s*\{/.test(code)) usage.table.add('dynamodb:PutItem');
    if (/\bUpdate:\s*\{/.test(code)) usage.table.add('dynamodb:UpdateItem');
    if (/\bConditionCheck:\s*\{/.test(code)) usage.table.add('dynamodb:ConditionCheckItem');
    if (/\bDelete:\s*\{/.test(code)) usage.table.add('dynamodb:DeleteItem');
  }
  // TransactGetItems is authorized per member (GetItem); BatchGetItem is its own action (above).
  if (constructs('TransactGetCommand')) usage.table.add('dynamodb:GetItem');
  if (constructs('BatchWriteCommand')) {
    usage.table.add('dynamodb:PutItem');
    usage.table.add('dynamodb:DeleteItem');
  }
  if (constructs('ScanCommand') || calls('paginateScan')) throw new Error(`${entry} scans the table`);
  if (constructs('GetObjectCommand') || constructs('HeadObjectCommand')) usage.documents.add('read');
  if (constructs('PutObjectCommand') || calls('createPresignedPost')) usage.documents.add('write');
  if (constructs('DeleteObjectCommand')) usage.documents.add('delete');
  if (constructs('StartExecutionCommand')) usage.workflow.add('start');
  if (constructs('SendTaskSuccessCommand')) usage.workflow.add('answer');
  return usage;
}
