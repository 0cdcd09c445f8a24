import * as z from 'zod/mini';
import { listCalendarYears, putCalendarYear } from '#adapters/calendar-repository.ts';
import { now } from '#adapters/clock.ts';
import { CalendarYear } from '#contracts/calendar.ts';
import { routeRoles } from '#contracts/routes.ts';
import { actorOf } from '#domain/access.ts';
import { DomainError, fieldError } from '#domain/errors.ts';
import { message } from '#domain/messages.ts';
import { httpHandler, json } from '#http/handler.ts';

const Year = z.object({ year: z.coerce.number().check(z.int(), z.gte(2000), z.lte(2100)) });

/** GET /admin/calendar/{year} — one year of the working-day calendar. */
export const getHandler = httpHandler(
  { path: Year, roles: routeRoles('GetCalendarYear') },
  async ({ path }) => {
    const year = (await listCalendarYears()).find((y) => y.year === path.year);
    if (!year)
      throw new DomainError('CALENDAR_YEAR_NOT_FOUND', message('calendar.yearNotFound', { year: path.year }));
    return json(200, year);
  },
);

/**
 * PUT /admin/calendar/{year} — replace a year (confirm a provisional one, add a swapped working
 * day); audited with who and when. Administrator role arrives with the departments issue.
 */
export const putHandler = httpHandler(
  { path: Year, body: CalendarYear, roles: routeRoles('PutCalendarYear') },
  async ({ path, body, principal }) => {
    const actor = actorOf(principal);
    if (body.year !== path.year) {
      throw new DomainError('VALIDATION_FAILED', 'calendar.yearMismatch', [
        fieldError('year', 'mismatch', message('calendar.yearMustBe', { year: path.year })),
      ]);
    }
    const saved = await putCalendarYear(body, { by: actor.id, at: now().toISOString() });
    return json(200, saved);
  },
);
