import { isDeepStrictEqual } from 'node:util';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { CalendarYear } from '../contracts/calendar.ts';
import { WorkingCalendar } from '../domain/calendar.ts';
import { auditItem } from './audit.ts';
import { clients, queryAll } from './clients.ts';
import { nowMs } from './clock.ts';
import { config } from './config.ts';
import { CALENDAR_PARTITION, keys } from './keys.ts';

/** A calendar year's item: its key, its place in the years' list (gsi1), who saved it and when. */
const calendarYearItem = (year: CalendarYear, by: string, at: string) => ({
  ...keys.calendarYear(year.year),
  gsi1pk: CALENDAR_PARTITION,
  gsi1sk: `YEAR#${year.year}`,
  calendar: year,
  updatedBy: by,
  updatedAt: at,
});

/**
 * The holiday calendar lives in the table, one item per year, so operators can edit it without a
 * deployment; functions build the precomputed WorkingCalendar from it and keep it while warm.
 */
let cache: { at: number; calendar: WorkingCalendar } | undefined;
const CACHE_MS = 60_000;

export async function listCalendarYears(): Promise<CalendarYear[]> {
  const items = await queryAll({
    TableName: config().TABLE_NAME,
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :p',
    ExpressionAttributeValues: { ':p': CALENDAR_PARTITION },
  });
  return items.map((item) => item.calendar as CalendarYear).sort((a, b) => a.year - b.year);
}

export async function workingCalendar(): Promise<WorkingCalendar> {
  const t = nowMs();
  if (cache && Math.abs(t - cache.at) < CACHE_MS) return cache.calendar;
  const calendar = WorkingCalendar.fromYears(await listCalendarYears());
  cache = { at: t, calendar };
  return calendar;
}

export function clearCalendarCache(): void {
  cache = undefined;
}

export async function putCalendarYear(
  raw: unknown,
  audit: { by: string; at: string },
): Promise<CalendarYear> {
  const year = CalendarYear.parse(raw);
  // The year and its audit entry are one write: no change without its trace.
  await clients().doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: config().TABLE_NAME,
            Item: calendarYearItem(year, audit.by, audit.at),
          },
        },
        {
          Put: {
            TableName: config().TABLE_NAME,
            Item: auditItem({
              at: audit.at,
              actor: audit.by,
              action: 'CALENDAR_YEAR_SAVED',
              target: `CAL#${year.year}`,
              summary: `${year.status}, ${year.days.length} ngày nghỉ hoặc làm bù`,
            }),
          },
        },
      ],
    }),
  );
  clearCalendarCache();
  return year;
}

/** Who the shipped tables are written by: a year still in this hand is in its shipped state. */
export const SEED_AUTHOR = 'seed';

/**
 * Seeds one shipped calendar year (data/calendar, first start and every deploy) without ever
 * overwriting an administrator: a missing year is written; a year still as seeded is rewritten
 * only when the shipped table changed; a year an administrator saved is left alone. Only a real
 * write leaves an audit entry. Answers whether it wrote.
 */
export async function seedCalendarYear(raw: unknown, at: string): Promise<boolean> {
  const year = CalendarYear.parse(raw);
  const stored = await clients().doc.send(
    new GetCommand({
      TableName: config().TABLE_NAME,
      Key: keys.calendarYear(year.year),
      ConsistentRead: true,
    }),
  );
  const item = stored.Item;
  if (item && (item.updatedBy !== SEED_AUTHOR || isDeepStrictEqual(item.calendar, year))) return false;
  try {
    await clients().doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: config().TABLE_NAME,
              Item: calendarYearItem(year, SEED_AUTHOR, at),
              // Still missing, or still the seed's: an administrator's save in between wins.
              ConditionExpression: 'attribute_not_exists(pk) OR updatedBy = :seed',
              ExpressionAttributeValues: { ':seed': SEED_AUTHOR },
            },
          },
          {
            Put: {
              TableName: config().TABLE_NAME,
              Item: auditItem({
                at,
                actor: SEED_AUTHOR,
                action: 'CALENDAR_YEAR_SAVED',
                target: `CAL#${year.year}`,
                summary: `${year.status}, ${year.days.length} ngày nghỉ hoặc làm bù`,
              }),
            },
          },
        ],
      }),
    );
  } catch (err) {
    if ((err as { name?: string }).name === 'TransactionCanceledException') return false;
    throw err;
  }
  clearCalendarCache();
  return true;
}
