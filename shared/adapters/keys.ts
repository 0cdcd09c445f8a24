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
} as const;

export const CATALOGUE_PARTITION = 'CATALOGUE';
export const DEPARTMENTS_PARTITION = 'DEPARTMENTS';
export const CALENDAR_PARTITION = 'CALENDAR';
