import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DossierWrites } from '../domain/decisions/context.ts';
import type { Dossier, DossierEvent } from '../domain/dossier.ts';
import { DomainError } from '../domain/errors.ts';
import { centreInboxKeys, stepInboxKeys } from '../domain/inbox.ts';
import type { DossierStatus } from '../domain/lifecycle.ts';
import { isInProgress, isOverdueStep, statsAttrs } from '../domain/statistics.ts';
import type { DossierStep, StepStatus, WaitKind } from '../domain/workflow.ts';
import { documentWrites, type VerifiedResult } from '../signing/issued.ts';
import { clients } from './clients.ts';
import { config } from './config.ts';
import { eventItem } from './dossier-repository.ts';
import { keys } from './keys.ts';
import { type OutboxItem, outboxItem } from './outbox.ts';
import { withActorNames } from './staff-directory.ts';
import { counterItems, transactWrite } from './stats-repository.ts';

/**
 * Writes of the workflow and of the actions that answer its waits. One transition is one
 * transaction: the dossier's META item (conditional on its version or status), the steps it
 * changes (conditional on their status) and the events it appends.
 */
const table = () => config().TABLE_NAME;

/** gsi1 partition of the steps overdue now, sorted by due time. */
export const OVERDUE_PARTITION = 'OVERDUE';

export interface Transition extends DossierWrites {
  dossier: Dossier;
  /** When the transition happens (outbox timestamps). */
  at?: string;
  /** Documents verified by this transition (e.g. a supplement's uploads). */
  documents?: VerifiedResult[];
  events: DossierEvent[];
  /**
   * The steps as read before deciding (all of them). Given, the transition records which steps
   * stop or start being overdue for the statistics, and each step write requires the escalation
   * it was decided on (an escalation committed meanwhile makes this a conflict, retried fresh).
   */
  before?: DossierStep[];
}

/**
 * The statistics' gauges (in progress, overdue now) change with the states, not with event types:
 * the difference between before and after is computed here, once, and carried by the first event.
 */
function withGaugeFacts(t: Transition): DossierEvent[] {
  const d = t.dossier;
  const after = {
    status: (t.set?.status as DossierStatus | undefined) ?? d.status,
    appointment: t.set?.appointment ?? d.appointment,
  };
  const inProgress = Number(isInProgress(after)) - Number(isInProgress(d));
  const opened: string[] = [];
  const closed: string[] = [];
  for (const { step } of t.steps ?? []) {
    const was = t.before?.find((b) => b.stepId === step.stepId);
    if (t.before === undefined) {
      if (isOverdueStep(step) || step.escalatedAt !== undefined) {
        throw new Error('a transition that writes escalated steps must say what they were (before)');
      }
      continue;
    }
    const now = isOverdueStep(step);
    const then = was ? isOverdueStep(was) : false;
    if (now && !then) opened.push(step.departmentId);
    if (!now && then) closed.push(step.departmentId);
  }
  if (!inProgress && !opened.length && !closed.length) return t.events;
  const [first, ...rest] = t.events;
  if (!first) throw new Error('a transition that changes the statistics must append an event');
  return [
    {
      ...first,
      data: {
        ...(first.data ?? {}),
        ...(inProgress ? { inProgress } : {}),
        ...(opened.length ? { overdueOpened: opened } : {}),
        ...(closed.length ? { overdueClosed: closed } : {}),
      },
    },
    ...rest,
  ];
}

export async function commitTransition(
  transition: Transition,
): Promise<{ version: number; outbox: OutboxItem[] }> {
  const t = { ...transition, events: await withActorNames(transition.events) };
  const events = withGaugeFacts(t);
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const conditions: string[] = ['attribute_exists(pk)'];
  let n = 0;
  const setAll: Record<string, unknown> = { ...(t.set ?? {}) };
  const removeAll = [...(t.remove ?? [])];
  if (t.set?.status) {
    // A status change moves the dossier between the centre's queues.
    const status = t.set.status as DossierStatus;
    const at = String(
      t.set.receivedAt ?? t.dossier.receivedAt ?? t.dossier.submittedAt ?? new Date(0).toISOString(),
    );
    const phase = (t.set.wf as { phase?: string } | undefined)?.phase ?? t.dossier.wf?.phase;
    const q = centreInboxKeys(
      t.dossier.id,
      status,
      status === 'RESULT_READY' ? String((t.set.wf as { readyAt?: string } | undefined)?.readyAt ?? at) : at,
      phase,
    );
    if (q) Object.assign(setAll, q);
    else removeAll.push('inboxPk', 'inboxSk');
  }
  for (const [k, v] of Object.entries(setAll)) {
    if (v === undefined) continue;
    names[`#a${n}`] = k;
    values[`:a${n}`] = v;
    sets.push(`#a${n} = :a${n}`);
    n++;
  }
  const removes = removeAll.map((k, i) => {
    names[`#r${i}`] = k;
    return `#r${i}`;
  });
  if (t.checkVersion) {
    names['#v'] = 'version';
    sets.push('#v = #v + :one');
    values[':one'] = 1;
    values[':v'] = t.dossier.version;
    conditions.push('#v = :v');
  }
  if (t.expectToken !== undefined) {
    names['#wf'] = 'wf';
    names['#tok'] = 'token';
    if (t.expectToken === null) conditions.push('attribute_not_exists(#wf.#tok)');
    else {
      values[':tok'] = t.expectToken;
      conditions.push('#wf.#tok = :tok');
    }
  }
  if (t.expectStatus?.length) {
    names['#s'] = 'status';
    const list = t.expectStatus.map((s, i) => {
      values[`:es${i}`] = s;
      return `:es${i}`;
    });
    conditions.push(`#s IN (${list.join(', ')})`);
  }
  const update = [
    sets.length ? `SET ${sets.join(', ')}` : '',
    removes.length ? `REMOVE ${removes.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const meta = update
    ? {
        Update: {
          TableName: table(),
          Key: keys.dossier(t.dossier.id),
          UpdateExpression: update,
          ConditionExpression: conditions.join(' AND '),
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
        },
      }
    : {
        ConditionCheck: {
          TableName: table(),
          Key: keys.dossier(t.dossier.id),
          ConditionExpression: conditions.join(' AND '),
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
        },
      };
  const steps = (t.steps ?? []).map(({ step, expectStatus, expectToken }) => {
    const stepValues: Record<string, unknown> = {};
    const stepNames: Record<string, string> = {};
    const parts: string[] = [];
    if (expectStatus?.length) {
      stepNames['#s'] = 'status';
      parts.push(
        `#s IN (${expectStatus
          .map((s, i) => {
            stepValues[`:s${i}`] = s;
            return `:s${i}`;
          })
          .join(', ')})`,
      );
    }
    const was = t.before?.find((b) => b.stepId === step.stepId);
    if (was) {
      stepNames['#esc'] = 'escalatedAt';
      parts.push(was.escalatedAt ? '#esc = :esc' : 'attribute_not_exists(#esc)');
      if (was.escalatedAt) stepValues[':esc'] = was.escalatedAt;
    }
    if (expectToken !== undefined) {
      stepNames['#t'] = 'token';
      if (expectToken === null) parts.push('attribute_not_exists(#t)');
      else {
        stepValues[':t'] = expectToken;
        parts.push('#t = :t');
      }
    }
    const cond = parts.length ? parts.join(' AND ') : undefined;
    return {
      Put: {
        TableName: table(),
        Item: {
          ...keys.dossierStep(t.dossier.id, step.stepId),
          entity: 'Step',
          dossierId: t.dossier.id,
          // Steps appear in the citizen's look-up (code index): department, status, due date.
          ...(t.dossier.code ? { code: t.dossier.code } : {}),
          procedureCode: t.dossier.procedureCode,
          procedureName: t.dossier.procedureName,
          ...step,
          // The department's work queue (absent when nothing is expected of the department).
          ...stepInboxKeys(t.dossier.id, step),
          // The centre's list of overdue steps across departments (leadership dashboard).
          ...(isOverdueStep(step)
            ? { gsi1pk: OVERDUE_PARTITION, gsi1sk: `${step.dueAt}#${t.dossier.id}#${step.stepId}` }
            : {}),
        },
        ...(cond
          ? {
              ConditionExpression: cond,
              ...(Object.keys(stepNames).length ? { ExpressionAttributeNames: stepNames } : {}),
              ...(Object.keys(stepValues).length ? { ExpressionAttributeValues: stepValues } : {}),
            }
          : {}),
      },
    };
  });
  const code = t.dossier.code;
  const at = t.at ?? events[0]?.at ?? new Date().toISOString();
  const outbox = (t.messages ?? [])
    .filter((m) => m.to.length > 0 || m.inApp)
    .map((m) => outboxItem(t.dossier.id, m, at));
  try {
    await transactWrite({
      TransactItems: [
        meta,
        ...steps,
        ...(t.documents ?? []).flatMap((d) => documentWrites(table(), t.dossier.id, d)),
        ...events.map((e) => ({ Put: { TableName: table(), Item: eventItem(t.dossier.id, e, code) } })),
        ...outbox.map((item) => ({ Put: { TableName: table(), Item: item } })),
        // The statistics move with the events that move them (shared/domain/statistics.ts).
        ...counterItems(statsAttrs(t.dossier), events),
      ],
    });
  } catch (err) {
    if (
      err instanceof TransactionCanceledException &&
      err.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')
    ) {
      throw new DomainError('DOSSIER_CONFLICT', 'dossier.changedByOther');
    }
    throw err;
  }
  return { version: t.checkVersion ? t.dossier.version + 1 : t.dossier.version, outbox };
}

/** Parks a step's wait: stores its token if the step is still in the state the wait expects. */
export async function registerStepToken(
  dossierId: string,
  stepId: string,
  token: string,
  kind: WaitKind,
  expectStatus: StepStatus | StepStatus[],
): Promise<boolean> {
  const statuses = Array.isArray(expectStatus) ? expectStatus : [expectStatus];
  try {
    await clients().doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.dossierStep(dossierId, stepId),
        UpdateExpression: 'SET #t = :t, tokenKind = :k',
        ConditionExpression: `#s IN (${statuses.map((_, i) => `:s${i}`).join(', ')})`,
        ExpressionAttributeNames: { '#t': 'token', '#s': 'status' },
        ExpressionAttributeValues: {
          ':t': token,
          ':k': kind,
          ...Object.fromEntries(statuses.map((st, i) => [`:s${i}`, st])),
        },
      }),
    );
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
}

/** Parks a dossier-level wait (intake, citizen at intake, return). */
export async function registerDossierToken(
  dossierId: string,
  token: string,
  kind: WaitKind,
  expectPhase: NonNullable<Dossier['wf']>['phase'],
): Promise<boolean> {
  try {
    await clients().doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.dossier(dossierId),
        UpdateExpression: 'SET wf.#t = :t, wf.tokenKind = :k',
        ConditionExpression: 'wf.phase = :p',
        ExpressionAttributeNames: { '#t': 'token' },
        ExpressionAttributeValues: { ':t': token, ':k': kind, ':p': expectPhase },
      }),
    );
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
}
