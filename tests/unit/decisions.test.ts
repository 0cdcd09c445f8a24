import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CalendarYear } from '../../shared/contracts/calendar.ts';
import type { Department, Procedure } from '../../shared/contracts/catalogue.ts';
import { DeadlinePolicy } from '../../shared/contracts/deadline-policy.ts';
import { WorkingCalendar } from '../../shared/domain/calendar.ts';
import { acceptIntake } from '../../shared/domain/decisions/accept-intake.ts';
import { answerSupplement } from '../../shared/domain/decisions/answer-supplement.ts';
import type { DossierContext } from '../../shared/domain/decisions/context.ts';
import { extendStepDecision } from '../../shared/domain/decisions/extend-step.ts';
import {
  centreRequestsSupplement,
  departmentRequestsSupplement,
} from '../../shared/domain/decisions/request-supplement.ts';
import { decideStep } from '../../shared/domain/decisions/step-decision.ts';
import { withdrawDossier } from '../../shared/domain/decisions/withdraw.ts';
import type { Dossier, DossierDocument } from '../../shared/domain/dossier.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { canWithdraw, DOSSIER_STATUSES } from '../../shared/domain/lifecycle.ts';
import { type DossierStep, planSteps, startStep } from '../../shared/domain/workflow.ts';

/*
 * The workflow's decisions are pure: a dossier as read, the actor, the input and the clock in,
 * what changes out. No local stack, no storage: these run on plain objects.
 */
const readYear = (year: number) =>
  CalendarYear.parse(
    JSON.parse(readFileSync(new URL(`../../data/calendar/${year}.json`, import.meta.url), 'utf8')),
  );
const cal = WorkingCalendar.fromYears([2026, 2027].map(readYear));
const vn = (iso: string, hhmm: string) => new Date(`${iso}T${hhmm}:00+07:00`);
const policy = DeadlinePolicy.parse({});
const officer = { kind: 'STAFF' as const, id: 'officer-1' };

const SXD: Department = {
  id: 'SXD',
  name: 'Sở Xây dựng',
  nameEn: 'Department of Construction',
  agencyCode: '000.00.15.H00',
  agencyCodeConfirmed: true,
  email: 'sxd@example.gov.vn',
  emailConfirmed: true,
  confirmed: true,
};

const dossier = (over: Partial<Dossier> = {}): Dossier => ({
  id: 'd-1',
  status: 'IN_PROGRESS',
  version: 4,
  procedureCode: '1.000001',
  procedureVersion: 1,
  procedureName: 'Cấp giấy phép xây dựng',
  departmentId: 'SXD',
  agencyCode: '000.00.15.H00',
  channel: 'ONLINE',
  applicant: {
    type: 'INDIVIDUAL',
    fullName: 'Nguyễn Văn An',
    email: 'an@example.vn',
  } as Dossier['applicant'],
  fields: {},
  delivery: { method: 'AT_CENTRE' },
  createdAt: '2026-03-02T01:00:00.000Z',
  code: 'H00.15-260302-0001',
  appointment: { dueDate: '2026-03-13', dueAt: '2026-03-13T10:00:00.000Z' },
  wf: { phase: 'PROCESSING' },
  ...over,
});

/** The lead department's step, started on Monday 02/03/2026 at 08:00, parked with a wait token. */
const waitingStep = (start = vn('2026-03-02', '08:00')): DossierStep => ({
  ...startStep(planSteps('SXD', { amount: 10, unit: 'WORKING_DAYS' }, policy)[0]!, start, cal, policy),
  startedAt: start.toISOString(),
  token: 'tok-step',
  tokenKind: 'DEPARTMENT',
});

const context = (now: Date, over: Partial<DossierContext> = {}): DossierContext => ({
  dossier: dossier(),
  steps: [waitingStep()],
  documents: [],
  events: [],
  procedure: { deadline: { amount: 10, unit: 'WORKING_DAYS' }, documents: [] } as unknown as Procedure,
  policy,
  cal,
  departments: new Map([['SXD', SXD]]),
  centreEmail: 'centre@example.gov.vn',
  webUrl: 'https://motcua.example.vn',
  now,
  ...over,
});

describe('a department asks for a supplement', () => {
  const input = { missing: ['Bản vẽ mặt bằng'], reasons: ['Thiếu bản vẽ'] };

  it('stops the step for the citizen, records the request and tells the citizen with the window', () => {
    const now = vn('2026-03-03', '09:00');
    const ctx = context(now);
    const decision = departmentRequestsSupplement(ctx, officer, 'S01', input);
    const change = decision.change!;

    expect(change.checkVersion).toBe(true);
    expect(change.set?.status).toBe('SUPPLEMENT_REQUESTED');
    const [write] = change.steps!;
    expect(write!.step.status).toBe('WAITING_CITIZEN');
    expect(write!.step.token).toBeUndefined();
    expect(write!.expectStatus).toEqual(['WAITING_DEPARTMENT']);
    expect(write!.expectToken).toBe('tok-step');
    const dueAt = write!.step.citizenDueAt!;
    expect(new Date(dueAt) > now).toBe(true);

    // The typed notice, what the dossier keeps of it (form 02), and the citizen's email.
    expect(decision.notices).toEqual([
      { kind: 'SUPPLEMENT', departmentId: 'SXD', ...input, at: now.toISOString(), dueAt },
    ]);
    expect(change.set?.notice).toEqual({ kind: 'SUPPLEMENT', ...input, at: now.toISOString(), dueAt });
    expect(change.messages).toHaveLength(1);
    expect(change.messages![0]).toMatchObject({ template: 'SUPPLEMENT_REQUEST', to: ['an@example.vn'] });
    expect(change.messages![0]!.text).toContain('Bản vẽ mặt bằng');
    expect(change.messages![0]!.text).toContain('Sở Xây dựng');

    expect(change.events).toEqual([
      {
        type: 'STEP_SUPPLEMENT_REQUESTED',
        at: now.toISOString(),
        actor: officer,
        fromStatus: 'IN_PROGRESS',
        toStatus: 'SUPPLEMENT_REQUESTED',
        data: { stepId: 'S01', missing: 1, citizenDueAt: dueAt, clock: 'RESTART' },
      },
    ]);
    // The department's wait ends; the step now waits for the citizen until the window's end.
    expect(decision.answers).toEqual([
      {
        token: 'tok-step',
        output: {
          dossierId: 'd-1',
          stepId: 'S01',
          phase: 'WAIT_CITIZEN',
          timeoutSeconds: Math.ceil((new Date(dueAt).getTime() - now.getTime()) / 1000),
        },
      },
    ]);
  });

  it('records a request made after the 3 working days of Decree 61 art. 19(4) as late', () => {
    // Started Monday 02/03; Monday 09/03 is 5 working days later.
    const late = departmentRequestsSupplement(context(vn('2026-03-09', '09:00')), officer, 'S01', input);
    expect(late.change!.events[0]!.data).toMatchObject({ afterStatutoryWindow: true });
    const inTime = departmentRequestsSupplement(context(vn('2026-03-05', '09:00')), officer, 'S01', input);
    expect(inTime.change!.events[0]!.data).not.toHaveProperty('afterStatutoryWindow');
  });

  it('refuses when the step is not with the department', () => {
    const ctx = context(vn('2026-03-03', '09:00'), {
      steps: [{ ...waitingStep(), status: 'WAITING_CITIZEN' }],
    });
    expect(() => departmentRequestsSupplement(ctx, officer, 'S01', input)).toThrow(
      expect.objectContaining({ code: 'STEP_NOT_WAITING' }),
    );
  });

  it('is what the step decision chooses for REQUEST_SUPPLEMENT, and a closed dossier refuses it', () => {
    const principal = { id: 'officer-1', roles: ['DEPARTMENT_OFFICER' as const], departmentId: 'SXD' };
    const now = vn('2026-03-03', '09:00');
    const viaStep = decideStep(context(now), principal, 'S01', { action: 'REQUEST_SUPPLEMENT', ...input });
    expect(viaStep).toEqual(departmentRequestsSupplement(context(now), officer, 'S01', input));
    const closed = context(now, { dossier: dossier({ status: 'WITHDRAWN' }) });
    expect(() => decideStep(closed, principal, 'S01', { action: 'REQUEST_SUPPLEMENT', ...input })).toThrow(
      DomainError,
    );
  });
});

describe('reception asks for a supplement at intake', () => {
  it('moves the workflow to wait for the citizen and answers the intake wait', () => {
    const now = vn('2026-03-03', '09:00');
    const ctx = context(now, {
      dossier: dossier({ status: 'SUBMITTED', wf: { phase: 'INTAKE', token: 'tok-intake' } }),
      steps: [],
    });
    const decision = centreRequestsSupplement(ctx, officer, { missing: ['CCCD'], reasons: ['Thiếu'] });
    const wf = decision.change!.set!.wf as { phase: string; citizenDueAt: string };
    expect(wf.phase).toBe('INTAKE_SUPPLEMENT');
    expect(decision.change!.expectToken).toBe('tok-intake');
    expect(decision.notices![0]).not.toHaveProperty('departmentId');
    expect(decision.answers![0]!.output).toMatchObject({ phase: 'INTAKE_SUPPLEMENT' });
  });

  it('is refused once the dossier left intake', () => {
    const ctx = context(vn('2026-03-03', '09:00'));
    expect(() => centreRequestsSupplement(ctx, officer, { missing: [], reasons: [] })).toThrow(
      expect.objectContaining({ code: 'DOSSIER_NOT_WAITING' }),
    );
  });
});

describe('withdrawal', () => {
  it('has one rule: handed in and no result yet', () => {
    expect(DOSSIER_STATUSES.filter(canWithdraw)).toEqual([
      'SUBMITTED',
      'SUPPLEMENT_REQUESTED',
      'ACCEPTED',
      'IN_PROGRESS',
    ]);
  });

  it('is decided by that rule, and stops every open step', () => {
    const now = vn('2026-03-03', '09:00');
    for (const status of DOSSIER_STATUSES) {
      const ctx = context(now, { dossier: dossier({ status }) });
      if (canWithdraw(status)) {
        const d = withdrawDossier(ctx);
        expect(d.change!.set?.status).toBe('WITHDRAWN');
        expect(d.change!.steps!.map((s) => s.step.status)).toEqual(['CANCELLED']);
        expect(d.answers).toEqual([
          { token: 'tok-step', output: { dossierId: 'd-1', stepId: 'S01', phase: 'STOP' } },
        ]);
      } else {
        expect(() => withdrawDossier(ctx)).toThrow(expect.objectContaining({ code: 'DOSSIER_NOT_WAITING' }));
      }
    }
  });
});

describe('the notices other decisions issue', () => {
  it('acceptance gives the receipt with the appointment, and plans the steps', () => {
    // Accepted Tuesday 03/03/2026 09:00: 10 working days counted from Wednesday → Tuesday 17/03.
    const now = vn('2026-03-03', '09:00');
    const ctx = context(now, {
      dossier: dossier({ status: 'SUBMITTED', wf: { phase: 'INTAKE' }, appointment: undefined }),
      steps: [],
    });
    const d = acceptIntake(ctx, officer);
    expect(d.notices).toEqual([
      { kind: 'RECEIPT', appointment: '2026-03-17', provisional: false, at: now.toISOString() },
    ]);
    expect(d.change!.set).toMatchObject({ status: 'IN_PROGRESS', appointment: { dueDate: '2026-03-17' } });
    expect(d.change!.steps!.map((s) => s.step.departmentId)).toEqual(['SXD']);
    expect(d.change!.messages![0]).toMatchObject({ template: 'RECEIPT', to: ['an@example.vn'] });
    expect(d.change!.messages![0]!.text).toContain('17/03/2026');
    expect(d.answers).toEqual([]);
  });

  it('an extension issues the apology letter once, and moves the appointment only later', () => {
    const now = vn('2026-03-10', '09:00');
    const d = extendStepDecision(context(now), officer, 'S01', {
      extension: { amount: 2, unit: 'WORKING_DAYS' },
      reasons: ['Cần thẩm định thực địa'],
    });
    const letter = d.notices![0]!;
    expect(letter).toMatchObject({ kind: 'APOLOGY', departmentId: 'SXD', stepId: 'S01' });
    if (letter.kind !== 'APOLOGY') throw new Error('not an apology');
    expect(letter.to > letter.from).toBe(true);
    expect(letter.appointment).toBe(letter.to > '2026-03-13' ? letter.to : '2026-03-13');
    expect(d.change!.set!.appointment).toMatchObject({ dueDate: letter.appointment });
    expect(d.change!.messages![0]).toMatchObject({ template: 'APOLOGY', to: ['an@example.vn'] });
    const twice = context(now, { steps: [{ ...waitingStep(), extended: true }] });
    expect(() =>
      extendStepDecision(twice, officer, 'S01', {
        extension: { amount: 1, unit: 'WORKING_DAYS' },
        reasons: [],
      }),
    ).toThrow(expect.objectContaining({ code: 'DEADLINE_EXTENSION_USED' }));
  });
});

describe('the citizen answers a supplement request', () => {
  const upload = (documentId: string, createdAt: string): DossierDocument => ({
    documentId,
    requirementId: 'd1',
    key: `dossiers/d-1/${documentId}`,
    fileName: 'ban-ve.pdf',
    declaredType: 'application/pdf',
    declaredSize: 1000,
    createdAt,
    status: 'PENDING',
  });
  const waitingForCitizen = (now: Date) =>
    context(now, {
      dossier: dossier({ status: 'SUPPLEMENT_REQUESTED' }),
      steps: [{ ...waitingStep(), status: 'WAITING_CITIZEN', citizenDueAt: '2026-04-03T10:00:00.000Z' }],
      documents: [upload('old', '2026-03-04T01:00:00.000Z'), upload('new', '2026-03-05T01:00:00.000Z')],
      procedure: {
        deadline: { amount: 10, unit: 'WORKING_DAYS' },
        documents: [
          {
            id: 'd1',
            name: 'Bản vẽ',
            originals: 1,
            copies: 0,
            uploadMandatory: true,
            acceptedTypes: ['application/pdf'],
            maxSizeMb: 5,
          },
        ],
      } as unknown as Procedure,
    });

  it('counts the newest upload that reached storage, and resumes the step', () => {
    const now = vn('2026-03-06', '09:00');
    const stored = new Map([
      ['new', { size: 1000, detectedType: 'application/pdf', sha256: 'ab' }],
      ['old', { size: 1000, detectedType: 'application/pdf', sha256: 'cd' }],
    ]);
    const d = answerSupplement(waitingForCitizen(now), stored);
    expect(d.change!.documents).toEqual([
      { documentId: 'new', sha256: 'ab', size: 1000, contentType: 'application/pdf' },
    ]);
    expect(d.change!.set?.status).toBe('IN_PROGRESS');
    expect(d.change!.steps![0]!.step.status).toBe('WAITING_DEPARTMENT');
    expect(d.change!.messages![0]).toMatchObject({ template: 'SUPPLEMENT_PROVIDED' });
  });

  it('lists what is wrong with the uploads and writes nothing', () => {
    const stored = new Map([['new', { size: 1000, detectedType: 'image/png', sha256: 'ab' }]]);
    expect(() => answerSupplement(waitingForCitizen(vn('2026-03-06', '09:00')), stored)).toThrow(
      expect.objectContaining({ code: 'DOCUMENTS_INVALID' }),
    );
  });
});
