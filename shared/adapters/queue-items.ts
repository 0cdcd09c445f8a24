import { createHash } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TicketView } from '../contracts/queue.ts';
import { type LineState, peopleAhead, type TicketStatus } from '../domain/queue.ts';
import type { LastServed } from '../domain/queue-rating.ts';
import { clients } from './clients.ts';
import { config } from './config.ts';
import { keys } from './keys.ts';

/**
 * The counter queue in the main table (keys in keys.ts). One partition per day, `QUEUE#<date>`:
 *
 *   LINE#<dept>          issued, calledUpTo, prefix   the department's line: gap-free numbering
 *   DESK#<counter>       officer, current ticket, last served ticket   what the hall display shows
 *   TICKET#<dept>#<nnn>  status and times of one ticket
 *
 *   CLIENT#<hash> / KIOSK#<hash>   tickets one client (or kiosk) took that day: the daily limit
 *
 * plus `QSTATS#<month>` (each counter's figures of each day) and `QRATING#<month>` (ratings).
 * Every change is one transaction conditioned on the state it was decided from; the figures move
 * in the same transaction as the ticket (`ADD`), so they cannot drift from the tickets. No Scan:
 * the display and the kiosk are one Query each, everything else GetItem.
 */
export const table = () => config().TABLE_NAME;
export type { TransactItem } from './clients.ts';

export function reasonAt(err: unknown, index: number): string | undefined {
  if (!(err instanceof TransactionCanceledException)) return undefined;
  return err.CancellationReasons?.[index]?.Code ?? undefined;
}

export const isContended = (err: unknown) =>
  err instanceof TransactionCanceledException &&
  (err.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict');

/** Full-jitter backoff before re-reading a line another caller just moved. */
export const backoff = (attempt: number) =>
  new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 5 * 2 ** Math.min(attempt, 6))));

export async function get(key: Record<string, string>): Promise<Record<string, unknown> | undefined> {
  const res = await clients().doc.send(
    new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }),
  );
  return res.Item;
}

export function lineOf(item: Record<string, unknown> | undefined): LineState {
  // A number set (`ADD voided`), unmarshalled as a Set; gone once the calls passed its last number.
  const voided = item?.voided instanceof Set ? [...item.voided].map(Number) : [];
  return {
    issued: (item?.issued as number | undefined) ?? 0,
    calledUpTo: (item?.calledUpTo as number | undefined) ?? 0,
    ...(voided.length > 0 ? { voided } : {}),
  };
}

export function ticketView(item: Record<string, unknown>, line?: LineState): TicketView {
  const status = item.status as TicketStatus;
  const n = item.n as number;
  return {
    ticketId: String(item.ticketId),
    number: String(item.number),
    departmentId: String(item.departmentId),
    status,
    takenAt: String(item.takenAt),
    ...(status === 'WAITING' && line ? { ahead: peopleAhead(n, line) } : {}),
    ...(typeof item.counterId === 'string' ? { counterId: item.counterId } : {}),
    ...(typeof item.calledAt === 'string' ? { calledAt: item.calledAt } : {}),
    ...(typeof item.servedAt === 'string' ? { servedAt: item.servedAt } : {}),
    ...(typeof item.waitSeconds === 'number' ? { waitSeconds: item.waitSeconds } : {}),
    ...(typeof item.serveSeconds === 'number' ? { serveSeconds: item.serveSeconds } : {}),
    ...(typeof item.dossierId === 'string' ? { dossierId: item.dossierId } : {}),
    ...(typeof item.dossierCode === 'string' ? { dossierCode: item.dossierCode } : {}),
    ...(item.rated === true ? { rated: true } : {}),
  };
}

/** The items of one kind (lines or desks) in a day's partition: one Query. */
export async function dayItems(date: string, kind: 'LINE#' | 'DESK#'): Promise<Record<string, unknown>[]> {
  const res = await clients().doc.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :kind)',
      ExpressionAttributeValues: { ':pk': `QUEUE#${date}`, ':kind': kind },
    }),
  );
  return res.Items ?? [];
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest();

export interface Desk {
  counterId: string;
  departmentId: string;
  officerId: string;
  openedAt: string;
  callSeq: number;
  current?: {
    ticketId: string;
    number: string;
    status: TicketStatus;
    calledAt: string;
    recalls: number;
    /** The dossier registered for the ticket, once linked (shown on the counter page). */
    dossierId?: string;
    dossierCode?: string;
  };
  lastServed?: LastServed;
}

export function deskOf(d: Record<string, unknown> | undefined): Desk | undefined {
  if (!d) return undefined;
  return {
    counterId: String(d.counterId),
    departmentId: String(d.departmentId),
    officerId: String(d.officerId),
    openedAt: String(d.openedAt),
    callSeq: (d.callSeq as number | undefined) ?? 0,
    ...(typeof d.currentTicketId === 'string'
      ? {
          current: {
            ticketId: d.currentTicketId,
            number: String(d.currentNumber),
            status: d.currentStatus as TicketStatus,
            calledAt: String(d.calledAt),
            recalls: (d.recalls as number | undefined) ?? 0,
            ...(typeof d.currentDossierId === 'string' ? { dossierId: d.currentDossierId } : {}),
            ...(typeof d.currentDossierCode === 'string' ? { dossierCode: d.currentDossierCode } : {}),
          },
        }
      : {}),
    ...(typeof d.lastServedTicketId === 'string'
      ? {
          lastServed: {
            ticketId: d.lastServedTicketId,
            number: String(d.lastServedNumber),
            servedAt: String(d.lastServedAt),
            rated: d.lastServedRated === true,
          },
        }
      : {}),
  };
}

export async function getDesk(date: string, counter: string): Promise<Desk | undefined> {
  return deskOf(await get(keys.queueDesk(date, counter)));
}

export interface LinkedDossier {
  dossierId: string;
  code?: string;
}
