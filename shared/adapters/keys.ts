/** Key builders for the main table, in one place so the access patterns stay readable. */
export const keys = {
  procedureCurrent: (code: string) => ({ pk: `PROC#${code}`, sk: 'CURRENT' }),
  procedureVersion: (code: string, version: number) => ({
    pk: `PROC#${code}`,
    sk: `V#${String(version).padStart(4, '0')}`,
  }),
  department: (id: string) => ({ pk: `DEPT#${id}`, sk: 'META' }),
  centre: () => ({ pk: 'CENTRE', sk: 'META' }),
  dossier: (id: string) => ({ pk: `DOSSIER#${id}`, sk: 'META' }),
  dossierDocument: (id: string, documentId: string) => ({ pk: `DOSSIER#${id}`, sk: `DOC#${documentId}` }),
  dossierEvent: (id: string, at: string, eventId: string) => ({
    pk: `DOSSIER#${id}`,
    sk: `EVT#${at}#${eventId}`,
  }),
  dossierStep: (id: string, stepId: string) => ({ pk: `DOSSIER#${id}`, sk: `STEP#${stepId}` }),
  calendarYear: (year: number) => ({ pk: `CAL#${year}`, sk: 'YEAR' }),
  dossierCode: (code: string) => ({ pk: `CODE#${code}`, sk: 'META' }),
  dailySequence: (sequenceKey: string) => ({ pk: `SEQ#${sequenceKey}`, sk: 'SEQ' }),
  /**
   * The counter queue (shared/adapters/queue-items.ts and the queue-*.ts beside it): one partition per Vietnamese day holds
   * each department's line (last issued / last called), each counter's desk (what the hall display
   * shows) and the day's tickets.
   */
  queueLine: (date: string, departmentId: string) => ({ pk: `QUEUE#${date}`, sk: `LINE#${departmentId}` }),
  queueDesk: (date: string, counterId: string) => ({ pk: `QUEUE#${date}`, sk: `DESK#${counterId}` }),
  queueTicket: (date: string, departmentId: string, n: number) => ({
    pk: `QUEUE#${date}`,
    sk: `TICKET#${departmentId}#${String(n).padStart(3, '0')}`,
  }),
  /** One counter's waiting/serving figures of one day; a month of counters is one Query. */
  queueCounterStats: (date: string, counterId: string) => ({
    pk: `QSTATS#${date.slice(0, 7)}`,
    sk: `${date}#${counterId}`,
  }),
  /** Ratings given at the counters, by month, linked to the ticket and (when linked) the dossier. */
  queueRating: (at: string, ticketId: string) => ({
    pk: `QRATING#${at.slice(0, 7)}`,
    sk: `${at}#${ticketId}`,
  }),
} as const;

export const CATALOGUE_PARTITION = 'CATALOGUE';
export const DEPARTMENTS_PARTITION = 'DEPARTMENTS';
export const CALENDAR_PARTITION = 'CALENDAR';
