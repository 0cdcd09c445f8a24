import * as z from 'zod/mini';
import { workingCalendar } from '#adapters/calendar-repository.ts';
import { now } from '#adapters/clock.ts';
import { listFlagged, queryInbox } from '#adapters/dossier-inbox.ts';
import { staffNames } from '#adapters/staff-directory.ts';
import { routeRoles } from '#contracts/routes.ts';
import { DomainError, fieldError } from '#domain/errors.ts';
import { CENTRE_VIEWS, INBOX_VIEWS } from '#domain/inbox.ts';
import { vnIsoDate } from '#domain/time.ts';
import { httpHandler, json } from '#http/handler.ts';

const Query = z.strictObject({
  view: z._default(z.enum([...INBOX_VIEWS, ...CENTRE_VIEWS]), 'all'),
  department: z.optional(z.string().check(z.regex(/^[A-Z][A-Z0-9]{1,7}$/))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});

/** "Due soon": due before the end of the second working day from today. */
const DUE_SOON_WORKING_DAYS = 2;

/**
 * GET /staff/inbox?view=&department=&cursor= — a work queue sorted by due date, one Query per page.
 * Department staff see their own department's queues; the centre's reception sees intake, return
 * and the citizens it waits for; the centre's leader may look at any department. The centre's
 * staff (reception, leadership, administrators) also see the dossiers whose workflow failed for
 * good (`flagged`), with the reason: what the DossierWorkflowFailures alarm is about.
 */
export const handler = httpHandler(
  { query: Query, roles: routeRoles('Inbox') },
  async ({ query, principal }) => {
    const centreView = (CENTRE_VIEWS as readonly string[]).includes(query.view) && !principal.departmentId;
    let department = principal.departmentId;
    if (!department && !centreView) {
      if (!principal.roles.includes('CENTRE_LEADER') && !principal.roles.includes('ADMINISTRATOR')) {
        throw new DomainError('FORBIDDEN', 'auth.departmentInboxStaffOnly');
      }
      department = query.department;
      if (!department) {
        throw new DomainError('VALIDATION_FAILED', 'department.choose', [
          fieldError('query.department', 'required', 'department.choose'),
        ]);
      }
    } else if (query.department && principal.departmentId && query.department !== principal.departmentId) {
      throw new DomainError('FORBIDDEN', 'auth.ownDepartmentInboxOnly');
    }
    if (
      principal.departmentId &&
      (query.view === 'intake' || query.view === 'return' || query.view === 'flagged')
    ) {
      throw new DomainError('FORBIDDEN', 'auth.centreInbox');
    }
    const base = { limit: query.limit, cursor: query.cursor };
    if (centreView && query.view === 'flagged') {
      const flagged = await listFlagged(base);
      return json(200, {
        view: query.view,
        items: flagged.items.map((i) => ({ ...i, overdue: false })),
        ...(flagged.cursor ? { cursor: flagged.cursor } : {}),
      });
    }
    const t = now();
    let page: Awaited<ReturnType<typeof queryInbox>>;
    if (centreView) {
      const part = { intake: 'INTAKE', return: 'RETURN', 'waiting-citizen': 'CITIZEN' }[query.view as string];
      page = await queryInbox({ ...base, partition: `INBOX#CENTRE#${part}` });
    } else {
      const active = `INBOX#${department}#ACTIVE`;
      switch (query.view) {
        case 'overdue':
          page = await queryInbox({ ...base, partition: active, before: t.toISOString() });
          break;
        case 'due-soon': {
          const cal = await workingCalendar();
          const soon = cal
            .endOfOfficeHours(cal.addWorkingDays(vnIsoDate(t), DUE_SOON_WORKING_DAYS))
            .toISOString();
          page = await queryInbox({ ...base, partition: active, between: [t.toISOString(), `${soon}~`] });
          break;
        }
        case 'new':
          page = await queryInbox({ ...base, partition: active, filter: 'UNASSIGNED' });
          break;
        case 'in-progress':
          page = await queryInbox({ ...base, partition: active, filter: 'ASSIGNED' });
          break;
        case 'waiting-citizen':
          page = await queryInbox({ ...base, partition: `INBOX#${department}#CITIZEN` });
          break;
        case 'awaiting-approval':
          page = await queryInbox({ ...base, partition: `INBOX#${department}#APPROVAL` });
          break;
        default:
          page = await queryInbox({ ...base, partition: active });
      }
    }
    const nowIso = t.toISOString();
    // The handler by name (the directory's current one); the id stays for links and filters.
    const names = await staffNames(
      page.items.map((i) => i.handler).filter((h): h is string => typeof h === 'string'),
    );
    return json(200, {
      view: query.view,
      ...(department && !centreView ? { department } : {}),
      items: page.items.map((i) => ({
        ...i,
        ...(typeof i.handler === 'string' && names.has(i.handler)
          ? { handlerName: names.get(i.handler) }
          : {}),
        overdue: typeof i.dueAt === 'string' && i.dueAt < nowIso,
      })),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    });
  },
);
