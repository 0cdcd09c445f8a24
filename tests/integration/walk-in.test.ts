import { describe, expect, it } from 'vitest';
import {
  BENCH_DEPARTMENT,
  counterRegistration,
  openCounter,
  organisationWalkIn,
  REGISTRATION_ROUTE,
  REGISTRATION_TARGET,
  takeTicket,
} from '../../bench/registration.ts';
import { countWrites } from '../../infra/local/call-counter.ts';
import { now } from '../../shared/adapters/clock.ts';
import { getDossier, newEvent } from '../../shared/adapters/dossier-repository.ts';
import { submitDossier } from '../../shared/adapters/dossier-submission.ts';
import { ticketLinkWrite } from '../../shared/adapters/queue-links.ts';
import { monthlyRows } from '../../shared/adapters/stats-repository.ts';
import type { UploadSlot } from '../../shared/contracts/dossier.ts';
import { dossierCodeOfDay, parseDossierCode } from '../../shared/domain/dossier-code.ts';
import { figures } from '../../shared/domain/statistics.ts';
import { registerRows } from '../../shared/services/register.ts';
import {
  call,
  individual,
  newKey,
  privateEnterpriseRequest,
  uploadToSlot,
  useLocalStack,
} from '../support/api.ts';
import { pdfBytes, pngBytes } from '../support/files.ts';
import {
  accept,
  advanceTo,
  bearer,
  decide,
  MON_2026_03_02_0900,
  type Submitted,
  staff,
  submit,
  version,
  vn,
} from '../support/workflow.ts';

/**
 * Walk-in and postal registration (issue 9, items 1, 2 and 5): a reception officer registers a
 * paper dossier through the staff routes, on the real handlers and the local engines. The dossier
 * must then be indistinguishable from an online one — same deadlines, same events — except for
 * its channel; a postal dossier counts from its postal receipt time under the 15:00 cut-off.
 */
const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });
const api = () => stack().urls.api;
const officer = () => bearer(stack(), 'tiepnhan.1');

const APPLICANT = individual({ fullName: 'Lê Thị Quầy Hàng', idNumber: '001188005555', phone: '0358123456' });
const AUTHORISED = { kind: 'AUTHORISED', fullName: 'Phạm Văn Ủy Quyền', idNumber: '036077009876' };

function walkInBody(overrides: Record<string, unknown> = {}) {
  const { applicant: _a, ...base } = privateEnterpriseRequest();
  return { ...base, applicant: APPLICANT, channel: 'COUNTER', ...overrides };
}

async function create(body: unknown, key = newKey()) {
  return call<{ dossierId: string; version: number; channel: string }>(
    api(),
    'POST',
    '/staff/walk-in/dossiers',
    {
      body,
      headers: { ...(await officer()), 'idempotency-key': key },
    },
  );
}

async function scan(dossierId: string, requirementId: string, bytes: Buffer, contentType: string) {
  const slots = await call<{ slots: UploadSlot[] }>(
    api(),
    'POST',
    `/staff/walk-in/dossiers/${dossierId}/uploads`,
    {
      body: {
        documents: [{ requirementId, fileName: `scan-${requirementId}`, contentType, size: bytes.length }],
      },
      headers: await officer(),
    },
  );
  expect(slots.status, JSON.stringify(slots.body)).toBe(201);
  expect(await uploadToSlot(slots.body.slots[0]!, bytes, contentType)).toBeLessThan(300);
}

async function submitWalkIn(dossierId: string, key = newKey()) {
  const res = await call<{ code: string; lookupSecret: string; receivedAt: string; channel: string }>(
    api(),
    'POST',
    `/staff/walk-in/dossiers/${dossierId}/submit`,
    { headers: { ...(await officer()), 'idempotency-key': key } },
  );
  await stack().sfn.settle();
  return res;
}

/** Registers, ticks, scans (a multi-page PDF and a phone photo) and submits a counter dossier. */
async function registerWalkIn(overrides: Record<string, unknown> = {}): Promise<Submitted> {
  const created = await create(walkInBody(overrides));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { dossierId } = created.body;
  const ticked = await staff(stack(), 'PUT', `/staff/walk-in/dossiers/${dossierId}/paper`, {
    version: await version(dossierId),
    received: ['d1', 'd2'],
  });
  expect(ticked.status, JSON.stringify(ticked.body)).toBe(200);
  await scan(dossierId, 'd1', pdfBytes(2000), 'application/pdf');
  await scan(dossierId, 'd2', pngBytes(), 'image/png');
  const submitted = await submitWalkIn(dossierId);
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  return {
    dossierId,
    code: submitted.body.code,
    secret: submitted.body.lookupSecret,
    executionArn: `${stack().stateMachineArn.replace(':stateMachine:', ':execution:')}:${dossierId}-start`,
  };
}

/** Accept → assign → complete → hand back: the same scenario for either channel. */
async function runToReturn(d: Submitted, collector?: unknown) {
  expect((await accept(stack(), d)).status).toBe(200);
  const assigned = await staff(
    stack(),
    'POST',
    `/staff/dossiers/${d.dossierId}/steps/S01/assign`,
    { version: await version(d.dossierId), handlerId: 'local-stc.chuyenvien' },
    'stc.truongphong',
  );
  expect(assigned.status).toBe(200);
  expect((await decide(stack(), d, 'S01', { action: 'COMPLETE' })).status).toBe(200);
  const back = await staff(stack(), 'POST', `/staff/dossiers/${d.dossierId}/hand-back`, {
    version: await version(d.dossierId),
    ...(collector ? { collector } : {}),
  });
  expect(back.status, JSON.stringify(back.body)).toBe(200);
}

async function timeline(dossierId: string) {
  const found = (await getDossier(dossierId))!;
  return {
    found,
    types: found.events.map((e) => e.type),
    dates: {
      appointment: found.dossier.appointment,
      steps: found.steps.map((s) => ({
        stepId: s.stepId,
        dueDate: s.dueDate,
        dueAt: s.dueAt,
        status: s.status,
      })),
    },
  };
}

describe('walk-in registration', () => {
  it('follows the same workflow, deadlines and events as an online dossier, channel aside', async () => {
    const online = await submit(stack());
    const walkIn = await registerWalkIn();
    expect(parseDossierCode(walkIn.code)).toBeDefined();
    expect(parseDossierCode(walkIn.code)!.agencyCode).toBe(parseDossierCode(online.code)!.agencyCode);

    // Same intake queue: both wait for the centre's decision.
    const intake = await staff<{ items: { dossierId: string }[] }>(
      stack(),
      'GET',
      '/staff/inbox?view=intake',
    );
    expect(intake.status).toBe(200);
    expect(intake.body.items.map((i) => i.dossierId)).toEqual(
      expect.arrayContaining([online.dossierId, walkIn.dossierId]),
    );

    await runToReturn(online);
    await runToReturn(walkIn, { kind: 'APPLICANT' });
    const a = await timeline(online.dossierId);
    const b = await timeline(walkIn.dossierId);
    expect(a.found.dossier.channel).toBe('ONLINE');
    expect(b.found.dossier.channel).toBe('COUNTER');
    expect(a.found.dossier.status).toBe('RETURNED');
    expect(b.found.dossier.status).toBe('RETURNED');
    expect(b.dates).toEqual(a.dates);
    expect(b.dates.appointment?.dueDate).toBe('2026-03-05'); // 3 working days from Monday 09:00
    // The scans went the online way: verified by magic bytes with a SHA-256.
    const verified = b.found.documents.filter((x) => x.status === 'VERIFIED');
    expect(verified.map((x) => [x.requirementId, x.declaredType])).toEqual(
      expect.arrayContaining([
        ['d1', 'application/pdf'],
        ['d2', 'image/png'],
      ]),
    );
    expect(verified.every((x) => /^[0-9a-f]{64}$/.test(x.sha256 ?? ''))).toBe(true);
    // The online path issues upload slots once per request; the walk-in scanned twice.
    const dedupe = (types: string[]) =>
      types.filter((t, i) => !(t === 'UPLOAD_SLOTS_ISSUED' && types[i - 1] === t));
    expect(dedupe(b.types)).toEqual(dedupe(a.types));
    expect(b.types).toEqual(expect.arrayContaining(['SUBMITTED', 'INTAKE_ACCEPTED', 'RESULT_RETURNED']));
    // Who registered it is the officer, and the paper ticks are kept with the submission.
    const submittedEvent = b.found.events.find((e) => e.type === 'SUBMITTED')!;
    expect(submittedEvent.actor.kind).toBe('STAFF');
    expect(submittedEvent.data).toMatchObject({ channel: 'COUNTER', paperDocuments: ['d1', 'd2'] });
    // The statistics separate the channels: this dossier counts as received at the counter.
    const month = figures(await monthlyRows('2026-03', '2026-03'));
    expect(month.receivedCounter).toBeGreaterThanOrEqual(1);
    expect(month.receivedOnline).toBeGreaterThanOrEqual(1);
    expect(month.receivedOnline + month.receivedCounter + month.receivedPost).toBe(month.received);

    // The scans were asked for by the officer, not by the citizen.
    const scans = b.found.events.filter((e) => e.type === 'UPLOAD_SLOTS_ISSUED');
    expect(scans.length).toBeGreaterThan(0);
    expect(scans.every((e) => e.actor.kind === 'STAFF')).toBe(true);

    // Departments see it like every other dossier: same documents view with short-lived links.
    const view = await staff<{ documents: { requirementId: string; url?: string }[] }>(
      stack(),
      'GET',
      `/staff/dossiers/${walkIn.dossierId}`,
      undefined,
      'stc.chuyenvien',
    );
    expect(view.status).toBe(200);
    expect(view.body.documents.filter((x) => x.requirementId === 'd1').length).toBeGreaterThan(0);

    // The register separates the channels.
    const register = await staff<{ items: { code: string; channel: string }[] }>(
      stack(),
      'GET',
      '/staff/reports/register?from=2026-03-01&to=2026-03-31',
    );
    expect(register.status).toBe(200);
    const channels = Object.fromEntries(register.body.items.map((r) => [r.code, r.channel]));
    expect(channels[online.code]).toBe('ONLINE');
    expect(channels[walkIn.code]).toBe('COUNTER');
  });

  it('answers a retried create and submit with the first response (Idempotency-Key)', async () => {
    const key = newKey();
    const first = await create(walkInBody(), key);
    const again = await create(walkInBody(), key);
    expect(first.status).toBe(201);
    expect(again.body.dossierId).toBe(first.body.dossierId);
    const reused = await create(
      walkInBody({ channel: 'POST', receivedAt: vn('2026-03-02 08:00').toISOString() }),
      key,
    );
    expect(reused.status).toBe(422);
    await scan(first.body.dossierId, 'd1', pdfBytes(), 'application/pdf');
    const submitKey = newKey();
    const s1 = await submitWalkIn(first.body.dossierId, submitKey);
    const s2 = await submitWalkIn(first.body.dossierId, submitKey);
    expect(s1.status).toBe(201);
    expect(s2.status).toBe(201);
    expect(s2.body.code).toBe(s1.body.code);
    expect((await submitWalkIn(first.body.dossierId)).status).toBe(409);
  });
});

describe('postal dossiers and the 15:00 cut-off', () => {
  it('counts an envelope received at 15:30 from the next working day', async () => {
    const intakeDate = async (dossierId: string) =>
      (await getDossier(dossierId))!.events.find((x) => x.type === 'INTAKE_ACCEPTED')!.data!.appointment;
    // Monday morning: an envelope of 08:00 today, registered and accepted at once, counts from today.
    const sameDay = await registerWalkIn({ channel: 'POST', receivedAt: '2026-03-02T08:00:00+07:00' });
    expect((await accept(stack(), sameDay)).status).toBe(200);
    expect((await getDossier(sameDay.dossierId))!.dossier.appointment!.dueDate).toBe('2026-03-05');

    await advanceTo(stack(), '2026-03-03 09:00'); // Tuesday morning: Monday's afternoon post is registered
    const late = await registerWalkIn({ channel: 'POST', receivedAt: '2026-03-02T15:30:00+07:00' });
    const early = await registerWalkIn({ channel: 'POST', receivedAt: '2026-03-02T14:30:00+07:00' });
    const nextMorning = await submit(stack()); // an online dossier received Tuesday 09:00
    for (const d of [late, early, nextMorning]) expect((await accept(stack(), d)).status).toBe(200);
    const [l, n] = await Promise.all([late, nextMorning].map((d) => getDossier(d.dossierId)));
    expect(l!.dossier.channel).toBe('POST');
    expect(l!.dossier.receivedAt).toBe(vn('2026-03-02 15:30').toISOString());
    expect(l!.dossier.appointment).toEqual(n!.dossier.appointment);
    expect(l!.dossier.appointment!.dueDate).toBe('2026-03-06');
    // The receipt's date is computed from the postal receipt time: after the cut-off it counts
    // from Tuesday, before it from Monday (the department's step then starts at acceptance, so
    // a dossier accepted on Tuesday cannot be appointed before Friday: the existing step rule).
    expect(await intakeDate(late.dossierId)).toBe('2026-03-06');
    expect(await intakeDate(early.dossierId)).toBe('2026-03-05');
  });

  it('refuses a postal receipt time in the future and a postal dossier without one', async () => {
    const future = await create(
      walkInBody({ channel: 'POST', receivedAt: new Date(stack().clock.now() + 60_000).toISOString() }),
    );
    expect(future.status).toBe(400);
    expect(JSON.stringify(future.body)).toContain('receivedAt');
    const without = await create(walkInBody({ channel: 'POST' }));
    expect(without.status).toBe(400);
  });
});

describe('hand-back', () => {
  it('records who collected the result: name and CCCD on the dossier, only the kind in the event', async () => {
    const d = await registerWalkIn({
      representative: { fullName: 'Đỗ Thị Đại Diện', idNumber: '030190001111' },
    });
    expect((await accept(stack(), d)).status).toBe(200);
    await staff(
      stack(),
      'POST',
      `/staff/dossiers/${d.dossierId}/steps/S01/assign`,
      { version: await version(d.dossierId), handlerId: 'local-stc.chuyenvien' },
      'stc.truongphong',
    );
    expect((await decide(stack(), d, 'S01', { action: 'COMPLETE' })).status).toBe(200);
    const path = `/staff/dossiers/${d.dossierId}/hand-back`;
    const v = await version(d.dossierId);
    const before = stack().calls.snapshot();
    for (const body of [
      { version: v }, // a counter dossier collected at the centre must say who collected it
      { version: v, collector: { kind: 'AUTHORISED', fullName: 'Phạm Văn Ủy Quyền' } },
      { version: v, collector: { ...AUTHORISED, idNumber: '123' } },
      { version: v, collector: { kind: 'NEIGHBOUR' } },
    ]) {
      const res = await staff(stack(), 'POST', path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(countWrites(stack().calls.since(before))).toBe(0);
    expect((await getDossier(d.dossierId))!.dossier.status).toBe('RESULT_READY');

    const back = await staff(stack(), 'POST', path, { version: v, collector: AUTHORISED });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    const found = (await getDossier(d.dossierId))!;
    expect(found.dossier.status).toBe('RETURNED');
    expect((found.dossier as { collector?: unknown }).collector).toMatchObject(AUTHORISED);
    const returned = found.events.find((e) => e.type === 'RESULT_RETURNED')!;
    expect(returned.data).toEqual({ collector: 'AUTHORISED' });
    const events = JSON.stringify(found.events);
    for (const secret of [
      AUTHORISED.idNumber,
      AUTHORISED.fullName,
      APPLICANT.idNumber,
      APPLICANT.fullName,
      '030190001111',
      'Đỗ Thị Đại Diện',
    ])
      expect(events).not.toContain(secret);
  });
});

describe('bad input', () => {
  it('is refused with problem+json and writes nothing', async () => {
    const { dossierId } = (await create(walkInBody())).body;
    const onlineDraft = await call<{ dossierId: string }>(api(), 'POST', '/dossiers', {
      body: privateEnterpriseRequest(),
      headers: { 'idempotency-key': newKey() },
    });
    const auth = await officer();
    const cases: {
      name: string;
      method: string;
      path: string;
      body?: unknown;
      key?: boolean;
      status: number;
    }[] = [
      {
        name: 'CCCD of 11 digits',
        method: 'POST',
        path: '/staff/walk-in/dossiers',
        body: walkInBody({ applicant: { ...APPLICANT, idNumber: '01919000123' } }),
        key: true,
        status: 400,
      },
      {
        name: 'landline phone',
        method: 'POST',
        path: '/staff/walk-in/dossiers',
        body: walkInBody({ applicant: { ...APPLICANT, phone: '0241234567' } }),
        key: true,
        status: 400,
      },
      {
        name: 'unknown channel',
        method: 'POST',
        path: '/staff/walk-in/dossiers',
        body: walkInBody({ channel: 'FAX' }),
        key: true,
        status: 400,
      },
      {
        name: 'counter with a receipt time',
        method: 'POST',
        path: '/staff/walk-in/dossiers',
        body: walkInBody({ receivedAt: '2026-03-02T08:00:00+07:00' }),
        key: true,
        status: 400,
      },
      {
        name: 'representative with a bad CCCD',
        method: 'POST',
        path: '/staff/walk-in/dossiers',
        body: walkInBody({ representative: { fullName: 'A', idNumber: '999999999999' } }),
        key: true,
        status: 400,
      },
      {
        name: 'unknown paper document',
        method: 'POST',
        path: '/staff/walk-in/dossiers',
        body: walkInBody({ paperDocuments: ['d42'] }),
        key: true,
        status: 400,
      },
      {
        name: 'missing form field',
        method: 'POST',
        path: '/staff/walk-in/dossiers',
        body: walkInBody({ fields: {} }),
        key: true,
        status: 400,
      },
      {
        name: 'unknown procedure',
        method: 'POST',
        path: '/staff/walk-in/dossiers',
        body: walkInBody({ procedureCode: '9.999999' }),
        key: true,
        status: 404,
      },
      {
        name: 'no Idempotency-Key',
        method: 'POST',
        path: '/staff/walk-in/dossiers',
        body: walkInBody(),
        status: 400,
      },
      {
        name: 'scan of a type the document does not accept',
        method: 'POST',
        path: `/staff/walk-in/dossiers/${dossierId}/uploads`,
        body: { documents: [{ requirementId: 'd1', fileName: 'a.png', contentType: 'image/png', size: 10 }] },
        status: 400,
      },
      {
        name: 'paper ticks with a stale version',
        method: 'PUT',
        path: `/staff/walk-in/dossiers/${dossierId}/paper`,
        body: { version: 7, received: ['d1'] },
        status: 409,
      },
      {
        name: 'paper ticks naming a document twice',
        method: 'PUT',
        path: `/staff/walk-in/dossiers/${dossierId}/paper`,
        body: { version: 1, received: ['d1', 'd1'] },
        status: 400,
      },
      {
        name: 'submit without the mandatory scan',
        method: 'POST',
        path: `/staff/walk-in/dossiers/${dossierId}/submit`,
        key: true,
        status: 422,
      },
      {
        name: 'walk-in route on an online draft',
        method: 'POST',
        path: `/staff/walk-in/dossiers/${onlineDraft.body.dossierId}/submit`,
        key: true,
        status: 404,
      },
    ];
    for (const c of cases) {
      const before = stack().calls.snapshot();
      const res = await call<{ code: string }>(api(), c.method, c.path, {
        ...(c.body === undefined ? {} : { body: c.body }),
        headers: { ...auth, ...(c.key ? { 'idempotency-key': newKey() } : {}) },
      });
      await stack().sfn.settle();
      expect(res.status, `${c.name}: ${JSON.stringify(res.body)}`).toBe(c.status);
      expect(res.headers.get('content-type'), c.name).toContain('application/problem+json');
      expect(countWrites(stack().calls.since(before)), c.name).toBe(0);
    }
    expect((await getDossier(dossierId))!.dossier).toMatchObject({ status: 'DRAFT', version: 1 });
  });

  it('keeps department staff out of every walk-in route', async () => {
    const { dossierId } = (await create(walkInBody())).body;
    for (const username of ['stc.chuyenvien', 'stc.truongphong']) {
      const headers = { ...(await bearer(stack(), username)), 'idempotency-key': newKey() };
      const before = stack().calls.snapshot();
      const results = await Promise.all([
        call(api(), 'POST', '/staff/walk-in/dossiers', { body: walkInBody(), headers }),
        call(api(), 'POST', `/staff/walk-in/dossiers/${dossierId}/uploads`, {
          body: {
            documents: [{ requirementId: 'd1', fileName: 'a.pdf', contentType: 'application/pdf', size: 10 }],
          },
          headers,
        }),
        call(api(), 'PUT', `/staff/walk-in/dossiers/${dossierId}/paper`, {
          body: { version: 1, received: [] },
          headers,
        }),
        call(api(), 'POST', `/staff/walk-in/dossiers/${dossierId}/submit`, { headers }),
      ]);
      expect(results.map((r) => r.status)).toEqual([403, 403, 403, 403]);
      expect(countWrites(stack().calls.since(before))).toBe(0);
    }
  });
});

describe('registration at the counter, from the ticket to the printed receipt', () => {
  it('takes at most 8 API calls and links the ticket to the dossier in the submit call', async () => {
    const token = await stack().auth.tokenFor('tiepnhan.1');
    const counterId = `${BENCH_DEPARTMENT}-02`;
    await openCounter(api(), token, counterId);
    const ticketId = await takeTicket(api());
    const gateway = stack().apiRequests();
    const path = await counterRegistration({
      api: api(),
      token,
      counterId,
      settle: () => stack().sfn.settle(),
    });
    // A count, not a time: every request the gateway answered on the way, and nothing else.
    expect(stack().apiRequests() - gateway).toBe(path.calls.length);
    expect(path.calls.length).toBeLessThanOrEqual(REGISTRATION_TARGET);
    expect(path.calls).toEqual([...REGISTRATION_ROUTE]);
    expect(path.ticketId).toBe(ticketId);
    expect(path.pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // The organisation's dossier is accepted, and the ticket, the counter and the dossier agree.
    const found = (await getDossier(path.dossierId))!;
    expect(found.dossier).toMatchObject({ channel: 'COUNTER', status: 'IN_PROGRESS', code: path.code });
    expect(found.dossier.applicant).toMatchObject({ type: 'ORGANISATION', taxCode: '0101234567' });
    const ticket = await call<{ dossierCode?: string; dossierId?: string }>(
      api(),
      'GET',
      `/queue/tickets/${ticketId}`,
    );
    expect(ticket.body).toMatchObject({ dossierCode: path.code, dossierId: path.dossierId });
    const counter = await call<{ current: { ticketId: string; dossierCode?: string } }>(
      api(),
      'GET',
      `/staff/queue/counters/${counterId}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(counter.body.current).toMatchObject({ ticketId, dossierCode: path.code });
  });

  it('refuses a ticket that is unknown or not being served, before writing anything', async () => {
    const token = await stack().auth.tokenFor('tiepnhan.1');
    const headers = { authorization: `Bearer ${token}` };
    const created = await create(organisationWalkIn(7));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { dossierId } = created.body;
    await scan(dossierId, 'd1', pdfBytes(), 'application/pdf');
    const waiting = await takeTicket(api(), 'SCT'); // taken, never called
    const unknown = `${waiting.slice(0, 9)}SCT-998`;
    for (const [ticketId, status, code] of [
      [waiting, 409, 'TICKET_NOT_CALLED'],
      [unknown, 404, 'TICKET_NOT_FOUND'],
      ['not-a-ticket', 400, 'VALIDATION_FAILED'],
    ] as const) {
      const before = stack().calls.snapshot();
      const res = await call<{ code: string }>(api(), 'POST', `/staff/walk-in/dossiers/${dossierId}/submit`, {
        body: { ticketId },
        headers: { ...headers, 'idempotency-key': newKey() },
      });
      expect(res.status, `${ticketId}: ${JSON.stringify(res.body)}`).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe(code);
      expect(countWrites(stack().calls.since(before)), ticketId).toBe(0);
    }
    expect((await getDossier(dossierId))!.dossier).toMatchObject({ status: 'DRAFT' });
  });

  /** A ticket of the bench's department called at a counter of its own (the other tests keep theirs). */
  async function calledTicket(counterId: string, headers: Record<string, string>) {
    await openCounter(api(), headers.authorization!.slice('Bearer '.length), counterId);
    const taken = await takeTicket(api());
    const called = await call<{ ticketId: string }>(
      api(),
      'POST',
      `/staff/queue/counters/${counterId}/actions`,
      {
        body: { action: 'CALL_NEXT' },
        headers,
      },
    );
    expect(called.status, JSON.stringify(called.body)).toBe(200);
    expect(called.body.ticketId).toBe(taken);
    return taken;
  }

  async function scannedDraft(i: number) {
    const created = await create(organisationWalkIn(i));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await scan(created.body.dossierId, 'd1', pdfBytes(), 'application/pdf');
    return created.body.dossierId;
  }

  async function submitWith(dossierId: string, headers: Record<string, string>, ticketId?: string) {
    return call<{ code: string; ticket?: { linked: boolean; ticketId: string } }>(
      api(),
      'POST',
      `/staff/walk-in/dossiers/${dossierId}/submit`,
      { ...(ticketId ? { body: { ticketId } } : {}), headers: { ...headers, 'idempotency-key': newKey() } },
    );
  }

  const ticketOf = async (ticketId: string) =>
    (
      await call<{ status: string; dossierId?: string; dossierCode?: string }>(
        api(),
        'GET',
        `/queue/tickets/${ticketId}`,
      )
    ).body;

  it("links the ticket in the submission's own transaction: read after, both carry the same code", async () => {
    const headers = { authorization: `Bearer ${await stack().auth.tokenFor('tiepnhan.1')}` };
    const counterId = `${BENCH_DEPARTMENT}-05`;
    const ticketId = await calledTicket(counterId, headers);
    const dossierId = await scannedDraft(11);
    const res = await submitWith(dossierId, headers, ticketId);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.ticket).toMatchObject({ ticketId, linked: true });
    const dossier = (await getDossier(dossierId))!.dossier;
    expect(dossier).toMatchObject({ status: expect.not.stringMatching(/^DRAFT$/), code: res.body.code });
    expect(await ticketOf(ticketId)).toMatchObject({
      status: 'CALLED',
      dossierId,
      dossierCode: dossier.code,
    });
    const done = await call(api(), 'POST', `/staff/queue/counters/${counterId}/actions`, {
      body: { action: 'SERVED', ticketId },
      headers,
    });
    expect(done.status).toBe(200);
  });

  it('refuses a ticket marked absent with 409 TICKET_NO_LONGER_SERVED, and no dossier code is used', async () => {
    const headers = { authorization: `Bearer ${await stack().auth.tokenFor('tiepnhan.1')}` };
    const counterId = `${BENCH_DEPARTMENT}-06`;
    const ticketId = await calledTicket(counterId, headers);
    const absent = await call(api(), 'POST', `/staff/queue/counters/${counterId}/actions`, {
      body: { action: 'ABSENT', ticketId },
      headers,
    });
    expect(absent.status, JSON.stringify(absent.body)).toBe(200);
    // A reference submission: the number the agency's daily sequence stands at.
    const reference = await submitWith(await scannedDraft(12), headers);
    expect(reference.status, JSON.stringify(reference.body)).toBe(201);
    const dossierId = await scannedDraft(13);

    // Marked absent before the submission: refused before anything is written.
    const before = stack().calls.snapshot();
    const res = await submitWith(dossierId, headers, ticketId);
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('TICKET_NO_LONGER_SERVED');
    expect(countWrites(stack().calls.since(before))).toBe(0);

    // Marked absent between that check and the write (another tab): the transaction's own
    // condition on the ticket refuses the whole submission — no dossier, no code, no link.
    const draft = (await getDossier(dossierId))!;
    const at = now();
    await expect(
      submitDossier({
        dossier: draft.dossier,
        submittedAt: at,
        secretHash: 'not-used',
        documents: [],
        event: newEvent({
          type: 'SUBMITTED',
          at: at.toISOString(),
          actor: { kind: 'STAFF', id: 'tiepnhan.1' },
          toStatus: 'SUBMITTED',
        }),
        extraItems: (code) => [ticketLinkWrite(ticketId, { dossierId, code })],
      }),
    ).rejects.toMatchObject({ code: 'TICKET_NO_LONGER_SERVED' });
    expect(await getDossier(dossierId)).toEqual(draft);
    const ticket = await ticketOf(ticketId);
    expect(ticket.status).toBe('ABSENT');
    expect(ticket.dossierId).toBeUndefined();

    // The refused submission's number is voided in the register (no unexplained gap), with the
    // reason and the draft; the next submission gets the number after it.
    const next = await submitWith(dossierId, headers);
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    const ref = parseDossierCode(reference.body.code)!;
    expect(parseDossierCode(next.body.code)!.sequence).toBe(ref.sequence + 2);
    const day = `20${ref.yymmdd.slice(0, 2)}-${ref.yymmdd.slice(2, 4)}-${ref.yymmdd.slice(4, 6)}`;
    const voided = (await registerRows({ from: day, to: day })).find(
      (r) => r.code === dossierCodeOfDay(ref.agencyCode, ref.yymmdd, ref.sequence + 1),
    );
    expect(voided).toMatchObject({ dossierId, status: 'VOIDED', voided: { reason: 'REFUSED' } });
  });
});
