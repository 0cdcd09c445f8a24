import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { getDossier } from '../../shared/adapters/dossier-repository.ts';
import { call, useLocalStack } from '../support/api.ts';
import { accept, advanceTo, decide, emailsAbout, submit } from '../support/workflow.ts';

/**
 * One appointment date, told once (docs/deadlines.md): a dossier submitted online on Friday
 * morning and accepted on Monday after 15:00 gets its appointment at acceptance, counted from the
 * next working day (Decree 61/2018 art. 18); the receipt PDF, the look-up, the email and the
 * department's step deadline all give that one date.
 */
// Friday 6 March 2026, 10:00 in Vietnam.
const stack = useLocalStack({ clockStartMs: Date.parse('2026-03-06T03:00:00Z'), retryIntervalMs: 5 });

const ddMMyyyy = (iso: string) => iso.split('-').reverse().join('/');

describe('the appointment', () => {
  it('is the same everywhere the citizen looks, and the step deadline agrees', async () => {
    const d = await submit(stack());
    await advanceTo(stack(), '2026-03-09 16:00'); // Monday, after the 15:00 cut-off
    expect((await accept(stack(), d)).status).toBe(200);
    await advanceTo(stack(), '2026-03-09 16:05');

    const stored = (await getDossier(d.dossierId))!;
    const appointment = stored.dossier.appointment!.dueDate;
    // Counted from Tuesday 10 March (received after 15:00): three working days end on Friday 13.
    expect(appointment).toBe('2026-03-13');
    expect(stored.steps.map((s) => s.dueDate)).toEqual([appointment]);

    const lookup = await call<{ appointmentDate?: string }>(stack().urls.api, 'GET', `/lookup/${d.code}`, {
      headers: { 'x-lookup-secret': d.secret },
    });
    expect(lookup.body.appointmentDate).toBe(appointment);

    const receipt = await fetch(`${stack().urls.api}/lookup/${d.code}/receipt.pdf`, {
      headers: { 'x-lookup-secret': d.secret },
    });
    expect(receipt.status).toBe(200);
    const pdf = await getDocumentProxy(new Uint8Array(await receipt.arrayBuffer()));
    const { text } = await extractText(pdf, { mergePages: true });
    const datesInReceipt = new Set(text.match(/\d{2}\/\d{2}\/\d{4}/g) ?? []);
    expect(datesInReceipt).toContain(ddMMyyyy(appointment));

    const mails = await emailsAbout(stack(), d.code);
    const told = mails.flatMap(
      (m) => m.text.match(/Ngày hẹn trả kết quả[^:]*: (\d{2}\/\d{2}\/\d{4})/g) ?? [],
    );
    expect(told.length).toBeGreaterThan(0);
    for (const line of told) expect(line).toContain(ddMMyyyy(appointment));
    // Later: the date stays as told (no silent move), until an apology would say otherwise.
    await advanceTo(stack(), '2026-03-11 09:00');
    expect((await getDossier(d.dossierId))!.dossier.appointment!.dueDate).toBe(appointment);
  });

  it('moves only with an apology; one asked for later than a working day before the deadline is recorded as late', async () => {
    await advanceTo(stack(), '2026-03-16 09:00'); // Monday
    const d = await submit(stack());
    expect((await accept(stack(), d)).status).toBe(200);
    const before = (await getDossier(d.dossierId))!.dossier.appointment!.dueDate;
    expect(before).toBe('2026-03-19'); // Thursday
    // Thursday morning: the deadline day itself, past the day the apology was due (Wednesday).
    await advanceTo(stack(), '2026-03-19 09:00');
    const late = await decide(stack(), d, 'S01', {
      action: 'EXTEND',
      extension: { amount: 2, unit: 'WORKING_DAYS' },
      reasons: ['Chờ ý kiến của cơ quan thuế'],
    });
    expect(late.status).toBe(200);
    const stored = (await getDossier(d.dossierId))!;
    expect(stored.dossier.appointment!.dueDate).toBe('2026-03-23');
    expect(stored.events.find((e) => e.type === 'STEP_EXTENDED')?.data).toMatchObject({
      apologyLate: true,
      from: before,
      to: '2026-03-23',
      reasons: ['Chờ ý kiến của cơ quan thuế'],
    });
    const apology = (await emailsAbout(stack(), d.code)).find((m) => m.subject.includes('Xin lỗi'));
    expect(apology?.text).toContain('Ngày hẹn trả kết quả mới: 23/03/2026');
    expect(apology?.text).toContain('Chờ ý kiến của cơ quan thuế');
  });
});
