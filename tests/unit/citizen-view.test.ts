import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CalendarYear } from '../../shared/contracts/calendar.ts';
import { WorkingCalendar } from '../../shared/domain/calendar.ts';
import { type CitizenProgress, holderOf, onlineResult, overdueOf } from '../../shared/domain/citizen-view.ts';
import { DOSSIER_STATUSES, type DossierStatus } from '../../shared/domain/lifecycle.ts';

/**
 * The look-up page's account of a dossier's progress (shared/domain/citizen-view.ts): who holds it
 * now, and whether it is late as the citizen is told.
 */
const calendar = WorkingCalendar.fromYears(
  [2026].map((year) =>
    CalendarYear.parse(
      JSON.parse(readFileSync(new URL(`../../data/calendar/${year}.json`, import.meta.url), 'utf8')),
    ),
  ),
);

/** An instant given as Vietnamese wall-clock time. */
const vn = (iso: string, hhmm = '09:00') => new Date(`${iso}T${hhmm}:00+07:00`);

type Step = CitizenProgress['steps'][number];
const step = (departmentId: string, status: string, dueDate?: string): Step => ({
  departmentId,
  status,
  ...(dueDate ? { dueDate } : {}),
});
const dossier = (
  status: DossierStatus,
  steps: Step[] = [],
  appointment?: { dueDate: string },
): CitizenProgress => ({ meta: { status, ...(appointment ? { appointment } : {}) }, steps });

describe('who holds the dossier', () => {
  it('is the centre while it awaits intake and once the result is ready', () => {
    expect(holderOf(dossier('SUBMITTED'))).toEqual({ kind: 'CENTRE' });
    expect(holderOf(dossier('RESULT_READY', [step('STC', 'COMPLETED')]))).toEqual({ kind: 'CENTRE' });
  });

  it('is the citizen when a supplement is asked, naming each department that asked once', () => {
    expect(holderOf(dossier('SUPPLEMENT_REQUESTED'))).toEqual({ kind: 'CITIZEN', departmentIds: [] });
    const asked = dossier('SUPPLEMENT_REQUESTED', [
      step('SXD', 'WAITING_CITIZEN'),
      step('SXD', 'WAITING_CITIZEN'),
      step('STC', 'COMPLETED'),
    ]);
    expect(holderOf(asked)).toEqual({ kind: 'CITIZEN', departmentIds: ['SXD'] });
  });

  it('is the departments with a step in hand (processing or awaiting approval), each once', () => {
    const working = [
      step('STC', 'COMPLETED'),
      step('SXD', 'WAITING_DEPARTMENT'),
      step('STNMT', 'AWAITING_APPROVAL'),
      step('SXD', 'AWAITING_APPROVAL'),
    ];
    for (const status of ['IN_PROGRESS', 'ACCEPTED'] as const)
      expect(holderOf(dossier(status, working))).toEqual({
        kind: 'DEPARTMENTS',
        departmentIds: ['SXD', 'STNMT'],
      });
  });

  it('is the centre between two departments, when no step is in hand', () => {
    expect(holderOf(dossier('IN_PROGRESS', [step('STC', 'COMPLETED'), step('SXD', 'PENDING')]))).toEqual({
      kind: 'CENTRE',
    });
  });

  it('is nobody for a draft or a closed dossier', () => {
    for (const status of ['DRAFT', 'RETURNED', 'REFUSED', 'WITHDRAWN', 'LAPSED'] as const)
      expect(holderOf(dossier(status, [step('STC', 'WAITING_DEPARTMENT')])), status).toEqual({
        kind: 'NONE',
      });
  });

  it('has an answer for every status', () => {
    for (const status of DOSSIER_STATUSES) expect(holderOf(dossier(status)).kind, status).toMatch(/^[A-Z]+$/);
  });
});

describe('overdue as the citizen sees it', () => {
  it('is the earliest due date of the steps past it, with each late department once, in step order', () => {
    const d = dossier('IN_PROGRESS', [
      step('SXD', 'WAITING_DEPARTMENT', '2026-03-10'),
      step('STC', 'AWAITING_APPROVAL', '2026-03-06'),
      step('SXD', 'AWAITING_APPROVAL', '2026-03-09'),
      step('STNMT', 'WAITING_DEPARTMENT', '2026-03-20'),
    ]);
    expect(overdueOf(d, vn('2026-03-11'))).toEqual({ dueDate: '2026-03-06', departmentIds: ['SXD', 'STC'] });
  });

  it('counts a step due today as late only once that day is over in Vietnam', () => {
    const d = dossier('IN_PROGRESS', [step('STC', 'WAITING_DEPARTMENT', '2026-03-05')]);
    expect(overdueOf(d, vn('2026-03-05', '23:59'))).toBeUndefined();
    // 00:00 on 6 March in Vietnam is still 5 March in UTC.
    const midnight = vn('2026-03-06', '00:00');
    expect(midnight.toISOString().slice(0, 10)).toBe('2026-03-05');
    expect(overdueOf(d, midnight)).toEqual({ dueDate: '2026-03-05', departmentIds: ['STC'] });
  });

  it('follows a deadline the holiday calendar moved: not late over the holidays, late the day after', () => {
    // Received Tuesday 28/04/2026 with 3 working days; 30/04 and 01/05 are holidays, then a weekend.
    const { dueDate } = calendar.dueDate(vn('2026-04-28'), { amount: 3, unit: 'WORKING_DAYS' });
    expect(dueDate).toBe('2026-05-05');
    const d = dossier('IN_PROGRESS', [step('STC', 'WAITING_DEPARTMENT', dueDate)]);
    expect(overdueOf(d, vn('2026-05-01'))).toBeUndefined();
    // Monday 04/05: late had the holidays been counted as working days (29/04, 30/04, 01/05).
    expect(overdueOf(d, vn('2026-05-04'))).toBeUndefined();
    expect(overdueOf(d, vn(dueDate, '16:59'))).toBeUndefined();
    const dayAfter = calendar.addCalendarDays(dueDate, 1);
    expect(overdueOf(d, vn(dayAfter))).toEqual({ dueDate, departmentIds: ['STC'] });
  });

  it('leaves out steps that are finished or waiting for the citizen', () => {
    const d = dossier('IN_PROGRESS', [
      step('STC', 'COMPLETED', '2026-03-03'),
      step('SXD', 'WAITING_CITIZEN', '2026-03-03'),
      step('STNMT', 'WAITING_DEPARTMENT', '2026-03-20'),
    ]);
    expect(overdueOf(d, vn('2026-03-11'))).toBeUndefined();
  });

  it('is the appointment once it is past and no step is late, after the dossier was received', () => {
    const appointment = { dueDate: '2026-03-09' };
    for (const status of ['IN_PROGRESS', 'ACCEPTED'] as const)
      expect(overdueOf(dossier(status, [step('STC', 'COMPLETED')], appointment), vn('2026-03-10'))).toEqual({
        dueDate: '2026-03-09',
        departmentIds: [],
      });
    expect(overdueOf(dossier('IN_PROGRESS', [], appointment), vn('2026-03-09', '23:00'))).toBeUndefined();
    expect(overdueOf(dossier('SUBMITTED', [], appointment), vn('2026-03-10'))).toBeUndefined();
  });

  it('is never said while the citizen is to supplement, once the result is ready, or for a closed dossier', () => {
    const late = [step('STC', 'WAITING_DEPARTMENT', '2026-03-03')];
    const appointment = { dueDate: '2026-03-04' };
    for (const status of DOSSIER_STATUSES.filter(
      (s) => !['IN_PROGRESS', 'ACCEPTED', 'SUBMITTED'].includes(s),
    ))
      expect(overdueOf(dossier(status, late, appointment), vn('2026-03-11')), status).toBeUndefined();
  });
});

describe('the result the citizen downloads', () => {
  const result = {
    documentId: 'r1',
    requirementId: 'RESULT',
    key: 'k',
    fileName: 'Giấy chứng nhận.pdf',
    declaredType: 'application/pdf',
    declaredSize: 1000,
    createdAt: '2026-03-05T03:00:00.000Z',
    status: 'VERIFIED',
    kind: 'RESULT',
  } as const;
  const returned = (method: 'ONLINE' | 'AT_CENTRE' | 'POST', status: DossierStatus = 'RETURNED') => ({
    status,
    resultReturn: { method, readyAt: '2026-03-05T03:00:00.000Z', documentId: 'r1' },
  });
  const refusal = { code: 'RESULT_NOT_AVAILABLE', messageKey: 'dossier.noOnlineResult' };

  it('is the verified result document once the result was returned online', () => {
    expect(onlineResult({ dossier: returned('ONLINE'), documents: [result] })).toBe(result);
  });

  it('is not there before the result is returned, for a result handed back otherwise, or unverified', () => {
    const cases = [
      { dossier: returned('ONLINE', 'RESULT_READY'), documents: [result] },
      { dossier: returned('AT_CENTRE'), documents: [result] },
      { dossier: returned('POST'), documents: [result] },
      { dossier: returned('ONLINE'), documents: [{ ...result, status: 'PENDING' as const }] },
      { dossier: returned('ONLINE'), documents: [{ ...result, documentId: 'other' }] },
      { dossier: { status: 'RETURNED' as const }, documents: [result] },
    ];
    for (const found of cases) expect(() => onlineResult(found)).toThrow(expect.objectContaining(refusal));
  });
});
